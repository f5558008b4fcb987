# Issue 11's regression cases in golden form, run by tests/golden/run.sh
# (stdout, stderr and glossa's exit status against NAME.out; --update
# rewrites it), also in the sanitizer build:
#   tests/trust/*.sh   a hostile or careless script against the sandbox and
#                      the limits;
#   tests/limits/*.sh  C work and C memory under the limits (items 8 and 9).
# The cases that wait for a --timeout deadline, or build large inputs, are
# slow tests: registered with GLOSSA_FULL_TESTS (make test, CI), so that a
# plain build's ctest stays quick.
set(trust_slow trust/finish-deadline trust/c-time trust/gc trust/limits-threads
    limits/spanlist-memory limits/xpath-timeout limits/regex-timeout
    limits/dict-timeout limits/find-timeout limits/dict-files)
foreach(dir trust limits)
  file(GLOB cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.sh)
  foreach(c ${cases})
    get_filename_component(name ${c} NAME_WE)
    if(NOT GLOSSA_FULL_TESTS AND "${dir}/${name}" IN_LIST trust_slow)
      continue()
    endif()
    add_test(NAME ${dir}/${name}
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh $<TARGET_FILE:glossa-cli> ${c})
    set_tests_properties(${dir}/${name} PROPERTIES TIMEOUT 300)
  endforeach()
endforeach()
