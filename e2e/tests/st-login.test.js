// A real Streamlit app (streamlit[auth] from PyPI) signing its users in with st.login()
// through authgate's OpenID Connect provider: discovery, the authorization code flow with
// Authlib on Streamlit's side, authgate's own login page in Chromium, the ID token's
// claims in st.user, st.logout() through the end-session endpoint, and a user without the
// client's role refused with a clear page. And a second, independent client (Authlib used
// directly, not through Streamlit) doing everything a relying party does.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import { ROOT, USERS, launchBrowser, userYaml, openPage, screenshot, seriousViolations, startServer } from '../lib/harness.js';
import { freePort, startStreamlit } from '../lib/gateway.js';

const APP = path.join(ROOT, 'tests', 'support', 'streamlit', 'login_app.py');
const SECRET = 'streamlit-client-secret-0123456789';
// A second, independent relying party: Authlib used directly (tests/support/authlib_client.py).
const AUTHLIB = path.join(ROOT, 'tests', 'support', 'authlib_client.py');
const AUTHLIB_SECRET = 'authlib-client-secret-0123456789';
const AUTHLIB_CB = 'http://127.0.0.1:9/callback';

function authgateConfig(port, streamlitPort) {
  return `cookie:
  name: authgate
  key: e2e-test-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz
credentials:
  usernames:
${userYaml('jsmith')}
${userYaml('rbriggs')}
server:
  public_url: http://127.0.0.1:${port}
oidc_provider:
  clients:
    streamlit:
      client_secret: ${SECRET}
      redirect_uris: [http://localhost:${streamlitPort}/oauth2callback]
      post_logout_redirect_uris: [http://localhost:${streamlitPort}/oauth2callback, http://localhost:${streamlitPort}/]
      roles: [editor]
    authlib:
      client_secret: ${AUTHLIB_SECRET}
      redirect_uris: [${AUTHLIB_CB}]
`;
}

function secretsToml(port, streamlitPort) {
  return `[auth]
redirect_uri = "http://localhost:${streamlitPort}/oauth2callback"
cookie_secret = "e2e-streamlit-cookie-secret-0123456789"
client_id = "streamlit"
client_secret = "${SECRET}"
server_metadata_url = "http://127.0.0.1:${port}/.well-known/openid-configuration"
client_kwargs = { scope = "openid profile email groups" }
`;
}

describe("Streamlit's st.login() with authgate as the OpenID provider", () => {
  let server;
  let streamlit;
  let browser;
  let port;
  let streamlitPort;

  const appUrl = (p) => `http://localhost:${streamlitPort}${p}`;

  before(async () => {
    port = await freePort();
    streamlitPort = await freePort();
    [server, streamlit] = await Promise.all([
      startServer(authgateConfig(port, streamlitPort), { bind: `127.0.0.1:${port}` }),
      startStreamlit(APP, { port: streamlitPort, secrets: secretsToml(port, streamlitPort) }),
    ]);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await streamlit?.stop();
    await server?.stop();
  });

  async function logInThroughAuthgate(p, username) {
    await p.goto(appUrl('/'));
    await p.getByText('Not signed in').waitFor();
    await p.getByRole('button', { name: 'Log in with authgate' }).click();
    await p.waitForURL((u) => u.href.startsWith(`http://127.0.0.1:${port}/login`));
    await p.getByLabel('Username', { exact: true }).fill(username);
    await p.getByLabel('Password', { exact: true }).fill(USERS[username].password);
    await p.getByRole('button', { name: 'Login' }).click();
  }

  test('a user with the role signs in, st.user holds email, name and groups, and st.logout() signs out', async () => {
    const p = await openPage(browser);
    await logInThroughAuthgate(p, 'jsmith');
    await p.waitForURL((u) => u.href.startsWith(appUrl('/')), { timeout: 30_000 });
    await assert.doesNotReject(p.getByText('Email: jsmith@example.com').waitFor({ timeout: 30_000 }), streamlit.output());
    await p.getByText('Name: John Smith').waitFor();
    await p.getByText('Groups: admin, editor, viewer').waitFor();
    await screenshot(p, 'st-login-signed-in');

    await p.getByRole('button', { name: 'Log out' }).click();
    // authgate asks before it signs out (a GET never does), then returns to the app.
    await p.waitForURL((u) => u.href.startsWith(`http://127.0.0.1:${port}/oidc/logout`), { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Sign out' }).waitFor();
    assert.deepEqual(await seriousViolations(p), []);
    await p.getByRole('region', { name: 'Sign out' }).getByRole('button', { name: 'Logout' }).click();
    await p.waitForURL((u) => u.href.startsWith(appUrl('/')), { timeout: 30_000 });
    await p.getByText('Not signed in').waitFor({ timeout: 30_000 });
    // Signed out of authgate too: its home page asks for a login again.
    await p.goto(`http://127.0.0.1:${port}/`);
    assert.ok(p.url().startsWith(`http://127.0.0.1:${port}/login`), p.url());
    await p.context().close();
  });

  test("a user without the client's role gets authgate's refusal page and no session in the app", async () => {
    const p = await openPage(browser);
    p.allowErrorStatus(403);
    await logInThroughAuthgate(p, 'rbriggs');
    await p.getByRole('heading', { name: 'Access denied' }).waitFor();
    const text = await p.textContent('main');
    assert.ok(text.includes('may not sign in to the application streamlit'), text);
    assert.ok(text.includes('It is for accounts with the role editor.'), text);
    assert.deepEqual(await seriousViolations(p), []);
    await screenshot(p, 'st-login-refused');
    await p.goto(appUrl('/'));
    await p.getByText('Not signed in').waitFor({ timeout: 30_000 });
    await p.context().close();
  });

  test('an independent Authlib client: discovery, code + PKCE, a verified ID token, userinfo, refresh rotation and reuse refused', async () => {
    const { stdout } = await promisify(execFile)(
      'python3',
      ['-W', 'ignore', AUTHLIB, `http://127.0.0.1:${port}`, 'jsmith', USERS.jsmith.password, 'authlib', AUTHLIB_SECRET, AUTHLIB_CB],
      { timeout: 60_000 },
    ).catch((e) => assert.fail(`authlib_client.py failed: ${e.stdout}${e.stderr}`));
    const seen = JSON.parse(stdout.trim().split('\n').pop());
    assert.equal(seen.ok, true);
    assert.equal(seen.alg, 'RS256');
    assert.equal(seen.email, USERS.jsmith.email);
    assert.equal(seen.preferred_username, 'jsmith');
    assert.deepEqual([...seen.groups].sort(), [...USERS.jsmith.roles].sort());
    assert.equal(seen.reused_refresh_token, 'invalid_grant');
  });
});
