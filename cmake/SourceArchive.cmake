# SPDX-License-Identifier: AGPL-3.0-or-later
# The source archive of exactly the tree that was built, served at GET /source (AGPL-3.0 section 13)
# and installed beside the binaries. It is remade on every build; making it takes well under a second.
set(SIMPLEMMO_SOURCE_ARCHIVE_NAME "simplemmo-${PROJECT_VERSION}-source.tar.gz")
set(SIMPLEMMO_SOURCE_ARCHIVE "${CMAKE_BINARY_DIR}/${SIMPLEMMO_SOURCE_ARCHIVE_NAME}")
add_custom_target(source_archive ALL
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DOUTPUT=${SIMPLEMMO_SOURCE_ARCHIVE}
            -DPREFIX=simplemmo-${PROJECT_VERSION} -P ${CMAKE_SOURCE_DIR}/cmake/MakeSourceArchive.cmake
    BYPRODUCTS ${SIMPLEMMO_SOURCE_ARCHIVE}
    COMMENT "Packing the source archive served at /source"
    VERBATIM)
install(FILES ${SIMPLEMMO_SOURCE_ARCHIVE} DESTINATION ${CMAKE_INSTALL_DATADIR}/simplemmo)
