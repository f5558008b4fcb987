# -f sqlite (core/out_sqlite.c): tests/sqlite/NAME.sh against NAME.out, run
# as the golden cases are (tests/golden/run.sh; --update rewrites an .out).
# They read the databases back with the sqlite3 CLI (Debian: sqlite3, in
# the Makefile's TEST_DEPS) and are skipped without it.
file(GLOB sqlite_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/sqlite/*.sh)
foreach(c ${sqlite_cases})
  get_filename_component(name ${c} NAME_WE)
  add_test(NAME sqlite/${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh $<TARGET_FILE:glossa-cli> ${c})
  set_tests_properties(sqlite/${name} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()
