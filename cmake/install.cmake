# Where 'cmake --install' puts midiloop, and the Debian package CPack makes of it
# (scripts/package.sh builds and tests that package).
include(GNUInstallDirs)

install(TARGETS midiloop RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_BINARY_DIR}/midiloop.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES README.md docs/guide.md docs/background.md docs/emulator.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES docs/images/report.png DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs/images)
# Debian keeps a package's licence as /usr/share/doc/PACKAGE/copyright.
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
# The report's schema, for programs that read reports.
install(FILES docs/report.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/midiloop)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME midiloop)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "tests whether a MIDI interface drops or mangles SysEx")
set(CPACK_PACKAGE_DESCRIPTION
    "Cable a MIDI interface's DIN OUT to its own DIN IN: midiloop sends SysEx of many sizes and speeds\n\
through it, compares every byte that comes back, and says whether it is safe for a firmware update,\n\
safe with a given pacing, or not safe; then sends the firmware with the pacing it proved.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The midiloop developers")
set(CPACK_DEBIAN_PACKAGE_SECTION sound)
# The libraries it links, with the versions Debian's symbols files ask for (dpkg-shlibdeps), not a
# list written by hand that drifts: librtmidi6, libboost-program-options1.74.0, libjack, libstdc++6.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# A JACK server is needed for --api jack and 'midiloop emulate' over JACK, not to run.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS jackd2)
include(CPack)
