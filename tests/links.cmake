# Links between annotations and corrections (issue 14, items 1 and 2):
# tests/links/cases/NAME.sh against NAME.out, run as the golden cases are
# (tests/golden/run.sh; --update rewrites an .out).
glossa_golden_cases(links ${CMAKE_CURRENT_SOURCE_DIR}/links/cases)
