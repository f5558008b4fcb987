# Tests of the inline and brat writers (core/out_inline.c, core/out_brat.c):
# tests/writers/writers.c. GLOSSA_REGEN=1 ctest -R writers/ rewrites
# tests/writers/golden/.
glossa_c_tests(writers writers.c SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/support/support.c)
# -f inline's Content-Security-Policy, in a real browser (skipped without chromium)
add_test(NAME writers/inline-csp
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/writers/inline-csp.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(writers/inline-csp PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
# -f inline is the input file with marks inserted: deleting them gives it
# back byte for byte (the samples with the seed's scripts, tests/writers/pages)
add_test(NAME writers/inline-bytes
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/writers/inline-bytes.sh $<TARGET_FILE:glossa-cli>
                 ${PROJECT_SOURCE_DIR})
