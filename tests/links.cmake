# Links between annotations and corrections (issue 14, items 1 and 2):
# tests/links/cases/NAME.sh against NAME.out, run as the golden cases are
# (tests/golden/run.sh; --update rewrites an .out).
file(GLOB links_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/links/cases/*.sh)
foreach(c ${links_cases})
  get_filename_component(name ${c} NAME_WE)
  add_test(NAME links/${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh $<TARGET_FILE:glossa-cli> ${c})
endforeach()
