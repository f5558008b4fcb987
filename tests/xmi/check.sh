#!/bin/sh
# check.sh GLOSSA: -f xmi read back by Apache UIMA's own XmiCasDeserializer,
# strictly (ReadXmi.java: a type or feature the TypeSystem.xml lacks fails),
# and every annotation's type, UTF-16 offsets, covered text and features
# held against glossa's -f jsonl --offsets utf16 of the same run (check.py);
# Sentence and Token (--segments) against -f spans' tokens; the bytes of
# one run against golden files; -j1 and -j2 alike; the reader shown to
# refuse a type it was not given. Exit 77 without java or UIMA's jar
# (make test-deps installs default-jdk-headless and libuima-core-java).
set -u
glossa=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${UIMA_JAR:-/usr/share/java/uimaj-core.jar}
command -v javac >/dev/null && command -v java >/dev/null && [ -f "$jar" ] ||
  { echo "SKIP: no javac, java or $jar" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root" || exit 2
javac -cp "$jar" -d "$tmp/classes" "$here/ReadXmi.java" || { echo "FAIL: javac"; exit 1; }
uima() { java -cp "$jar:$tmp/classes" ReadXmi "$@"; }
status=0

# run NAME SCRIPT-OPTIONS FILE...: -f xmi into $tmp/NAME/, checked
run() {
  name=$1 opts=$2
  shift 2
  "$glossa" -f xmi --segments $opts "$@" -o "$tmp/$name/" 2>"$tmp/$name.err"
  rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: $name: glossa -f xmi exited $rc"; cat "$tmp/$name.err"; status=1; return; }
  "$glossa" -f jsonl --offsets utf16 $opts "$@" >"$tmp/$name.jsonl" &&
    "$glossa" -f spans $opts "$@" >"$tmp/$name.spans" || { echo "FAIL: $name: jsonl, spans"; status=1; return; }
  mkdir -p "$tmp/$name.views"
  for f in "$@"; do "$glossa" dump --text "$f" >"$tmp/$name.views/$(basename "$f").txt"; done
  uima "$tmp/$name/TypeSystem.xml" "$tmp/$name"/*.xmi >"$tmp/$name.read" ||
    { echo "FAIL: $name: UIMA could not read the XMI"; status=1; return; }
  python3 "$here/check.py" "$tmp/$name/TypeSystem.xml" "$tmp/$name.read" "$tmp/$name.jsonl" \
    "$tmp/$name.views" "$tmp/$name.spans" >"$tmp/$name.out"
  rc=$?
  sed "s/^/$name: /" "$tmp/$name.out"
  [ $rc -eq 0 ] || status=1
}

run kinds "-s tests/xmi/kinds.lua" tests/xmi/controls.txt tests/xmi/emoji.txt tests/xmi/other.txt
want='tests/xmi/controls.txt: -f xmi: 1 character that XML 1.0 cannot hold (a control, U+FFFE, U+FFFF) written as U+FFFD; no offset moves'
[ "$(cat "$tmp/kinds.err")" = "$want" ] || { echo "FAIL: kinds: stderr:"; cat "$tmp/kinds.err"; status=1; }
for f in emoji.txt.xmi controls.txt.xmi TypeSystem.xml; do
  cmp -s "$here/golden/$f" "$tmp/kinds/$f" ||
    { echo "FAIL: kinds: $f is not tests/xmi/golden/$f:"; diff "$here/golden/$f" "$tmp/kinds/$f" | head -20; status=1; }
done
run samples "-s scripts/entities.lua -s scripts/deal-making.lua -s scripts/quotes.lua" \
  samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml

# the same bytes whatever -j
"$glossa" -j1 -f xmi --segments -s scripts/entities.lua -s scripts/quotes.lua samples/* -o "$tmp/j1/" &&
  "$glossa" -j2 -f xmi --segments -s scripts/entities.lua -s scripts/quotes.lua samples/* -o "$tmp/j2/" &&
  diff -r "$tmp/j1" "$tmp/j2" >/dev/null && echo "-j1 and -j2: the same files" ||
  { echo "FAIL: -j1 and -j2 differ"; status=1; }

# the reader is strict: without webanno.custom.call it refuses the file
sed '/<name>webanno.custom.call<\/name>/,/<\/typeDescription>/d; /<typeDescription>$/{N;/webanno.custom.call/d}' \
  "$tmp/kinds/TypeSystem.xml" >"$tmp/less.xml"
if grep -q 'custom.call' "$tmp/less.xml"; then echo "FAIL: could not take the type out"; status=1
elif uima "$tmp/less.xml" "$tmp/kinds/emoji.txt.xmi" >/dev/null 2>"$tmp/less.err"; then
  echo "FAIL: UIMA read a type its type system lacks"; status=1
else echo "strict: UIMA refuses webanno.custom.call when TypeSystem.xml lacks it"
fi
exit $status
