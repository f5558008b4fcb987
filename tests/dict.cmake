# Tests of the dictionary matcher (core/dict.c, core/casefold.c, core/dictcache.c).
add_executable(glossa-dict-test ${CMAKE_CURRENT_SOURCE_DIR}/dict_test.c)
target_link_libraries(glossa-dict-test PRIVATE glossa)
foreach(t basic longest all words nocase file range large shared)
  add_test(NAME dict/${t} COMMAND glossa-dict-test ${t} ${PROJECT_SOURCE_DIR})
endforeach()
