$GLOSSA --trusted --timeout 3 -s tests/trust/data/finish-deadline.lua samples/trump-putin-call.txt
echo "exit $?"
