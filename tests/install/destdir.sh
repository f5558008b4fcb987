# make install's layout: cmake --install into a DESTDIR with prefix /usr
# (GLOSSA_BUILD and CMAKE come from tests/install.cmake), the files it puts
# there, and the installed glossa running the README's first example with
# the installed script on the installed samples.
root=$TMP/root
DESTDIR=$root "$CMAKE" --install "$GLOSSA_BUILD" --prefix /usr >"$TMP/log" 2>&1 ||
  { cat "$TMP/log" >&2; exit 1; }
echo "installed, but for share/glossa/scripts:"
(cd "$root" && find . ! -path './usr/share/glossa/scripts/*' -type f | LC_ALL=C sort)
diff -r scripts "$root/usr/share/glossa/scripts" &&
  echo "share/glossa/scripts: scripts/, the same files"
diff -r samples "$root/usr/share/glossa/samples" &&
  echo "share/glossa/samples: samples/, the same files"
gzip -dc "$root/usr/share/man/man1/glossa.1.gz" | cmp - docs/glossa.1 &&
  echo "share/man/man1/glossa.1.gz: docs/glossa.1"
cmp README.md "$root/usr/share/doc/glossa/README.md" &&
  cmp docs/lua-api.md "$root/usr/share/doc/glossa/lua-api.md" &&
  cmp docs/sqlite.md "$root/usr/share/doc/glossa/sqlite.md" &&
  cmp docs/trainers.md "$root/usr/share/doc/glossa/trainers.md" &&
  cmp docs/inline.md "$root/usr/share/doc/glossa/inline.md" &&
  echo "share/doc/glossa: README.md, docs/inline.md, docs/lua-api.md, docs/sqlite.md, docs/trainers.md"
cmp "$GLOSSA" "$root/usr/bin/glossa" && echo "bin/glossa: the build's"
[ -x "$root/usr/bin/glossa" ] && echo "bin/glossa: executable"
cd "$root/usr/share/glossa" &&
  "$root/usr/bin/glossa" -s scripts/deal-making.lua samples/trump-putin-call.*
