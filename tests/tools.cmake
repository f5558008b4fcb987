# The script writer's tools: glossa check, glossa repl, glossa dump.
# tools/check: scripts/*.lua check clean (--strict); the bad scripts in
#   tests/tools/data/ give exactly their .expected output and exit status.
add_test(NAME tools/check
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tools/check.sh $<TARGET_FILE:glossa-cli>)
# tools/dump: the tree (exact, colour only with --color=always or a tty) and
#   --json (checked against dump --text) on the samples.
add_test(NAME tools/dump
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/tools/dump.sh $<TARGET_FILE:glossa-cli>)
# tools/repl: a session on a pseudo-terminal (python3's pty): expressions,
#   a syntax error that does not end it, :annotations, :quit.
add_test(NAME tools/repl
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/tools/repl.py $<TARGET_FILE:glossa-cli>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(tools/repl PROPERTIES TIMEOUT 120)
