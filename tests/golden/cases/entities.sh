# Issue 3's seed script: people, places and organisations (a dictionary),
# dates and durations (regexes), every sentence, the readout (CSS).
$GLOSSA -s scripts/entities.lua samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
