#!/usr/bin/env python3
"""Requests per second of the OpenID provider's token endpoint, as ratios to baselines
measured in the same run (the machine is noisy; ratios are what is compared):

- baseline: GET /healthz, and GET /oidc/userinfo with a valid access token (a bearer
  lookup in the shared records plus a user read);
- the authorization request of a signed-in browser (GET /oidc/authorize → 302 + code);
- the code exchange (POST /oidc/token, authorization_code) of a public client (PKCE S256,
  no secret: the work of the grant itself) and of a confidential client
  (client_secret_basic: one argon2id verification per request, by design);
- the refresh (POST /oidc/token, refresh_token, rotated at every use), public client.

Every figure comes from the same client (Python threads, one keep-alive connection each,
CONCURRENCY at once), so the client's own cost is in every figure alike. Codes are made
before the exchange is timed (each works once); refresh chains run side by side, each
presenting the token the previous answer gave.

Usage: cargo build --release --all-features && python3 scripts/bench-oidc.py
       [--seconds 5] [--rounds 3] [--concurrency 8]
"""
import argparse, base64, hashlib, http.client, json, os, re, secrets, statistics
import subprocess, sys, tempfile, threading, time, urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("AUTHGATE_BIN", os.path.join(ROOT, "target", "release", "authgate"))
CB = "http://app.test/cb"
SECRET = "bench-web-client-secret-0123456789"

CONFIG = f"""cookie:
  name: authgate
  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz
  expiry_days: 30
credentials:
  usernames:
{{users}}
server:
  public_url: http://127.0.0.1
rate_limit:
  login_failures_per_minute: null   # the confidential client's secret checks, in parallel
oidc_provider:
  clients:
    pub:
      redirect_uris: [{CB}]
    web:
      client_secret: {SECRET}
      redirect_uris: [{CB}]
"""


USERS_PER_THREAD = 4
# Codes waiting per user are bounded (200): each user's pool stays below.
CODES_PER_USER = 150


def users_yaml(n):
    return "\n".join(
        f"    bench{i}:\n      email: bench{i}@example.com\n      first_name: Bench\n"
        f"      last_name: User{i}\n      password: Bench-Pass-0001\n      roles: [viewer]"
        for i in range(n))


class Conn:
    """One keep-alive connection with a cookie jar of its own."""

    def __init__(self, port):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}

    def req(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body)
        try:
            self.c.request(method, path, body=body, headers=h)
            r = self.c.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle keep-alive connection: once more on a new one.
            self.c.close()
            self.c.request(method, path, body=body, headers=h)
            r = self.c.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data


def pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_path(client, challenge, scope="openid profile email groups offline_access"):
    return "/oidc/authorize?" + urllib.parse.urlencode({
        "client_id": client, "redirect_uri": CB, "response_type": "code", "scope": scope,
        "state": "s", "nonce": "n", "code_challenge": challenge, "code_challenge_method": "S256",
    })


def signed_in(port, user):
    c = Conn(port)
    _, _, body = c.req("GET", "/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
    s, _, _ = c.req("POST", "/login", {"username": user, "password": "Bench-Pass-0001", "csrf_token": token})
    assert s == 303, s
    return c


def code_of(c, client):
    verifier, challenge = pkce()
    s, h, body = c.req("GET", authorize_path(client, challenge))
    if s == 200:  # the consent page, for offline_access: once per client
        query = re.search(rb'name="query" value="([^"]*)"', body).group(1).decode()
        query = query.replace("&#38;", "&").replace("&amp;", "&").replace("&#43;", "+")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
        s, h, _ = c.req("POST", "/oidc/consent", {"csrf_token": token, "query": query, "decision": "allow"})
    assert s in (302, 303), (s, body[:300])
    q = urllib.parse.parse_qs(urllib.parse.urlparse(h["location"]).query)
    return q["code"][0], verifier


def token(c, form, basic=None):
    headers = {}
    if basic:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{basic[0]}:{basic[1]}".encode()).decode()
    s, _, body = c.req("POST", "/oidc/token", form, headers)
    assert s == 200, (s, body)
    return json.loads(body)


def run(port, seconds, concurrency, make_work):
    """Runs `make_work(i)()` in `concurrency` threads for `seconds`; requests per second."""
    stop = time.monotonic() + seconds
    counts = [0] * concurrency
    errors = []

    def worker(i):
        try:
            step = make_work(i)
            while time.monotonic() < stop:
                step()
                counts[i] += 1
        except StopIteration:
            pass  # its share of the work is done
        except (Exception, SystemExit) as e:  # noqa: BLE001 - reported below
            errors.append(f"{make_work.__name__}: {e!r}")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"errors: {errors[:3]}")
    return sum(counts) / (time.monotonic() - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=8)
    a = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} missing: cargo build --release --all-features")
    d = tempfile.mkdtemp()
    cfg = os.path.join(d, "config.yaml")
    # One more user than the threads use: userinfo's token belongs to a user nothing else
    # signs in for, so the per-user bound on grants never pushes its family out.
    open(cfg, "w").write(CONFIG.replace("{users}", users_yaml(a.concurrency * USERS_PER_THREAD + 1)))
    import socket
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    srv = subprocess.Popen([BIN, "serve", "--config", cfg, "--bind", f"127.0.0.1:{port}"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ, RUST_LOG="warn"))
    try:
        for line in srv.stdout:
            if b"listening on" in line:
                break
        threading.Thread(target=lambda: [None for _ in srv.stdout], daemon=True).start()
        n = a.concurrency
        # Each thread signs in as users of its own; each user agrees to offline access
        # once per client (the consent page), as a real user would.
        browsers = [[signed_in(port, f"bench{i * USERS_PER_THREAD + j}") for j in range(USERS_PER_THREAD)]
                    for i in range(n)]
        for mine in browsers:
            for b in mine:
                code_of(b, "pub")
                code_of(b, "web")
        reader = signed_in(port, f"bench{n * USERS_PER_THREAD}")
        code_of(reader, "pub")
        at = token(Conn(port), {"grant_type": "authorization_code", "code": (cv := code_of(reader, "pub"))[0],
                                "redirect_uri": CB, "client_id": "pub", "code_verifier": cv[1]})["access_token"]

        def healthz(i):
            c = Conn(port)
            return lambda: c.req("GET", "/healthz")

        def userinfo(i):
            c = Conn(port)
            def step():
                s, _, _ = c.req("GET", "/oidc/userinfo", headers={"Authorization": f"Bearer {at}"})
                assert s == 200, s
            return step

        def authorize(i):
            c = browsers[i][0]
            # A code per request; this user's codes are bounded, which costs nothing here.
            return lambda: code_of(c, "pub")

        def exchange_with(client, basic):
            def make(i):
                c = Conn(port)
                codes = pools[client][i]
                def step():
                    if not codes:
                        raise StopIteration
                    code, verifier = codes.pop()
                    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": CB, "code_verifier": verifier}
                    if not basic:
                        form["client_id"] = client
                    token(c, form, (client, SECRET) if basic else None)
                return step
            return make

        def refresh(i):
            c = Conn(port)
            code, verifier = code_of(browsers[i][0], "pub")
            rt = [token(c, {"grant_type": "authorization_code", "code": code, "redirect_uri": CB,
                            "client_id": "pub", "code_verifier": verifier})["refresh_token"]]
            def step():
                rt[0] = token(c, {"grant_type": "refresh_token", "refresh_token": rt[0], "client_id": "pub"})["refresh_token"]
            return step

        results = {k: [] for k in ["healthz", "userinfo", "authorize", "exchange_public", "exchange_secret", "refresh"]}
        for r in range(a.rounds):
            results["healthz"].append(run(port, a.seconds, n, healthz))
            results["userinfo"].append(run(port, a.seconds, n, userinfo))
            auth_rate = run(port, a.seconds, n, authorize)
            results["authorize"].append(auth_rate)
            # Codes live 60 s and each user may have 200 waiting: each pool is made right
            # before its run, CODES_PER_USER for each of the thread's users; the run ends
            # when the pools are used up (or after --seconds), and counts what was done.
            pools = {}
            for cl, key, basic in [("pub", "exchange_public", False), ("web", "exchange_secret", True)]:
                per = CODES_PER_USER if cl == "pub" else 10
                pools[cl] = [[code_of(b, cl) for b in browsers[i] for _ in range(per)] for i in range(n)]
                results[key].append(run(port, a.seconds, n, exchange_with(cl, basic)))
            results["refresh"].append(run(port, a.seconds, n, refresh))
            print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.0f}/s" for k, v in results.items()), flush=True)
        med = {k: statistics.median(v) for k, v in results.items()}
        print(f"\nmedians of {a.rounds} rounds, {n} connections, {a.seconds:.0f} s each:")
        for k, v in med.items():
            print(f"  {k:16} {v:8.0f} req/s   {v / med['healthz']:.3f} x healthz   {v / med['userinfo']:.3f} x userinfo")
    finally:
        srv.terminate()
        srv.wait()


if __name__ == "__main__":
    main()
