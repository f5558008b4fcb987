# A binary file named .html is refused with a message, as a binary .txt is
# (was: parsed silently into a page of junk text): a known signature (PNG,
# gzip, PDF, ZIP) says what the file is; otherwise many control bytes in the
# first KB. A page with a few NULs is still read (with its warning), and so
# is UTF-16 with a byte order mark; the other documents finish; exit 1.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001' >"$TMP/image.html"
printf '<html><body><p>A gzipped page.</p></body></html>\n' | gzip -c >"$TMP/page.html"
printf '%%PDF-1.4\n%%\342\343\317\323\n1 0 obj\n' >"$TMP/doc.html"
printf 'PK\003\004\024\000\006\000' >"$TMP/book.html"
# bytes 0..255 four times: what a compressed or random file looks like
i=0; while [ $i -lt 4 ]; do
  awk 'BEGIN { for (c = 1; c < 256; c++) printf "%c", c; printf "%c", 0 }' LC_ALL=C
  i=$((i + 1))
done >"$TMP/junk.html"
printf '<p>One \000 NUL and a second\000.</p>\n' >"$TMP/two-nuls.html"
printf '<p>Good.</p>\n' >"$TMP/good.html"
cd "$TMP" || exit 2
$GLOSSA -j1 -e 'doc:span(1, 4):annotate{label = "start"}' image.html page.html doc.html book.html junk.html two-nuls.html good.html
echo "exit $?"
