#!/bin/sh
# docs/man: docs/glossa.1 formats without a warning, and names every long
# option of `glossa --help` and every subcommand of its Subcommands list.
# Usage: man.sh GLOSSA [PAGE]   (default: docs/glossa.1). Exit 77 (skipped)
# without groff (Debian: groff-base).
set -u
GLOSSA=$1
here=$(cd "$(dirname "$0")" && pwd)
page=${2:-$here/../../docs/glossa.1}
command -v groff > /dev/null || { echo "docs/man: skipped: no groff (apt-get install groff-base)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

if ! groff -man -Tutf8 -ww -z "$page" 2> "$tmp/warnings" || [ -s "$tmp/warnings" ]; then
  echo "docs/man: groff -man -ww reports on $page:"
  sed 's/^/    /' "$tmp/warnings"
  status=1
fi

"$GLOSSA" --help > "$tmp/help" || { echo "docs/man: glossa --help failed"; exit 1; }
# The page's source with \- read as -, so that \-\-max\-size is --max-size.
sed 's/\\-/-/g' "$page" > "$tmp/page"
n=0
for opt in $(grep -o -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u); do
  n=$((n + 1))
  if ! grep -q -F -e "$opt" "$tmp/page"; then
    echo "docs/man: $opt (in glossa --help) is not in $page"
    status=1
  fi
done
[ "$n" -gt 5 ] || { echo "docs/man: found only $n long options in glossa --help"; status=1; }
# Subcommands: the first word of each entry under "Subcommands:", in SYNOPSIS.
for sub in $(awk '/^Subcommands:/ { on = 1; next } on && /^[^ ]/ { on = 0 } on && /^  [a-z]/ { print $1 }' "$tmp/help" | sort -u); do
  if ! grep -q -x -F -e ".B glossa $sub" "$tmp/page"; then
    echo "docs/man: the subcommand '$sub' (in glossa --help) has no '.B glossa $sub' line in SYNOPSIS"
    status=1
  fi
done
[ "$status" = 0 ] && echo "docs/man: $page formats cleanly and names all $n long options"
exit $status
