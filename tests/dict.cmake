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
glossa_golden_cases(dict ${CMAKE_CURRENT_SOURCE_DIR}/dict)
