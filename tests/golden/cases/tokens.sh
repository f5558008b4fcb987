# Tokens and their attributes: text, lower (full case folding), shape, the
# is_ flags, like_num, prefix/suffix, sent_start/sent_end; tokenisation by
# language (French elision and clitics, Italian elision, CJK script runs,
# times), and German ordinals as one token.
mkdir -p $TMP/t
printf 'The U.N. met at 10:30 in the Straße. Putin’s aide, Mr. McDonald, said 1,000 people came!\n' >$TMP/t/en.txt
$GLOSSA -q -e 'for t in doc:tokens() do
  local f = {}
  for _, k in ipairs{"is_alpha", "is_digit", "is_punct", "is_upper", "is_lower", "is_title", "like_num", "sent_start", "sent_end"} do
    if t[k] then f[#f + 1] = k end
  end
  print(string.format("%-10s %-9s %-9s %s|%s %s", t.text, t.lower, t.shape, t:prefix(2), t:suffix(3), table.concat(f, " ")))
end' $TMP/t/en.txt 2>&1
list='local t = {} for w in doc:tokens() do t[#t + 1] = w.text end print(doc.lang .. ": " .. table.concat(t, "|"))'
printf "<p lang=\"fr\">L'homme qu'il a vu, dit-il, va-t-elle à l’école ? C'est aujourd'hui.</p>\n" >$TMP/t/fr.html
printf '<p lang="it">Dell’anno scorso l’uomo parlò.</p>\n' >$TMP/t/it.html
printf '<p lang="ja">東京タワーへ行きました。ラーメンを食べたい！APIを使う。</p>\n' >$TMP/t/ja.html
printf '<p lang="de">Am 14. Mai 2021 um 9:15 Uhr, z. B. heute.</p>\n' >$TMP/t/de.html
for f in fr it ja de; do
  $GLOSSA -q -e "$list" $TMP/t/$f.html 2>&1
done
echo "== the same French in English rules"
$GLOSSA -q --lang en -e "$list" $TMP/t/fr.html 2>&1
echo "== mistakes"
$GLOSSA -q -e 'print(doc:tokens()[1]:prefix(-1))' $TMP/t/en.txt 2>&1 | head -1
$GLOSSA -q -e 'print(doc:tokens()[1].shap)' $TMP/t/en.txt 2>&1 | head -1
