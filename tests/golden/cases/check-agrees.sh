# glossa check reads a script file as a run does (script_load_file, the one
# reader): a UTF-8 byte order mark and a first #! line are left out, line
# numbers stay the file's. For each script: what check says, then what a
# run says; both accept it, or both report the same line.
cd "$TMP" || exit 1
printf 'Hello world.\n' >doc.txt
bom=$(printf '\357\273\277')
# a #! line after a BOM, code on lines 2 and 3
printf '%s#!/usr/bin/env glossa\ndoc:find("Hello"):annotate{label = "hi"}\nprint(#doc:find("o"))\n' "$bom" >bom-shebang.lua
# a misspelt method on line 3: check's warning and the run's error agree
printf '%s#!/usr/bin/env glossa\n\nprint(#doc:fnd("o"))\n' "$bom" >bom-misspelt.lua
# a BOM alone
printf '%sdoc:find("world"):annotate{label = "w"}\n' "$bom" >bom.lua
# an if on line 3 left open (Lua reports it at the end, line 4), after a BOM
# and a #! line
printf '%s#!/usr/bin/env glossa\nlocal n = 1\nif n then n = 2\n' "$bom" >bom-syntax.lua
# a runtime error on line 3: the #! line still counts
printf '#!/usr/bin/env glossa\n\nerror("line three")\n' >shebang-error.lua
# a BOM that is not at the start is not skipped: line 2 is bad for both
printf '#!/usr/bin/env glossa\n%sprint(1)\n' "$bom" >bom-late.lua
# a # line that is not the first is Lua's own business (a syntax error)
printf 'print(1)\n# not a comment\n' >hash-late.lua
for s in bom-shebang bom-misspelt bom bom-syntax shebang-error bom-late hash-late; do
  echo "-- $s.lua"
  $GLOSSA check $s.lua 2>&1
  echo "check: exit $?"
  $GLOSSA -s $s.lua doc.txt 2>&1
  echo "run: exit $?"
done
