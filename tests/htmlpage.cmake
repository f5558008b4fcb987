# -f html measured in Chromium (tests/htmlpage/check.sh); 77: no chromium.
add_test(NAME htmlpage/chromium COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/htmlpage/check.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(htmlpage/chromium PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
add_test(NAME htmlpage/style COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/htmlpage/style.sh $<TARGET_FILE:glossa-cli>)
# -o DIR/'s index.html against tests/htmlpage/index.expected.html (--update rewrites it).
add_test(NAME htmlpage/index COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/htmlpage/index.sh $<TARGET_FILE:glossa-cli>)
# Keys (j/k, n/p, o, Enter, /, Esc) and the search box in Chromium; the page without its script.
add_test(NAME htmlpage/keys COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/htmlpage/keys.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(htmlpage/keys PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
# A dense page (530 notes) in Chromium: every note within 200 px below its span, or in a group there.
add_test(NAME htmlpage/dense COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/htmlpage/dense.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(htmlpage/dense PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
