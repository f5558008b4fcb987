# --labels: which labels -f conll and -f spans write. Without it, every
# label; a label no annotation of the run has is a warning at the end, not
# an error; each error is a usage error (exit 2).
E=tests/trainers/data/edge.txt
S="-s tests/trainers/data/edge.lua"
$GLOSSA $S -f conll --labels 'place, person' $E
echo "exit $?"
# the overlaps are among chosen labels only: "person" alone keeps both
$GLOSSA $S -f conll --labels person $E | grep ' [BI]-'
echo "exit $?"
# a label with a space is named as it is
$GLOSSA $S -f spans --labels 'person name,pronoun' $E | sed 's/,"tokens":.*//'
echo "exit $?"
$GLOSSA $S -f conll --labels person,persn,place,plaec $E >/dev/null
echo "exit $?"
# given twice, the last one counts
$GLOSSA $S -f conll --labels person --labels org $E | grep ' [BI]-'
echo "exit $?"
$GLOSSA $S -f conll --labels '' $E
echo "exit $?"
$GLOSSA $S -f conll --labels ' , ,' $E
echo "exit $?"
$GLOSSA $S -f conll --labels "$(printf 'person,\377')" $E
echo "exit $?"
$GLOSSA $S -f jsonl --labels person $E
echo "exit $?"
$GLOSSA $S --labels person $E
echo "exit $?"
$GLOSSA $S -f spans --offsets utf16 $E
echo "exit $?"
$GLOSSA $S -f spans --offsets codepoints --labels org $E | cut -c1-60
echo "exit $?"
$GLOSSA -f yaml $E
echo "exit $?"
