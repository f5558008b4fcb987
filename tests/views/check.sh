#!/bin/sh
# check.sh GLOSSA: the text view of each sample, byte for byte.
#   .txt   the file itself
#   .html  Chromium's document.body.textContent (tests/html/textcontent.sh)
#   .xml   DOM textContent of the root, from Python's ElementTree (expat)
set -u
glossa=$1
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
check() { # NAME EXPECTED-FILE
  "$glossa" dump --text "samples/$1" >"$tmp/view" || { echo "FAIL: $1: dump failed"; fail=1; return; }
  if cmp "$tmp/view" "$2"; then echo "ok: $1 ($(wc -c <"$2") bytes)"; else echo "FAIL: $1: view differs from $2"; fail=1; fi
}
check trump-putin-call.txt samples/trump-putin-call.txt
check trump-putin-call.html tests/views/trump-putin-call.html.view
python3 -c '
import sys, xml.etree.ElementTree as E
sys.stdout.buffer.write("".join(E.parse(sys.argv[1]).getroot().itertext()).encode())' \
  samples/trump-putin-call.xml >"$tmp/xml.view" || exit 2
check trump-putin-call.xml "$tmp/xml.view"
exit $fail
