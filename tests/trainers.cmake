# The writers for trainers and annotation tools, -f conll (core/out_conll.c)
# and -f spans (core/out_spans.c), over their tokens (core/outtok.c), in
# golden form, run by tests/golden/run.sh (stdout, stderr and exit status
# against NAME.out; --update rewrites it): tests/trainers/*.sh. A case whose
# reader is missing (Debian's python3-nltk) prints SKIP and exits 77.
file(GLOB trainers_cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/trainers/*.sh)
foreach(c ${trainers_cases})
  get_filename_component(name ${c} NAME_WE)
  add_test(NAME trainers/${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh $<TARGET_FILE:glossa-cli> ${c})
  set_tests_properties(trainers/${name} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()
