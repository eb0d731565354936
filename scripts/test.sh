#!/usr/bin/env bash
# Sets everything up (Debian packages, build into build/) and runs the whole
# test suite with ctest. Usage: scripts/test.sh [extra ctest arguments]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
COPYLINT_CMAKE_ARGS="${COPYLINT_CMAKE_ARGS:-} -DCOPYLINT_WERROR=ON" scripts/setup.sh
cd build
ctest --output-on-failure -j "$(nproc)" "$@"
