# Entities in XML (tests/SECURITY.md, F4 and F7): internal ones expand, and
# their text is placed at the reference; an external entity and one only the
# external DTD declares are left out with a warning naming file, line and
# entity (once each), and the document loads, exit 0.
$GLOSSA -j1 -e 'doc:sentences():annotate{label="s"}' tests/golden/data/entities.xml
echo "exit $?"
# a loop is named as one; amplification stops at glossa's limit, quickly
printf '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "x &b;"><!ENTITY b "y &a;">]>\n<d>&a;</d>\n' >"$TMP/loop.xml"
awk 'BEGIN { s = "aaaaaaaaaa"; for (i = 0; i < 11; i++) s = s s
  printf "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"%s\">]>\n<d>\n", s
  for (i = 0; i < 5000; i++) printf "&a;"; printf "</d>\n" }' >"$TMP/quadratic.xml"
cd "$TMP" && $GLOSSA -j1 -e 'doc:sentences():annotate{label="s"}' loop.xml quadratic.xml
echo "exit $?"
