#!/bin/sh
# docs/api: docs/lua-api.md against the Lua bindings.
#   1. the method and field names the C code defines (luaL_Reg tables, and the
#      !strcmp(k, "name") keys of the __index functions, in core/lua_*.c) go to
#      check.lua with -a, which compares them with the documented ones and tries
#      each documented one on a live object;
#   2. every ```lua run block of the page runs as `glossa -e` on a sample
#      (```lua run txt: on the .txt sample; plain ```lua run: on the .html).
# Usage: check.sh GLOSSA [REFERENCE.md]   (default: docs/lua-api.md)
set -u
GLOSSA=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
md=${2:-$root/docs/lua-api.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root" || exit 1

# Which object each C table or __index function belongs to. A new table or
# __index function must be added here (and documented).
object_of() {
  case $1 in
    glossa_funcs|lglossa_open) echo glossa ;;
    ldoc_methods|ldoc_index) echo Document ;;
    node_methods|node_index) echo Node ;;
    nodes_methods) echo NodeList ;;
    span_methods|span_index) echo Span ;;
    spans_methods|spans_index) echo SpanList ;;
    lannot_index|lannot_methods) echo Annotation ;;
    lannots_methods) echo AnnotationList ;;
    lregex_index) echo Regex ;;
    ldict_index) echo Dict ;;
    lrule_index) echo Rule ;;
    lrules_index) echo RuleSet ;;
    *) echo "" ;;
  esac
}

# "TABLE :name" for methods, "FUNCTION .name" for fields.
for f in core/lua_*.c; do
  awk '
    function grab(line, re, prefix,   m) {
      while (match(line, re)) {
        m = substr(line, RSTART, RLENGTH)
        sub(/^[^"]*"/, "", m); sub(/".*$/, "", m)
        print owner, prefix m
        line = substr(line, RSTART + RLENGTH)
      }
    }
    /luaL_Reg [A-Za-z_0-9]+\[\] *=/ {
      owner = $0; sub(/^.*luaL_Reg /, "", owner); sub(/\[.*$/, "", owner); inreg = 1
      if (owner ~ /_meta$/) inreg = 0 # metamethods (__eq, __len ...), not names scripts call
    }
    inreg { grab($0, "\\{\"[A-Za-z_0-9]+\",", ":"); if ($0 ~ /};/) inreg = 0; next }
    /^static int [A-Za-z_0-9]+_index\(lua_State/ {
      owner = $0; sub(/^static int /, "", owner); sub(/\(.*$/, "", owner); inidx = 1
    }
    /^void lglossa_open\(/ { owner = "lglossa_open"; inglossa = 1 }
    inidx { grab($0, "strcmp\\(k, \"[A-Za-z_0-9]+\"\\)", "."); if ($0 ~ /^}/) inidx = 0 }
    inglossa { grab($0, "lua_setfield\\(L, -2, \"[A-Za-z][A-Za-z_0-9]*\"\\)", "."); if ($0 ~ /^}/) inglossa = 0 }
  ' "$f"
done > "$tmp/names"

status=0
: > "$tmp/objects"
while read -r owner name; do
  obj=$(object_of "$owner")
  if [ -z "$obj" ]; then
    echo "docs/api: $owner (core/lua_*.c) defines '$name' for an object this test does not know: map it in tests/docs/check.sh and document it"
    status=1
    continue
  fi
  echo "$obj $name" >> "$tmp/objects"
done < "$tmp/names"
[ -s "$tmp/objects" ] || { echo "docs/api: found no bindings in core/lua_*.c"; exit 1; }

set --
for obj in $(cut -d' ' -f1 "$tmp/objects" | sort -u); do
  set -- "$@" -a "bind.$obj=$(awk -v o="$obj" '$1 == o { printf "%s%s", sep, $2; sep = " " }' "$tmp/objects")"
done
if ! "$GLOSSA" -q -j1 -a "md=$md" "$@" -s "$here/check.lua" samples/trump-putin-call.html > /dev/null; then
  echo "docs/api: the API reference and the bindings disagree (above)"
  status=1
fi

# The runnable examples.
awk -v dir="$tmp" '
  /^```lua run( (txt|html|xml))?[ \t]*$/ {
    n++; kind = $3 == "" ? "html" : $3
    file = sprintf("%s/ex%03d.%s.%d.lua", dir, n, kind, NR); printf "" > file; inblk = 1; next
  }
  inblk && /^```[ \t]*$/ { inblk = 0; close(file); next }
  inblk { print > file }
' "$md"
count=0
for ex in "$tmp"/ex*.lua; do
  [ -e "$ex" ] || break
  count=$((count + 1))
  base=${ex##*/}
  kind=$(echo "$base" | cut -d. -f2)
  line=$(echo "$base" | cut -d. -f3)
  if ! "$GLOSSA" -q -j1 -e "$(cat "$ex")" "samples/trump-putin-call.$kind" > /dev/null 2> "$tmp/err"; then
    echo "docs/api: the example at $md:$line fails on samples/trump-putin-call.$kind:"
    sed 's/^/    /' "$tmp/err"
    status=1
  fi
done
[ "$count" -gt 0 ] || { echo "docs/api: no \`\`\`lua run examples in docs/lua-api.md"; status=1; }
[ "$status" = 0 ] && echo "docs/api: $(wc -l < "$tmp/objects") bindings documented, $count examples run"
exit $status
