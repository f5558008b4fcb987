# A name a glossa object does not have but nearly does (a misspelt method
# or field: one edit, two from six letters on, or two swapped letters) stops
# the script with the name it meant; any other unknown name reads nil, and
# the right names work as before.
S=samples/trump-putin-call.txt
for code in 'doc:sentense()' 'doc:fnd("Putin")' 'print(doc.pth)' \
            'print(doc:find("Putin"):first().txet)' 'print(doc:find("Putin"):frist())' \
            'print(doc:find("Putin"):first():annotate{label = "x"}.lable)' \
            'print(doc.root:chidren())' 'print(glossa.regex("a").patern)' \
            'print(glossa.dict{"a"}.cont)' \
            'print(doc.nothing_like_it, doc:find("Putin").xyz)' \
            'print(doc:find("Putin"):first().text, #doc:sentences(), glossa.regex("a+").pattern)'; do
  $GLOSSA -e "$code" $S 2>&1 | head -1
done
