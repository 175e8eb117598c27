# install_service.cmake - runs at install time (cmake --install, cpack): writes the systemd unit
# and /etc/default/safeguard for the prefix being installed to. SG_DIST (the source's dist/) and
# SG_BUILD (the build tree) are set by install.cmake.
# file(INSTALL) adds DESTDIR and records the files in install_manifest.txt.
set(SG_PREFIX "${CMAKE_INSTALL_PREFIX}")
if(SG_PREFIX STREQUAL "/usr")
  set(SG_SYSCONFDIR "/etc")
else()
  set(SG_SYSCONFDIR "${SG_PREFIX}/etc")
endif()
set(SG_BINDIR "${SG_PREFIX}/bin")
set(SG_DOCDIR "${SG_PREFIX}/share/doc/safeguard")
# One scratch folder per destination: two installs from one build tree may run at once.
string(MD5 SG_DEST_HASH "$ENV{DESTDIR}|${SG_PREFIX}")
set(SG_TMP "${SG_BUILD}/dist-install/${SG_DEST_HASH}")
configure_file("${SG_DIST}/safeguard.service.in" "${SG_TMP}/safeguard.service" @ONLY)
file(INSTALL "${SG_TMP}/safeguard.service" DESTINATION "${SG_PREFIX}/lib/systemd/system"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(INSTALL "${SG_DIST}/default/safeguard" DESTINATION "${SG_SYSCONFDIR}/default"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(REMOVE_RECURSE "${SG_TMP}")
