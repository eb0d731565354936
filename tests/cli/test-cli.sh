#!/bin/bash
# Command-line behaviour: exit status, bad input, options. Each case says
# what it expects; the script counts and fails if any case fails.
set -u
bin=$1
top=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

expect() { # name expected-status actual-status
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
        echo "FAIL: $1: exit status $3, expected $2" >&2; fail=$((fail + 1)); fi
}
expect_grep() { # name pattern file
    if grep -q -- "$2" "$3"; then pass=$((pass + 1)); else
        echo "FAIL: $1: '$2' not in output:" >&2; cat "$3" >&2; fail=$((fail + 1)); fi
}

printf 'A clean sentence.\n' > "$tmp/clean.txt"
"$bin" "$tmp/clean.txt" >"$tmp/out" 2>&1; expect clean 0 $?

"$bin" --version >"$tmp/out"; expect version 0 $?
expect_grep version "copylint " "$tmp/out"
"$bin" --help >"$tmp/out"; expect help 0 $?
expect_grep help "Exit status" "$tmp/out"
"$bin" --no-such-option >"$tmp/out" 2>&1; expect bad-option 2 $?
"$bin" >"$tmp/out" 2>&1; expect no-files 2 $?
"$bin" --disable nosuchrule "$tmp/clean.txt" >"$tmp/out" 2>&1; expect unknown-rule 2 $?
expect_grep unknown-rule "unknown rule or family 'nosuchrule'" "$tmp/out"
"$bin" --format nosuch "$tmp/clean.txt" >"$tmp/out" 2>&1; expect bad-format 2 $?

# Missing path, binary file: message, exit 2, others still linted.
# (A directory is walked: tests/cli/test-paths.sh.)
printf 'a\000b' > "$tmp/binary.txt"
"$bin" --plain "$tmp/missing.txt" "$tmp/binary.txt" "$tmp/clean.txt" >"$tmp/out" 2>"$tmp/err"
expect bad-paths 2 $?
expect_grep missing "cannot open '$tmp/missing.txt': No such file or directory" "$tmp/err"
expect_grep binary "binary file (NUL byte at offset 1)" "$tmp/err"

# Empty file: a whole-file finding.
: > "$tmp/empty.txt"
"$bin" --plain "$tmp/empty.txt" >"$tmp/out" 2>&1; expect empty 1 $?
expect_grep empty "empty.txt: warning: the file is empty \[file.empty\]" "$tmp/out"

# Invalid UTF-8: a finding with its byte offset, the rest still linted.
printf 'Good text \377 here.\n' > "$tmp/bad-utf8.txt"
"$bin" --plain "$tmp/bad-utf8.txt" >"$tmp/out" 2>&1; expect invalid-utf8 1 $?
expect_grep invalid-utf8 "bad-utf8.txt:1:11: error: invalid UTF-8 byte 0xFF at byte offset 10 \[encoding.invalid-utf8\]" "$tmp/out"

# FIFO: refused without blocking.
mkfifo "$tmp/fifo"
timeout 10 "$bin" "$tmp/fifo" >"$tmp/out" 2>&1; expect fifo 2 $?
expect_grep fifo "is not a regular file" "$tmp/out"

# Standard input.
printf 'A clean sentence.\n' | "$bin" - >"$tmp/out" 2>&1; expect stdin 0 $?

# A 50 MB file with no newline: linted, bounded time and memory.
head -c 50000000 /dev/zero | tr '\0' 'a' > "$tmp/huge.txt"
# AddressSanitizer reserves terabytes of address space: no ulimit -v there.
vlimit=2000000
[ "${COPYLINT_SANITIZED:-0}" = 1 ] && vlimit=unlimited
( ulimit -v $vlimit; timeout 120 "$bin" --plain "$tmp/huge.txt" >"$tmp/out" 2>&1 ); st=$?
if [ $st -eq 0 ] || [ $st -eq 1 ]; then pass=$((pass + 1)); else
    echo "FAIL: huge: exit status $st" >&2; fail=$((fail + 1)); fi

# --fail-on and --disable change the status, not the findings.
"$bin" --fail-on error "$tmp/empty.txt" >/dev/null 2>&1; expect fail-on-error 0 $?
"$bin" --disable file "$tmp/empty.txt" >/dev/null 2>&1; expect disable 0 $?
"$bin" --fail-on never "$tmp/bad-utf8.txt" >/dev/null 2>&1; expect fail-on-never 0 $?

# JSON output is valid JSON.
"$bin" --format json "$tmp/bad-utf8.txt" > "$tmp/out.json" 2>/dev/null
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["diagnostics"][0]["rule"]=="encoding.invalid-utf8"' "$tmp/out.json"
expect json-valid 0 $?

# The README rule table is --list-rules=markdown.
"$bin" --list-rules=markdown > "$tmp/rules.md"
if awk '/<!-- rules:begin -->/{f=1;next}/<!-- rules:end -->/{f=0}f' "$top/README.md" | diff -u - "$tmp/rules.md" >"$tmp/diff"; then
    pass=$((pass + 1)); else echo "FAIL: README rule table differs from --list-rules=markdown:" >&2; cat "$tmp/diff" >&2; fail=$((fail + 1)); fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
