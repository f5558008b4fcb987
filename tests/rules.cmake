# The rule matcher against the reference matcher in plain Lua, on random
# rules (tests/rules/run.sh, about 15 s): a slow test, so with
# GLOSSA_FULL_TESTS only (make test, CI), and a plain build's ctest stays
# quick.
add_test(NAME rules/random COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/rules/run.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(rules/random PROPERTIES TIMEOUT 900)
if(NOT GLOSSA_FULL_TESTS)
  set_tests_properties(rules/random PROPERTIES DISABLED TRUE)
endif()
