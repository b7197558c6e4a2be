#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal, as a person at a terminal would, and types lines
into it: the way to test what a program does when its stdin is a terminal (prompts,
no echo). Prints everything the terminal showed (the program's stdout and stderr, and
the terminal's own echo of what was typed) and exits with the program's exit code.

Usage: pty_run.py PROGRAM [ARGS...] -- LINE [LINE...]
Each LINE is typed once the terminal has been quiet for a moment (the program waits for
input), followed by Enter. When every line is typed and the program still waits, Ctrl-D
(end of input) is typed, as a person would; a program still running 30 s later is killed.
"""
import os, pty, select, signal, sys, time


def main():
    sep = sys.argv.index("--")
    command, lines = sys.argv[1:sep], sys.argv[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    shown = b""
    deadline = time.time() + 30
    eof_sent = False
    while True:
        if time.time() > deadline:
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([fd], [], [], 0.3)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        elif lines:
            os.write(fd, lines.pop(0).encode() + b"\r")
        elif not eof_sent:
            os.write(fd, b"\x04")
            eof_sent = True
    sys.stdout.write(shown.decode(errors="replace"))
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
