#!/usr/bin/env python3
"""Admin console user list: page time at 1,000, 10,000 and 100,000 users, users in the
YAML file and in PostgreSQL, as ratios to the 1,000-user figure of the same store in the
same run.

For each size and store a fresh server (a fresh PostgreSQL database, seeded from the
file at its first start) answers, signed in as the admin, three kinds of list page:
the 20th page of everyone by username (`/admin?page=20`), a search by part of a name
sorted by name (`/admin?q=mith&sort=name`), and a status filter (`/admin?status=locked`,
which reads every user's lock). Each is asked `--requests` times one after the other
(one connection, keep-alive); the figure is the median time to the last byte.

With `--concurrent N` (e.g. 40), the largest size also gets N console searches at once
(`/admin?q=mith&sort=name`, one keep-alive connection per thread, `--rounds` each):
p50 and p99 of the time to the last byte, and the server's resident memory (VmRSS)
after a warm-up round and after the run, to see whether memory grows per request.

Usage: cargo build --release --all-features && python3 scripts/bench-admin.py
       [--requests 40] [--sizes 1000,10000,100000] [--concurrent 40 --rounds 10]
Needs PostgreSQL on 127.0.0.1:5432 (trust).
"""
import argparse, http.client, os, re, secrets, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module

load = import_module("bench-load")  # login_cookie(): jsmith / Bench-Pass-0001

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("AUTHGATE_BIN", os.path.join(ROOT, "target", "release", "authgate"))
PG_ADMIN = os.environ.get("AUTHGATE_TEST_PG", "postgres://postgres@127.0.0.1:5432/test")

PAGES = ["/admin?page=20", "/admin?q=mith&sort=name", "/admin?status=locked"]
SURNAMES = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Moore", "Clark"]


def psql(sql):
    subprocess.run(["psql", PG_ADMIN, "-qXc", sql], check=True, capture_output=True)


def config_text(n, admin_hash, user_hash, storage):
    out = [
        "cookie:\n  name: authgate\n  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz\n  expiry_days: 0\n",
        "login:\n  max_login_attempts: null\n",
        "server:\n  public_url: http://127.0.0.1\n",
        storage,
        "credentials:\n  usernames:\n",
        f"    jsmith:\n      email: jsmith@example.com\n      first_name: John\n      last_name: Smith\n"
        f"      password: '{admin_hash}'\n      roles: [admin]\n",
    ]
    for i in range(n - 1):
        out.append(
            f"    user{i:06d}:\n      email: user{i:06d}@example.com\n      first_name: F{i % 97}\n"
            f"      last_name: {SURNAMES[i % len(SURNAMES)]}{i % 13}\n      password: '{user_hash}'\n"
            f"      roles: [{'editor' if i % 3 == 0 else 'viewer'}]\n"
        )
    return "".join(out)


def hash_of(password):
    r = subprocess.run([BIN, "hash"], input=password + "\n", capture_output=True, text=True, check=True)
    return r.stdout.strip()


def start(path):
    p = subprocess.Popen([BIN, "serve", "--config", path, "--bind", "127.0.0.1:0"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    m = re.match(r"listening on (\S+)", line)
    if not m:
        p.kill()
        sys.exit(f"authgate did not start: {line!r}")
    return p, m.group(1)


def median_ms(base, cookie, path, requests):
    host = base.replace("http://", "")
    c = http.client.HTTPConnection(host, timeout=60)
    times = []
    for _ in range(requests + 2):
        t = time.perf_counter()
        c.request("GET", path, headers={"Cookie": cookie})
        r = c.getresponse()
        body = r.read()
        times.append((time.perf_counter() - t) * 1000)
        assert r.status == 200 and b"<table>" in body, (path, r.status)
    c.close()
    return statistics.median(times[2:])


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def concurrent(base, cookie, pid, threads, rounds, path="/admin?q=mith&sort=name"):
    """`threads` clients at once, `rounds` searches each: latencies (ms) and RSS (KiB)."""
    import threading
    host = base.replace("http://", "")
    times, lock, errors = [], threading.Lock(), []

    def client(n):
        c = http.client.HTTPConnection(host, timeout=120)
        mine = []
        for _ in range(n):
            t = time.perf_counter()
            c.request("GET", path, headers={"Cookie": cookie})
            r = c.getresponse()
            body = r.read()
            mine.append((time.perf_counter() - t) * 1000)
            if r.status != 200 or b"<table>" not in body:
                errors.append(r.status)
        c.close()
        with lock:
            times.extend(mine)

    def run(n):
        ts = [threading.Thread(target=client, args=(n,)) for _ in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    run(1)  # warm-up: every connection and buffer made once
    times.clear()
    before = rss_kib(pid)
    start = time.perf_counter()
    run(rounds)
    wall = time.perf_counter() - start
    after = rss_kib(pid)
    run(rounds)
    after2 = rss_kib(pid)
    times.sort()
    q = lambda p: times[min(len(times) - 1, int(p * len(times)))]
    return {"n": len(times), "p50": q(0.50), "p99": q(0.99), "rps": len(times) / wall,
            "rss_before": before, "rss_after": after, "rss_after2": after2, "errors": len(errors)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--concurrent", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--stores", default="yaml,postgres")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release --all-features")
    sizes = [int(s) for s in args.sizes.split(",")]
    admin_hash, user_hash = hash_of("Bench-Pass-0001"), hash_of("Some-User-Pass-1")
    results = {}
    loads = {}
    stores = args.stores.split(",")
    for store in stores:
        for n in sizes:
            with tempfile.TemporaryDirectory() as d:
                db = None
                storage = ""
                if store == "postgres":
                    db = f"authgate_bench_admin_{secrets.token_hex(4)}"
                    psql(f"CREATE DATABASE {db}")
                    storage = f"storage:\n  users: {PG_ADMIN.rsplit('/', 1)[0]}/{db}\n"
                path = os.path.join(d, "config.yaml")
                with open(path, "w") as f:
                    f.write(config_text(n, admin_hash, user_hash, storage))
                p, base = start(path)
                try:
                    cookie = load.login_cookie(base)
                    for page in PAGES:
                        results[(store, n, page)] = median_ms(base, cookie, page, args.requests)
                    if args.concurrent and n == max(sizes):
                        loads[(store, n)] = concurrent(base, cookie, p.pid, args.concurrent, args.rounds)
                finally:
                    p.terminate()
                    p.wait()
                    if db:
                        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    print(f"median page time, ms (ratio to {sizes[0]:,} users of the same store)")
    print(f"{'store':9} {'users':>8}  " + "  ".join(f"{p:>28}" for p in PAGES))
    for store in stores:
        for n in sizes:
            cells = []
            for page in PAGES:
                ms = results[(store, n, page)]
                base = results[(store, sizes[0], page)]
                cells.append(f"{ms:9.2f} ms ({ms / base:6.2f}x)".rjust(28))
            print(f"{store:9} {n:>8,}  " + "  ".join(cells))
    for (store, n), r in loads.items():
        print(f"{store} {n:,} users, {args.concurrent} concurrent searches x {args.rounds}: "
              f"p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, {r['rps']:.0f} req/s, {r['errors']} errors; "
              f"VmRSS {r['rss_before'] / 1024:.1f} MiB after warm-up, {r['rss_after'] / 1024:.1f} MiB after "
              f"{r['n']} requests, {r['rss_after2'] / 1024:.1f} MiB after {r['n']} more")


if __name__ == "__main__":
    main()
