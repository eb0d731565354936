#!/usr/bin/env bash
# bench/install-peers.sh: installs the tools bench/run.sh and
# bench/quality/run.sh compare copylint against. Idempotent; as root or
# through sudo.
#
#   Debian: hunspell (+ en_CA, en_US dictionaries), codespell, proselint
#           (python3-proselint), hyperfine, GNU time, valgrind.
#   npm:    harper.js, cspell 9.8.0 (10.x needs Node 22), textlint with seven
#           English rules, retext with its plugins, write-good: the exact
#           versions in bench/package-lock.json, into bench/node_modules
#           (not committed). Needs Node >= 20.18 and npm.
#
# Nothing else is downloaded: PyPI is not used (proselint comes from Debian).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

DEBIAN_PEERS=(
    hunspell hunspell-en-ca hunspell-en-us
    codespell python3-proselint
    hyperfine time valgrind
    nodejs npm
)

missing=()
for p in "${DEBIAN_PEERS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing+=("$p")
    fi
done
# Node may come from elsewhere than Debian (nodesource): then keep it.
if command -v node >/dev/null && command -v npm >/dev/null; then
    kept=()
    for p in "${missing[@]}"; do
        case $p in nodejs|npm) ;; *) kept+=("$p") ;; esac
    done
    missing=("${kept[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-peers: installing ${missing[*]}" >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
    echo "install-peers: Node $(node --version) is too old (cspell 9.8 and textlint 15 need >= 20.18)" >&2
    exit 1
fi
cd "$here"
if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
else
    npm install --no-audit --no-fund --loglevel=error
fi

echo "install-peers: ready:" >&2
for t in hunspell codespell proselint hyperfine valgrind; do
    printf '  %-10s %s\n' "$t" "$(command -v $t || echo MISSING)" >&2
done
printf '  %-10s %s\n' node "$(node --version)" >&2
for p in harper.js cspell textlint retext write-good; do
    printf '  %-10s %s\n' "$p" \
        "$(node -p "require('./node_modules/$p/package.json').version" 2>/dev/null || echo MISSING)" >&2
done
