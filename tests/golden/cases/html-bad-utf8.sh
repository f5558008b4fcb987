# HTML that declares UTF-8 but holds invalid bytes (tests/SECURITY.md, F8):
# each maximal invalid sequence becomes one U+FFFD, as in a browser, and the
# columns count it as one character. Undeclared non-UTF-8 stays windows-1252.
cd "$TMP" || exit 1
printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n<body><p>Caf\351 au lait. Cut \360\237\230 emoji. Euro \342\202\254.</p></body></html>\n' >declared.html
printf '<html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"></head>\n<body><p>Overlong \300\257 and surrogate \355\240\200.</p></body></html>\n' >http-equiv.html
printf '<html><body><p>Caf\351 au lait.</p></body></html>\n' >undeclared.html
$GLOSSA -j1 -e 'doc:sentences():annotate{label="s"}' declared.html http-equiv.html undeclared.html
echo "exit $?"
$GLOSSA dump declared.html
