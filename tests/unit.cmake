# Unit tests of the core modules, one file per module: tests/unit/MODULE.c
# tests core/MODULE.c, as the program glossa-test-unit-MODULE; its cases are
# the ctests unit/CASE.
file(GLOB unit_files CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/*.c)
foreach(f ${unit_files})
  get_filename_component(name ${f} NAME)
  glossa_c_tests(unit ${name})
endforeach()
