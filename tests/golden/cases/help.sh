# --help answers on stdout and exits 0; --version too (the statuses are
# glossa's: the output goes to a file before head and sed see it).
$GLOSSA --help >$TMP/help
echo "exit $?"
head -5 $TMP/help
$GLOSSA --version >$TMP/version
echo "exit $?"
sed 's/[0-9][0-9.]*/VERSION/' $TMP/version
