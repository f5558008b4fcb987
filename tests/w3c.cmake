# -f json (core/out_json.c): the writer's own checks in C, then the W3C
# Web Annotation test suite's MUST assertions (Node, Ajv) and anchoring in
# Apache Annotator inside headless Chromium. The Node tests need
# tests/w3c/node_modules (`npm ci` there) and ../shared beside the checkout;
# they are skipped (exit 77) when either, node or chromium is missing.
# tests/w3c/json.c's cases run in W3C_OUT, where w3c/json_samples writes
# w3c-samples.json for the Node tests.
set(W3C_OUT ${CMAKE_CURRENT_BINARY_DIR}/w3c)
file(MAKE_DIRECTORY ${W3C_OUT})
glossa_c_tests(w3c json.c PROPERTIES WORKING_DIRECTORY ${W3C_OUT})
set_tests_properties(w3c/json_samples PROPERTIES FIXTURES_SETUP w3c-json)

set(W3C_SUITE ${PROJECT_SOURCE_DIR}/../shared/w3c-annotation-tests)
find_program(W3C_NODE node)
foreach(t validate anchor)
  if(W3C_NODE)
    add_test(NAME w3c/${t}
             COMMAND ${W3C_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/w3c/${t}.mjs
                     ${W3C_OUT}/w3c-samples.json ${PROJECT_SOURCE_DIR} ${W3C_SUITE})
  else()
    add_test(NAME w3c/${t} COMMAND sh -c "echo 'SKIP: node is not installed'; exit 77")
  endif()
  set_tests_properties(w3c/${t} PROPERTIES FIXTURES_REQUIRED w3c-json
                       SKIP_RETURN_CODE 77 TIMEOUT 180)
endforeach()
