# The rule matcher against the reference matcher in plain Lua, on random
# rules (tests/rules/run.sh).
add_test(NAME rules/random COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/rules/run.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(rules/random PROPERTIES TIMEOUT 900)
