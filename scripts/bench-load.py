#!/usr/bin/env python3
"""Login storm and session memory, against the release binary on 127.0.0.1.

1. The argon2id ceiling of this machine, measured in the same run: cores / (time of one
   hash), timed through `authgate hash` on 40 passwords.
2. A login storm: 8 concurrent clients (wrk with scripts/wrk-login.lua) log in
   (GET /login + POST) for N seconds, while /healthz and a signed-in page are probed at
   25 Hz; reports logins/s as a ratio to the ceiling, both p99 latencies, and the
   server's peak resident size.
3. Memory per session: resident size before and after 100,000 anonymous sessions
   (each GET /login without cookies creates one, holding its CSRF token).

Usage: cargo build --release && python3 scripts/bench-load.py [--seconds 15]
Needs wrk (Debian package `wrk`).
"""
import argparse, concurrent.futures, http.cookiejar, os, re, subprocess, sys, tempfile, threading, time
import urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "authgate")
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
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def one_login(base):
    o = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
    body = o.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
    data = urllib.parse.urlencode({"username": "jsmith", "password": "Bench-Pass-0001", "csrf_token": token}).encode()
    try:
        o.open(base + "/login", data)
        return False
    except urllib.error.HTTPError as e:
        return e.code == 303


def login_cookie(base):
    """A signed-in session's cookie header value."""
    jar = http.cookiejar.CookieJar()
    o = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    body = o.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
    data = urllib.parse.urlencode({"username": "jsmith", "password": "Bench-Pass-0001", "csrf_token": token}).encode()
    try:
        o.open(base + "/login", data)
    except urllib.error.HTTPError as e:
        assert e.code == 303, e.code
    return "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "authgate")


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    cores = os.cpu_count()
    # 1. ceiling: one hash at a time (cores / time of one hash),
    # and with every core hashing at once, as in a storm (the cores then share caches and
    # memory bandwidth, so each hash takes longer).
    passwords = "".join(f"password number {i}\n" for i in range(40))
    t0 = time.perf_counter()
    subprocess.run([BIN, "hash"], input=passwords, capture_output=True, text=True, check=True)
    per_hash = (time.perf_counter() - t0) / 40
    ceiling = cores / per_hash
    t0 = time.perf_counter()
    procs = [subprocess.Popen([BIN, "hash"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
             for _ in range(cores)]
    for q in procs:
        q.stdin.write(passwords)
        q.stdin.close()
    for q in procs:
        q.wait()
    per_hash_all = (time.perf_counter() - t0) / 40
    ceiling_all = cores / per_hash_all
    print(f"{cores} cores; argon2id hash {per_hash * 1000:.1f} ms -> ceiling {ceiling:.1f} logins/s; "
          f"with {cores} hashing at once {per_hash_all * 1000:.1f} ms -> {ceiling_all:.1f} logins/s")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "config.yaml")
        open(path, "w").write(CONFIG)
        p = subprocess.Popen([BIN, "serve", "--config", path, "--bind", "127.0.0.1:0"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, RUST_LOG="warn"))
        try:
            base = re.match(r"listening on (\S+)", p.stdout.readline()).group(1)
            # 2. sessions, on a fresh server that has not hashed yet: the memory a hash
            # frees stays with its thread for the next one, and sessions would reuse it.
            urllib.request.urlopen(base + "/login").read()
            before = rss_kib(p.pid)
            target = 100_000
            out = subprocess.run(["wrk", "-t1", "-c16", "-d60s", "-s", os.path.join(ROOT, "scripts", "wrk-count.lua"),
                                  base + "/login", "--", str(target)], capture_output=True, text=True).stdout
            time.sleep(1)
            after = rss_kib(p.pid)
            made = re.search(r"(\d+) requests in", out)
            made = int(made.group(1)) if made else 0
            print(f"{made} anonymous sessions: RSS {before / 1024:.0f} -> {after / 1024:.0f} MiB, "
                  f"{(after - before) * 1024 / max(made, 1):.0f} bytes per session")
            one_login(base)
            rss_idle = rss_kib(p.pid)
            # 3. storm: wrk drives the logins (C, one connection per client), so the load
            # generator takes little of the 2 cores; latency is probed at a fixed 25 Hz
            # (a flat-out probe would itself be a load), for /healthz and a signed-in page.
            page_cookie = login_cookie(base)
            samples = {"/healthz": [], "/": []}
            stop = threading.Event()

            def probe():
                while not stop.is_set():
                    for path, cookie in (("/healthz", None), ("/", page_cookie)):
                        req = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
                        t0 = time.perf_counter()
                        with urllib.request.urlopen(req) as r:
                            r.read()
                            assert r.status == 200, (path, r.status)
                        samples[path].append(time.perf_counter() - t0)
                    stop.wait(0.04)

            prober = threading.Thread(target=probe)
            cpu0 = cpu_secs(p.pid)
            prober.start()
            out = subprocess.run(["wrk", f"-t{args.clients}", f"-c{args.clients}", f"-d{args.seconds}s",
                                  "-s", os.path.join(ROOT, "scripts", "wrk-login.lua"), base, "--",
                                  "jsmith", "Bench-Pass-0001"], capture_output=True, text=True, check=True).stdout
            stop.set()
            prober.join()
            cpu = cpu_secs(p.pid) - cpu0
            ok = int(re.search(r"logins_ok (\d+)", out).group(1))
            failed = int(re.search(r"logins_failed (\d+)", out).group(1))
            logins = ok / args.seconds

            def p99(xs):
                xs = sorted(xs)
                return xs[min(len(xs) - 1, int(len(xs) * 0.99))] * 1000

            print(f"login storm, {args.clients} clients (wrk), {args.seconds}s: {logins:.1f} logins/s = "
                  f"{logins / ceiling:.2f} x ceiling ({failed} failed); p99 during the storm: /healthz "
                  f"{p99(samples['/healthz']):.1f} ms, signed-in GET / {p99(samples['/']):.1f} ms "
                  f"({len(samples['/'])} probes each); peak RSS {rss_kib(p.pid, 'VmHWM') / 1024:.0f} MiB "
                  f"(idle {rss_idle / 1024:.0f} MiB)")
            print(f"  = {logins / ceiling_all:.2f} x the ceiling with every core hashing; authgate's CPU "
                  f"per login {cpu * 1000 / max(ok, 1):.1f} ms (one hash {per_hash_all * 1000:.1f} ms "
                  f"with every core hashing); authgate used {cpu / args.seconds / cores:.0%} of the cores")
        finally:
            p.terminate()
            p.wait()


def cpu_secs(pid):
    """User + system CPU time of a process so far, in seconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
