#!/usr/bin/env python3
"""An OpenID Connect client written with Authlib (the library Streamlit's st.login uses),
independent of authgate's own code, run against authgate as the provider by
e2e/tests/st-login.test.js.

It does what a relying party does, from discovery only: the authorization code flow
with PKCE S256 and a nonce (the user's browser is an httpx client that signs in on
authgate's login page and agrees to offline access on the consent page), the token
request with client_secret_basic, the ID token's signature checked against the JWKS
with the issuer, audience and nonce, userinfo with the access token, and a refresh that
must rotate the refresh token, after which the old one must be refused.

Usage: authlib_client.py BASE_URL USER PASSWORD CLIENT_ID CLIENT_SECRET REDIRECT_URI
Prints one JSON object with what it saw; exits non-zero with the reason on any failure.
"""
import base64
import html
import json
import re
import sys
import urllib.parse

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from authlib.integrations.base_client.errors import OAuthError
from authlib.jose import JsonWebKey, jwt


def fail(why):
    print(json.dumps({"ok": False, "why": why}))
    sys.exit(1)


def hidden(body, name):
    m = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), body)
    if not m:
        fail(f"no hidden field {name} in: {body[:2000]}")
    return html.unescape(m.group(1))


def main():
    base, user, password, client_id, secret, redirect = sys.argv[1:7]
    meta = httpx.get(f"{base}/.well-known/openid-configuration").json()
    for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"):
        if key not in meta:
            fail(f"discovery lacks {key}")
    if "S256" not in meta.get("code_challenge_methods_supported", []):
        fail("discovery does not offer PKCE S256")

    rp = OAuth2Client(
        client_id,
        secret,
        scope="openid profile email groups offline_access",
        redirect_uri=redirect,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )
    verifier = generate_token(48)
    nonce = generate_token(20)
    url, state = rp.create_authorization_url(
        meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )

    # The user's browser: signs in on authgate's page, then follows the request.
    browser = httpx.Client(follow_redirects=False)
    page = browser.get(f"{base}/login").text
    r = browser.post(
        f"{base}/login",
        data={"username": user, "password": password, "csrf_token": hidden(page, "csrf_token")},
    )
    if r.status_code != 303:
        fail(f"login answered {r.status_code}")
    r = browser.get(url)
    if r.status_code == 200 and "Allow " in r.text:
        r = browser.post(
            f"{base}/oidc/consent",
            data={
                "csrf_token": hidden(r.text, "csrf_token"),
                "query": hidden(r.text, "query"),
                "decision": "allow",
            },
        )
    back = r.headers.get("location", "")
    if not back.startswith(redirect):
        fail(f"expected a redirect to {redirect}, got {r.status_code} {back}")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(back).query))
    if query.get("state") != state:
        fail("state not echoed")
    if query.get("iss") != meta["issuer"]:
        fail(f"iss {query.get('iss')} is not the issuer (RFC 9207)")

    token = rp.fetch_token(
        meta["token_endpoint"], authorization_response=back, code_verifier=verifier
    )
    keys = JsonWebKey.import_key_set(httpx.get(meta["jwks_uri"]).json())
    claims = jwt.decode(
        token["id_token"],
        keys,
        claims_options={
            "iss": {"essential": True, "value": meta["issuer"]},
            "aud": {"essential": True, "value": client_id},
            "nonce": {"essential": True, "value": nonce},
            "sub": {"essential": True},
        },
    )
    claims.validate()
    part = token["id_token"].split(".")[0]
    alg = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))["alg"]
    if alg != "RS256":
        fail(f"ID token signed with {alg}")

    info = rp.get(meta["userinfo_endpoint"]).json()
    if info.get("sub") != claims["sub"]:
        fail("userinfo names another subject than the ID token")

    old = token["refresh_token"]
    fresh = rp.refresh_token(meta["token_endpoint"], refresh_token=old)
    if not fresh.get("refresh_token") or fresh["refresh_token"] == old:
        fail("the refresh token was not rotated")
    try:
        rp.refresh_token(meta["token_endpoint"], refresh_token=old)
        fail("the old refresh token was accepted again")
    except OAuthError as e:
        reused = e.error

    print(
        json.dumps(
            {
                "ok": True,
                "alg": alg,
                "sub": claims["sub"],
                "email": info.get("email"),
                "groups": info.get("groups"),
                "preferred_username": claims.get("preferred_username"),
                "reused_refresh_token": reused,
            }
        )
    )


if __name__ == "__main__":
    main()
