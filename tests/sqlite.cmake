# -f sqlite (core/out_sqlite.c): tests/sqlite/NAME.sh against NAME.out, run
# as the golden cases are (tests/golden/run.sh; --update rewrites an .out).
# They read the databases back with the sqlite3 CLI (Debian: sqlite3, in
# the Makefile's TEST_DEPS) and are skipped without it.
glossa_golden_cases(sqlite ${CMAKE_CURRENT_SOURCE_DIR}/sqlite)
