#!/usr/bin/env python3
"""Measures the foundation's costs against the release binary on 127.0.0.1:

1. login request latency (median of N sequential logins, argon2id m=19456 t=2 p=1);
2. start-up time with 10,000 users already hashed, and with 1,000 plain-text users;
3. bytes written per failed login (from /proc/<pid>/io, all files of the process).

Usage: cargo build --release && python3 scripts/measure-foundation.py [--logins 50]
Standard library only.
"""
import argparse, http.cookiejar, os, re, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "authgate")
KEY = "measure-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz"


def config(users_yaml):
    return f"""cookie:
  name: authgate
  key: {KEY}
  expiry_days: 30
login:
  max_login_attempts: null
# Every measured login comes from 127.0.0.1: the per-address limit on failed logins
# (20 a minute by default) would answer 429 before the measurement ends.
rate_limit:
  login_failures_per_minute: null
credentials:
  usernames:
{users_yaml}server:
  public_url: http://127.0.0.1
"""


def user(i, password):
    return f"    user{i:05d}:\n      email: user{i:05d}@example.com\n      first_name: U\n      last_name: '{i}'\n      password: '{password}'\n      roles: [viewer]\n"


def start(path):
    t0 = time.perf_counter()
    p = subprocess.Popen([BIN, "serve", "--config", path, "--bind", "127.0.0.1:0"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    elapsed = time.perf_counter() - t0
    m = re.match(r"listening on (http://\S+)", line)
    if not m:
        p.kill()
        sys.exit(f"server did not start: {line!r}")
    return p, m.group(1), elapsed


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def post_login(base, o, username, password):
    body = o.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrf_token": token}).encode()
    t0 = time.perf_counter()
    try:
        r = o.open(base + "/login", data)
        status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, time.perf_counter() - t0


def io_written(pid):
    with open(f"/proc/{pid}/io") as f:
        fields = dict(line.split(": ") for line in f.read().splitlines())
    return int(fields["wchar"]), int(fields["write_bytes"])


def hash_one(password):
    out = subprocess.run([BIN, "hash"], input=password + "\n", capture_output=True, text=True, check=True)
    return out.stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--logins", type=int, default=50)
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    print(f"machine: {os.cpu_count()} cores; binary: {BIN}")
    with tempfile.TemporaryDirectory() as d:
        # 1. login latency
        path = os.path.join(d, "login.yaml")
        with open(path, "w") as f:
            f.write(config(user(1, "Measure-Pass-0001")))
        p, base, _ = start(path)
        try:
            post_login(base, opener(), "user00001", "Measure-Pass-0001")  # warm-up
            times = []
            for _ in range(args.logins):
                status, t = post_login(base, opener(), "user00001", "Measure-Pass-0001")
                assert status == 303, status
                times.append(t * 1000)
            fails = []
            for i in range(args.logins):
                status, t = post_login(base, opener(), "user00001", f"wrong-{i}")
                assert status == 200, status
                fails.append(t * 1000)
            unknown = []
            for i in range(args.logins):
                status, t = post_login(base, opener(), f"nobody{i}", "wrong")
                unknown.append(t * 1000)
            print(f"login latency, successful (n={args.logins}): median {statistics.median(times):.1f} ms, "
                  f"p90 {sorted(times)[int(len(times) * 0.9)]:.1f} ms")
            print(f"login latency, wrong password: median {statistics.median(fails):.1f} ms; "
                  f"unknown user: median {statistics.median(unknown):.1f} ms")
            # 3. bytes written per failed login
            n = 200
            def files():
                return {name: (st.st_size, st.st_mtime_ns) for name in os.listdir(d)
                        for st in [os.stat(os.path.join(d, name))]}
            before, files_before = io_written(p.pid), files()
            for i in range(n):
                post_login(base, opener(), "user00001", f"wrong-again-{i}")
            after, files_after = io_written(p.pid), files()
            changed = [k for k in set(files_before) | set(files_after) if files_before.get(k) != files_after.get(k)]
            print(f"failed logins (existing user, no lockout, n={n}): files changed in the config folder: "
                  f"{changed or 'none'}; bytes sent to storage per failed login: {(after[1] - before[1]) / n:.1f} B "
                  f"(write() incl. HTTP responses: {(after[0] - before[0]) / n:.0f} B)")
        finally:
            p.terminate()
            p.wait()

        # 2a. start-up with 10,000 hashed users
        h = hash_one("Measure-Pass-0001")
        path = os.path.join(d, "hashed.yaml")
        with open(path, "w") as f:
            f.write(config("".join(user(i, h) for i in range(10_000))))
        size = os.path.getsize(path)
        runs = []
        for _ in range(3):
            p, base, t = start(path)
            runs.append(t)
            p.terminate()
            p.wait()
        print(f"start-up, 10,000 hashed users ({size / 1e6:.1f} MB): median {statistics.median(runs) * 1000:.0f} ms "
              f"(runs: {', '.join(f'{r * 1000:.0f}' for r in runs)} ms)")

        # 2b. start-up with 1,000 plain-text users
        path = os.path.join(d, "plain.yaml")
        with open(path, "w") as f:
            f.write(config("".join(user(i, f"Plain-Pass-{i:05d}") for i in range(1_000))))
        p, base, t = start(path)
        p.terminate()
        p.wait()
        with open(path) as f:
            text = f.read()
        left = len(re.findall(r"Plain-Pass-", text))
        per_hash = t * os.cpu_count() / 1000 * 1000
        print(f"start-up, 1,000 plain-text users hashed on {os.cpu_count()} cores: {t:.2f} s "
              f"(≈ {per_hash:.1f} ms per hash per core); plain-text left in file: {left}")


if __name__ == "__main__":
    main()
