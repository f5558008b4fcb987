# A file name that holds a line break (or a control, or bytes that are not
# UTF-8) is written on one line in every message about its document
# (core/oneline.h), so no name can forge a message line of its own.
mkdir -p $TMP/names
printf '<a>&bad;</a>' > "$TMP/names/bad
forged.xml:1:1: error: forged.xml"
printf 'a\001b\n' > "$(printf '%s/names/ctl\001\377.txt' "$TMP")"
cd $TMP
$GLOSSA -e 'doc:find("a"):annotate{label = "x"}' -f xmi -o out/ names/
echo "exit $?"
$GLOSSA -e 'return' -f html names/ctl* names/ctl* > /dev/null
echo "exit $?"
