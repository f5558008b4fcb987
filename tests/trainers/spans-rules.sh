# -f spans over tests/trainers/data/edge.lua's spans: code-point offsets
# (Genève after a 4-byte character), token_start/token_end (inclusive) of
# the tokens a span overlaps, overlapping spans all kept, the glossa object
# (id, note, attrs, links), the link as a Prodigy relation (head and child:
# the last tokens of the two spans), the tokens with ws; the empty span and
# the white-space one are left out and said.
$GLOSSA -s tests/trainers/data/edge.lua -f spans tests/trainers/data/edge.txt
echo "exit $?"
