# make deb's package: cpack (CPACK, GLOSSA_BUILD from tests/install.cmake)
# builds it in $TMP, nothing is installed; its name, its files (paths
# only: sizes and dates change), the libraries its Depends names, and its
# (stripped) glossa, unpacked in $TMP, running the README's first example.
command -v dpkg-shlibdeps >/dev/null ||
  { echo "SKIP: no dpkg-shlibdeps (Debian package dpkg-dev)"; exit 77; }
"$CPACK" --config "$GLOSSA_BUILD/CPackConfig.cmake" -B "$TMP/deb" >"$TMP/log" 2>&1 ||
  { cat "$TMP/log" >&2; exit 1; }
set -- "$TMP"/deb/*.deb
[ $# = 1 ] && [ -f "$1" ] || { echo "not one .deb: $*" >&2; exit 1; }
deb=$1
# the version the build was configured with, and this machine's architecture
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$GLOSSA_BUILD/CPackConfig.cmake")
[ "${deb##*/}" = "glossa_${version}_$(dpkg --print-architecture).deb" ] &&
  [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] &&
  [ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] &&
  echo "glossa_VERSION_ARCH.deb, Version: VERSION, Architecture: ARCH" ||
  echo "named ${deb##*/}, but the build's version is $version"
echo "files, but for usr/share/glossa/scripts:"
dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -v '^\./usr/share/glossa/scripts/.' | LC_ALL=C sort
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed -n 's|^\./usr/share/glossa/scripts/\(..*\)|\1|p' |
  LC_ALL=C sort >"$TMP/scripts"
(cd scripts && ls) | LC_ALL=C sort | cmp - "$TMP/scripts" &&
  echo "usr/share/glossa/scripts: the files of scripts/"
for f in Package Section; do
  printf '%s: ' "$f"; dpkg-deb -f "$deb" "$f"
done
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 liblua5.4-0 libxml2 libpcre2-8-0 lua-lpeg libsqlite3-0; do
  # a name in the list: at its start or after ", ", then " (" or "," or its end
  if printf ', %s,\n' "$depends" | grep -q ", $lib[ ,]"; then
    echo "Depends names $lib"
  else
    echo "Depends lacks $lib: $depends"
  fi
done
dpkg-deb -x "$deb" "$TMP/x"
cd "$TMP/x/usr/share/glossa" &&
  "$TMP/x/usr/bin/glossa" -s scripts/deal-making.lua samples/trump-putin-call.*
