# Item 1: annotate's attrs changed by a finalizer mid-read: an error, never a
# write past the box (was: ASan heap-buffer-overflow WRITE; release build:
# "malloc(): unsorted double linked list corrupted", abort).
$GLOSSA --trusted -s tests/trust/data/attrs-finalizer.lua samples/trump-putin-call.txt >/dev/null
echo "exit $?"
