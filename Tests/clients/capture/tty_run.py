#!/usr/bin/env python3
"""Run a command under a pseudo-terminal, typing the given lines (interactive CLI capture).
   tty_run.py 'line1' 'line2' -- command args..."""
import os, pty, sys, time, select
i = sys.argv.index("--")
lines, cmd = sys.argv[1:i], sys.argv[i + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "dumb"; os.execvp(cmd[0], cmd)
out = b""
def drain(t):
    global out
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try: out += os.read(fd, 65536)
            except OSError: return
for l in lines:
    drain(1.0); os.write(fd, l.encode() + b"\n")
drain(1.5)
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf8", "replace"))
