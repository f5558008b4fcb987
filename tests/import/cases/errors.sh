# Bad annotation files: each error names the file and line (or JSON
# pointer) and what is wrong, exit 2 before any document; annotations for no
# document of the run are reported (exit 1), not dropped silently.
cp samples/trump-putin-call.txt $TMP/
cd $TMP
f=trump-putin-call.txt
printf '{"path":"%s","label":"x","start":0,"end":4}\n{"path":"%s","label":"x","start":0,\n' $f $f > cut.jsonl
$GLOSSA --annotations cut.jsonl $f; echo "exit $?"
printf '\n{"label":"x","start":0,"end":4}\n' > nopath.jsonl
$GLOSSA --annotations nopath.jsonl $f; echo "exit $?"
printf '{"path":"%s","label":"x","start":9,"end":4}\n' $f > back.jsonl
$GLOSSA --annotations back.jsonl $f; echo "exit $?"
printf '{"path":"%s","label":"x","attrs":{"k":[1]},"start":0,"end":4}\n' $f > attr.jsonl
$GLOSSA --annotations attr.jsonl $f; echo "exit $?"
printf '{"path":"%s","label":"x"}\n' $f > nowhere.jsonl
$GLOSSA --annotations nowhere.jsonl $f; echo "exit $?"
printf '{"path":"%s","label":"x","start":0,"end":4,"note":"\377"}\n' $f > latin1.jsonl
$GLOSSA --annotations latin1.jsonl $f; echo "exit $?"
printf '{"type":"AnnotationPage","items":[{"type":"Annotation","body":"b","target":{"source":"x"}}]}' > nosel.json
$GLOSSA --annotations nosel.json $f; echo "exit $?"
printf '[{"type":"Annotation","body":"b"}]' > notarget.json
$GLOSSA --annotations notarget.json $f; echo "exit $?"
printf '{"type":"AnnotationCollection","first":"https://example.org/page1"}' > remote.json
$GLOSSA --annotations remote.json $f; echo "exit $?"
# W3C files are read an annotation at a time: a syntax error is found where it is
printf '{"type":"AnnotationCollection","first":{"type":"AnnotationPage",\n"items":[{"type":"Annotation",' > cut.json
$GLOSSA --annotations cut.json $f; echo "exit $?"
printf '[{"type":"Annotation","body":"b","target":{"source":"x","selector":{"type":"TextQuoteSelector","exact":"x"}}}\n {"b":2}]' > comma.json
$GLOSSA --annotations comma.json $f; echo "exit $?"
printf '{"items":[], "type":"AnnotationPage" "x":1}' > page.json
$GLOSSA --annotations page.json $f; echo "exit $?"
printf '{"text":"abc","spans":[{"start":0,"end":9,"label":"x"}]}\n' > past.spans
$GLOSSA --annotations past.spans $f; echo "exit $?"
printf 'T1\tperson 0 4\tLong\nT2\tperson 4\tx\n' > bad.ann
$GLOSSA --annotations bad.ann $f; echo "exit $?"
printf 'T1\tperson 0 4\tLong\nA1\trole T9 x\n' > attr.ann
$GLOSSA --annotations attr.ann $f; echo "exit $?"
printf 'T1\tperson 0 4\tLong\nE1\tevent:T1\n' > trump-putin-call.ann
$GLOSSA -f jsonl --annotations trump-putin-call.ann $f > out.jsonl; echo "exit $?"
sed 's/,"start_byte".*"matcher"/ … "matcher"/' out.jsonl
: > empty.jsonl
$GLOSSA --annotations empty.jsonl $f; echo "exit $?"
$GLOSSA --annotations missing.jsonl $f; echo "exit $?"
# for no document of the run: reported, and the others still done
printf '{"path":"elsewhere/other.txt","label":"x","start":0,"end":4,"exact":"Long"}\n{"path":"%s","label":"y","start":0,"end":4}\n' $f > other.jsonl
$GLOSSA --annotations other.jsonl $f; echo "exit $?"
# two documents fit: say which
mkdir -p a b; cp $f a/; cp $f b/
printf '{"path":"x/trump-putin-call.txt","label":"x","start":0,"end":4}\n' > two.jsonl
$GLOSSA --annotations two.jsonl a/trump-putin-call.txt b/trump-putin-call.txt; echo "exit $?"
$GLOSSA -f jsonl --annotations two.jsonl --annotations-for two.jsonl=b/trump-putin-call.txt a/trump-putin-call.txt b/trump-putin-call.txt | sed 's/,"start_byte".*//' 
$GLOSSA --annotations two.jsonl --annotations-for two.jsonl=c.txt $f; echo "exit $?"
$GLOSSA --annotations-for x=y $f; echo "exit $?"
$GLOSSA --annotations-for x $f; echo "exit $?"
$GLOSSA --new-only $f; echo "exit $?"
$GLOSSA reanchor $f; echo "exit $?"
# standard input: for the annotations or for a document, not both
printf '{"path":"x","label":"x","start":0,"end":4}\n' | $GLOSSA --annotations - -; echo "exit $?"
printf '{"path":"x","label":"x","start":0,"end":4}\n' | $GLOSSA --annotations - $f; echo "exit $?"
printf '{"path":"x","label":"x","start":0,"end":4}\n' | $GLOSSA --annotations - --annotations-for -=$f $f; echo "exit $?"
