# install/: what make install and make deb ship, in golden form (run by
# tests/golden/run.sh against tests/install/NAME.out; slow, so only with
# GLOSSA_FULL_TESTS). Both read this build directory and change nothing
# outside their scratch directory:
#   install/destdir  cmake --install into a DESTDIR, then the installed glossa
#                    runs an installed script on the installed samples;
#   install/deb      cpack's .deb: its files and the Depends dpkg-shlibdeps
#                    found (skipped without dpkg-dev).
if(GLOSSA_FULL_TESTS)
  foreach(name destdir deb)
    add_test(NAME install/${name}
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run.sh $<TARGET_FILE:glossa-cli>
                     ${CMAKE_CURRENT_SOURCE_DIR}/install/${name}.sh)
    # both run the install script, which writes install_manifest.txt here
    set_tests_properties(install/${name} PROPERTIES
      ENVIRONMENT "GLOSSA_BUILD=${PROJECT_BINARY_DIR};CMAKE=${CMAKE_COMMAND};CPACK=${CMAKE_CPACK_COMMAND}"
      RESOURCE_LOCK glossa-install SKIP_RETURN_CODE 77 TIMEOUT 300)
  endforeach()
endif()
