# Tests of the dictionary matcher (core/dict.c, core/casefold.c,
# core/dictcache.c): tests/dict/dict.c. dict/large and dict/large_features
# build a million names: with GLOSSA_FULL_TESTS only.
glossa_c_tests(dict dict.c)
if(NOT GLOSSA_FULL_TESTS)
  set_tests_properties(dict/large_features PROPERTIES DISABLED TRUE)
endif()
# The binding (core/lua_dict.c) in golden form, run by tests/golden/run.sh
# (stdout, stderr and exit status against NAME.out; --update rewrites it):
# tests/dict/*.sh.
file(GLOB dict_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/dict/*.sh)
foreach(c ${dict_cases})
  get_filename_component(name ${c} NAME_WE)
  add_test(NAME dict/${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh $<TARGET_FILE:glossa-cli> ${c})
endforeach()
