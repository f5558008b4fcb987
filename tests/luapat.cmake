# Tests of Lua's pattern functions redone (core/luapat.c): against Lua's own,
# and stopping runaway matches at the check.
add_executable(glossa-luapat-test ${CMAKE_CURRENT_SOURCE_DIR}/luapat_test.c)
target_link_libraries(glossa-luapat-test PRIVATE glossa)
foreach(t cases random stop)
  add_test(NAME luapat/${t} COMMAND glossa-luapat-test ${t})
  # A safety net only: a match the check fails to stop would run for hours.
  set_tests_properties(luapat/${t} PROPERTIES TIMEOUT 300)
endforeach()
