# Every label of every single-byte WHATWG encoding (and XML declarations)
# decoded as Chromium decodes it: the pages of tests/encodings/pages.py
# against the texts regen.sh took from Chromium (tests/encodings/README.md).
add_test(NAME encodings/labels
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/encodings/labels.py $<TARGET_FILE:glossa-cli>)
