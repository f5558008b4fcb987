# The html5lib tree-construction suite against the HTML text view (issue 16
# item 1): tests/html5lib/run.py runs every full-document, scripting-on test
# of ../shared/html5lib-tests (beside the repository, read in place) through
# `glossa dump --text` and compares it with document.body.textContent of the
# test's expected tree; the tests that still differ are listed, with their
# causes, in tests/html5lib/KNOWN-DIFFERENCES. Where the suite is not there
# it says so and skips (77). One glossa per test: about 19 s, so with
# GLOSSA_FULL_TESTS only (tests/CMakeLists.txt's list of slow tests).
add_test(NAME html5lib/suite
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/html5lib/run.py $<TARGET_FILE:glossa-cli>)
set_tests_properties(html5lib/suite PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
