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

Usage: cargo build --release && python3 scripts/bench-webhooks.py [--seconds 10] [--rounds 3]
Needs wrk (Debian package `wrk`).
"""
import argparse, http.server, os, re, socket, statistics, subprocess, sys, tempfile, threading, time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "authgate")
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


def storm(path, seconds, clients):
    p = subprocess.Popen([BIN, "serve", "--config", path, "--bind", "127.0.0.1:0"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, RUST_LOG="error"))
    try:
        base = re.match(r"listening on (\S+)", p.stdout.readline()).group(1)
        out = subprocess.run(["wrk", f"-t{clients}", f"-c{clients}", f"-d{seconds}s",
                              "-s", os.path.join(ROOT, "scripts", "wrk-login.lua"), base, "--",
                              "jsmith", "Bench-Pass-0001"], capture_output=True, text=True, check=True).stdout
        ok = int(re.search(r"logins_ok (\d+)", out).group(1))
        failed = int(re.search(r"logins_failed (\d+)", out).group(1))
        metrics = ""
        port = re.search(r"metrics_bind: 127.0.0.1:(\d+)", open(path).read()).group(1)
        time.sleep(1)
        try:
            metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
        except OSError:
            pass
        return ok / seconds, failed, metrics
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
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    rport = receiver.server_address[1]
    hport, held = hanging_listener()
    hooks = "webhooks:\n" + "".join(
        f"  - url: {url}\n    secret: {SECRET}\n    allow_private: true\n    timeout_seconds: 10\n"
        for url in (f"http://127.0.0.1:{rport}/a", f"http://127.0.0.1:{rport}/b", f"http://127.0.0.1:{hport}/hang"))
    results = {"none": [], "hooks": []}
    with tempfile.TemporaryDirectory() as d:
        paths = {}
        for name, extra in (("none", ""), ("hooks", hooks)):
            os.makedirs(os.path.join(d, name))
            paths[name] = os.path.join(d, name, "config.yaml")
            open(paths[name], "w").write(CONFIG.replace("{metrics}", str(free_port())) + extra)
        for r in range(args.rounds):
            for name in ("none", "hooks"):
                before = dict(received)
                rate, failed, metrics = storm(paths[name], args.seconds, args.clients)
                results[name].append(rate)
                sent = {k: received.get(k, 0) - before.get(k, 0) for k in received}
                extra = ""
                if name == "hooks":
                    extra = (f"; receiver got {sent}, hanging endpoint held {len(held)} connections; "
                             f"delivered {metric(metrics, 'authgate_webhook_deliveries_total')}, "
                             f"dropped {metric(metrics, 'authgate_events_dropped_total')}")
                print(f"round {r + 1} {name:5}: {rate:.1f} sign-ins/s, {failed} failed{extra}", flush=True)
    none, with_hooks = statistics.median(results["none"]), statistics.median(results["hooks"])
    print(f"{os.cpu_count()} cores; {args.clients} clients, {args.seconds}s x {args.rounds} interleaved rounds: "
          f"median {none:.1f} sign-ins/s without webhooks, {with_hooks:.1f} with 3 (one hanging): "
          f"ratio {with_hooks / none:.3f} (target >= 0.98)")


if __name__ == "__main__":
    main()
