# Every format on the three samples, through the CLI: the deal-making
# sentence and each "Putin" (a quote that needs prefix/suffix to be unique).
# Each exit status is glossa's: output goes to a file before head or grep.
S="-s scripts/deal-making.lua -e doc:find('Putin'):annotate{label='person',attrs={known=true}}"
$GLOSSA $S -f json --base-uri https://example.org/seed samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
echo "exit $?"
mkdir $TMP/o
$GLOSSA $S -f jsonl --offsets utf16 samples/trump-putin-call.html >$TMP/o/jsonl
echo "exit $?"
head -2 $TMP/o/jsonl
for f in txt html xml; do
  $GLOSSA $S -f inline samples/trump-putin-call.$f >$TMP/o/inline
  echo "exit $?"
  grep -c 'glossa' $TMP/o/inline
done
$GLOSSA $S -f inline samples/trump-putin-call.html >$TMP/o/inline
echo "exit $?"
grep -o '<mark[^>]*>[^<]*' $TMP/o/inline | head -4
$GLOSSA $S -f brat -o $TMP/brat/ samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
echo "exit $?"
ls $TMP/brat
cat $TMP/brat/trump-putin-call.xml.ann
cmp $TMP/brat/trump-putin-call.txt.txt samples/trump-putin-call.txt && echo "brat .txt of the .txt sample is the file"
# -o DIR/ makes DIR when it is missing
$GLOSSA $S -f html -o $TMP/views/ samples/trump-putin-call.txt samples/trump-putin-call.xml
echo "exit $?"
ls $TMP/views
$GLOSSA $S -f html samples/trump-putin-call.txt samples/trump-putin-call.xml
echo "exit $?"
# formats that name their own files need -o DIR/; options for one format only
$GLOSSA $S -f brat samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA $S -f xmi samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA $S -f jsonl --segments samples/trump-putin-call.txt
echo "exit $?"
