#!/bin/sh
# regen.sh [CASE.html...]: regenerate tests/html/{cases,nul,head,markup}/*.txt (browser oracle,
# tests/html/textcontent.sh) and *.libxml2.txt (naive libxml2 body text,
# tests/html/libxml2_body_text.c). Default: every case.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tool=$(mktemp -d)/libxml2_body_text
trap 'rm -rf "$(dirname "$tool")"' EXIT INT TERM
cc -O1 -o "$tool" "$here/libxml2_body_text.c" $(pkg-config --cflags --libs libxml-2.0)
[ $# -gt 0 ] || set -- "$here"/cases/*.html "$here"/nul/*.html "$here"/head/*.html "$here"/markup/*.html
for f in "$@"; do
  base=${f%.html}
  "$here/textcontent.sh" "$f" "$base.txt"
  "$tool" "$f" > "$base.libxml2.txt"
  if cmp -s "$base.txt" "$base.libxml2.txt"; then s=same; else s=DIFFERS; fi
  echo "$(basename "$base"): $s"
done
