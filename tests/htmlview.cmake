# -f html: the standalone page (core/out_html.c).
add_executable(glossa-htmlview-render ${CMAKE_CURRENT_SOURCE_DIR}/htmlview/render.c)
target_link_libraries(glossa-htmlview-render PRIVATE glossa)
# Golden pages of the three samples, byte for byte.
add_test(NAME htmlview/golden
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/htmlview/golden.sh $<TARGET_FILE:glossa-htmlview-render>)
# The pages in headless Chromium; skipped (77) when there is no chromium.
add_test(NAME htmlview/chromium
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/htmlview/chromium.sh $<TARGET_FILE:glossa-htmlview-render>)
set_tests_properties(htmlview/chromium PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
