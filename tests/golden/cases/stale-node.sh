# An object kept from a closed document raises a clean Lua error; exit 1.
$GLOSSA -j1 -e 'if kept then print(kept.name) else kept = doc.root end' samples/trump-putin-call.txt samples/trump-putin-call.xml
