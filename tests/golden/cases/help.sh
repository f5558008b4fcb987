# --help answers on stdout and exits 0; --version too.
$GLOSSA --help | head -5
$GLOSSA --version | sed 's/[0-9][0-9.]*/VERSION/'
