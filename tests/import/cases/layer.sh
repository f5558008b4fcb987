# What is read in is a layer the scripts build on: doc:annotations() has it
# before any script runs (script = the file, anchor, source_id), rules see
# it, a script can correct it (a:remove, a:set), links to it are kept, and
# --new-only writes only what the scripts made.
cp samples/trump-putin-call.txt $TMP/doc.txt
cd $TMP
printf 'T1\tperson 122 127\tTrump\nT2\tperson 219 224\tPutin\nA1\trole T1 president\n#1\tAnnotatorNotes T2\tthe other one\nR1\tsame_call Arg1:T1 Arg2:T2\n' > doc.ann
cat > build.lua <<'LUA'
for _, a in ipairs(doc:annotations()) do
  print(a.id, a.label, a.text, a.script, a.line, a.anchor, a.anchor_score, a.source_id, a.note,
        a.attrs.role, a.links.same_call and a.links.same_call.text)
end
-- build on them: a rule over the annotations read in
local r = glossa.rule{ {ann = "person"}, {text = "told"}, label = "telling" }
for m in doc:match(r) do m:annotate{} end
for _, a in ipairs(doc:annotations{label = "person"}) do
  if a.text == "Putin" then a:set{note = "corrected"} end
  a.span:annotate{label = "who", links = {person = a}}
end
LUA
$GLOSSA -j1 -s build.lua -f jsonl --annotations doc.ann doc.txt > all.jsonl; echo "exit $?"
sed 's/,"start_byte".*"matcher"/ … "matcher"/' all.jsonl
$GLOSSA -j1 -s build.lua -f jsonl --annotations doc.ann --new-only doc.txt 2>/dev/null | sed 's/,"start_byte".*"matcher"/ … "matcher"/'; echo "exit $?"
$GLOSSA -j1 -s build.lua --explain --annotations doc.ann doc.txt 2>/dev/null | grep -A1 ': person: '
