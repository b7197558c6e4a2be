#!/usr/bin/env python3
"""Statistical timing check: does the login response time reveal whether an account
exists, is locked, or still has a bcrypt hash from streamlit-authenticator? Against the
release binary on 127.0.0.1.

Classes, each a wrong password: an existing user with an argon2id hash, an existing user
with a legacy bcrypt hash (cost 12, as streamlit-authenticator makes them), an unknown
user, a locked account. Each user is tried at most twice so that no lock gets in the way
(the locked account is locked on purpose first). 20 warm-ups, then N samples per class,
interleaved in random order over fresh connections, with the per-address rate limit off.

Reports per class the mean, the spread (standard deviation) and the median in ms, and
Welch's t against "unknown user" on the 5th-95th percentile trimmed samples (the TVLA
convention: |t| < 4.5 means no detectable difference).

Usage: cargo build --release && python3 scripts/bench-timing.py [--samples 200]
"""
import argparse, math, os, random, re, statistics, subprocess, sys, tempfile, time
import http.cookiejar, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "authgate")
# streamlit-authenticator's own test user (tests/fixtures/stauth/config.yaml), cost 12.
BCRYPT = "$2b$12$HQgs7YtzGBkAKhSM28ANJeBI/fa/FVSHjqslvsFZusl7hUQER0vda"
HEAD = """cookie:
  name: authgate
  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz
  expiry_days: 0
login:
  max_login_attempts: 3
  lockout_minutes: 60
rate_limit:
  login_failures_per_minute: null
server:
  public_url: http://127.0.0.1
credentials:
  usernames:
    locked:
      email: locked@example.com
      password: Timing-Pass-0002
"""


def config(users):
    lines = [HEAD]
    for i in range(users):
        lines.append(f"    present{i}:\n      email: present{i}@example.com\n      password: Timing-Pass-{i:04}\n")
        lines.append(f"    legacy{i}:\n      email: legacy{i}@example.com\n      password: '{BCRYPT}'\n")
    return "".join(lines)


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
    users = (args.samples + 20) // 2 + 1
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "config.yaml")
        open(path, "w").write(config(users))
        p = subprocess.Popen([BIN, "serve", "--config", path, "--bind", "127.0.0.1:0"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, RUST_LOG="warn"))
        try:
            base = re.match(r"listening on (\S+)", p.stdout.readline()).group(1)
            for _ in range(3):
                attempt(base, "locked", "wrong")
            # Each user twice at most: the third failure would lock it.
            present = [f"present{i}" for i in range(users) for _ in range(2)]
            legacy = [f"legacy{i}" for i in range(users) for _ in range(2)]
            classes = {
                "unknown user": lambda: f"nobody{random.randrange(10**9)}",
                "wrong password": present.pop,
                "legacy bcrypt user": legacy.pop,
                "locked account": lambda: "locked",
            }
            password = {"locked account": "Timing-Pass-0002"}
            for _ in range(10):
                for c, user in classes.items():
                    attempt(base, user(), password.get(c, "not-the-password"))
            order = [c for c in classes for _ in range(args.samples)]
            random.shuffle(order)
            samples = {c: [] for c in classes}
            for c in order:
                t, status = attempt(base, classes[c](), password.get(c, "not-the-password"))
                assert status == 200, (c, status)
                samples[c].append(t * 1000)
            ref = trimmed(samples["unknown user"])
            print(f"{args.samples} interleaved samples per class (wrong passwords); Welch's t against 'unknown user'")
            for c, xs in samples.items():
                t = welch(trimmed(xs), ref) if c != "unknown user" else 0.0
                print(f"  {c:19} mean {statistics.mean(xs):6.1f} ms  sd {statistics.stdev(xs):5.1f}  "
                      f"median {statistics.median(xs):6.1f}  t = {t:+.2f}")
        finally:
            p.terminate()
            p.wait()


if __name__ == "__main__":
    main()
