# Issue 11's regression cases (tests/trust/*.sh): a hostile or careless
# script against the sandbox and the limits. Each is a golden case run by
# tests/golden/run.sh (stdout, stderr and glossa's exit status); also in the
# sanitizer build.
file(GLOB trust_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/trust/*.sh)
foreach(c ${trust_cases})
  get_filename_component(name ${c} NAME_WE)
  add_test(NAME trust/${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh $<TARGET_FILE:glossa-cli> ${c})
  set_tests_properties(trust/${name} PROPERTIES TIMEOUT 300)
endforeach()
