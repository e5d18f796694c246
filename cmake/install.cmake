# `cmake --install` layout of versiond (docs/OPERATIONS.md#installing-with-cmake).
#
#   <prefix>/bin/versiond                          (rules in src/cli/CMakeLists.txt)
#   <prefix>/libexec/versiond/versiond-serve       the process `versiond serve` execs
#   <prefix>/lib/systemd/system/versiond.service   ExecStart = <prefix>/bin/versiond
#   <prefix>/share/doc/versiond/                   README, OPERATIONS, CONFIGURATION,
#                                                  FORGE, CHANGELOG, LICENSE,
#                                                  versiond.example.yaml
#
# The unit's ExecStart is rewritten at install time from the prefix in force
# then, so `cmake --install build --prefix /opt/versiond` and
# `DESTDIR=pkg cmake --install build --prefix /usr` both give a unit that
# starts the binary they installed (DESTDIR is not part of the path).
include(GNUInstallDirs)

set(VERSIOND_SYSTEMD_UNIT_DIR "lib/systemd/system"
    CACHE STRING "Where the systemd unit goes, relative to the install prefix")

install(FILES
          ${PROJECT_SOURCE_DIR}/README.md
          ${PROJECT_SOURCE_DIR}/CHANGELOG.md
          ${PROJECT_SOURCE_DIR}/LICENSE
          ${PROJECT_SOURCE_DIR}/docs/OPERATIONS.md
          ${PROJECT_SOURCE_DIR}/docs/CONFIGURATION.md
          ${PROJECT_SOURCE_DIR}/docs/FORGE.md
          ${PROJECT_SOURCE_DIR}/deploy/versiond.example.yaml
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

install(CODE "
  set(_unit_src \"${PROJECT_SOURCE_DIR}/deploy/systemd/versiond.service\")
  set(_unit_dir \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${VERSIOND_SYSTEMD_UNIT_DIR}\")
  file(READ \"\${_unit_src}\" _unit)
  string(FIND \"\${_unit}\" \"ExecStart=/usr/bin/versiond \" _at)
  if(_at EQUAL -1)
    message(FATAL_ERROR \"deploy/systemd/versiond.service: no 'ExecStart=/usr/bin/versiond ' line to point at the installed binary\")
  endif()
  string(REPLACE \"ExecStart=/usr/bin/versiond \"
                 \"ExecStart=\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/versiond \" _unit \"\${_unit}\")
  file(MAKE_DIRECTORY \"\${_unit_dir}\")
  message(STATUS \"Installing: \${_unit_dir}/versiond.service\")
  file(WRITE \"\${_unit_dir}/versiond.service\" \"\${_unit}\")
")
