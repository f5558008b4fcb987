# Source line:col of every text segment and every code point of the view,
# inside raw text, RCDATA and CDATA too, checked against the page's own
# source (tests/linecol/README.md).
add_test(NAME views/linecol
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/linecol/check.py $<TARGET_FILE:glossa-cli>)
