# Tests of the inline and brat writers (core/out_inline.c, core/out_brat.c).
# GLOSSA_REGEN=1 ctest -R writers/ rewrites tests/writers/golden/.
add_executable(glossa-writers-test ${CMAKE_CURRENT_SOURCE_DIR}/writers/writers_test.c
               ${CMAKE_CURRENT_SOURCE_DIR}/support/support.c)
target_link_libraries(glossa-writers-test PRIVATE glossa)
foreach(t inline_text inline_html inline_xml inline_cases random brat_samples brat_astral brat_edges)
  add_test(NAME writers/${t} COMMAND glossa-writers-test ${t} ${PROJECT_SOURCE_DIR})
endforeach()
# -f inline's Content-Security-Policy, in a real browser (skipped without chromium)
add_test(NAME writers/inline-csp
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/writers/inline-csp.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(writers/inline-csp PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
