# The Windows build's dependencies, none of which Debian ships built for mingw: RtMidi and
# Boost.Program_options compiled here from Debian's source packages (scripts/windows.sh fetches
# them, pinned, into MIDILOOP_THIRD_PARTY_DIR), header-only Boost and nlohmann/json from Debian's
# -dev packages, GoogleTest from /usr/src/googletest. Third-party code is built without -Werror:
# its warnings are not ours to fix (RtMidi.cpp has two -Wsign-compare).
set(MIDILOOP_THIRD_PARTY_DIR "" CACHE PATH "Where scripts/windows.sh extracted RtMidi and Boost.Program_options")
set(midiloop_rtmidi_dir ${MIDILOOP_THIRD_PARTY_DIR}/rtmidi-5.0.0)
set(midiloop_po_dir ${MIDILOOP_THIRD_PARTY_DIR}/boost/libs/program_options/src)
if(NOT EXISTS ${midiloop_rtmidi_dir}/RtMidi.cpp OR NOT EXISTS ${midiloop_po_dir}/cmdline.cpp)
  message(FATAL_ERROR "The Windows build compiles RtMidi and Boost.Program_options from Debian's source packages: "
                      "build it with 'bash scripts/windows.sh', which fetches them (MIDILOOP_THIRD_PARTY_DIR='${MIDILOOP_THIRD_PARTY_DIR}')")
endif()

# /usr/include itself would put the build machine's libc headers before mingw's; a folder holding
# only the two libraries does not.
set(midiloop_headers ${CMAKE_BINARY_DIR}/third_party_include)
file(MAKE_DIRECTORY ${midiloop_headers})
foreach(library boost nlohmann)
  if(NOT EXISTS /usr/include/${library})
    message(FATAL_ERROR "the Windows build needs /usr/include/${library}: bash scripts/windows.sh installs it")
  endif()
  file(CREATE_LINK /usr/include/${library} ${midiloop_headers}/${library} SYMBOLIC)
endforeach()

add_library(midiloop_rtmidi STATIC ${midiloop_rtmidi_dir}/RtMidi.cpp)
target_compile_definitions(midiloop_rtmidi PUBLIC __WINDOWS_MM__)
target_include_directories(midiloop_rtmidi SYSTEM PUBLIC ${midiloop_rtmidi_dir})
target_compile_options(midiloop_rtmidi PRIVATE -Wno-error)
target_link_libraries(midiloop_rtmidi PUBLIC winmm)

file(GLOB midiloop_po_sources ${midiloop_po_dir}/*.cpp)
add_library(midiloop_boost_program_options STATIC ${midiloop_po_sources})
target_include_directories(midiloop_boost_program_options SYSTEM PUBLIC ${midiloop_headers})
target_compile_options(midiloop_boost_program_options PRIVATE -Wno-error)
add_library(Boost::program_options ALIAS midiloop_boost_program_options)

add_library(midiloop_nlohmann_json INTERFACE)
target_include_directories(midiloop_nlohmann_json SYSTEM INTERFACE ${midiloop_headers})
add_library(nlohmann_json::nlohmann_json ALIAS midiloop_nlohmann_json)
