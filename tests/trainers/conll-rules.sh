# Which token gets which tag (tests/trainers/data/edge.lua): a span inside a
# token tags it ("Putin" in "Putin's"); of spans that share tokens the one
# with the most tokens is kept ("Vladimir Putin" over "Putin", "City. He"
# over "He"), then the earliest ("New York" over "York City"), then the
# first made ("event" over "event2"); a span across a sentence starts anew
# (B-) in the next; an empty span and one of white space cover no token;
# a label's space becomes '_'; U+001C, which Python's split() splits at, is
# no token. What is left out is said per document and in --stats.
$GLOSSA -s tests/trainers/data/edge.lua -f conll --stats tests/trainers/data/edge.txt 2>$TMP/err
echo "exit $?"
sed 's/ in [0-9.]* s$/ in T s/' $TMP/err
# the same document twice: each says what it left out, in input order
$GLOSSA -j2 -q -s tests/trainers/data/edge.lua -f conll tests/trainers/data/edge.txt tests/trainers/data/edge.txt >/dev/null
echo "exit $?"
