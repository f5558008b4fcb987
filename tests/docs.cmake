# docs/: the Lua API reference and the man page against the code.
# docs/api: every `### var.name` of docs/lua-api.md exists on a live object,
#   every binding in core/lua_*.c is documented, every ```lua run example runs.
add_test(NAME docs/api
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/docs/check.sh $<TARGET_FILE:glossa-cli>)
# docs/man: groff -man -ww finds nothing to warn about in docs/glossa.1, which
#   names every long option and subcommand of glossa --help (skipped without groff).
add_test(NAME docs/man
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/docs/man.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(docs/man PROPERTIES SKIP_RETURN_CODE 77)
# docs/readme: each README example shown with its output prints that output.
add_test(NAME docs/readme
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/docs/readme.sh $<TARGET_FILE:glossa-cli>)
