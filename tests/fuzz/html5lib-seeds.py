#!/usr/bin/env python3
"""html5lib-seeds.py DIR [SUITE] | --replay REPLAY [SUITE]: the html5lib
tree-construction suite's inputs as load_html fuzz seeds (issue 16 item 5).

SUITE is html5lib-tests (default: ../shared/html5lib-tests beside the
repository, read in place: the inputs are written at fuzz or test time, never
copied into the repository). Every test of every tree-construction/*.dat,
fragment and script-off ones too (any input is a seed), gives one file: its
#data, the lines after the "#data" line up to the "#errors" line, without the
last line's newline (the suite's README), byte for byte (NULs, CRs and all).

DIR: writes them to DIR/html5lib-FILE-N (FILE the .dat's name without .dat, N
the test's index in it from 1, as tests/html5lib/run.py numbers them) and
prints their count; tests/fuzz/ci.sh puts them into load_html's corpus.
--replay REPLAY: writes them to a temporary directory and runs REPLAY
(glossa-fuzz-replay-load_html) over it, which must pass every one and say it
ran them all (the ctest fuzz/html5lib). Both exit 77 (skip), saying so, when
the suite is not there, and 1 when a .dat is not in the suite's format."""
import os, re, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))


def inputs(tcdir):
    """(name, data) of every test of every .dat in tcdir, in name order."""
    for dat in sorted(f for f in os.listdir(tcdir) if f.endswith('.dat')):
        path = os.path.join(tcdir, dat)
        raw = open(path, 'rb').read()
        if raw.endswith(b'\n'):
            raw = raw[:-1]
        # tests are separated by a blank line; each begins with a #data line
        for n, chunk in enumerate(re.split(b'\n\n(?=#data\n)', raw), 1):
            lines = chunk.split(b'\n')
            if lines[0] != b'#data' or b'#errors' not in lines:
                sys.exit('%s: test %d: no #data ... #errors' % (path, n))
            yield 'html5lib-%s-%d' % (dat[:-4], n), b'\n'.join(lines[1:lines.index(b'#errors')])


def write(tcdir, out):
    os.makedirs(out, exist_ok=True)
    count = 0
    for name, data in inputs(tcdir):
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)
        count += 1
    if not count:
        sys.exit('%s: no tests' % tcdir)
    return count


args = sys.argv[1:]
replay = args[:1] == ['--replay']
if replay:
    args = args[1:]
if len(args) not in (1, 2) or args[0].startswith('-'):
    sys.exit(__doc__)
suite = args[1] if len(args) > 1 else os.path.join(root, '..', 'shared', 'html5lib-tests')
tcdir = os.path.join(suite, 'tree-construction')
if not os.path.isdir(tcdir):
    print('SKIP: no html5lib suite at %s (it is shared data, kept outside the '
          'repository: see tests/html5lib/README.md)' % os.path.abspath(tcdir))
    sys.exit(77)

if not replay:
    print(write(tcdir, args[0]))
    sys.exit(0)

tmp = tempfile.mkdtemp(prefix='glossa-html5lib-seeds.')
try:
    count = write(tcdir, tmp)
    r = subprocess.run([args[0], tmp], stdout=subprocess.PIPE, universal_newlines=True)
    sys.stdout.write(r.stdout)
    # replay.c runs the empty input first, then each file
    want = '%d inputs replayed\n' % (count + 1)
    if r.returncode or r.stdout != want:
        print('fuzz/html5lib: the replay of %d suite inputs failed (exit %d; expected "%s")'
              % (count, r.returncode, want.strip()))
        # a failed check aborts the replay: name the first input that fails alone
        for name in sorted(os.listdir(tmp)):
            one = subprocess.run([args[0], os.path.join(tmp, name)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            if one.returncode:
                print('fuzz/html5lib: %s (test %s of %s.dat) fails: %r' % (
                    name, name.rsplit('-', 1)[1], name[9:].rsplit('-', 1)[0],
                    open(os.path.join(tmp, name), 'rb').read()))
                break
        sys.exit(1)
finally:
    shutil.rmtree(tmp)
print('fuzz/html5lib: %d inputs of %s passed load_html\'s checks' % (count, os.path.abspath(tcdir)))
