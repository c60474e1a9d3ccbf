# Settings every wasm target shares, and a helper for node programs.
if(NOT EMSCRIPTEN)
  return()
endif()

# Exceptions are off by default in Emscripten 3.1.6; CancelledError needs them.
# COFLAGS_WASM_EXCEPTIONS: "wasm" (-fwasm-exceptions: native wasm EH, try
# blocks free) or "js" (-fexceptions: every call inside a try goes through JS).
# COFLAGS_WASM_OPT replaces the Release -O level. clang 14 miscompiles wasm EH
# at -O1/-O2/-O3 (a catch around a co_await in a loop is skipped, a rethrown
# make_exception_ptr aborts); the defaults were chosen by measurement, see
# docs/RUNTIME.md, and tests/native/exception_shapes_test.cpp guards them.
set(COFLAGS_WASM_EXCEPTIONS "js" CACHE STRING "wasm exception mode: wasm or js")
set(COFLAGS_WASM_OPT "-O2" CACHE STRING "optimisation level of Release wasm builds")
if(COFLAGS_WASM_EXCEPTIONS STREQUAL "wasm")
  set(coflags_eh_flag -fwasm-exceptions)
elseif(COFLAGS_WASM_EXCEPTIONS STREQUAL "js")
  set(coflags_eh_flag -fexceptions)
else()
  message(FATAL_ERROR "COFLAGS_WASM_EXCEPTIONS must be wasm or js, not '${COFLAGS_WASM_EXCEPTIONS}'")
endif()
add_compile_options(${coflags_eh_flag})
string(REGEX REPLACE "-O[0-3sz]" "${COFLAGS_WASM_OPT}" CMAKE_CXX_FLAGS_RELEASE "${CMAKE_CXX_FLAGS_RELEASE}")
add_link_options(${coflags_eh_flag} -sALLOW_MEMORY_GROWTH=1)

# Only nlohmann/ and stb/ on the wasm include path: /usr/include would drag in host headers.
set(COFLAGS_WASM_INCLUDE "${CMAKE_BINARY_DIR}/wasm_include")
file(MAKE_DIRECTORY "${COFLAGS_WASM_INCLUDE}")
foreach(dir nlohmann stb)
  if(NOT EXISTS "${COFLAGS_WASM_INCLUDE}/${dir}" AND EXISTS "/usr/include/${dir}")
    file(CREATE_LINK "/usr/include/${dir}" "${COFLAGS_WASM_INCLUDE}/${dir}" SYMBOLIC)
  endif()
endforeach()
add_library(coflags_wasm_include INTERFACE)
target_include_directories(coflags_wasm_include SYSTEM INTERFACE "${COFLAGS_WASM_INCLUDE}")

# coflags_node_program(target): a wasm program that node runs directly
# (one .js file with the wasm inlined, so node 20's global fetch never tries to load it).
function(coflags_node_program target)
  target_link_options(${target} PRIVATE
    -sENVIRONMENT=node -sSINGLE_FILE=1 -sEXIT_RUNTIME=1 -sNODERAWFS=1)
  set_target_properties(${target} PROPERTIES SUFFIX ".js")
endfunction()

# coflags_node_xhr(target): the XMLHttpRequest that emscripten_fetch needs
# under node, the net layer's node backend (src/net/node): HTTP/1.1 over
# node:http, HTTP/2 over node:http2 for https: URLs; xhr.js uses both, so it
# comes last.
function(coflags_node_xhr target)
  set(dir "${PROJECT_SOURCE_DIR}/src/net/node")
  foreach(file http1_client.js http2_client.js xhr.js)
    target_link_options(${target} PRIVATE "--pre-js=${dir}/${file}")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${dir}/${file}")
  endforeach()
endfunction()

# coflags_wasm_gtest(target TEST name SOURCES ... LIBRARIES ... [INCLUDES ...]):
# a GoogleTest suite compiled to wasm (GoogleTest's own sources, from Debian's
# googletest package) and run under node by ctest as `name`.
set(COFLAGS_GTEST_SRC /usr/src/googletest/googletest)
function(coflags_wasm_gtest target)
  cmake_parse_arguments(arg "" "TEST" "SOURCES;LIBRARIES;INCLUDES" ${ARGN})
  if(NOT EXISTS "${COFLAGS_GTEST_SRC}/src/gtest-all.cc")
    message(WARNING "GoogleTest sources not found in ${COFLAGS_GTEST_SRC}: ${arg_TEST} is not built")
    return()
  endif()
  if(NOT TARGET gtest_wasm)
    add_library(gtest_wasm STATIC "${COFLAGS_GTEST_SRC}/src/gtest-all.cc" "${COFLAGS_GTEST_SRC}/src/gtest_main.cc")
    target_include_directories(gtest_wasm SYSTEM PUBLIC "${COFLAGS_GTEST_SRC}/include" PRIVATE "${COFLAGS_GTEST_SRC}")
    target_compile_definitions(gtest_wasm PUBLIC GTEST_HAS_PTHREAD=0)
  endif()
  add_executable(${target} ${arg_SOURCES})
  target_include_directories(${target} PRIVATE ${arg_INCLUDES})
  target_link_libraries(${target} PRIVATE ${arg_LIBRARIES} coflags_warnings gtest_wasm)
  coflags_node_program(${target})
  add_test(NAME ${arg_TEST} COMMAND node $<TARGET_FILE:${target}> --gtest_brief=1)
endfunction()
