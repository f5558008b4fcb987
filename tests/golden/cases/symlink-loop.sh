# --follow-symlinks over links that lead back (tests/SECURITY.md, item 20):
# each directory is walked once, known by device and inode, so two links to
# "." (2^64 paths before) and a link to an ancestor end at once; each file
# is read once, and each link that was not walked again is named in a
# warning. Exit 0: nothing failed.
cd "$TMP" || exit 1
mkdir -p tree/sub
printf 'Hello top\n' >tree/top.txt
printf 'Hello sub\n' >tree/sub/inner.txt
ln -s . tree/sub/again
ln -s . tree/sub/twice
ln -s .. tree/sub/up
ln -s sub tree/alias
timeout 60 $GLOSSA -j2 --follow-symlinks -e 'doc:find("Hello"):annotate{label = "hi"}' tree/
echo "exit $?"
# without --follow-symlinks links are not followed at all
$GLOSSA -j2 -e 'doc:find("Hello"):annotate{label = "hi"}' tree/
echo "exit $?"
