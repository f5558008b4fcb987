# Installed (make install, cmake --install, the .deb): the binary, its man
# page (gzipped, as Debian ships them), the shipped scripts and the samples
# the README's tour runs them on as examples, and the docs.
include(GNUInstallDirs)
install(TARGETS glossa-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
add_custom_command(OUTPUT glossa.1.gz
                   COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/docs/glossa.1 > glossa.1.gz
                   DEPENDS docs/glossa.1)
add_custom_target(glossa-man ALL DEPENDS glossa.1.gz)
install(FILES ${PROJECT_BINARY_DIR}/glossa.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(DIRECTORY scripts samples DESTINATION ${CMAKE_INSTALL_DATADIR}/glossa)
install(FILES README.md docs/inline.md docs/lua-api.md docs/sqlite.md docs/trainers.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The licence as Debian policy places it (/usr/share/doc/glossa/copyright).
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

# make deb: glossa_VERSION_ARCH.deb; dpkg-shlibdeps (dpkg-dev) finds Depends.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "annotate XML, HTML and text with Lua scripts")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}
 glossa loads documents into a tree with libxml2, runs Lua 5.4 scripts over
 them and writes the notes they attach to spans of text: as a compiler-style
 list, JSON lines, W3C Web Annotation, an HTML view, the annotated document,
 brat standoff or a SQLite database. Example scripts and samples are in
 /usr/share/glossa.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_CONTACT "glossa developers <glossa@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg-shlibdeps names lua-lpeg (from liblua5.4-lpeg.so.2; re.lua is
# compiled in) and libsqlite3-0; tests/install/deb.sh checks that they are there.
include(CPack)
