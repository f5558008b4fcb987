#!/usr/bin/env python3
"""tools/repl: glossa repl through a pseudo-terminal, as a user types.

Usage: repl.py GLOSSA   (from the repository root)

Starts `glossa repl samples/trump-putin-call.txt` on a pty, waits for each
prompt, types a line, and checks what the session answered: values of
expressions, a span, a syntax error that does not end the session, an
annotation listed by :annotations, and :quit ending it with status 0."""
import os
import pty
import re
import select
import sys
import time

GLOSSA = sys.argv[1]
PROMPT = b"glossa> "
TIMEOUT = 20


def main():
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "dumb"
        os.execv(GLOSSA, [GLOSSA, "repl", "samples/trump-putin-call.txt"])
    out = bytearray()

    def until(marker):
        """Reads until marker appears after what was read so far."""
        start = len(out)
        deadline = time.time() + TIMEOUT
        while marker not in out[start:]:
            left = deadline - time.time()
            if left <= 0:
                raise SystemExit("tools/repl: no %r within %ds; the session so far:\n%s"
                                 % (marker, TIMEOUT, out.decode("utf-8", "replace")))
            r, _, _ = select.select([fd], [], [], left)
            if r:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    return
                out.extend(chunk)

    # (input, what the answer must contain)
    steps = [
        ('#doc:sentences()', rb"\b46\b"),
        ('doc:find("Putin"):first()', rb'\[67,71\] "Putin"'),
        ('doc:find("Putin"))', rb"error: repl:1: .*near '\)'"),
        ('doc:find("Putin"):annotate{label="p"}', rb"\b9\b"),
        ('doc:find("Putin")', rb'SpanList\(9\)\s+1  \[67,71\] "Putin"'),
        (':annotations', rb'samples/trump-putin-call.txt:1:64: p: "Putin"'),
    ]
    until(PROMPT)
    failures = []
    for line, want in steps:
        start = len(out)
        os.write(fd, line.encode() + b"\r")
        until(PROMPT)
        answer = bytes(out[start:]).replace(b"\r", b"")
        if not re.search(want, answer):
            failures.append("%s\n  expected /%s/, got:\n%s" % (line, want.decode(), answer.decode("utf-8", "replace")))
    os.write(fd, b":quit\r")
    deadline = time.time() + TIMEOUT
    status = None
    while time.time() < deadline:
        try:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                os.read(fd, 4096)
        except OSError:
            pass
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(st)
            break
    if status is None:
        os.kill(pid, 9)
        failures.append(":quit did not end the session")
    elif status != 0:
        failures.append(":quit: exit status %d" % status)
    for f in failures:
        print("tools/repl: FAIL: " + f)
    if failures:
        return 1
    print("tools/repl: %d inputs answered, :quit exits 0" % len(steps))
    return 0


sys.exit(main())
