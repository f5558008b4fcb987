# Hardened parsing and sandbox escapes (issue 6): tests/security/run.sh runs
# every case of tests/SECURITY.md and compares it with tests/security/expected/.
# UPDATE=1 sh tests/security/run.sh build/glossa rewrites the expected files.
add_test(NAME security/parsing
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/security/run.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(security/parsing PROPERTIES TIMEOUT 120)
