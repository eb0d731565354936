#!/bin/bash
# `cmake --install` into a scratch prefix, then: the files are there (binary,
# library and header, dicts/, rules/, the man page); the installed binary,
# with no COPYLINT_DATA_DIR, finds its data in <prefix>/share/copylint and
# lints the seed exactly as the build tree does; the man page renders; a
# program builds against the installed header and library and fixes text.
set -u
build=$1
top=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*" >&2; fail=$((fail + 1)); }
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
for f in bin/copylint include/copylint.h include/copylint_export.h \
         share/copylint/dicts/abbreviations.txt share/man/man1/copylint.1; do
    [ -f "$prefix/$f" ] && ok || bad "not installed: $f"
done
[ -d "$prefix/share/copylint/rules" ] && ok || bad "rules/ not installed"
lib=$(find "$prefix" -name 'libcopylint.so*' | head -1)
[ -n "$lib" ] && ok || bad "library not installed"
libdir=$(dirname "${lib:-$prefix/lib/x}")

out=$(env -u COPYLINT_DATA_DIR "$prefix/bin/copylint" --version)
echo "$out" | grep -q "^data: $prefix/bin/../share/copylint$" && ok \
    || bad "installed copylint does not use its own data: $out"
seed=$top/seeds/000_c6492637f5053c95.txt
(cd "$top/seeds" && env -u COPYLINT_DATA_DIR "$prefix/bin/copylint" --plain --fail-on never \
    "$(basename "$seed")") > "$tmp/installed.out" 2>&1
(cd "$top/seeds" && COPYLINT_DATA_DIR=$top "$build/copylint" --plain --fail-on never \
    "$(basename "$seed")") > "$tmp/build.out" 2>&1
if cmp -s "$tmp/installed.out" "$tmp/build.out" && [ -s "$tmp/build.out" ]; then ok; else
    bad "installed copylint lints the seed differently:"; diff "$tmp/build.out" "$tmp/installed.out" >&2; fi

if command -v groff >/dev/null; then
    groff -mdoc -Tutf8 "$prefix/share/man/man1/copylint.1" 2>/dev/null | sed 's/.\x08//g' > "$tmp/man.txt"
    for s in "EXIT STATUS" "FORMATS" "RULES" "--baseline" "--jobs" "sarif" "--stdin-filename"; do
        grep -q -- "$s" "$tmp/man.txt" && ok || bad "man page lacks '$s'"
    done
    # Every long option of --help is in the man page.
    for o in $("$prefix/bin/copylint" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        grep -q -- "$o" "$tmp/man.txt" && ok || bad "man page lacks $o"
    done
fi

cat > "$tmp/prog.c" <<'C'
#include <copylint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    (void)argc;
    copylint_ctx *ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, argv[1]);
    if (copylint_ctx_prepare(ctx) != COPYLINT_OK) {
        fprintf(stderr, "%s\n", copylint_ctx_errmsg(ctx));
        return 1;
    }
    const char *text = "It was the the end.\n";
    copylint_doc *doc;
    if (copylint_doc_from_bytes(ctx, "t.txt", text, strlen(text), &doc))
        return 1;
    copylint_doc_lint(ctx, doc);
    copylint_fixes *fx = copylint_fixes_new(doc, 0);
    char *out;
    size_t len;
    copylint_fixes_apply(fx, text, strlen(text), &out, &len);
    fputs(out, stdout);
    free(out);
    copylint_fixes_free(fx);
    copylint_doc_free(doc);
    copylint_ctx_free(ctx);
    return 0;
}
C
# A library built with -DCOPYLINT_SANITIZE=ON needs the sanitizer runtimes
# in the program too.
san=()
if nm -D "$libdir/libcopylint.so" 2>/dev/null | grep -q '__asan_\|__ubsan_'; then
    san=(-fsanitize=address,undefined)
fi
if cc -std=c11 -Wall -Werror "${san[@]}" -I"$prefix/include" "$tmp/prog.c" -L"$libdir" -lcopylint \
    -Wl,-rpath,"$libdir" -o "$tmp/prog" 2>"$tmp/cc.log"; then
    r=$("$tmp/prog" "$prefix/share/copylint")
    [ "$r" = "It was the end." ] && ok || bad "library program printed '$r'"
else
    bad "cannot build against the installed library:"; cat "$tmp/cc.log" >&2
fi
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
