# Tests of output formats, fixes, baselines, paths and parallel runs
# (issue 5). Included from tests/CMakeLists.txt.

set(CPL_OUT_ENV "COPYLINT_DATA_DIR=${PROJECT_SOURCE_DIR}")

# Golden output of every format for the seed and a fixture.
foreach(fmt text json jsonl sarif github checkstyle rdjsonl line html)
  add_test(NAME formats/fixture/${fmt}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/golden/run-formats.sh
            $<TARGET_FILE:copylint_cli> ${CMAKE_CURRENT_SOURCE_DIR}/golden/formats
            fixture.txt fixture ${fmt})
  add_test(NAME formats/seed/${fmt}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/golden/run-formats.sh
            $<TARGET_FILE:copylint_cli> ${PROJECT_SOURCE_DIR}/seeds
            000_c6492637f5053c95.txt seed ${fmt})
  set_tests_properties(formats/fixture/${fmt} formats/seed/${fmt}
    PROPERTIES TIMEOUT 60 ENVIRONMENT "${CPL_OUT_ENV}")
endforeach()

# SARIF against the official 2.1.0 schema (skipped, exit 77, when the
# shared schema folder is absent; fails when the validator is missing).
add_test(NAME outputs/sarif-schema
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/outputs/test-sarif.sh
          $<TARGET_FILE:copylint_cli> ${PROJECT_SOURCE_DIR})
set_tests_properties(outputs/sarif-schema PROPERTIES TIMEOUT 120
  SKIP_RETURN_CODE 77 ENVIRONMENT "${CPL_OUT_ENV}")

# The HTML report in headless Chromium: highlights where the findings
# are; a screenshot is kept in the build folder (outputs-html/).
add_test(NAME outputs/html-browser
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/outputs/test-html.py
          $<TARGET_FILE:copylint_cli> ${PROJECT_SOURCE_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/outputs-html)
set_tests_properties(outputs/html-browser PROPERTIES TIMEOUT 180
  ENVIRONMENT "${CPL_OUT_ENV}")

# --fix round trips, --diff with git apply, atomicity, baselines, paths,
# --jobs, formats' escaping.
add_test(NAME outputs/cli
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/outputs/test-outputs.sh
          $<TARGET_FILE:copylint_cli> ${PROJECT_SOURCE_DIR})
set_tests_properties(outputs/cli PROPERTIES TIMEOUT 900
  ENVIRONMENT "${CPL_OUT_ENV}")

# cmake --install into a scratch prefix: the installed copylint finds its
# data, the man page is there, a program builds against the library.
add_test(NAME outputs/install
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/outputs/test-install.sh
          ${CMAKE_BINARY_DIR} ${PROJECT_SOURCE_DIR})
set_tests_properties(outputs/install PROPERTIES TIMEOUT 300)

# The atomic rewrite's refusals, on the CLI's own file (not in the library).
add_executable(test_rewrite ${CMAKE_CURRENT_SOURCE_DIR}/outputs/test_rewrite.c
               ${PROJECT_SOURCE_DIR}/src/cli/files.c)
target_include_directories(test_rewrite PRIVATE ${PROJECT_SOURCE_DIR}/src
                           ${PROJECT_BINARY_DIR}/src)
target_compile_definitions(test_rewrite PRIVATE COPYLINT_STATIC_DEFINE)
target_link_libraries(test_rewrite PRIVATE PkgConfig::CMOCKA)
add_test(NAME outputs/rewrite COMMAND test_rewrite)
set_tests_properties(outputs/rewrite PROPERTIES TIMEOUT 60)
