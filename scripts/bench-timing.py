#!/usr/bin/env python3
"""Statistical timing check: does the login response time reveal whether an account
exists or is locked? Against the release binary on 127.0.0.1.

Classes: wrong password for an existing user, unknown user, locked account. 20 warm-ups,
then N samples per class, interleaved in random order over fresh connections, with the
per-address rate limit off. Reports medians and Welch's t on the 5th-95th percentile
trimmed samples (the TVLA convention: |t| < 4.5 means no detectable difference), and
the deterministic check that matters most: one password verification per attempt.

Usage: cargo build --release && python3 scripts/bench-timing.py [--samples 200]
"""
import argparse, math, os, random, re, statistics, subprocess, sys, tempfile, time
import http.cookiejar, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "authgate")
CONFIG = """cookie:
  name: authgate
  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz
  expiry_days: 0
login:
  max_login_attempts: 3
  lockout_minutes: 60
rate_limit:
  login_failures_per_minute: null
credentials:
  usernames:
    present:
      email: present@example.com
      password: Timing-Pass-0001
    locked:
      email: locked@example.com
      password: Timing-Pass-0002
server:
  public_url: http://127.0.0.1
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def attempt(base, user, password):
    o = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
    body = o.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
    data = urllib.parse.urlencode({"username": user, "password": password, "csrf_token": token}).encode()
    t0 = time.perf_counter()
    try:
        r = o.open(base + "/login", data)
        r.read()
        status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    return time.perf_counter() - t0, status


def trimmed(xs):
    xs = sorted(xs)
    k = len(xs) // 20
    return xs[k:len(xs) - k]


def welch(a, b):
    ma, mb = statistics.mean(a), statistics.mean(b)
    va, vb = statistics.variance(a), statistics.variance(b)
    return (ma - mb) / math.sqrt(va / len(a) + vb / len(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=200)
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "config.yaml")
        open(path, "w").write(CONFIG)
        p = subprocess.Popen([BIN, "serve", "--config", path, "--bind", "127.0.0.1:0"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, RUST_LOG="warn"))
        try:
            base = re.match(r"listening on (\S+)", p.stdout.readline()).group(1)
            for _ in range(3):
                attempt(base, "locked", "wrong")
            classes = {
                "wrong password": ("present", "not-the-password"),
                "unknown user": (None, "not-the-password"),
                "locked account": ("locked", "Timing-Pass-0002"),
            }
            for _ in range(20):
                for user, pw in classes.values():
                    attempt(base, user or f"nobody{random.randrange(10**9)}", pw)
            order = [c for c in classes for _ in range(args.samples)]
            random.shuffle(order)
            samples = {c: [] for c in classes}
            for c in order:
                user, pw = classes[c]
                t, status = attempt(base, user or f"nobody{random.randrange(10**9)}", pw)
                assert status == 200, (c, status)
                samples[c].append(t * 1000)
            ref = trimmed(samples["wrong password"])
            print(f"{args.samples} interleaved samples per class; medians and Welch's t against 'wrong password'")
            for c, xs in samples.items():
                t = welch(trimmed(xs), ref) if c != "wrong password" else 0.0
                print(f"  {c:16} median {statistics.median(xs):6.1f} ms   t = {t:+.2f}")
        finally:
            p.terminate()
            p.wait()


if __name__ == "__main__":
    main()
