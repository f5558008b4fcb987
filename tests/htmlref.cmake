# The HTML standard's named character references, all 2231, and the numeric
# reference rules, in the text view (tests/htmlref/all.py).
add_test(NAME htmlref/all COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/htmlref/all.py $<TARGET_FILE:glossa-cli>)
