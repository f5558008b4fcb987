# -e one-liners see the document as the global doc; -a sets glossa.args.
$GLOSSA -a who=Putin -a role=president \
  -e 'doc:find(glossa.args.who):annotate{label = "person", attrs = {role = glossa.args.role, n = 1, known = true}}' \
  -e 'for a in doc:annotations("person") do if a.span.line > 20 then a.span:annotate{label = "late-mention", note = a.id} end end' \
  samples/trump-putin-call.txt
