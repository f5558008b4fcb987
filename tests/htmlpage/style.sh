#!/bin/sh
# style.sh GLOSSA: -f html colours from --style FILE and glossa.style (the
# script's first), and --style's errors naming FILE:LINE.
set -u
glossa=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root" || exit 2
status=0
fail() { echo "FAIL: $*"; status=1; }
printf '# colours\n\nperson #123456\nmy place   #AbC\n' > "$tmp/ok.style"
marks='return function(doc) for s in doc:find("Putin") do s:annotate{label="person"} end for s in doc:find("Syria") do s:annotate{label="my place"} end for s in doc:find("Korea") do s:annotate{label="korea"} end end'
"$glossa" -f html --style "$tmp/ok.style" -e "$marks" samples/trump-putin-call.txt > "$tmp/a.html" || fail "glossa --style"
# labels sorted: korea l0, my place l1, person l2
grep -q '^\.l1{--c:#aabbcc;--t:#000000;' "$tmp/a.html" || fail "my place is not #aabbcc"
grep -q '^\.l2{--c:#123456;--t:#ffffff;' "$tmp/a.html" || fail "person is not #123456 with white text"
"$glossa" -f html --style "$tmp/ok.style" -e 'glossa.style{person = "#fedcba"}' -e "$marks" samples/trump-putin-call.txt > "$tmp/b.html" || fail "glossa.style"
grep -q '^\.l2{--c:#fedcba;' "$tmp/b.html" || fail "glossa.style does not come first"
printf 'person #123456\nplace red\n' > "$tmp/bad.style"
"$glossa" -f html --style "$tmp/bad.style" samples/trump-putin-call.txt > /dev/null 2> "$tmp/err"
[ $? = 2 ] || fail "a bad --style file does not exit 2"
grep -qx "glossa: --style $tmp/bad.style:2: label \"place\": \"red\" is no colour (want #rgb or #rrggbb)" "$tmp/err" || { cat "$tmp/err"; fail "bad colour message"; }
printf 'person\n' > "$tmp/bad2.style"
"$glossa" -f html --style "$tmp/bad2.style" samples/trump-putin-call.txt > /dev/null 2> "$tmp/err"
grep -q "bad2.style:1: want LABEL COLOUR" "$tmp/err" || fail "missing colour message"
"$glossa" -f html -e 'glossa.style{person = "blue"}' samples/trump-putin-call.txt > /dev/null 2> "$tmp/err"
grep -q 'glossa.style: label "person": "blue" is no colour' "$tmp/err" || fail "glossa.style's error"
[ $status = 0 ] && echo PASS
exit $status
