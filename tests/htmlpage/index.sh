#!/bin/sh
# index.sh GLOSSA [--update]: -f html -o DIR/ writes DIR/index.html, byte
# for byte tests/htmlpage/index.expected.html: an HTML page, a text file
# whose name needs percent-encoding (space, '#', ':'), an empty one in a
# sub-directory; a label with markup characters. Every link resolves to a
# page glossa wrote, and -j1 and -j3 write the same bytes.
set -u
glossa=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
expected=$here/index.expected.html
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
fail() { echo "FAIL: $*"; status=1; }
mkdir -p "$tmp/in/sub"
cp "$root/samples/trump-putin-call.html" "$tmp/in/"
cp "$root/samples/trump-putin-call.txt" "$tmp/in/odd name #1:x.txt"
printf 'Nothing to see.\n' > "$tmp/in/sub/quiet.txt"
cd "$tmp" || exit 2
odd='return function(doc) for s in doc:find("Tillerson") do s:annotate{label="a<b>&\"c\""} end end'
for j in 1 3; do
  "$glossa" -j$j -s "$root/scripts/entities.lua" -e "$odd" -f html -o out$j/ \
    in/
  rc=$?
  [ $rc = 0 ] || fail "glossa -j$j exited $rc"
done
if [ "${2:-}" = --update ]; then
  cp out1/index.html "$expected"
  echo "updated $expected"
  exit 0
fi
cmp -s out1/index.html out3/index.html || fail "-j1 and -j3 write different index.html"
diff -u "$expected" out1/index.html || fail "index.html differs from index.expected.html (above)"
# each link, percent-decoded, names a page in out1/
unpct() { # a %XX-encoded path, decoded (one byte at a time)
  rest=$1 outp=
  while [ -n "$rest" ]; do
    case $rest in
    %??*) h=${rest#%}; h=${h%"${h#??}"}; outp=$outp$(printf "\\$(printf %o "0x$h")"); rest=${rest#%??} ;;
    *) c=${rest%"${rest#?}"}; outp=$outp$c; rest=${rest#?} ;;
    esac
  done
  printf '%s' "$outp"
}
links=$(grep -o 'href="[^"]*"' out1/index.html | sed 's/^href="//; s/"$//')
n=0
for l in $links; do
  f=$(unpct "$l")
  [ -f "out1/$f" ] || fail "link $l: no file out1/$f"
  grep -q '<meta name="generator" content="glossa">' "out1/$f" || fail "link $l: not a glossa page"
  n=$((n + 1))
done
[ $n = 3 ] || fail "$n links, want 3"
grep -q 'src=\|url(\|http:\|https:' out1/index.html && fail "index.html names something to fetch"
[ $status = 0 ] && echo PASS
exit $status
