# jsonl: code-point and byte offsets, quote with prefix and suffix.
$GLOSSA -f jsonl -s scripts/deal-making.lua samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
