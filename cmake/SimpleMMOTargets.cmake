# SPDX-License-Identifier: AGPL-3.0-or-later
# Helpers every target of the project goes through, so warnings and layout stay uniform.

# Warnings are errors in spirit: the tree is kept free of them.
function(simplemmo_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
endfunction()

# simplemmo_add_library(<name> SOURCES ... [LIBS ...]): a static library that tests link directly.
function(simplemmo_add_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    add_library(${name} STATIC ${ARG_SOURCES})
    target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${ARG_LIBS})
    simplemmo_set_warnings(${name})
endfunction()

# simplemmo_add_executable(<name> SOURCES ... [LIBS ...] [COMPONENT c]): an installed program (a thin
# main.cpp). COMPONENT picks the package: "server" (simplemmo, the default) or "admin" (simplemmo-admin).
function(simplemmo_add_executable name)
    cmake_parse_arguments(ARG "" "COMPONENT" "SOURCES;LIBS" ${ARGN})
    if(NOT ARG_COMPONENT)
        set(ARG_COMPONENT server)
    endif()
    qt_add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBS})
    simplemmo_set_warnings(${name})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
    install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT ${ARG_COMPONENT})
endfunction()
