# Tests of glossa eval (core/eval.c) on the files in tests/eval/data.
add_executable(glossa-eval-test ${CMAKE_CURRENT_SOURCE_DIR}/eval/eval_test.c)
target_link_libraries(glossa-eval-test PRIVATE glossa)
foreach(t help usage perfect errors label_mismatch labels multi_doc brat_jsonl discontinuous
          greedy unicode malformed json_reader brat_reader robust other_text)
  add_test(NAME eval/${t} COMMAND glossa-eval-test ${t} ${PROJECT_SOURCE_DIR})
endforeach()
