#!/usr/bin/env python3
"""labels.py GLOSSA: every label of every single-byte WHATWG encoding
(labels.txt) in a <meta charset>, one label also in other spellings, and
pages with just an XML declaration (pages.py), each decoded by
`GLOSSA dump --text`; its output must be exactly the text Chromium gave
for the page (expected/, written by regen.sh). Prints each case that
differs, with the first differing character; exits 1 if any does."""
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages  # noqa: E402

glossa = sys.argv[1]
expected = {}
bad = n = 0


def run(job):
    """Writes the page to its own file and decodes it (two at a time: each
    glossa run is a few ms, mostly its start)."""
    i, (case, golden, page), tmp = job
    path = os.path.join(tmp, f'p{i}.html')
    with open(path, 'wb') as f:
        f.write(page)
    return case, golden, subprocess.run([glossa, 'dump', '--text', path], capture_output=True)


with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(2) as pool:
    for case, golden, r in pool.map(run, ((i, c, tmp) for i, c in enumerate(pages.cases()))):
        if golden not in expected:
            with open(os.path.join(pages.HERE, 'expected', golden + '.txt'), 'rb') as f:
                expected[golden] = f.read()
        n += 1
        want = expected[golden]
        if r.returncode != 0 or r.stdout != want or r.stderr:
            bad += 1
            got = r.stdout.decode('utf-8', 'replace')
            exp = want.decode('utf-8')
            i = next((k for k in range(min(len(got), len(exp))) if got[k] != exp[k]),
                     min(len(got), len(exp)))
            print(f'{case}: exit {r.returncode}, {len(got)} characters for {len(exp)}; '
                  f'first difference at {i}: {got[max(0, i - 8):i + 8]!r} '
                  f'for {exp[max(0, i - 8):i + 8]!r}'
                  + (f'; stderr: {r.stderr.decode(errors="replace").strip()}' if r.stderr else ''))
print(f'{n - bad} of {n} pages decode as Chromium does ({len(expected)} encodings/expected texts)')
sys.exit(1 if bad else 0)
