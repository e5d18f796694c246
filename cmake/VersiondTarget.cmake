# versiond_library(NAME SOURCES... [DEPS targets...])
# One static library per stage folder; its DEPS record the data-flow layering
# (extract -> lookup -> decide -> act -> record).
function(versiond_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                                     PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE versiond_warnings)
endfunction()

# versiond_test(NAME SOURCES... [DEPS targets...])
# A Catch2 executable whose cases are registered one by one with ctest.
function(versiond_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE versiond_catch_main ${ARG_DEPS} versiond_warnings)
  add_dependencies(${name} versiond)  # CLI tests run the real binary
  # --warn NoTests: a ctest entry whose name Catch2 cannot match (a test name
  # Catch2's filter syntax misreads) fails instead of passing with no test run.
  # LABELS: the executable's name, so a suite can be chosen by binary
  # (scripts/sanitize.sh runs the concurrent ones under TSan).
  catch_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
                       EXTRA_ARGS --warn NoTests
                       PROPERTIES TIMEOUT 300 LABELS ${name})
endfunction()
