#!/bin/sh
# index.sh GLOSSA [--update]: -f html -o DIR/ writes DIR/index.html, byte
# for byte tests/htmlpage/index.expected.html: an HTML page, a text file
# whose name needs percent-encoding (space, '#', ':'), an empty one in a
# sub-directory; a label with markup characters. Every link resolves to a
# page glossa wrote, and -j1 and -j3 write the same bytes. Each label's
# colour is its pages': the first page's for its column and the chart, a
# row's own where its page draws it apart (tint13).
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
# tint0 and tint13 hash to the same colour slot: where both are, tint13
# takes the next one, so the odd page and the quiet one draw tint13 apart
tint='return function(doc) if doc.path:match("quiet") then for s in doc:find("Nothing") do s:annotate{label="tint13"} end elseif doc.path:match("odd") then for s in doc:find("Trump") do s:annotate{label="tint0"} end for s in doc:find("Assad") do s:annotate{label="tint13"} end end end'
for j in 1 3; do
  "$glossa" -j$j -s "$root/scripts/entities.lua" -e "$odd" -e "$tint" -f html -o out$j/ \
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
# colours: a label's in the index is its first page's; a page that draws it
# in another colour has that one in its row
page_col() { # PAGE LABEL: the colour PAGE gives LABEL
  l=$(sed -n 's|.*<label class="g-key l\([0-9]*\)"><input[^>]*><span class="g-sw"></span><span class="g-name">'"$2"'</span>.*|\1|p' "$1")
  sed -n 's/^\.l'"$l"'{--c:\(#[0-9a-f]*\);.*/\1/p' "$1"
}
index_col() { # LABEL: the colour of LABEL's column in index.html
  l=$(sed -n 's|.*<th class="g-num l\([0-9]*\)"><span class="g-lab">'"$1"'</span></th>.*|\1|p' out1/index.html)
  sed -n 's/^\.l'"$l"'{--c:\(#[0-9a-f]*\);.*/\1/p' out1/index.html
}
first="out1/odd name #1:x.txt.html"
for lab in date duration organisation person place sentence tint0 tint13; do
  c=$(page_col "$first" $lab)
  [ -n "$c" ] && [ "$(index_col $lab)" = "$c" ] || fail "$lab: index $(index_col $lab), its first page $c"
done
q=$(page_col out1/sub/quiet.txt.html tint13)
[ -n "$q" ] && [ "$q" != "$(index_col tint13)" ] || fail "the quiet page draws tint13 as the odd one does: no test"
grep 'href="sub/quiet.txt.html"' out1/index.html | grep -q "style=\"--c:$q;" || fail "the quiet row does not draw tint13 in $q"
[ $status = 0 ] && echo PASS
exit $status
