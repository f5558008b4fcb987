# A full disk (tests/SECURITY.md, item 18): every write error is reported
# with the file it was for and why, exit 1, no temporary file left, the
# other documents still written. A file size limit (ulimit -f, SIGXFSZ
# ignored: writes past it fail with EFBIG) stands for a full file system
# under -o DIR/ and -o FILE; /dev/full (ENOSPC) for standard output and a
# device given to -o.
cd "$TMP" || exit 1
mkdir docs views
printf 'Hello small\n' >docs/a.txt
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "Hello line %d\n", i }' >docs/b.txt
printf 'Hello small too\n' >docs/c.txt
E='doc:find("Hello"):annotate{label = "hi"}'
(
  trap '' XFSZ
  ulimit -f 40 # 40 blocks: 20 KB in dash (512-byte blocks), 40 KB in bash
  $GLOSSA -j2 -e "$E" -f jsonl -o views/ docs/
  echo "-o views/: exit $?"
  $GLOSSA -j2 -e "$E" -f jsonl -o all.jsonl docs/
  echo "-o all.jsonl: exit $?"
  # standard output redirected to a file: cut back to its last whole record
  $GLOSSA -j2 -e "$E" -f jsonl docs/ >stdout.jsonl
  echo "stdout to a file: exit $?"
)
python3 - stdout.jsonl <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
lines = data.split(b"\n")
ok = sum(1 for l in lines[:-1] if json.loads(l) is not None)
print("stdout.jsonl: %d lines, all JSON; %s" % (ok, "ends on a newline" if data.endswith(b"\n") else "ENDS INSIDE A RECORD"))
PY
rm stdout.jsonl
ls -A views
ls -A | grep -v -e '^docs$' -e '^views$'
$GLOSSA -e "$E" -f jsonl docs/ >/dev/full
echo "stdout /dev/full: exit $?"
$GLOSSA -e "$E" -f jsonl -o /dev/full docs/
echo "-o /dev/full: exit $?"
$GLOSSA -e "$E" -f html -o /dev/full docs/a.txt
echo "-f html -o /dev/full: exit $?"
