# The language of a text: the markup's lang / xml:lang (the nearest element
# decides), else English; --lang over it; lang = for one call; the script's
# own abbreviations (glossa.abbreviations) and a call's; doc.lang; a language
# glossa has no rules for gets the generic ones and one warning.
mkdir -p $TMP/l
printf '<!DOCTYPE html><html lang="de-AT"><body><p>Wir kaufen z. B. Mehl. Am 14. Mai kommt er.</p>\n<p lang="en">He met Dr. Smith at 5 p.m. Then he left.</p>\n<p lang="xq">Eins. Zwei.</p>\n<p lang="">Er kam am 3. Juni. Gut.</p></body></html>\n' >$TMP/l/page.html
printf '<?xml version="1.0"?>\n<doc xml:lang="fr"><p>Voir p. ex. la page. Mme Roy arrive.</p><p xml:lang="ru">Он пришёл, т. е. вернулся. Всё.</p></doc>\n' >$TMP/l/doc.xml
printf 'Plain text, no markup. It is English.\n' >$TMP/l/plain.txt
show='print("doc.lang = " .. doc.lang) for s in doc:sentences() do print("  [" .. s.text .. "]") end'
for f in page.html doc.xml plain.txt; do
  echo "== $f"
  $GLOSSA -q -e "$show" $TMP/l/$f 2>&1
done
echo "== --lang en page.html (every element in English)"
$GLOSSA -q --lang en -e "$show" $TMP/l/page.html 2>&1 | grep -v warning
echo "== lang = for one call, tokens too"
$GLOSSA -q -e 'for s in doc:sentences{lang = "en"} do print("  [" .. s.text .. "]") end
  local t = {} for w in doc:find("14. Mai"):first():tokens{lang = "de"} do t[#t + 1] = w.text end
  print("  de tokens: " .. table.concat(t, "|"))
  t = {} for w in doc:find("14. Mai"):first():tokens{lang = "en"} do t[#t + 1] = w.text end
  print("  en tokens: " .. table.concat(t, "|"))
  print("  sentence of Mai: " .. doc:find("Mai"):first():sentence().text)' $TMP/l/page.html 2>&1 | grep -v warning
echo "== user abbreviations: the script's, then a call's, then a file's"
printf '# mine\nAbt.\ninner\nGmbH.\tfinal\n' >$TMP/l/bad.txt
printf 'Abt.\tsometimes\n' >$TMP/l/bad2.txt
printf 'Abt.\tinner\nGes.\ttitle\n' >$TMP/l/mine.txt
printf 'Sie arbeitet in der Abt. Vertrieb. Ges. Huber leitet sie. Gut.\n' >$TMP/l/abt.txt
$GLOSSA -q --lang de -e 'for s in doc:sentences() do print("  none:   [" .. s.text .. "]") end
  print("  " .. glossa.abbreviations{"Abt."} .. " entry")
  for s in doc:sentences() do print("  script: [" .. s.text .. "]") end
  for s in doc:sentences{abbreviations = {["Ges."] = "title"}} do print("  call:   [" .. s.text .. "]") end
  for s in doc:sentences{abbreviations = "'$TMP/l/mine.txt'"} do print("  file:   [" .. s.text .. "]") end' $TMP/l/abt.txt 2>&1
echo "== mistakes"
for code in 'glossa.abbreviations{"Abt"}' 'glossa.abbreviations{["Abt."] = "sometimes"}' \
            'glossa.abbreviations("'$TMP/l/bad.txt'")' 'glossa.abbreviations("'$TMP/l/bad2.txt'")' \
            'glossa.abbreviations("'$TMP/l/none.txt'")' 'glossa.abbreviations("'$TMP/l'")' \
            'doc:sentences{lang = "?"}' 'doc:sentences{language = "de"}' 'doc:tokens{lang = 7}'; do
  $GLOSSA -q -e "$code" $TMP/l/plain.txt 2>&1 | head -1 | sed "s|$TMP|TMP|g"
done
$GLOSSA -q --lang '' -e 'x = 1' $TMP/l/plain.txt 2>$TMP/l/err
echo "exit $?"
head -1 $TMP/l/err
$GLOSSA -q --lang xq-Latn -e 'for s in doc:sentences() do print(s.text) end' $TMP/l/plain.txt 2>&1
echo "exit $?"
