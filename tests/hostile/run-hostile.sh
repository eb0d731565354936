#!/usr/bin/env bash
# Hostile inputs (issue 7): each case feeds copylint something a scraper,
# a broken disk or a careless user could hand it, and checks a defined
# outcome: a finding or a clear error, the documented exit status, the other
# files still linted, no crash (no signal), no hang (timeout) and, outside
# sanitizer builds, peak memory bounded roughly linearly in the largest
# single file. Inputs are generated here, in a temporary folder, never
# committed.
#
#   run-hostile.sh COPYLINT_BINARY SOURCE_DIR
#
# COPYLINT_HOSTILE_BIG_MB (default 100; 20 under sanitizers, where the same
# code paths run 3-10 times slower) sets the size of the one-line file.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$2
tmp=$(mktemp -d)
chmod 755 "$tmp"
cleanup() {
    [ -n "${bgpid:-}" ] && kill "$bgpid" 2>/dev/null
    chmod -R u+rwx "$tmp" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0 skip=0

sanitized=${COPYLINT_SANITIZED:-0}
if ldd "$bin" 2>/dev/null | grep -qE 'lib(a|ub)san'; then sanitized=1; fi
[ "$sanitized" = 0 ] || [ "$sanitized" = 1 ] || sanitized=1
big_mb=${COPYLINT_HOSTILE_BIG_MB:-$([ "$sanitized" = 1 ] && echo 20 || echo 100)}
has_time=0
[ -x /usr/bin/time ] && has_time=1

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*" >&2; fail=$((fail + 1)); }
skipped() { echo "SKIP: $*" >&2; skip=$((skip + 1)); }

# run NAME TIMEOUT_S MEMCAP_KB [copylint args...]
# Runs copylint with a timeout, stdout to $tmp/out, stderr to $tmp/err,
# status in $st, peak RSS in $rss (KB). Fails the case on a hang, a signal
# or, when the cap is not 0, a peak RSS above the cap.
run() {
    local name=$1 secs=$2 cap=$3
    shift 3
    rss=0
    if [ $has_time = 1 ]; then
        timeout -k 5 "$secs" /usr/bin/time -q -f '%M' -o "$tmp/rss" \
            "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
        st=$?
        rss=$(tail -1 "$tmp/rss" 2>/dev/null)
        case $rss in '' | *[!0-9]*) rss=0 ;; esac
    else
        timeout -k 5 "$secs" "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
        st=$?
    fi
    if [ $st -eq 124 ] || [ $st -eq 137 ]; then
        bad "$name: no result within ${secs}s (hang?)"
        return 1
    fi
    if [ $st -gt 2 ]; then
        bad "$name: exit status $st (crash?)"
        sed 's/^/    /' "$tmp/err" | tail -20 >&2
        return 1
    fi
    if [ "$cap" != 0 ] && [ "$sanitized" = 0 ] && [ "$rss" -gt "$cap" ]; then
        bad "$name: peak memory ${rss} KB above the cap of ${cap} KB"
        return 1
    fi
    return 0
}
expect_status() { # name expected
    if [ "$st" = "$2" ]; then ok; else
        bad "$1: exit status $st, expected $2"
        sed 's/^/    /' "$tmp/err" | head -5 >&2
    fi
}
expect_out() { # name pattern (in stdout)
    if grep -qa -- "$2" "$tmp/out"; then ok; else
        bad "$1: '$2' not in standard output:"; head -c 2000 "$tmp/out" | sed 's/^/    /' >&2; fi
}
expect_err() { # name pattern (in stderr)
    if grep -qa -- "$2" "$tmp/err"; then ok; else
        bad "$1: '$2' not in standard error:"; head -c 2000 "$tmp/err" | sed 's/^/    /' >&2; fi
}
# A memory cap for a file of $1 bytes: 12 bytes of working memory per byte
# of input (text, offsets of lines, sentences and tokens) plus 150 MB for
# dictionaries and compiled rules.
cap_for() { echo $(( $1 * 12 / 1024 + 150000 )); }

# Two companions given with every bad input: the run must still lint them.
printf 'A clean sentence about the weather.\n' > "$tmp/clean.txt"
printf 'Bad \377 byte.\n' > "$tmp/other.txt"
companions() { # name: the companion's finding is in the output
    expect_out "$1: other files still linted" "other.txt:1:5: error: invalid UTF-8 byte 0xFF"
}

# ---- invalid UTF-8 of every kind ---------------------------------------
# Each sequence sits after "ok " (offset 3); the finding names the offset.
utf8_case() { # name bytes(printf) expected-message-part
    printf "ok $2 ok.\n" > "$tmp/$1.txt"
    if run "utf8/$1" 60 0 --plain "$tmp/$1.txt"; then
        expect_status "utf8/$1" 1
        expect_out "utf8/$1" "$1.txt:1:4: error: $3 \[encoding.invalid-utf8\]"
    fi
}
utf8_case overlong-2 '\300\257' '2 bytes of invalid UTF-8 at byte offset 3'
utf8_case overlong-2b '\301\277' '2 bytes of invalid UTF-8 at byte offset 3'
utf8_case overlong-3 '\340\200\257' '3 bytes of invalid UTF-8 at byte offset 3'
utf8_case overlong-4 '\360\200\200\257' '4 bytes of invalid UTF-8 at byte offset 3'
utf8_case surrogate-high '\355\240\200' '3 bytes of invalid UTF-8 at byte offset 3'
utf8_case surrogate-low '\355\277\277' '3 bytes of invalid UTF-8 at byte offset 3'
utf8_case above-10ffff '\364\220\200\200' '4 bytes of invalid UTF-8 at byte offset 3'
utf8_case stray-continuation '\200' 'invalid UTF-8 byte 0x80 at byte offset 3'
utf8_case stray-continuations '\200\277\200' '3 bytes of invalid UTF-8 at byte offset 3'
utf8_case truncated-mid '\342\200' '2 bytes of invalid UTF-8 at byte offset 3'
for b in 365 366 367 370 371 372 373 374 375 376 377; do
    hex=$(printf '%02X' "$((8#$b))")
    utf8_case "byte-$hex" "\\$b" "invalid UTF-8 byte 0x$hex at byte offset 3"
done
# Truncated sequences at the very end of the file (no newline after).
for seq in '\303' '\342\202' '\360\237\230'; do
    n=$(printf "$seq" | wc -c)
    printf "end $seq" > "$tmp/trunc-$n.txt"
    if run "utf8/truncated-at-eof-$n" 60 0 --plain "$tmp/trunc-$n.txt"; then
        expect_status "utf8/truncated-at-eof-$n" 1
        if [ "$n" = 1 ]; then msg="invalid UTF-8 byte 0xC3 at byte offset 4"
        else msg="$n bytes of invalid UTF-8 at byte offset 4"; fi
        expect_out "utf8/truncated-at-eof-$n" "trunc-$n.txt:1:5: error: $msg"
    fi
done
# Every kind at once, with valid multi-byte text between: one finding per
# run of bad bytes, none for the valid text, columns in code points (each
# invalid byte counts as one column).
printf 'caf\303\251 \300\257 na\303\257ve \355\240\200 \342\200\234q\342\200\235 \377\n' > "$tmp/all.txt"
if run utf8/all-kinds 60 0 --plain --disable quote "$tmp/all.txt"; then
    expect_status utf8/all-kinds 1
    n=$(grep -c 'encoding.invalid-utf8' "$tmp/out")
    [ "$n" = 3 ] && ok || bad "utf8/all-kinds: $n invalid-utf8 findings, expected 3"
    expect_out utf8/all-kinds "all.txt:1:6: error: 2 bytes of invalid UTF-8 at byte offset 6"
    expect_out utf8/all-kinds "all.txt:1:23: error: invalid UTF-8 byte 0xFF at byte offset 28"
fi
# A file that is nothing but invalid bytes, 1 MB of them.
head -c 1000000 /dev/urandom | tr '\000-\177' '\200-\377' > "$tmp/noise.txt"
if run utf8/noise-1mb 120 "$(cap_for 1000000)" --plain "$tmp/noise.txt"; then
    expect_status utf8/noise-1mb 1
    expect_out utf8/noise-1mb "encoding.invalid-utf8"
fi

# ---- NUL bytes -----------------------------------------------------------
printf 'Text\000with a NUL.\n' > "$tmp/nul.txt"
head -c 4096 /dev/zero > "$tmp/zeros.txt"
if run nul 60 0 --plain "$tmp/nul.txt" "$tmp/zeros.txt" "$tmp/clean.txt" "$tmp/other.txt"; then
    expect_status nul 2
    expect_err nul "copylint: '$tmp/nul.txt' is a binary file (NUL byte at offset 4)"
    expect_err nul "copylint: '$tmp/zeros.txt' is a binary file (NUL byte at offset 0)"
    companions nul
fi
printf 'stdin\000text' > "$tmp/nul-stdin"
timeout 60 "$bin" --plain - < "$tmp/nul-stdin" >"$tmp/out" 2>"$tmp/err"; st=$?
expect_status nul/stdin 2
expect_err nul/stdin "is a binary file (NUL byte at offset 5)"

# ---- size ------------------------------------------------------------------
# A single line of $big_mb MB: words, commas and full stops, no newline.
bytes=$((big_mb * 1000000))
yes 'The minister said the talks would resume on Tuesday, officials said. ' |
    tr -d '\n' | head -c "$bytes" > "$tmp/oneline.txt"
if run "size/one-line-${big_mb}mb" 600 "$(cap_for $bytes)" --plain "$tmp/oneline.txt" "$tmp/other.txt"; then
    [ "$st" = 0 ] || [ "$st" = 1 ] && ok || bad "size/one-line: exit status $st"
    companions size/one-line
    echo "note: one line of ${big_mb} MB: peak ${rss} KB" >&2
fi
# One million short lines.
seq 1 1000000 | sed 's/.*/Line & of the file./' > "$tmp/lines.txt"
sz=$(stat -c %s "$tmp/lines.txt")
if run size/million-lines 600 "$(cap_for "$sz")" --plain "$tmp/lines.txt" "$tmp/other.txt"; then
    [ "$st" = 0 ] || [ "$st" = 1 ] && ok || bad "size/million-lines: exit status $st"
    companions size/million-lines
    echo "note: 1,000,000 lines ($sz bytes): peak ${rss} KB" >&2
fi
# Memory follows the largest file, not the total: twenty 1 MB files cost
# about what three do (with --jobs, one document per worker is in memory).
yes 'Officials said the talks would resume on Tuesday.' | head -c 1000000 > "$tmp/mb.txt"
for i in $(seq 20); do ln -sf mb.txt "$tmp/mb-$i.txt"; done
if run size/three-1mb 300 0 --plain "$tmp"/mb-[123].txt; then few_rss=$rss; fi
if run size/twenty-1mb 300 0 --plain "$tmp"/mb-*.txt; then
    if [ "$sanitized" = 1 ] || [ $has_time = 0 ]; then
        skipped "size/twenty-1mb: memory not measured under sanitizers"
    elif [ "$rss" -le $(( few_rss * 5 / 4 + 10000 )) ]; then ok
    else bad "size/twenty-1mb: twenty files peak at ${rss} KB, three at ${few_rss} KB"; fi
fi
# Larger than the 512 MiB limit (a sparse file: no disk used).
truncate -s 600M "$tmp/huge-sparse.txt"
if run size/over-limit 60 200000 --plain "$tmp/huge-sparse.txt" "$tmp/other.txt"; then
    expect_status size/over-limit 2
    expect_err size/over-limit "'$tmp/huge-sparse.txt' is larger than 512 MiB"
    companions size/over-limit
fi
rm -f "$tmp/oneline.txt" "$tmp/lines.txt" "$tmp/huge-sparse.txt"

# ---- pathological text -------------------------------------------------
# 10,000 nested opening quotes, then as many closing ones.
{ for i in $(seq 10000); do printf '\342\200\234'; done; printf 'Deep'
  for i in $(seq 10000); do printf '\342\200\235'; done; printf '\n'; } > "$tmp/nested.txt"
if run text/nested-quotes 120 "$(cap_for 60000)" --plain "$tmp/nested.txt"; then
    [ "$st" = 0 ] || [ "$st" = 1 ] && ok || bad "text/nested-quotes: exit status $st"
fi
# 10,000 opening quotes never closed, one per paragraph.
for i in $(seq 10000); do printf '\342\200\234Never closed\n\n'; done > "$tmp/open.txt"
if run text/open-quotes 120 "$(cap_for 200000)" --plain "$tmp/open.txt"; then
    [ "$st" = 0 ] || [ "$st" = 1 ] && ok || bad "text/open-quotes: exit status $st"
fi
# Words of 100 KB (letters only, then one with an apostrophe and hyphens).
{ printf 'Short words then '; head -c 100000 /dev/zero | tr '\0' 'a'; printf ' and '
  head -c 50000 /dev/zero | tr '\0' 'b'; printf '\342\200\231s-'
  head -c 50000 /dev/zero | tr '\0' 'c'; printf ' end.\n'; } > "$tmp/longword.txt"
if run text/long-words 120 "$(cap_for 200000)" --plain "$tmp/longword.txt"; then
    [ "$st" = 0 ] || [ "$st" = 1 ] && ok || bad "text/long-words: exit status $st"
fi
# A 100 KB run of one multi-byte letter (3-byte UTF-8, CJK).
{ for i in $(seq 34000); do printf '\344\270\200'; done; printf '\n'; } > "$tmp/cjk.txt"
if run text/long-cjk-word 120 "$(cap_for 102000)" --plain "$tmp/cjk.txt"; then
    [ "$st" = 0 ] || [ "$st" = 1 ] && ok || bad "text/long-cjk-word: exit status $st"
fi
# 1 MB paragraph of periods and abbreviations (the sentence splitter).
yes 'U.S. Lt.-Gen. J. R. Smith at 3 p.m. ... ?! ' | tr -d '\n' | head -c 1000000 > "$tmp/dots.txt"
if run text/abbreviations-1mb 120 "$(cap_for 1000000)" --plain "$tmp/dots.txt"; then
    [ "$st" = 0 ] || [ "$st" = 1 ] && ok || bad "text/abbreviations-1mb: exit status $st"
fi
# Only line breaks of every kind, and only spaces.
{ for i in $(seq 100000); do printf '\r\n\r\n\n\r'; done; } > "$tmp/breaks.txt"
if run text/only-breaks 120 0 --plain "$tmp/breaks.txt"; then
    [ "$st" = 0 ] || [ "$st" = 1 ] && ok || bad "text/only-breaks: exit status $st"
fi

# ---- rule safety -------------------------------------------------------
# User rules with catastrophic backtracking, run on a long line: PCRE2's
# match limits stop each rule, it is reported once (config.rule-invalid,
# however many files and paragraphs it would have run on) and the run
# completes, linting every file.
mkdir -p "$tmp/styles/evil"
cat > "$tmp/styles/evil/Backtrack.yml" <<'YML'
extends: existence
message: "catastrophic '%s'"
level: error
raw:
  - '(a+)+$'
YML
cat > "$tmp/styles/evil/Alternation.yml" <<'YML'
extends: existence
message: "catastrophic '%s'"
level: warning
raw:
  - '(a|aa)+$'
YML
cat > "$tmp/styles/evil/Nested.yml" <<'YML'
extends: existence
message: "catastrophic '%s'"
level: warning
scope: paragraph
raw:
  - '(a+\s?)+$'
YML
# (A space after the run of a's: `(a|aa)+$` can match only where an a is
# followed by no word character, so before "c" the prefilter would skip
# the search that must hit the limit.)
{ head -c 100000 /dev/zero | tr '\0' 'a'; printf ' c\n\n'; head -c 100000 /dev/zero | tr '\0' 'a'; printf ' c\n'; } > "$tmp/aaa.txt"
cp "$tmp/aaa.txt" "$tmp/aaa2.txt"
if run rules/backtracking 300 0 --plain --styles-path "$tmp/styles" --style evil "$tmp/aaa.txt" "$tmp/aaa2.txt" "$tmp/other.txt"; then
    [ "$st" = 1 ] || [ "$st" = 2 ] && ok || bad "rules/backtracking: exit status $st"
    for r in Backtrack Alternation Nested; do
        n=$(grep -c "rule 'evil.$r' .* stopped here: .*limit" "$tmp/out")
        [ "$n" = 1 ] && ok || bad "rules/backtracking: evil.$r reported $n times, expected once"
    done
    companions rules/backtracking
fi

# ---- files that are not plain files --------------------------------------
mkfifo "$tmp/fifo"
if run path/fifo 30 0 --plain "$tmp/fifo" "$tmp/clean.txt" "$tmp/other.txt"; then
    expect_status path/fifo 2
    expect_err path/fifo "'$tmp/fifo' is not a regular file"
    companions path/fifo
fi
if run path/dev-zero 30 0 --plain /dev/zero "$tmp/other.txt"; then
    expect_status path/dev-zero 2
    expect_err path/dev-zero "'/dev/zero' is not a regular file"
    companions path/dev-zero
fi
# A symlink loop given as a file, and a directory that contains itself.
ln -s loop-b "$tmp/loop-a"; ln -s loop-a "$tmp/loop-b"
mkdir -p "$tmp/tree/sub"; ln -s .. "$tmp/tree/sub/up"; ln -s ../../tree "$tmp/tree/sub/again"
printf 'Tree \377 file.\n' > "$tmp/tree/sub/a.txt"
if run path/symlink-loop 30 0 --plain "$tmp/loop-a" "$tmp/other.txt"; then
    expect_status path/symlink-loop 2
    expect_err path/symlink-loop "cannot open '$tmp/loop-a': Too many levels of symbolic links"
    companions path/symlink-loop
fi
# The walk stops at the loop, says so, and lints each file once.
if run path/directory-loop 60 0 --plain "$tmp/tree" "$tmp/other.txt"; then
    expect_status path/directory-loop 1
    expect_err path/directory-loop "already walked"
    n=$(grep -c 'a.txt:1:6: error: invalid UTF-8' "$tmp/out")
    [ "$n" = 1 ] && ok || bad "path/directory-loop: a.txt reported $n times, expected once"
    companions path/directory-loop
fi

# An unreadable file. chmod 000 does not stop root, so as root the case
# runs copylint as an unprivileged user through setpriv (or runuser).
printf 'Secret.\n' > "$tmp/secret.txt"; chmod 000 "$tmp/secret.txt"
chmod 644 "$tmp/clean.txt" "$tmp/other.txt"
as_user=()
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    elif command -v runuser >/dev/null && runuser -u nobody -- true 2>/dev/null; then
        as_user=(runuser -u nobody --)
    fi
fi
if [ "$(id -u)" = 0 ] && [ ${#as_user[@]} = 0 ]; then
    skipped "path/unreadable: running as root and neither setpriv nor runuser works"
elif [ "$(id -u)" = 0 ] && ! "${as_user[@]}" test -x "$bin"; then
    skipped "path/unreadable: the unprivileged user cannot run $bin (a parent folder is private)"
else
    timeout 30 "${as_user[@]}" "$bin" --plain "$tmp/secret.txt" "$tmp/clean.txt" "$tmp/other.txt" >"$tmp/out" 2>"$tmp/err"
    st=$?
    expect_status path/unreadable 2
    expect_err path/unreadable "cannot open '$tmp/secret.txt': Permission denied"
    companions path/unreadable
fi

# A file that shrinks, grows and vanishes while copylint reads it. Without
# FUSE a test cannot pause a read midway, so a background loop rewrites,
# truncates and deletes the file as fast as it can while copylint reads it
# 200 times: whatever it catches (full, partial, empty, gone), the run must
# end with a finding or a clear error, never a crash or a hang.
yes 'The talks would resume on Tuesday, officials said.' | head -c 2000000 > "$tmp/full.txt"
( while :; do cp "$tmp/full.txt" "$tmp/flaky.txt.tmp"; mv -f "$tmp/flaky.txt.tmp" "$tmp/flaky.txt"
      : > "$tmp/flaky.txt"; rm -f "$tmp/flaky.txt"
      cp "$tmp/full.txt" "$tmp/flaky.txt"; truncate -s 1000 "$tmp/flaky.txt"; done ) &
bgpid=$!
seen_missing=0 runs_ok=0 flaky_bad=0
for i in $(seq 200); do
    timeout 30 "$bin" --plain "$tmp/flaky.txt" "$tmp/other.txt" >"$tmp/out" 2>"$tmp/err"
    st=$?
    if [ $st -gt 2 ]; then flaky_bad=1; echo "flaky run $i: exit status $st" >&2; cat "$tmp/err" >&2; break; fi
    grep -q "other.txt:1:5" "$tmp/out" || { flaky_bad=1; echo "flaky run $i: other file not linted" >&2; break; }
    grep -q "cannot open" "$tmp/err" && seen_missing=1
    runs_ok=$((runs_ok + 1))
done
kill "$bgpid" 2>/dev/null; wait "$bgpid" 2>/dev/null; bgpid=
[ $flaky_bad = 0 ] && ok || bad "path/changing-file: a run crashed, hung or skipped the other file"
echo "note: changing file: $runs_ok runs, vanished file seen: $seen_missing" >&2

echo "hostile: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
