#!/usr/bin/env python3
"""all.py GLOSSA: every one of the HTML standard's 2231 named character
references (Python's html.entities.html5, the WHATWG list) and the numeric
reference rules, in a document's text, against Python's html.unescape (the
HTML standard's algorithm for text: the longest name, legacy names without
';', windows-1252 for C1, U+FFFD for 0, surrogates and values past
U+10FFFF; the other controls kept, as browsers keep them). Each reference stands alone between '|' and '|', then with a
letter and a digit after it (where a name without ';' may or may not take
them). Prints the count and exits 1 at the first difference."""
import html
import html.entities
import subprocess
import sys
import tempfile

glossa = sys.argv[1]
refs = sorted(html.entities.html5)
numeric = ["#0;", "#x0;", "#1;", "#9;", "#x80;", "#x81;", "#150;", "#x9F;", "#xD800;", "#xDFFF;",
           "#x10FFFF;", "#x110000;", "#1114112;", "#99999999999;", "#xFFFE;", "#x1D542;", "#65",
           "#x41", "#x", "#", "#;", "#xZ;", "#13;", "#x0D;", "#12;"]
pieces = []
for r in refs + numeric:
    pieces.append("|&%s|" % r)
    pieces.append("|&%sa1|" % r)
    pieces.append("|&%s;x|" % r.rstrip(";"))
text = "\n".join(pieces)
page = "<!DOCTYPE html><meta charset=utf-8><body>" + text
with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8") as f:
    f.write(page)
    f.flush()
    got = subprocess.run([glossa, "dump", "--text", f.name], capture_output=True, check=True).stdout
# html.unescape drops the controls and noncharacters a reference names
# (&#1;, &#xFFFE;); the HTML standard keeps them (a parse error, not a
# drop), as browsers do: with none dropped, unescape is the standard's rule
html._invalid_codepoints = set()
want = html.unescape(text)
# a browser's input stream leaves CR from a character reference alone, and
# html.unescape does too; NUL and other controls from references are kept
want_b = want.encode("utf-8", "surrogatepass")
if got != want_b:
    g = got.decode("utf-8", "replace")
    i = next((k for k, (a, b) in enumerate(zip(g, want)) if a != b), min(len(g), len(want)))
    print("FAIL: at %d, after %r: glossa %r, the HTML standard %r"
          % (i, want[max(0, i - 40):i], g[i:i + 20], want[i:i + 20]))
    sys.exit(1)
print("%d named references and %d numeric ones, each three ways: as the HTML standard reads them"
      % (len(refs), len(numeric)))
