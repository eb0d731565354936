#!/usr/bin/env bash
# Installs the Debian packages copylint needs to build and test, then builds
# into build/. Idempotent: packages already present are not reinstalled.
# Works as root or through sudo. Usage: scripts/setup.sh [--test] [--sanitize]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

PACKAGES=(
    build-essential cmake pkg-config
    libpcre2-dev libhunspell-dev libutf8proc-dev libjansson-dev libyaml-dev
    libcmocka-dev
    hunspell-en-us hunspell-en-ca hunspell-en-gb hunspell-tools
    python3 python3-jsonschema
    chromium
    clang libclang-rt-14-dev clang-tidy cppcheck valgrind time util-linux git
)

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_type=${COPYLINT_BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" ${COPYLINT_CMAKE_ARGS:-} >/dev/null
cmake --build build -j "$(nproc)"
