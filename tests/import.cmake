# Annotations read in (--annotations, issue 15 items 1 and 2): each kind of
# file read back, errors, the layer scripts build on, re-anchoring's
# outcomes: tests/import/cases/NAME.sh against NAME.out, run as the golden
# cases are (tests/golden/run.sh; --update rewrites an .out).
glossa_golden_cases(import ${CMAKE_CURRENT_SOURCE_DIR}/import/cases)
