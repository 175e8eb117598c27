# install.cmake - what 'make install' (cmake --install) puts where, and the Debian package
# that 'make package' (cpack -G DEB) builds from the same rules. Included by CMakeLists.txt.
#   PREFIX/bin/safeguard                       the command
#   PREFIX/share/man/man1/safeguard.1.gz       written from the CLI's verb table at build time
#   PREFIX/share/doc/safeguard/                README.md, copyright, docs/ (examples/ with it)
#   PREFIX/share/safeguard/comparators_england.csv
#   PREFIX/lib/systemd/system/safeguard.service  the hardened unit (dist/safeguard.service.in)
#   /etc/default/safeguard                     extra arguments for the service (PREFIX/etc
#                                              unless PREFIX is /usr, as GNUInstallDirs does)
# The unit names the binary and the defaults file by their installed paths, so it is written at
# install time from the prefix in force then: cpack installs into /usr whatever prefix the build
# tree was configured with, which lets the test package any build tree (tests/e2e/package.sh).
include(GNUInstallDirs)

set(SG_MAN ${CMAKE_BINARY_DIR}/man/safeguard.1)
add_custom_command(OUTPUT ${SG_MAN} ${SG_MAN}.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
  COMMAND ${CMAKE_COMMAND} -DSG=$<TARGET_FILE:safeguard> -DOUT=${SG_MAN}
          -P ${CMAKE_SOURCE_DIR}/cmake/man.cmake
  DEPENDS safeguard ${CMAKE_SOURCE_DIR}/cmake/man.cmake
  COMMENT "Writing the manual page safeguard(1)" VERBATIM)
add_custom_target(safeguard_man ALL DEPENDS ${SG_MAN} ${SG_MAN}.gz)

install(TARGETS safeguard RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${SG_MAN}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/dist/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
# England comparators to load with 'safeguard dataset comparators FILE'.
install(FILES ${CMAKE_SOURCE_DIR}/data/comparators_england.csv
        DESTINATION ${CMAKE_INSTALL_DATADIR}/safeguard)
install(CODE "set(SG_DIST \"${CMAKE_SOURCE_DIR}/dist\")\nset(SG_BUILD \"${CMAKE_BINARY_DIR}\")")
install(SCRIPT ${CMAKE_SOURCE_DIR}/cmake/install_service.cmake)

# The Debian package: 'make package', or cpack -G DEB in any build tree.
set(SG_PACKAGE_MAINTAINER "safeguard maintainers <safeguard@localhost>" CACHE STRING
    "The Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME safeguard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${SG_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "evidence system for a local safeguarding children partnership")
set(CPACK_PACKAGE_DESCRIPTION
    "safeguard keeps a local safeguarding children partnership's multi-agency dataset (DfE CIN
census, SSDA903, Ofsted Annex A and agency returns, pseudonymised on import), its learning and
assurance registers and its yearly report, and serves them on the web to accounts with roles,
every access audited. The package runs it as the systemd service safeguard.service under the
system user safeguard, with its store in /var/lib/safeguard.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Libraries come from dpkg-shlibdeps; adduser for the postinst; chromium only prints PDFs.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "chromium")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/dist/debian/postinst ${CMAKE_SOURCE_DIR}/dist/debian/prerm
    ${CMAKE_SOURCE_DIR}/dist/debian/postrm ${CMAKE_SOURCE_DIR}/dist/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
