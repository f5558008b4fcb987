# Allocation-failure test of the Lua bindings (issue 11): every snippet of
# tests/allocfail/allocfail.c with the 1st, 2nd, ... allocation failing,
# requiring a Lua error each time, no crash and no leak. The wrappers see
# every allocation of libglossa's objects (the Lua allocator, libxml2's
# through xmlmem, PCRE2's); under ASan its real allocations are checked too.
add_executable(glossa-allocfail ${CMAKE_CURRENT_SOURCE_DIR}/allocfail/allocfail.c)
target_link_libraries(glossa-allocfail PRIVATE glossa)
target_link_options(glossa-allocfail PRIVATE
                    -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
                    -Wl,--wrap=xmlXPathCtxtCompile,--wrap=xmlXPathCompiledEval,--wrap=xmlXPathEvalExpression)
add_test(NAME allocfail/bindings COMMAND glossa-allocfail ${PROJECT_SOURCE_DIR})
set_tests_properties(allocfail/bindings PROPERTIES TIMEOUT 300)
