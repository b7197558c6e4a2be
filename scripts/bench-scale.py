#!/usr/bin/env python3
"""Scale-out measurement: logins per second, signed-in page requests per second and
forward-auth answers (/auth/verify) per second with two authgate instances versus one,
same machine, same run, users in PostgreSQL and sessions in Redis; plus the p99
latency of pages and forward-auth. The single-instance YAML + in-memory configuration
is measured in the same run as the reference. With --before BIN, an earlier build is
measured in the same run too (same configurations, interleaved), for before/after.

Each measurement also reports how busy the machine's CPUs were (from /proc/stat) and
how the CPU time split between authgate, wrk and redis-server: when the CPUs are ~100%
busy, the machine is the bound, not authgate. For `/auth/verify` it also prints the CPU
time per request of authgate (all instances), redis-server and wrk, in microseconds:
their sum against the two cores' capacity says what a second instance could add.

Each configuration gets a fresh PostgreSQL database and a fresh Redis key prefix
(both removed afterwards). Load comes from wrk, split evenly over the instances: for
pages and forward-auth, `-c16` in total, each instance's share with a cookie from a login on the OTHER
instance when there are two (so every request proves the session is shared); for
logins, scripts/wrk-login.lua with 8 connections in total.

Usage: cargo build --release --features postgres,redis && python3 scripts/bench-scale.py
       [--seconds 8] [--rounds 2] [--before path/to/older/authgate]
Needs wrk, PostgreSQL on 127.0.0.1:5432 (trust) and Redis on 127.0.0.1:6379.
"""
import argparse, os, re, secrets, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module

load = import_module("bench-load")  # login_cookie(); same login flow as the storm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "authgate")
PG_ADMIN = os.environ.get("AUTHGATE_TEST_PG", "postgres://postgres@127.0.0.1:5432/test")

BASE_CONFIG = """cookie:
  name: authgate
  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz
  expiry_days: 0
login:
  max_login_attempts: null
credentials:
  usernames:
    jsmith:
      email: jsmith@example.com
      first_name: John
      last_name: Smith
      password: Bench-Pass-0001
      roles: [admin]
server:
  public_url: http://127.0.0.1
  trusted_proxies: [127.0.0.1]
access_control:
  default_policy: deny
  rules:
  - {domain: app.example.com, policy: [admin]}
"""


def psql(sql):
    subprocess.run(["psql", PG_ADMIN, "-qXc", sql], check=True, capture_output=True)


def start(path, binary):
    p = subprocess.Popen([binary, "serve", "--config", path, "--bind", "127.0.0.1:0"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, RUST_LOG="warn"))
    line = p.stdout.readline()
    m = re.match(r"listening on (\S+)", line)
    if not m:
        p.kill()
        sys.exit(f"authgate did not start: {line!r}")
    return p, m.group(1)


def wrk_parallel(jobs, seconds):
    """Runs one wrk per (args) at once; returns their outputs."""
    procs = [subprocess.Popen(["wrk", f"-d{seconds}s", "--latency"] + a, stdout=subprocess.PIPE, text=True)
             for a in jobs]
    return [p.communicate()[0] for p in procs]


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def cpu_times():
    """(busy, total) jiffies of the whole machine."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v)


def proc_cpu(pids):
    """utime + stime jiffies of `pids` (missing ones count 0)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total


def redis_pid():
    out = subprocess.run(["redis-cli", "info", "server"], capture_output=True, text=True).stdout
    m = re.search(r"process_id:(\d+)", out)
    return int(m.group(1)) if m else None


def children_cpu():
    """CPU seconds of this process's waited-for children (the wrk runs)."""
    t = os.times()
    return t.children_user + t.children_system


def load_run(bases, cookies, seconds, path, extra):
    """wrk on `path` of every instance at once (16 connections in all)."""
    conns = 16 // len(bases)
    outs = wrk_parallel([["-t1", f"-c{conns}", "-H", f"Cookie: {c}"] + extra + [b + path]
                         for b, c in zip(bases, cookies)], seconds)
    rps, p99 = 0.0, 0.0
    for o in outs:
        if "Non-2xx" in o:
            sys.exit(f"a signed-in request to {path} was refused:\n" + o)
        rps += float(re.search(r"Requests/sec:\s+([\d.]+)", o).group(1))
        p99 = max(p99, to_ms(*re.search(r"99%\s+([\d.]+)(\w+)", o).groups()))
    return rps, p99


def logins(bases, seconds):
    conns = 8 // len(bases)
    outs = wrk_parallel([[f"-t{conns}", f"-c{conns}", "-s", os.path.join(ROOT, "scripts", "wrk-login.lua"), b, "--",
                          "jsmith", "Bench-Pass-0001"] for b in bases], seconds)
    ok = sum(int(re.search(r"logins_ok (\d+)", o).group(1)) for o in outs)
    failed = sum(int(re.search(r"logins_failed (\d+)", o).group(1)) for o in outs)
    if failed:
        sys.exit(f"{failed} logins failed")
    return ok / seconds


def pages(bases, cookies, seconds):
    return load_run(bases, cookies, seconds, "/", [])


def verifies(bases, cookies, seconds):
    return load_run(bases, cookies, seconds, "/auth/verify",
                    ["-H", "X-Original-URL: http://app.example.com/dashboard"])


def measure(name, config, instances, args, binary):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "config.yaml")
        open(path, "w").write(config)
        procs = []
        try:
            for _ in range(instances):
                procs.append(start(path, binary))
            bases = [b for _, b in procs]
            # With two instances, each one's load carries a session made on the other.
            cookies = [load.login_cookie(bases[(i + 1) % len(bases)]) for i in range(len(bases))]
            page_runs, verify_runs, login_runs, busy, per_request = [], [], [], [], []
            pids = [p.pid for p, _ in procs]
            rpid = redis_pid()
            for _ in range(args.rounds):
                b0, t0 = cpu_times()
                a0, r0 = proc_cpu(pids), proc_cpu([rpid] if rpid else [])
                page_runs.append(pages(bases, cookies, args.seconds))
                b1, t1 = cpu_times()
                a1, r1 = proc_cpu(pids), proc_cpu([rpid] if rpid else [])
                busy.append(((b1 - b0) / max(t1 - t0, 1), (a1 - a0) / max(b1 - b0, 1),
                             (r1 - r0) / max(b1 - b0, 1)))
                a0, r0, w0 = proc_cpu(pids), proc_cpu([rpid] if rpid else []), children_cpu()
                b0, t0 = cpu_times()
                verify_runs.append(verifies(bases, cookies, args.seconds))
                b1, t1 = cpu_times()
                a1, r1, w1 = proc_cpu(pids), proc_cpu([rpid] if rpid else []), children_cpu()
                n = verify_runs[-1][0] * args.seconds
                hz = os.sysconf("SC_CLK_TCK")
                per_request.append(((a1 - a0) / hz * 1e6 / n, (r1 - r0) / hz * 1e6 / n, (w1 - w0) * 1e6 / n,
                                    (b1 - b0) / hz * 1e6 / n, (b1 - b0) / max(t1 - t0, 1)))
                login_runs.append(logins(bases, args.seconds))
            rps = statistics.median(r for r, _ in page_runs)
            p99 = statistics.median(p for _, p in page_runs)
            vps = statistics.median(r for r, _ in verify_runs)
            vp99 = statistics.median(p for _, p in verify_runs)
            lps = statistics.median(login_runs)
            cpu = statistics.median(b for b, _, _ in busy)
            share = statistics.median(a for _, a, _ in busy)
            rshare = statistics.median(r for _, _, r in busy)
            print(f"{name:44} pages {rps:7.0f}/s p99 {p99:6.2f} ms | verify {vps:7.0f}/s p99 {vp99:6.2f} ms"
                  f" | logins {lps:5.1f}/s | CPU busy {cpu:4.0%} (authgate {share:3.0%}, redis {rshare:3.0%}"
                  f" of it; wrk and PostgreSQL the rest)", flush=True)
            med = [statistics.median(x[i] for x in per_request) for i in range(5)]
            print(f"{'':44} verify, CPU per request: authgate {med[0]:5.1f} us, redis {med[1]:5.1f} us, "
                  f"wrk {med[2]:5.1f} us; whole machine {med[3]:5.1f} us ({med[4]:4.0%} busy)", flush=True)
            return rps, p99, lps, vps, vp99
        finally:
            for p, _ in procs:
                p.terminate()
                p.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--before", help="an earlier authgate binary, measured in the same run")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release --features postgres,redis")
    db = "authgate_bench_" + secrets.token_hex(4)
    prefix = "authgate-bench-" + secrets.token_hex(4) + ":"
    psql(f"CREATE DATABASE {db}")
    shared = BASE_CONFIG + (f"storage:\n  users: postgres://postgres@127.0.0.1:5432/{db}\n"
                            f"  sessions: redis://127.0.0.1:6379\n  redis_prefix: '{prefix}'\n")
    try:
        print(f"{os.cpu_count()} cores; wrk, {args.seconds}s x {args.rounds} rounds, medians; "
              "pages and verify: 16 connections in all; logins: 8")
        builds = [("", BIN)] + ([("before: ", args.before)] if args.before else [])
        for label, binary in builds:
            ref = measure(label + "YAML + memory, 1 instance", BASE_CONFIG, 1, args, binary)
            one = measure(label + "PostgreSQL + Redis, 1 instance", shared, 1, args, binary)
            two = measure(label + "PostgreSQL + Redis, 2 instances", shared, 2, args, binary)
            print(f"{label}two / one instance: pages {two[0] / one[0]:.2f}, verify {two[3] / one[3]:.2f}, "
                  f"logins {two[2] / one[2]:.2f}")
            print(f"{label}PG+Redis / YAML+memory (1 instance): pages {one[0] / ref[0]:.2f}, "
                  f"verify {one[3] / ref[3]:.2f}, logins {one[2] / ref[2]:.2f}", flush=True)
    finally:
        subprocess.run(["redis-cli", "--no-raw", "eval",
                        "for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end", "0",
                        prefix + "*"], capture_output=True)
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


if __name__ == "__main__":
    main()
