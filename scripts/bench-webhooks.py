#!/usr/bin/env python3
"""Sign-ins per second with 3 webhook endpoints (one of them hanging) as a ratio to none,
in one run, against the release binary on 127.0.0.1.

Two servers on the same file contents, one without `webhooks:` and one with three
endpoints on a local receiver (two answer 200 at once, one accepts the connection and
never answers; `timeout_seconds: 10`), are each put through the login storm of
scripts/bench-load.py (wrk + scripts/wrk-login.lua, 8 clients) in interleaved rounds
(none, hooks, none, hooks, ...), so both see the same machine. The ratio is the median
of the rounds with webhooks over the median of the rounds without. The receiver's
counts and the server's /metrics show that the events were really sent (and how many
were dropped for the hanging endpoint once its queue filled).

Every round also reports CPU time from /proc and os.times(): authgate's per sign-in, and
the receiver's (this process) per delivery. The receivers run on the same two cores as
argon2, which a real deployment's receivers would not. `--receiver rust` (the default) is
examples/webhook_receiver.rs, which verifies every signature and timestamp as the
specification asks of a consumer; `--receiver lean` answers with a minimal asyncio HTTP/1.1
server that verifies nothing, `--receiver stdlib` with Python's http.server (the receiver
of the first measurements). A Python receiver costs 190-270 us of CPU per delivery on the
cores argon2 needs, as much as authgate's whole delivery, so the figure would measure
Python more than authgate.

Usage: cargo build --release --bin authgate --example webhook_receiver
       python3 scripts/bench-webhooks.py [--seconds 10] [--rounds 3] [--receiver rust|lean|stdlib]
Needs wrk (Debian package `wrk`).
"""
import argparse, asyncio, http.server, os, re, socket, statistics, subprocess, sys, tempfile, threading, time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "authgate")
RECEIVER = os.path.join(ROOT, "target", "release", "examples", "webhook_receiver")
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
CONFIG = """cookie:
  name: authgate
  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz
  expiry_days: 0
login:
  max_login_attempts: null
credentials:
  usernames:
    jsmith:
      email: jsmith@example.com
      password: Bench-Pass-0001
server:
  public_url: http://127.0.0.1
  metrics_bind: 127.0.0.1:{metrics}
"""

received = {"/a": 0, "/b": 0}
lock = threading.Lock()


class Answer(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            received[self.path] = received.get(self.path, 0) + 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


async def lean_connection(reader, writer):
    """One keep-alive connection: POSTs read by Content-Length, each answered 200 at once."""
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            first, _, rest = head.partition(b"\r\n")
            m = re.search(rb"(?i)content-length:\s*(\d+)", rest)
            if m:
                await reader.readexactly(int(m.group(1)))
            path = first.split(b" ")[1].decode()
            with lock:
                received[path] = received.get(path, 0) + 1
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError, IndexError):
        writer.close()


def lean_receiver():
    """The lean receiver on a thread of its own; its port."""
    ready = threading.Event()
    port = []

    def run():
        async def main():
            server = await asyncio.start_server(lean_connection, "127.0.0.1", 0, backlog=1024)
            port.append(server.sockets[0].getsockname()[1])
            ready.set()
            await server.serve_forever()
        asyncio.run(main())

    threading.Thread(target=run, daemon=True).start()
    ready.wait()
    return port[0]


def stdlib_receiver():
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    return receiver.server_address[1]


class RustReceiver:
    """examples/webhook_receiver as a process: its port, counts and CPU."""
    running = []

    def __init__(self):
        self.p = subprocess.Popen([RECEIVER, SECRET, "127.0.0.1:0", "--quiet"], stdout=subprocess.PIPE, text=True)
        RustReceiver.running.append(self.p)
        self.port = int(re.match(r"listening on \S+:(\d+)", self.p.stdout.readline()).group(1))

    def counts(self):
        text = urllib.request.urlopen(f"http://127.0.0.1:{self.port}/counts").read().decode()
        return {path: int(n) for path, n in (line.split() for line in text.splitlines())}

    def cpu(self):
        return proc_cpu(self.p.pid)


def proc_cpu(pid):
    """utime + stime of `pid`, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu():
    t = os.times()
    return t.user + t.system


def hanging_listener():
    """Accepts connections and never answers them."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1024)
    held = []

    def run():
        while True:
            c, _ = s.accept()
            held.append(c)

    threading.Thread(target=run, daemon=True).start()
    return s.getsockname()[1], held


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def storm(path, seconds, clients, receiver_cpu):
    p = subprocess.Popen([BIN, "serve", "--config", path, "--bind", "127.0.0.1:0"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, RUST_LOG="error"))
    try:
        base = re.match(r"listening on (\S+)", p.stdout.readline()).group(1)
        cpu0, mine0 = proc_cpu(p.pid), receiver_cpu()
        out = subprocess.run(["wrk", f"-t{clients}", f"-c{clients}", f"-d{seconds}s",
                              "-s", os.path.join(ROOT, "scripts", "wrk-login.lua"), base, "--",
                              "jsmith", "Bench-Pass-0001"], capture_output=True, text=True, check=True).stdout
        ok = int(re.search(r"logins_ok (\d+)", out).group(1))
        failed = int(re.search(r"logins_failed (\d+)", out).group(1))
        cpu = {"authgate_ms_per_signin": (proc_cpu(p.pid) - cpu0) * 1000 / max(ok, 1),
               "receiver_s": receiver_cpu() - mine0}
        metrics = ""
        port = re.search(r"metrics_bind: 127.0.0.1:(\d+)", open(path).read()).group(1)
        time.sleep(1)
        try:
            metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
        except OSError:
            pass
        return ok / seconds, failed, metrics, cpu
    finally:
        p.terminate()
        p.wait()


def metric(text, name):
    m = re.search(rf"^{name} (\d+)", text, re.M)
    return int(m.group(1)) if m else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--receiver", choices=["rust", "lean", "stdlib"], default="rust")
    args = ap.parse_args()
    if not os.path.exists(BIN) or (args.receiver == "rust" and not os.path.exists(RECEIVER)):
        sys.exit("build first: cargo build --release --bin authgate --example webhook_receiver")
    rust = None
    if args.receiver == "rust":
        rust = RustReceiver()
        rport, receiver_cpu, counts = rust.port, rust.cpu, rust.counts
    else:
        rport = lean_receiver() if args.receiver == "lean" else stdlib_receiver()
        receiver_cpu, counts = own_cpu, lambda: dict(received)
    hport, held = hanging_listener()
    hooks = "webhooks:\n" + "".join(
        f"  - url: {url}\n    secret: {SECRET}\n    allow_private: true\n    timeout_seconds: 10\n"
        for url in (f"http://127.0.0.1:{rport}/a", f"http://127.0.0.1:{rport}/b", f"http://127.0.0.1:{hport}/hang"))
    results = {"none": [], "hooks": []}
    cpus = {"none": [], "hooks": []}
    receiver_us = []
    with tempfile.TemporaryDirectory() as d:
        paths = {}
        for name, extra in (("none", ""), ("hooks", hooks)):
            os.makedirs(os.path.join(d, name))
            paths[name] = os.path.join(d, name, "config.yaml")
            open(paths[name], "w").write(CONFIG.replace("{metrics}", str(free_port())) + extra)
        for r in range(args.rounds):
            for name in ("none", "hooks"):
                before = counts()
                rate, failed, metrics, cpu = storm(paths[name], args.seconds, args.clients, receiver_cpu)
                results[name].append(rate)
                cpus[name].append(cpu["authgate_ms_per_signin"])
                after = counts()
                sent = {k: after.get(k, 0) - before.get(k, 0) for k in after}
                extra = ""
                if name == "hooks":
                    deliveries = max(sum(sent.values()), 1)
                    receiver_us.append(cpu["receiver_s"] * 1e6 / deliveries)
                    extra = (f"; receiver got {sent} ({receiver_us[-1]:.0f} us of CPU per delivery), "
                             f"hanging endpoint held {len(held)} connections; "
                             f"delivered {metric(metrics, 'authgate_webhook_deliveries_total')}, "
                             f"dropped {metric(metrics, 'authgate_events_dropped_total')}")
                print(f"round {r + 1} {name:5}: {rate:.1f} sign-ins/s, {failed} failed, authgate CPU "
                      f"{cpu['authgate_ms_per_signin']:.2f} ms per sign-in{extra}", flush=True)
    none, with_hooks = statistics.median(results["none"]), statistics.median(results["hooks"])
    c_none, c_hooks = statistics.median(cpus["none"]), statistics.median(cpus["hooks"])
    print(f"{os.cpu_count()} cores; {args.clients} clients, {args.seconds}s x {args.rounds} interleaved rounds, "
          f"{args.receiver} receiver: median {none:.1f} sign-ins/s without webhooks, {with_hooks:.1f} with 3 "
          f"(one hanging): ratio {with_hooks / none:.3f} (target >= 0.98)")
    print(f"authgate CPU per sign-in: {c_none:.2f} ms without, {c_hooks:.2f} ms with (+{(c_hooks - c_none) * 1000:.0f} us"
          f" for two deliveries and a drop); receiver {statistics.median(receiver_us):.0f} us per delivery")


if __name__ == "__main__":
    try:
        main()
    finally:
        for child in RustReceiver.running:
            child.terminate()
