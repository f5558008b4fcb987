# Limits of issue 11 (items 8 and 9) in golden form: tests/limits/NAME.sh and
# NAME.out, run by tests/golden/run.sh (--update rewrites NAME.out).
file(GLOB limits_cases ${CMAKE_CURRENT_SOURCE_DIR}/limits/*.sh)
foreach(c ${limits_cases})
  get_filename_component(name ${c} NAME_WE)
  add_test(NAME limits/${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh $<TARGET_FILE:glossa-cli> ${c})
  set_tests_properties(limits/${name} PROPERTIES TIMEOUT 120)
endforeach()
