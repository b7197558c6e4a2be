#!/usr/bin/env python3
"""What scripts/container-test asks of a running authgate over HTTP, as a browser would.

Usage: container-web.py healthz BASE [SECONDS]      wait until GET /healthz answers 200
       container-web.py login BASE USER PASSWORD    sign in; the home page must name USER
       container-web.py register BASE USER EMAIL PASSWORD
       container-web.py verify BASE USER PASSWORD URL   forward-auth status for URL after
                                                    signing in (prints the status)
Exits 0 when the step did what it should, 1 with the reason otherwise.
"""
import http.cookiejar, re, sys, time, urllib.error, urllib.parse, urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect), jar


def fail(why):
    print(f"container-web: {why}", file=sys.stderr)
    sys.exit(1)


def post(o, url, fields):
    """POSTs a form with the CSRF token of the page at `url`; returns (status, location)."""
    body = o.open(url).read().decode()
    m = re.search(r'name="csrf_token" value="([^"]+)"', body)
    if not m:
        fail(f"no CSRF token on {url}")
    data = urllib.parse.urlencode({**fields, "csrf_token": m.group(1)}).encode()
    try:
        r = o.open(url, data)
        return r.status, r.headers.get("location"), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("location"), e.read().decode(errors="replace")


def healthz(base, seconds="30"):
    deadline = time.time() + float(seconds)
    last = None
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
                last = r.status
        except urllib.error.HTTPError as e:
            last = e.code
        except OSError as e:
            last = e
        time.sleep(0.3)
    fail(f"/healthz did not answer 200 within {seconds} s (last: {last})")


def login(base, user, password):
    o, jar = opener()
    status, location, _ = post(o, base + "/login", {"username": user, "password": password})
    if status != 303:
        fail(f"login of {user}: {status}, expected 303")
    home = o.open(base + "/").read().decode()
    if user not in home:
        fail(f"the home page after the login of {user} does not name them")
    return o


def register(base, user, email, password):
    o, _ = opener()
    status, location, body = post(o, base + "/register", {
        "first_name": "Nina", "last_name": "Hire", "email": email, "username": user,
        "password": password, "repeat_password": password,
    })
    if status != 303:
        reason = re.findall(r'class="field-error" id="([^"]+)-error">([^<]+)<', body)
        fail(f"registration of {user}: {status}, expected 303 {reason}")


def verify(base, user, password, url):
    o = login(base, user, password)
    req = urllib.request.Request(base + "/auth/verify", headers={"X-Original-URL": url})
    try:
        print(o.open(req).status)
    except urllib.error.HTTPError as e:
        print(e.code)


if __name__ == "__main__":
    steps = {"healthz": healthz, "login": login, "register": register, "verify": verify}
    if len(sys.argv) < 3 or sys.argv[1] not in steps:
        fail(__doc__)
    steps[sys.argv[1]](*sys.argv[2:])
