# Re-anchoring on revisions (issue 15 item 2): tests/reanchor/run.py runs
# the seed on each hand-revised pair in tests/reanchor/pairs and checks the
# outcome table against NAME/expected (--update rewrites them) plus its own
# assertions. The same on real HTML pages revised by revise.py at test time
# needs the benchmark corpus (../shared/bench/make-corpus.sh builds it, two
# minutes), which a new machine does not have, and a test that always
# skips there is no test: it is a command, not a ctest, as the rules'
# corpus comparison is (tests/reanchor/README.md):
#   GLOSSA_CORPUS=/tmp/glossa-corpus sh tests/reanchor/pages.sh python3 build/glossa .
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_test(NAME reanchor/pairs
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/reanchor/run.py $<TARGET_FILE:glossa-cli>)
endif()
