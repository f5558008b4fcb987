# Re-anchoring on revisions (issue 15 item 2): tests/reanchor/run.py runs
# the seed on each hand-revised pair in tests/reanchor/pairs and checks the
# outcome table against NAME/expected (--update rewrites them) plus its own
# assertions; reanchor/pages does the same on real HTML pages revised by
# revise.py at test time: the benchmark corpus (make-corpus.sh builds it
# into $GLOSSA_CORPUS, default /tmp/glossa-corpus), skipped (77) when
# ../shared or the corpus is missing.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_test(NAME reanchor/pairs
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/reanchor/run.py $<TARGET_FILE:glossa-cli>)
  add_test(NAME reanchor/pages
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/reanchor/pages.sh ${Python3_EXECUTABLE}
                   $<TARGET_FILE:glossa-cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(reanchor/pages PROPERTIES SKIP_RETURN_CODE 77)
endif()
