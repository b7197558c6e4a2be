#!/usr/bin/env python3
"""A real SMTP server for the tests: listens on 127.0.0.1:PORT and writes every message
it receives to DIR as <n>.eml (the raw DATA) plus <n>.json (mail_from, rcpt_tos).

Usage: smtp_sink.py PORT DIR [--no-8bitmime]
       (prints "ready" once listening; stops on SIGTERM). --no-8bitmime: do not announce
       8BITMIME, like an old relay, so a client must send 7-bit data only.
"""
import itertools, json, os, signal, sys, threading

from aiosmtpd.controller import Controller

counter = itertools.count(1)
lock = threading.Lock()


class Sink:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        with lock:
            n = next(counter)
        base = os.path.join(self.folder, f"{n:05d}")
        data = envelope.original_content or envelope.content
        with open(base + ".tmp", "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        os.rename(base + ".tmp", base + ".eml")
        return "250 Message accepted for delivery"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    # aiosmtpd announces 8BITMIME only when it hands the handler raw bytes.
    seven_bit = "--no-8bitmime" in sys.argv[3:]
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port, decode_data=seven_bit)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
