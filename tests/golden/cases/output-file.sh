# -o replaces the file only when the run ends, with the old file's mode.
echo "old contents" > $TMP/out.txt
chmod 640 $TMP/out.txt
$GLOSSA -s scripts/deal-making.lua -o $TMP/out.txt samples/trump-putin-call.txt samples/trump-putin-call.xml
echo "exit $?"
cat $TMP/out.txt
stat -c %a $TMP/out.txt
ls -A $TMP
$GLOSSA -s scripts/deal-making.lua -o $TMP/no-such-dir/out.txt samples/trump-putin-call.txt 2>$TMP/err
echo "exit $?"
sed "s|$TMP|TMP|" $TMP/err
