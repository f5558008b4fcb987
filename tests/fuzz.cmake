# Fuzz targets (tests/fuzz/, see its README.md). In every build, each target's
# seed corpus (corpus/TARGET/ and the repository files corpus/TARGET.seeds
# names) and regression inputs replay through a plain main()
# (tests/fuzz/replay.c) as the ctest fuzz/TARGET. With clang and
# -DGLOSSA_FUZZ=ON, the libFuzzer binaries glossa-fuzz-TARGET are built too,
# against a copy of the core compiled with the fuzzer's instrumentation.
option(GLOSSA_FUZZ "Build the libFuzzer targets (needs clang)" OFF)

set(FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
set(FUZZ_TARGETS load_text load_html load_xml dict sentence writers css jsonread rule dictfile anchor
    import)
set(FUZZ_SUPPORT ${FUZZ_DIR}/fuzz_common.c ${FUZZ_DIR}/fuzz_view.c ${FUZZ_DIR}/fuzz_json.c
                 ${CMAKE_CURRENT_SOURCE_DIR}/support/support.c)

# glossa_fuzz_seeds(TARGET VAR): into VAR the files corpus/TARGET.seeds names,
# one path or glob a line from the top of the repository (# starts a comment
# line), so inputs the repository has anyway are read where they are rather
# than copied into the corpus (tests/fuzz/ci.sh reads the list too). A line
# that names no file is passed on as it is: the replay then fails on it.
function(glossa_fuzz_seeds t var)
  set(seeds ${FUZZ_DIR}/corpus/${t}.seeds)
  set(files)
  if(EXISTS ${seeds})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${seeds})
    file(STRINGS ${seeds} lines)
    foreach(l ${lines})
      string(STRIP "${l}" l)
      if(l STREQUAL "" OR l MATCHES "^#")
        continue()
      endif()
      file(GLOB found LIST_DIRECTORIES false CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${l})
      if(NOT found)
        set(found ${PROJECT_SOURCE_DIR}/${l})
      endif()
      list(SORT found)
      list(APPEND files ${found})
    endforeach()
  endif()
  set(${var} ${files} PARENT_SCOPE)
endfunction()

foreach(t ${FUZZ_TARGETS})
  glossa_fuzz_seeds(${t} seeds)
  add_executable(glossa-fuzz-replay-${t} ${FUZZ_DIR}/replay.c ${FUZZ_DIR}/fuzz_${t}.c ${FUZZ_SUPPORT})
  target_include_directories(glossa-fuzz-replay-${t} PRIVATE ${FUZZ_DIR})
  target_link_libraries(glossa-fuzz-replay-${t} PRIVATE glossa)
  # regressions/TARGET holds the inputs of findings fixed; a new target has none yet
  set(regressions)
  if(EXISTS ${FUZZ_DIR}/regressions/${t})
    set(regressions ${FUZZ_DIR}/regressions/${t})
  endif()
  add_test(NAME fuzz/${t}
           COMMAND glossa-fuzz-replay-${t} ${FUZZ_DIR}/corpus/${t} ${seeds} ${regressions})
endforeach()

# The html5lib tree-construction suite's inputs (../shared/html5lib-tests
# beside the repository, read in place: issue 16 item 5), every test's #data,
# through load_html's replay: html5lib-seeds.py writes them to a temporary
# directory, as it writes them into ci.sh's corpus. Where the suite is not
# there it says so and skips (77).
add_test(NAME fuzz/html5lib
         COMMAND python3 ${FUZZ_DIR}/html5lib-seeds.py --replay $<TARGET_FILE:glossa-fuzz-replay-load_html>)
set_tests_properties(fuzz/html5lib PROPERTIES SKIP_RETURN_CODE 77)

if(GLOSSA_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "GLOSSA_FUZZ needs clang (CC=clang cmake -DGLOSSA_FUZZ=ON ...)")
  endif()
  set(FUZZ_SAN address,undefined)
  add_library(glossa-fuzzcore STATIC ${GLOSSA_SOURCES})
  add_dependencies(glossa-fuzzcore glossa) # lang_data.c is generated in the top directory
  target_include_directories(glossa-fuzzcore PUBLIC ${PROJECT_SOURCE_DIR}/core)
  target_compile_definitions(glossa-fuzzcore PUBLIC GLOSSA_VERSION="${PROJECT_VERSION}")
  target_compile_options(glossa-fuzzcore PUBLIC -g -fno-omit-frame-pointer
                         -fsanitize=fuzzer-no-link,${FUZZ_SAN} -fno-sanitize-recover=undefined)
  target_link_libraries(glossa-fuzzcore PUBLIC ${GLOSSA_LIBS})
  foreach(t ${FUZZ_TARGETS})
    add_executable(glossa-fuzz-${t} ${FUZZ_DIR}/fuzz_${t}.c ${FUZZ_SUPPORT})
    target_include_directories(glossa-fuzz-${t} PRIVATE ${FUZZ_DIR})
    target_link_libraries(glossa-fuzz-${t} PRIVATE glossa-fuzzcore)
    target_link_options(glossa-fuzz-${t} PRIVATE -fsanitize=fuzzer,${FUZZ_SAN})
  endforeach()
endif()
