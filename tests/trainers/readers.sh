# Real readers: NLTK's CoNLL corpus reader (Debian's python3-nltk; strict
# IOB through nltk.chunk's conlltags2tree) reads -f conll, Python's json
# reads -f spans, and tests/trainers/readers.py checks each against the
# other and both against doc:tokens() and doc:sentences() as a script sees
# them: the same tokens, sentences and chunks, the overlap rule worked out
# again from the spans, and the counts said on stderr.
PY=/usr/bin/python3
if ! [ -x $PY ] || ! $PY -c 'import nltk' 2>/dev/null; then
  echo "SKIP: Debian's python3-nltk is not installed (make test-deps installs it)"
  exit 77
fi
LUA='print("D") for t in doc:tokens() do print("T", t.start, t.stop) end
for s in doc:sentences() do print("S", s.start, s.stop) end'
check() {
  $GLOSSA -j1 -q "$@" -f conll >$TMP/out.conll 2>$TMP/err.conll
  $GLOSSA -j1 -q "$@" -f spans >$TMP/out.jsonl 2>$TMP/err.spans
  $GLOSSA -j1 -q "$@" -e "$LUA" -f spans >/dev/null 2>$TMP/lua
  cat $TMP/err.conll $TMP/err.spans >$TMP/err
  $PY tests/trainers/readers.py $TMP/out.conll $TMP/out.jsonl $TMP/lua $TMP/err
}
check -s scripts/people.lua -s scripts/places.lua -s scripts/quotes.lua \
  samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
check -s scripts/entities.lua -s scripts/deal-making.lua -s scripts/speculation.lua \
  samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
check -s tests/trainers/data/edge.lua tests/trainers/data/edge.txt
# the sentence cases of every language glossa has rules for: each file in
# the language it is named for
for f in tests/sentences/cases/*.txt; do
  l=$(basename $f .txt)
  check --lang $l -s scripts/people.lua $f
done
