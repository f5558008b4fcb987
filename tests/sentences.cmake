# The sentence-boundary cases in tests/sentences/cases/LANG.txt, all
# languages in one run (tests/sentences/run.c): fails on a case that fails
# and is not in tests/sentences/known-failures.txt, and on one listed there
# that passes. Update the list with
#   build/tests/glossa-sentence-cases --update tests/sentences/known-failures.txt tests/sentences/cases/*.txt
add_executable(glossa-sentence-cases ${CMAKE_CURRENT_SOURCE_DIR}/sentences/run.c)
target_link_libraries(glossa-sentence-cases PRIVATE glossa)
file(GLOB sentence_case_files CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/sentences/cases/*.txt)
list(SORT sentence_case_files)
add_test(NAME sentences/cases
         COMMAND glossa-sentence-cases ${CMAKE_CURRENT_SOURCE_DIR}/sentences/known-failures.txt
                 ${sentence_case_files})
