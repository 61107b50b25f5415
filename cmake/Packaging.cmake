# SPDX-License-Identifier: AGPL-3.0-or-later
# Installation layout and the Debian packages (`make package`): `simplemmo` with the servers,
# the CLI, scripts, zones, config, systemd units and the source archive; the Qt Widgets console
# goes into `simplemmo-admin` (component admin) so headless hosts need no GUI libraries.

if(EXISTS ${CMAKE_SOURCE_DIR}/scripts)
    install(DIRECTORY ${CMAKE_SOURCE_DIR}/scripts/ DESTINATION ${CMAKE_INSTALL_DATADIR}/simplemmo/scripts)
endif()
install(FILES ${CMAKE_SOURCE_DIR}/installer/simplemmo.conf DESTINATION /etc/simplemmo)
file(GLOB simplemmo_units ${CMAKE_SOURCE_DIR}/installer/systemd/*.service)
install(FILES ${simplemmo_units} DESTINATION lib/systemd/system)
file(GLOB simplemmo_docs ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/LICENSE ${simplemmo_docs}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/simplemmo)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME simplemmo)
set(CPACK_PACKAGE_VENDOR "SimpleMMO developers")
set(CPACK_PACKAGE_CONTACT "SimpleMMO developers <simplemmo@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "MMO game server framework on Qt 6")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION games)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, libqt6sql6-sqlite")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libqt6sql6-psql, libqt6sql6-mysql, postgresql")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING IGNORE)
set(CPACK_DEBIAN_SERVER_PACKAGE_NAME simplemmo)
set(CPACK_DEBIAN_ADMIN_PACKAGE_NAME simplemmo-admin)
set(CPACK_DEBIAN_ADMIN_PACKAGE_DEPENDS "simplemmo (= ${PROJECT_VERSION})")
# conffiles keeps an operator's edits of /etc/simplemmo/simplemmo.conf across upgrades.
file(WRITE ${CMAKE_BINARY_DIR}/debian/conffiles "/etc/simplemmo/simplemmo.conf\n")
set(simplemmo_control_extra
    ${CMAKE_BINARY_DIR}/debian/conffiles ${CMAKE_SOURCE_DIR}/installer/debian/postinst
    ${CMAKE_SOURCE_DIR}/installer/debian/prerm ${CMAKE_SOURCE_DIR}/installer/debian/postrm)
# With one component CPack builds a single package and reads the plain variables; with the admin
# component it builds two and reads the per-component ones. Set both.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${simplemmo_control_extra})
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA ${simplemmo_control_extra})
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
