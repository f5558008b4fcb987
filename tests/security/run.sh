#!/bin/sh
# Hardened parsing and sandbox escapes (issue 6, items 1 and 3).
#
#   tests/security/run.sh [GLOSSA]           (default: build/glossa)
#   UPDATE=1 tests/security/run.sh [GLOSSA]  rewrite tests/security/expected/
#                                            (then check the diff by hand)
#   SLOW=1 tests/security/run.sh [GLOSSA]    also the slow cases (a 2 MB line
#                                            of 100 000 sentences, a 2 MB HTML
#                                            line): each must end within 30 s
#
# Every case runs
#   glossa -j1 [EXTRA] -e 'doc:sentences():annotate{label="s"}' -f jsonl FILE
# and its stdout, stderr and exit status are compared with
# tests/security/expected/NAME.out (lines over 400 bytes are cut, with their
# length; the temporary directory of the big inputs is written BIG). The
# cases that name something outside the document (XXE, external DTDs,
# XInclude) also run under strace when it works, and fail if glossa opened
# any file other than the input and the system's libraries, or connected
# anywhere. The amplification cases print their peak RSS (not compared);
# those that used to take seconds must end within 10 s.
# The table of the cases and what they should do is tests/SECURITY.md.
set -u

glossa=${1:-build/glossa}
case $glossa in
/*) ;;
*) glossa=$(pwd)/$glossa ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.." || exit 1
if [ ! -x "$glossa" ]; then
  echo "run.sh: $glossa: not an executable (build glossa first)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/glossa-security.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
big=$tmp/big
sh "$here/make-inputs.sh" big "$big" || exit 1
in=tests/security/inputs
exp=tests/security/expected
mkdir -p "$exp"
failed=0
script='doc:sentences():annotate{label="s"}'

fail() {
  echo "FAIL $name: $*" >&2
  failed=1
}

have_strace=0
if command -v strace >/dev/null 2>&1 &&
  strace -f -o /dev/null true >/dev/null 2>&1; then
  have_strace=1
fi
have_time=0
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
  have_time=1
fi

# normalize FILE: BIG for the temporary directory, long lines cut
normalize() {
  sed "s#$big/#BIG/#g" "$1" |
    awk '{ if (length($0) > 400) printf "%s...[%d bytes]\n", substr($0, 1, 400), length($0); else print }'
}

# compare NAME: $tmp/NAME.{stdout,stderr,rc} against $exp/NAME.out
compare() {
  {
    echo "--- stdout"
    normalize "$tmp/$name.stdout"
    echo "--- stderr"
    normalize "$tmp/$name.stderr"
    echo "--- exit $(cat "$tmp/$name.rc")"
  } >"$tmp/$name.out"
  if [ "${UPDATE:-}" = 1 ]; then
    cp "$tmp/$name.out" "$exp/$name.out"
  elif [ ! -f "$exp/$name.out" ]; then
    fail "no expected file $exp/$name.out (run with UPDATE=1, then check it)"
  elif ! diff -u "$exp/$name.out" "$tmp/$name.out" >"$tmp/$name.diff" 2>&1; then
    fail "output or exit status differ"
    cat "$tmp/$name.diff" >&2
  fi
}

# run NAME FILE [EXTRA...]: the standard command on FILE, in the background
# (up to 4 at a time); finish compares them all
pending=
njobs=0
run() {
  name=$1
  file=$2
  shift 2
  (
    if [ "$have_time" = 1 ]; then
      /usr/bin/time -f '%M %e' -o "$tmp/$name.time" \
        "$glossa" -j1 "$@" -e "$script" -f jsonl "$file" </dev/null \
        >"$tmp/$name.stdout" 2>"$tmp/$name.stderr"
    else
      "$glossa" -j1 "$@" -e "$script" -f jsonl "$file" </dev/null \
        >"$tmp/$name.stdout" 2>"$tmp/$name.stderr"
    fi
    echo $? >"$tmp/$name.rc"
  ) &
  pending="$pending $name"
  njobs=$((njobs + 1))
  if [ "$njobs" -ge 4 ]; then
    wait
    njobs=0
  fi
}

finish() {
  wait
  njobs=0
  for name in $pending; do compare; done
  pending=
}

# rss NAME: the peak RSS and time of run NAME (after finish; measured while
# other cases ran alongside)
rss() {
  [ -s "$tmp/$1.time" ] || return 0
  set -- "$1" $(tail -n 1 "$tmp/$1.time")
  echo "peak RSS $1: $2 KB, $3 s"
}

# sealed NAME FILE: under strace, glossa opens only FILE and system files,
# connects nowhere, and does not even look /etc/passwd up (stat: libxml2
# does that on the way to the entity loader)
sealed() {
  [ "$have_strace" = 1 ] || return 0
  name=$1
  file=$2
  # LeakSanitizer cannot run under ptrace
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    strace -f -qq -e trace=%file,connect,socket -o "$tmp/$name.strace" \
    "$glossa" -j1 -e "$script" -f jsonl "$file" </dev/null >/dev/null 2>&1
  grep -E '(connect|socket)\(' "$tmp/$name.strace" >"$tmp/$name.net"
  if [ -s "$tmp/$name.net" ]; then
    fail "glossa used the network:"
    cat "$tmp/$name.net" >&2
  fi
  sed -n 's/.*open[a-z]*(\(AT_FDCWD, \)\{0,1\}"\([^"]*\)".*/\2/p' "$tmp/$name.strace" |
    grep -v -E '^(/etc/ld\.so\.(cache|preload)|/lib|/usr/lib|/usr/local/lib|/proc/|/sys/|/dev/|/usr/share/locale|/usr/lib/locale|/etc/localtime)' |
    grep -v -x -F "$file" >"$tmp/$name.opened"
  if [ -s "$tmp/$name.opened" ]; then
    fail "glossa opened files other than the input:"
    sed 's/^/  /' "$tmp/$name.opened" >&2
  fi
  if grep -q '/etc/passwd\|127\.0\.0\.1' "$tmp/$name.strace"; then
    fail "glossa touched /etc/passwd or 127.0.0.1:"
    grep '/etc/passwd\|127\.0\.0\.1' "$tmp/$name.strace" >&2
  fi
}

# --- external resources: nothing read, nothing connected
for c in xxe-file.xml xxe-http.xml xxe-param.xml xxe-file.html dtd-file.xml dtd-http.xml \
  dtd-file-default.xml xinclude.xml xxe-many.xml dtd-undeclared.xml xxe-then-error.xml; do
  n=${c%.*}-${c##*.}
  run "$n" "$in/$c"
  sealed "$n" "$in/$c"
done

# --- entity amplification
run billion-laughs-xml "$in/billion-laughs.xml"
run entity-loop-xml "$in/entity-loop.xml"
run quadratic-small-xml "$big/quadratic-small.xml"
run quadratic-xml "$big/quadratic.xml"
run entity-many-refs-xml "$big/entity-many-refs.xml"
run entity-markup-xml "$big/entity-markup.xml"
run amp-line-xml "$big/amp-line.xml"

# --- nesting
run deep-xml "$big/deep.xml"
run deep-html "$big/deep.html"
run deep-unclosed-html "$big/deep-unclosed.html"
run deep-256-html "$big/deep-256.html"

# --- encodings, NUL bytes, truncation, junk, empty files
for c in bad-utf8.txt bad-utf8.html bad-utf8-declared.html bad-utf8.xml \
  bad-utf8-http-equiv.html bad-utf8-xmldecl.html \
  cp1252-undefined.html ebcdic.xml unknown-encoding.xml ebcdic.html sjis-bad.html \
  nul-after-tag.html nul-contexts.html \
  utf16le.txt utf16be.txt utf16le.html utf16be.html utf16le.xml utf16be.xml utf16le-odd.txt \
  nul.txt nul.html nul.xml truncated.xml truncated.html \
  junk.bin junk.html junk.xml header.png png-named.txt empty.txt empty.html empty.xml; do
  run "${c%.*}-${c##*.}" "$in/$c"
done

# --- size
run huge-line-txt "$big/huge-line.txt"
run huge-line-html "$big/huge-line.html"
run over-max-size-txt "$big/over-max-size.txt" --max-size 1K
finish
for n in billion-laughs-xml quadratic-small-xml quadratic-xml entity-many-refs-xml \
  entity-markup-xml amp-line-xml deep-xml deep-html deep-unclosed-html huge-line-txt huge-line-html; do
  rss "$n"
done
# quadratic before (under ASan 14-45 s, over 120 s, 7 s and 83 s): now linear
for name in quadratic-xml entity-many-refs-xml entity-markup-xml amp-line-xml; do
  [ -s "$tmp/$name.time" ] || continue
  secs=$(tail -n 1 "$tmp/$name.time" | awk '{ print int($2) }')
  [ "$secs" -lt 10 ] || fail "took $secs s (over 10 s)"
done
for name in xxe-file-xml xxe-param-xml xxe-file-html dtd-file-xml dtd-file-default-xml xinclude-xml \
  xxe-many-xml dtd-undeclared-xml xxe-then-error-xml; do
  grep -q 'root:' "$tmp/$name.stdout" "$tmp/$name.stderr" && fail "/etc/passwd content in the output"
done

# --- every format on inputs that broke one (issue 11 items 4, 19, 22):
# formats NAME ARGS...: glossa -j1 ARGS -f FORMAT for each format (brat into
# a directory, and xmi); NAME.stdout gets, per format, its exit status and what the
# checks (tests/security/check-format.py) find in its output, and with
# SHOW=1 in the environment the -f text output itself
have_python=0
command -v python3 >/dev/null 2>&1 && have_python=1
formats() {
  name=$1
  shift
  : >"$tmp/$name.stdout"
  : >"$tmp/$name.stderr"
  for f in text jsonl json html inline brat conll spans sqlite xmi; do
    out=$tmp/$name.$f
    if [ "$f" = brat ] || [ "$f" = xmi ]; then
      rm -rf "$out" && mkdir "$out"
      "$glossa" -j1 "$@" -f "$f" -o "$out/" </dev/null >/dev/null 2>>"$tmp/$name.stderr"
    elif [ "$f" = sqlite ]; then
      rm -f "$out"
      "$glossa" -j1 "$@" -f sqlite -o "$out" </dev/null >/dev/null 2>>"$tmp/$name.stderr"
    else
      "$glossa" -j1 "$@" -f "$f" </dev/null >"$out" 2>>"$tmp/$name.stderr"
    fi
    rc=$?
    if [ "$have_python" = 1 ]; then
      echo "$f: exit $rc: $(python3 "$here/check-format.py" "$f" "$out")" >>"$tmp/$name.stdout"
    else
      echo "$f: exit $rc: not checked (no python3)" >>"$tmp/$name.stdout"
    fi
    if [ "$f" = text ] && [ "${SHOW:-}" = 1 ]; then cat "$out" >>"$tmp/$name.stdout"; fi
  done
  echo 0 >"$tmp/$name.rc"
}
# 200 000 levels of HTML: every format, as -f jsonl does (-f inline crashed
# in libxml2's recursive copy at about 60 000); of XML: refused by all
formats deep-200k-html -e "$script" "$big/deep-200k.html"
formats deep-200k-xml -e "$script" "$big/deep-200k.xml"
# labels, notes, attributes, a file name and a record id that hold line
# breaks, a forged annotation line, quotes, markup and bytes that are not
# UTF-8: each format stays parseable, one record per annotation
weird="$big/$(printf 'caf\351\nforged.txt:1:1: evil: x.txt')"
printf 'A first sentence. A second one.\n' >"$weird"
SHOW=1 formats fields-name -s tests/security/fields.lua "$weird"
SHOW=1 formats fields-records -s tests/security/fields.lua --records "$in/fields.jsonl"
# the page's own scripts: -f inline's output forbids them (a CSP, first)
formats inline-scripts -e "$script" "$in/inline-scripts.html"
for name in deep-200k-html deep-200k-xml fields-name fields-records inline-scripts; do compare; done
# no libxml2 or iconv message without its file, from workers too (-j2)
name=encodings-j2
"$glossa" -j2 -e "$script" -f jsonl "$in/ebcdic.xml" "$in/unknown-encoding.xml" "$in/ebcdic.html" \
  "$in/sjis-bad.html" "$in/nul-after-tag.html" </dev/null >"$tmp/$name.stdout" 2>"$tmp/$name.stderr"
echo $? >"$tmp/$name.rc"
compare
if grep -v -E "^(glossa: )?$in/[a-z0-9-]+\.(xml|html)(:[0-9]+(:[0-9]+)?)?: " "$tmp/$name.stderr" >"$tmp/$name.unnamed"; then
  fail "messages that name no file:"
  cat "$tmp/$name.unnamed" >&2
fi

# --- sandbox escapes: each attempt is an annotation "NAME: outcome";
# standard input carries a marker a script must not be able to read
name=escapes
printf 'STDIN-SECRET\n' | "$glossa" -j1 -s tests/security/escapes.lua "$in/escapes.txt" \
  >"$tmp/$name.stdout" 2>"$tmp/$name.stderr"
echo $? >"$tmp/$name.rc"
compare
grep -q 'PRINT-MARKER' "$tmp/escapes.stdout" && fail "print wrote to stdout"
grep -q '^PRINT-MARKER: print goes to stderr$' "$tmp/escapes.stderr" || fail "print did not reach stderr"
[ -e /tmp/glossa-escape-test-must-not-exist ] && fail "a script created a file"
n_esc=$(grep -c ': ESCAPED: ' "$tmp/escapes.stdout")
n_ok=$(grep -c ': escape: ' "$tmp/escapes.stdout")
echo "sandbox: $n_ok attempts blocked, $n_esc escaped (findings, see tests/SECURITY.md)"

# --- slow: must end within 30 s (they do not today: see tests/SECURITY.md)
if [ "${SLOW:-}" = 1 ]; then
  limit=
  command -v timeout >/dev/null 2>&1 && limit="timeout -k 5 30" # a hang fails the case instead of the run
  for c in huge-line-many.txt huge-line-2m.html; do
    name=slow-${c%.*}
    start=$(date +%s)
    if [ "$have_time" = 1 ]; then
      /usr/bin/time -f '%M %e' -o "$tmp/$name.time" $limit "$glossa" -j1 -e "$script" -f jsonl \
        "$big/$c" </dev/null >/dev/null 2>"$tmp/$name.stderr"
    else
      $limit "$glossa" -j1 -e "$script" -f jsonl "$big/$c" </dev/null >/dev/null 2>"$tmp/$name.stderr"
    fi
    rc=$?
    echo "slow $c: exit $rc after $(($(date +%s) - start)) s: $(head -c 200 "$tmp/$name.stderr")"
    case $rc in
    124 | 137) fail "took more than 30 s" ;;
    *) rss "$name" ;;
    esac
  done
fi

if [ "$failed" = 0 ]; then
  echo "tests/security: all cases match"
fi
exit "$failed"
