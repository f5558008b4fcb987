# Output files get the mode the umask allows, 0666 & ~umask (core/sink.h),
# directories -o DIR/ makes 0777 & ~umask: in -o DIR/ (json, brat, html, a
# tree mirrored below it; brat from two workers) and -o FILE, under umask 027
# and 002. A file the run replaces keeps its own mode (and the temporary file
# it was written to is gone).
mkdir -p $TMP/in/sub
printf 'Putin spoke.\n' >$TMP/in/a.txt
printf '<p>Putin spoke.</p>\n' >$TMP/in/sub/b.html
S="-e doc:find('Putin'):annotate{label='person'}"
for m in 027 002; do
  (
    umask $m
    $GLOSSA $S -f json -o $TMP/$m/json/ $TMP/in || echo "exit $?"
    $GLOSSA $S -j 2 -f brat -o $TMP/$m/brat/ $TMP/in || echo "exit $?"
    $GLOSSA $S -f html -o $TMP/$m/html/ $TMP/in || echo "exit $?"
    $GLOSSA $S -f json -o $TMP/$m/one.json $TMP/in || echo "exit $?"
  )
done
# replaced files: a 600 one in -o DIR/, a 640 -o FILE
chmod 600 $TMP/002/html/a.txt.html
chmod 640 $TMP/002/one.json
(umask 002; $GLOSSA $S -f html -o $TMP/002/html/ $TMP/in && $GLOSSA $S -f json -o $TMP/002/one.json $TMP/in) || echo "exit $?"
cd $TMP && find 027 002 | LC_ALL=C sort | xargs stat -c '%a %n'
