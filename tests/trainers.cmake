# The writers for trainers and annotation tools, -f conll (core/out_conll.c)
# and -f spans (core/out_spans.c), over their tokens (core/outtok.c), in
# golden form, run by tests/golden/run.sh (stdout, stderr and exit status
# against NAME.out; --update rewrites it): tests/trainers/*.sh. A case whose
# reader is missing (Debian's python3-nltk) prints SKIP and exits 77.
glossa_golden_cases(trainers ${CMAKE_CURRENT_SOURCE_DIR}/trainers)
# readers.sh (NLTK over every language's sentence cases, about 10 s) is a
# slow test: with GLOSSA_FULL_TESTS only.
if(NOT GLOSSA_FULL_TESTS)
  set_tests_properties(trainers/readers PROPERTIES DISABLED TRUE)
endif()
