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
BIN = os.path.join(ROOT, "target", "release", "authgate")
CB = "http://app.test/cb"
SECRET = "bench-web-client-secret-0123456789"

CONFIG = f"""cookie:
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


def signed_in(port):
    c = Conn(port)
    _, _, body = c.req("GET", "/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
    s, _, _ = c.req("POST", "/login", {"username": "jsmith", "password": "Bench-Pass-0001", "csrf_token": token})
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
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

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
    open(cfg, "w").write(CONFIG)
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
        browsers = [signed_in(port) for _ in range(n)]
        for b in browsers[:1]:
            code_of(b, "pub")  # consent to offline access once (per user and client)
            code_of(b, "web")
        at = token(Conn(port), {"grant_type": "authorization_code", "code": (cv := code_of(browsers[0], "pub"))[0],
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
            c = browsers[i]
            return lambda: code_of(c, "pub")

        def exchange_with(client, basic):
            def make(i):
                c = Conn(port)
                codes = pools[client][i]
                def step():
                    code, verifier = codes.pop()
                    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": CB, "code_verifier": verifier}
                    if not basic:
                        form["client_id"] = client
                    token(c, form, (client, SECRET) if basic else None)
                return step
            return make

        def refresh(i):
            c = Conn(port)
            code, verifier = code_of(browsers[i], "pub")
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
            # Enough codes for the exchange: what the authorization rate suggests, plenty.
            per = {"pub": int(auth_rate * a.seconds * 1.5 / n) + 50, "web": 200}
            pools = {cl: [[code_of(browsers[i], cl) for _ in range(per[cl])] for i in range(n)] for cl in per}
            results["exchange_public"].append(run(port, a.seconds, n, exchange_with("pub", False)))
            results["exchange_secret"].append(run(port, a.seconds, n, exchange_with("web", True)))
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
