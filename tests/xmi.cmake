# -f xmi read back by Apache UIMA's XmiCasDeserializer (tests/xmi/check.sh);
# 77: no java or UIMA jar.
add_test(NAME xmi/uima COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/xmi/check.sh $<TARGET_FILE:glossa-cli>)
set_tests_properties(xmi/uima PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
