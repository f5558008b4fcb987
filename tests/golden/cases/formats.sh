# Every format on the three samples, through the CLI: the deal-making
# sentence and each "Putin" (a quote that needs prefix/suffix to be unique).
S="-s scripts/deal-making.lua -e doc:find('Putin'):annotate{label='person',attrs={known=true}}"
$GLOSSA $S -f json --base-uri https://example.org/seed samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
echo "exit $?"
$GLOSSA $S -f jsonl --offsets utf16 samples/trump-putin-call.html | head -2
for f in txt html xml; do
  $GLOSSA $S -f inline samples/trump-putin-call.$f | grep -c 'glossa'
done
$GLOSSA $S -f inline samples/trump-putin-call.html | grep -o '<mark[^>]*>[^<]*' | head -4
$GLOSSA $S -f brat -o $TMP/ samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
echo "exit $?"
ls $TMP
cat $TMP/trump-putin-call.xml.ann
cmp $TMP/trump-putin-call.txt.txt samples/trump-putin-call.txt && echo "brat .txt of the .txt sample is the file"
$GLOSSA $S -f html -o $TMP/views/ samples/trump-putin-call.txt 2>&1 | sed "s|$TMP|TMP|"
mkdir $TMP/views
$GLOSSA $S -f html -o $TMP/views/ samples/trump-putin-call.txt samples/trump-putin-call.xml
echo "exit $?"
ls $TMP/views
$GLOSSA $S -f html samples/trump-putin-call.txt samples/trump-putin-call.xml
