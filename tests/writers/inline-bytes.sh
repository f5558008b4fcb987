#!/bin/sh
# -f inline writes the input file itself with marks inserted: deleting what
# it inserted (tests/writers/unmark.py, from the known syntax of marks, the
# policy <meta> and the namespace declaration) gives back the input byte
# for byte. Over the samples with the seed's scripts, and over the pages of
# tests/writers/pages (self-closing tags, character and entity references,
# the HTML standard's names that libxml2 does not know,
# CRLF, blank lines, no final newline, comments, CDATA, a BOM, fostered
# text, XHTML with and without a head) with marks at every word and across
# every pair of words (tests/writers/words.lua); and the marks hold the
# quotes -f jsonl gives (tests/writers/quotes.py), their fragments named
# and linked. Usage: inline-bytes.sh GLOSSA SRCDIR
set -u
glossa=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # KIND FILE SCRIPTS...
  kind=$1 file=$2
  shift 2
  if ! "$glossa" -f inline "$@" "$file" > "$tmp/out" 2> "$tmp/ierr"; then
    echo "FAIL $file: glossa failed: $(cat "$tmp/ierr")"; fail=1; return
  fi
  # the annotations it could not mark (wholly in raw text), as it says
  said=$(sed -n 's/.*: \([0-9]*\) annotations\{0,1\} in raw text.*/\1/p' "$tmp/ierr")
  n=$(grep -o '<[a-z0-9]*:\{0,1\}mark ' "$tmp/out" | wc -l)
  if [ "$n" -eq 0 ]; then echo "FAIL $file: no marks"; fail=1; return; fi
  if ! python3 "$src/tests/writers/unmark.py" "$kind" "$tmp/out" "$tmp/plain"; then
    echo "FAIL $file: unmark failed"; fail=1; return
  fi
  if ! "$glossa" -f jsonl "$@" "$file" > "$tmp/jsonl" 2> "$tmp/err"; then
    echo "FAIL $file: glossa -f jsonl failed: $(cat "$tmp/err")"; fail=1; return
  fi
  # what the marks hold: each quote exactly, but where a boundary falls
  # inside an XML entity's replacement (moved to the reference's edge); no
  # mark only for those wholly in raw text, as many as glossa says
  q=$(python3 "$src/tests/writers/quotes.py" "$kind" "$tmp/out" "$tmp/jsonl")
  case $file:$q in
    *cdata-entities.xml:*", 0 wrong, ${said:-0} unmarked") ;;
    *raw-text.html:*", 0 wrong, ${said:-0} unmarked") ;; # marks leave raw text out
    *", 0 moved, 0 wrong, ${said:-0} unmarked") ;;
    *) echo "FAIL $file: marks and quotes differ:"; echo "$q"; fail=1 ;;
  esac
  if cmp -s "$tmp/plain" "$file"; then
    echo "ok   $file ($n marks; $(echo "$q" | tail -1))"
  else
    echo "FAIL $file: without its marks the output is not the input:"
    cmp "$tmp/plain" "$file"
    fail=1
  fi
}
seed="-s $src/scripts/people.lua -s $src/scripts/places.lua -s $src/scripts/quotes.lua -s $src/scripts/titles.lua"
for f in html xml; do
  # shellcheck disable=SC2086
  check $f "$src/samples/trump-putin-call.$f" $seed
  check $f "$src/samples/trump-putin-call.$f" -s "$src/tests/writers/words.lua"
done
for f in "$src"/tests/writers/pages/*; do
  case $f in *.xml) kind=xml ;; *) kind=html ;; esac
  # shellcheck disable=SC2086
  check $kind "$f" $seed -s "$src/tests/writers/words.lua"
done
exit $fail
