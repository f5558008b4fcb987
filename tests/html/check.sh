#!/bin/sh
# check.sh GLOSSA: glossa's text view of each case against Chromium's
# document.body.textContent (cases/NAME.txt, made by regen.sh).
set -u
glossa=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT INT TERM
fail=0 same=0 known=0
for f in "$here"/cases/*.html; do
  name=$(basename "$f" .html)
  "$glossa" dump --text "$f" >"$tmp" || { echo "FAIL: $name: glossa failed"; fail=1; continue; }
  if grep -q "^$name " "$here/KNOWN-DIFFERENCES"; then
    if cmp -s "$tmp" "$here/cases/$name.txt"; then
      echo "FAIL: $name now matches the browser: remove it from KNOWN-DIFFERENCES"
      fail=1
    else
      known=$((known + 1))
      echo "known difference: $name"
    fi
  elif cmp -s "$tmp" "$here/cases/$name.txt"; then
    same=$((same + 1))
  else
    echo "FAIL: $name: the view differs from the browser's"
    echo "  browser: $(od -An -c "$here/cases/$name.txt" | tr -s ' ' | head -c 300)"
    echo "  glossa:  $(od -An -c "$tmp" | tr -s ' ' | head -c 300)"
    fail=1
  fi
done
echo "$same cases match the browser, $known known differences"
exit $fail
