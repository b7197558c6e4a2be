#!/usr/bin/env python3
"""What scripts/container-test asks of a running authgate over HTTP, as a browser would.

Usage: container-web.py healthz BASE [SECONDS]      wait until GET /healthz answers 200
       container-web.py login BASE USER PASSWORD    sign in; the home page must name USER
       container-web.py register BASE USER EMAIL PASSWORD [IMAGE_BASE]
       container-web.py verify BASE USER PASSWORD URL   forward-auth status for URL after
                                                    signing in (prints the status)
       container-web.py shared-session BASE1 BASE2 USER PASSWORD
                 sign in on BASE1; the session must be honoured on BASE2, and after a
                 logout on BASE2 the cookies of before it must be refused on BASE1
Several BASEs are instances of one site: one browser's cookies go to all of them.
A registration form with a captcha (the default) is answered as every instance reads it:
the image is fetched from IMAGE_BASE (default BASE), then the command in the
environment variable CONTAINER_WEB_CAPTCHA is run with the Redis key of the answer and
its field appended (`authgate:rec:captcha:register.<id> v`) and must print the answer,
e.g. CONTAINER_WEB_CAPTCHA="podman exec redis redis-cli HGET".
Exits 0 when the step did what it should, 1 with the reason otherwise.
"""
import email.utils, os, re, shlex, subprocess, sys, time, urllib.error, urllib.parse, urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class SiteCookies(urllib.request.BaseHandler):
    """One browser's cookies for one site, sent to every address it is reached at (the
    instances of a compose stack are one site behind nginx)."""

    def __init__(self, jar=None):
        self.jar = dict(jar or {})

    def http_request(self, req):
        if self.jar:
            req.add_unredirected_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.jar.items()))
        return req

    def http_response(self, req, resp):
        for line in resp.headers.get_all("Set-Cookie") or []:
            first, *attrs = line.split(";")
            name, _, value = first.strip().partition("=")
            gone = not value
            for a in attrs:
                key, _, v = a.strip().partition("=")
                if key.lower() == "max-age" and v.strip().lstrip("-").isdigit() and int(v) <= 0:
                    gone = True
                if key.lower() == "expires":
                    when = email.utils.parsedate_to_datetime(v.strip())
                    gone = gone or when.timestamp() <= time.time()
            if gone:
                self.jar.pop(name, None)
            else:
                self.jar[name] = value
        return resp


def opener(jar=None):
    cookies = SiteCookies(jar)
    return urllib.request.build_opener(cookies, NoRedirect), cookies


def fail(why):
    print(f"container-web: {why}", file=sys.stderr)
    sys.exit(1)


def post(o, url, fields):
    """POSTs a form with the CSRF token of the page at `url`; returns (status, location,
    body). `fields` is a dict, or a function of the page that gives one."""
    body = o.open(url).read().decode()
    m = re.search(r'name="csrf_token" value="([^"]+)"', body)
    if not m:
        fail(f"no CSRF token on {url}")
    if callable(fields):
        fields = fields(body)
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


def captcha_answer(o, image_base, captcha_id):
    """Draws the image (which keeps its answer in Redis) and reads the answer there."""
    with o.open(f"{image_base}/captcha/register?v={captcha_id}") as r:
        if r.status != 200 or r.headers.get("content-type") != "image/png":
            fail(f"the captcha image from {image_base}: {r.status} {r.headers.get('content-type')}")
    command = os.environ.get("CONTAINER_WEB_CAPTCHA")
    if not command:
        fail("the registration form has a captcha: set CONTAINER_WEB_CAPTCHA (see --help)")
    argv = shlex.split(command) + [f"authgate:rec:captcha:register.{captcha_id}", "v"]
    answer = subprocess.run(argv, capture_output=True, text=True, check=False).stdout.strip()
    if not answer:
        fail(f"no captcha answer in Redis for {captcha_id} ({command})")
    return answer


def register(base, user, email, password, image_base=None):
    o, _ = opener()

    def fields(page):
        f = {
            "first_name": "Nina", "last_name": "Hire", "email": email, "username": user,
            "password": password, "repeat_password": password,
        }
        m = re.search(r'name="captcha_id" value="([^"]+)"', page)
        if m:
            f["captcha_id"] = m.group(1)
            f["captcha"] = captcha_answer(o, image_base or base, m.group(1))
        return f

    status, location, body = post(o, base + "/register", fields)
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


def signed_in(o, base, user):
    """Whether the home page at `base` shows this browser signed in as `user`."""
    try:
        with o.open(base + "/") as r:
            return r.status == 200 and user in r.read().decode()
    except urllib.error.HTTPError:
        return False


def shared_session(base1, base2, user, password):
    o = login(base1, user, password)
    cookies = next(h for h in o.handlers if isinstance(h, SiteCookies))
    # The session cookie alone: the re-authentication cookie (`<name>_reauth`) would sign
    # the user in again on any instance that shares the users, shared sessions or not.
    session_only, _ = opener({k: v for k, v in cookies.jar.items() if not k.endswith("_reauth")})
    if not signed_in(session_only, base2, user):
        fail(f"the session of {user} made on {base1} is not honoured on {base2}")
    before = dict(cookies.jar)
    status, _, _ = post(o, base2 + "/logout", {})
    if status != 303:
        fail(f"logout on {base2}: {status}, expected 303")
    # The cookies as they were before the logout (a copy of the browser, or a stolen
    # cookie): the logout must have ended the session itself, not just these cookies.
    stale, _ = opener(before)
    for base in (base1, base2):
        if signed_in(stale, base, user):
            fail(f"after a logout on {base2}, the cookies of before it still sign {user} in on {base}")


if __name__ == "__main__":
    steps = {
        "healthz": healthz, "login": login, "register": register, "verify": verify,
        "shared-session": shared_session,
    }
    if len(sys.argv) < 3 or sys.argv[1] not in steps:
        fail(__doc__)
    steps[sys.argv[1]](*sys.argv[2:])
