#!/usr/bin/env python3
"""Instructions per request of authgate over real HTTP: examples/bench_server.rs run under
`valgrind --tool=callgrind`, with the configuration of scripts/bench-http.py. For each of
/healthz, a signed-in GET / and a signed-in /auth/verify: 20 warm-up requests, counters
zeroed (callgrind_control -z), N keep-alive requests, counters dumped; the server's
user-space instructions (every thread) divided by N.

This is the CPU work behind bench-http.py's ratios without the machine's noise: the same
build gives the same figures to within a fraction of a percent, whatever else runs.

Usage: cargo build --release --example bench_server &&
       python3 scripts/bench-http-instructions.py [N]      (default 400)
       BENCH_SERVER=<another build> compares builds, as in bench-http.py.
Needs valgrind.
"""
import glob, http.client, importlib.util, os, re, subprocess, sys, tempfile, time, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench_http", os.path.join(HERE, "bench-http.py"))
bench_http = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_http)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    if not os.path.exists(bench_http.BIN):
        sys.exit("build first: cargo build --release --example bench_server")
    with tempfile.TemporaryDirectory() as d:
        cfg = os.path.join(d, "config.yaml")
        open(cfg, "w").write(bench_http.CONFIG)
        out = os.path.join(d, "callgrind.out")
        p = subprocess.Popen(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", bench_http.BIN, cfg, "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, RUST_LOG="warn"))
        try:
            p.stdout.readline()  # the bare reference cookie
            base = re.match(r"listening on (\S+)", p.stdout.readline()).group(1)
            cookie = bench_http.login(base)
            host, port = urllib.parse.urlparse(base).netloc.split(":")

            def send(path, headers, count):
                c = http.client.HTTPConnection(host, int(port))
                for _ in range(count):
                    c.request("GET", path, headers=headers)
                    r = c.getresponse()
                    r.read()
                    if r.status != 200:
                        sys.exit(f"{path}: {r.status}")
                c.close()

            verify = {"Cookie": cookie, "X-Original-URL": "https://app.example.com/dash", "X-Original-Method": "GET"}
            per = {}
            for name, path, headers in [("/healthz", "/healthz", {}), ("page", "/", {"Cookie": cookie}),
                                        ("/auth/verify", "/auth/verify", verify)]:
                before = set(glob.glob(out + "*"))
                send(path, headers, 20)
                subprocess.run(["callgrind_control", "-z", str(p.pid)], capture_output=True, check=True)
                send(path, headers, n)
                subprocess.run(["callgrind_control", "-d", str(p.pid)], capture_output=True, check=True)
                time.sleep(1)
                total = 0
                for f in set(glob.glob(out + "*")) - before:
                    for line in open(f, errors="ignore"):
                        if line.startswith(("summary:", "totals:")):
                            total += int(line.split()[1])
                            break
                per[name] = total / n
        finally:
            p.terminate()
            p.wait()
    print(f"{os.path.basename(bench_http.BIN)}: instructions per request over HTTP ({n} requests each)")
    for name, v in per.items():
        print(f"  {name:14} {v:9.0f}")
    print(f"  page / healthz {per['/healthz'] / per['page']:.3f} (as bench-http.py's page ratio)")


if __name__ == "__main__":
    main()
