#!/usr/bin/env python3
"""Load test with wrk on 127.0.0.1: requests per second of an authenticated page (GET /
with a valid session), of forward-auth (GET /auth/verify with a valid session) and of
/healthz, measured in the same run and reported as ratios to /healthz (the machine is
noisy; ratios are what is compared).

The server is examples/bench_server.rs: authgate's router exactly as `authgate serve`
runs it, plus two baselines in the same binary: a bare Axum route outside every layer
(/bare/hello) and a reference minimal server (/bare/page: HMAC-signed cookie, HashMap
lookup, 2 KB page), what a hand-written session check costs.

Usage: cargo build --release --example bench_server && python3 scripts/bench-http.py
       [--seconds 10] [--rounds 3]
Needs wrk (Debian package `wrk`).
"""
import argparse, http.cookiejar, os, re, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BENCH_SERVER") or os.path.join(ROOT, "target", "release", "examples", "bench_server")

CONFIG = """cookie:
  name: authgate
  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz
  expiry_days: 30
credentials:
  usernames:
    jsmith:
      email: jsmith@example.com
      first_name: John
      last_name: Smith
      password: Bench-Pass-0001
      roles: [admin, viewer]
server:
  public_url: http://127.0.0.1
  trusted_proxies: [127.0.0.1]
access_control:
  default_policy: deny
  rules:
  - {domain: app.example.com, path: /public, policy: bypass}
  - {domain: app.example.com, path: /admin, policy: [admin]}
  - {domain: '*.example.com', policy: authenticated}
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def login(base):
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


def wrk(url, seconds, headers):
    cmd = ["wrk", "-t1", "-c16", f"-d{seconds}s", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", out)
    return rps, int(non2xx.group(1)) if non2xx else 0, p99.group(1) + p99.group(2) if p99 else "?"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release --example bench_server")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "config.yaml")
        open(path, "w").write(CONFIG)
        env = dict(os.environ, RUST_LOG="warn")
        p = subprocess.Popen([BIN, path, "127.0.0.1:0"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        try:
            bare_cookie = "Cookie: " + p.stdout.readline().strip().split("=", 1)[1]
            base = re.match(r"listening on (\S+)", p.stdout.readline()).group(1)
            cookie = "Cookie: " + login(base)
            targets = {
                "bare Axum route": (base + "/bare/hello", []),
                "reference page (bare)": (base + "/bare/page", [bare_cookie]),
                "healthz": (base + "/healthz", []),
                "page (GET /, signed in)": (base + "/", [cookie]),
                "verify (signed in)": (base + "/auth/verify", [cookie, "X-Original-URL: https://app.example.com/dash",
                                                                "X-Original-Method: GET"]),
                "verify (anonymous, 401)": (base + "/auth/verify", ["X-Original-URL: https://app.example.com/dash"]),
            }
            results = {k: [] for k in targets}
            for _ in range(args.rounds):
                for name, (url, headers) in targets.items():
                    rps, bad, p99 = wrk(url, args.seconds, headers)
                    expected_bad = name.endswith("401)")
                    if bad and not expected_bad:
                        sys.exit(f"{name}: {bad} non-2xx answers — the session did not hold")
                    results[name].append((rps, p99))
            # The host's noise drifts over seconds: each round's ratio compares targets
            # measured moments apart, and the median of those ratios is reported.
            def ratio(a, b):
                return statistics.median(x[0] / y[0] for x, y in zip(results[a], results[b]))

            print(f"{os.cpu_count()} cores; wrk -t1 -c16 -d{args.seconds}s; {args.rounds} interleaved rounds; "
                  "medians (ratios: median of per-round ratios)")
            print(f"{'target':28} {'req/s':>10} {'ratio':>7}  p99 (last round)")
            for name, rs in results.items():
                rps = statistics.median(r for r, _ in rs)
                print(f"{name:28} {rps:10.0f} {ratio(name, 'healthz'):7.3f}  {rs[-1][1]}")
            print(f"reference page / bare route: {ratio('reference page (bare)', 'bare Axum route'):.3f}")
            print(f"authgate /healthz / bare route: {ratio('healthz', 'bare Axum route'):.3f}")
            print(f"authgate page / reference page: {ratio('page (GET /, signed in)', 'reference page (bare)'):.3f}")
        finally:
            p.terminate()
            p.wait()


if __name__ == "__main__":
    main()
