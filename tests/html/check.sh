#!/bin/sh
# check.sh GLOSSA: glossa's text view of each case against Chromium's
# document.body.textContent (cases/NAME.txt, made by regen.sh).
set -u
glossa=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.err"' EXIT INT TERM
fail=0 same=0 known=0
# nul/: NUL bytes in every context; head/: what a browser moves out of head
# markup/: syntax libxml2 reads unlike a browser (kept apart: other tests
# read all of cases/)
for f in "$here"/cases/*.html "$here"/nul/*.html "$here"/head/*.html "$here"/markup/*.html; do
  name=$(basename "$f" .html)
  dir=$(dirname "$f")
  "$glossa" dump --text "$f" >"$tmp" 2>"$tmp.err" || {
    echo "FAIL: $name: glossa failed: $(cat "$tmp.err")"
    fail=1
    continue
  }
  case $dir in
  */nul) # and it says what became of the NUL bytes, once
    n=$(grep -c "^$f:[0-9]*: warning: [0-9]* NUL bytes\{0,1\}, read as a browser reads" "$tmp.err")
    [ "$n" = 1 ] || { echo "FAIL: $name: no NUL warning (or more than one): $(cat "$tmp.err")"; fail=1; } ;;
  esac
  if grep -q "^$name " "$here/KNOWN-DIFFERENCES"; then
    if cmp -s "$tmp" "$dir/$name.txt"; then
      echo "FAIL: $name now matches the browser: remove it from KNOWN-DIFFERENCES"
      fail=1
    else
      known=$((known + 1))
      echo "known difference: $name"
    fi
  elif cmp -s "$tmp" "$dir/$name.txt"; then
    same=$((same + 1))
  else
    echo "FAIL: $name: the view differs from the browser's"
    echo "  browser: $(od -An -c "$dir/$name.txt" | tr -s ' ' | head -c 300)"
    echo "  glossa:  $(od -An -c "$tmp" | tr -s ' ' | head -c 300)"
    fail=1
  fi
done
echo "$same cases match the browser, $known known differences"
exit $fail
