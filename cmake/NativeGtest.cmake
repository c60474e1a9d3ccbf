# coflags_native_gtest(target PREFIX name. SOURCES ... LIBRARIES ... [INCLUDES ...]):
# a GoogleTest suite built natively (under ASan/UBSan in the native-asan preset),
# each test registered with ctest as `name.Suite.Test`; the native twin of
# coflags_wasm_gtest (cmake/Wasm.cmake). Includes tests/native for the fixtures.
function(coflags_native_gtest target)
  cmake_parse_arguments(arg "" "PREFIX" "SOURCES;LIBRARIES;INCLUDES" ${ARGN})
  find_package(GTest REQUIRED)
  include(GoogleTest)
  add_executable(${target} ${arg_SOURCES})
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/tests/native" ${arg_INCLUDES})
  target_link_libraries(${target} PRIVATE ${arg_LIBRARIES} coflags_warnings GTest::gtest GTest::gtest_main)
  gtest_discover_tests(${target} TEST_PREFIX "${arg_PREFIX}" DISCOVERY_TIMEOUT 60)
endfunction()
