// A real Streamlit app behind a real nginx, configured from examples/nginx/streamlit.conf
// the way the README's local recipe says (two *.example.localhost names on one
// non-default port, cookie.domain example.localhost), with authgate deciding who gets in.
// Chromium signs in through the login page, sees the app render the user's name from
// Remote-User, and clicks a button whose answer comes back over Streamlit's websocket:
// with `Host $host` (the port dropped) Streamlit refuses that websocket and the app
// stays blank. Streamlit starts once for the whole file (it takes a few seconds).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  PHONE,
  ROOT,
  USERS,
  userYaml,
  launchBrowser,
  openPage,
  screenshot,
  scrollsSideways,
  seriousViolations,
  startServer,
} from '../lib/harness.js';
import {
  APP_HOST,
  AUTH_HOST,
  COOKIE_DOMAIN,
  freePort,
  localSiteConfig,
  startNginx,
  startStreamlit,
} from '../lib/gateway.js';

const APP = path.join(ROOT, 'tests', 'support', 'streamlit', 'app.py');

function authgateConfig(port) {
  return `cookie:
  name: authgate
  key: e2e-test-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz
  expiry_days: 30
  domain: ${COOKIE_DOMAIN}
credentials:
  usernames:
${userYaml('jsmith')}
${userYaml('rbriggs')}
server:
  public_url: http://${AUTH_HOST}:${port}
  trusted_proxies: [127.0.0.1]
access_control:
  default_policy: deny
  rules:
    - {domain: ${APP_HOST}, path: /_stcore/health, policy: bypass}
    - {domain: ${APP_HOST}, path: /admin, policy: [admin]}
    - {domain: ${APP_HOST}, policy: authenticated}
`;
}

describe('Streamlit behind nginx (examples/nginx/streamlit.conf) on a non-default port', () => {
  let server;
  let streamlit;
  let nginx;
  let browser;
  let port;

  const appUrl = (p) => `http://${APP_HOST}:${port}${p}`;
  const authUrl = (p) => `http://${AUTH_HOST}:${port}${p}`;

  before(async () => {
    port = await freePort();
    const streamlitPort = await freePort();
    [server, streamlit] = await Promise.all([
      startServer(authgateConfig(port)),
      startStreamlit(APP, { port: streamlitPort }),
    ]);
    const authgatePort = Number(new URL(server.base).port);
    nginx = await startNginx(localSiteConfig({ port, authgatePort, streamlitPort, dir: server.dir }), { port });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await nginx?.stop();
    await streamlit?.stop();
    await server?.stop();
  });

  test('a visitor signs in through the login page and the app shows their name and answers a click over its websocket', async () => {
    const p = await openPage(browser);
    const sockets = [];
    p.on('websocket', (ws) => sockets.push(ws.url()));

    await p.goto(appUrl('/'));
    assert.ok(p.url().startsWith(authUrl('/login?next=')), p.url());
    await p.getByLabel('Username', { exact: true }).fill('rbriggs');
    await p.getByLabel('Password', { exact: true }).fill(USERS.rbriggs.password);
    await Promise.all([p.waitForURL(appUrl('/')), p.getByRole('button', { name: 'Login' }).click()]);

    await assert.doesNotReject(p.getByText('Signed in as rbriggs').waitFor(), 'the app rendered with Remote-User');
    await p.getByText('Clicked 0 times').waitFor();
    await p.getByRole('button', { name: 'Count' }).click();
    await assert.doesNotReject(p.getByText('Clicked 1 times').waitFor(), 'the click came back over the websocket');
    assert.ok(
      sockets.some((u) => u === `ws://${APP_HOST}:${port}/_stcore/stream`),
      `the websocket went through nginx: ${sockets.join(', ')}`,
    );
    await screenshot(p, 'streamlit-behind-nginx-desktop-light');
    await p.context().close();
    assert.deepEqual(p.problems, [], 'console errors, page errors or CSP violations');
  });

  /** A browser signed in as `username` through the login page, as the app asks for it. */
  async function signedIn(username, opts) {
    const p = await openPage(browser, opts);
    await p.goto(appUrl('/'));
    await p.getByLabel('Username', { exact: true }).fill(username);
    await p.getByLabel('Password', { exact: true }).fill(USERS[username].password);
    await Promise.all([p.waitForURL(appUrl('/')), p.getByRole('button', { name: 'Login' }).click()]);
    return p;
  }

  for (const v of [
    { size: 'desktop', colorScheme: 'light' },
    { size: 'phone', viewport: PHONE, colorScheme: 'dark' },
  ]) {
    test(`a signed-in user without the role gets the branded 403 page, naming them and the role (${v.size}, ${v.colorScheme})`, async () => {
      const p = await signedIn('rbriggs', { viewport: v.viewport, colorScheme: v.colorScheme });
      p.allowErrorStatus(403);
      const res = await p.goto(appUrl('/admin/reports?tab=2'));
      assert.equal(res.status(), 403);
      await p.getByRole('heading', { name: 'Access denied' }).waitFor();
      const text = await p.textContent('main');
      assert.ok(text.includes('You are signed in as Rebecca Briggs (rbriggs).'), text);
      assert.ok(text.includes('This page is for accounts with the role admin.'), text);
      const back = encodeURIComponent(appUrl('/admin/reports?tab=2'));
      assert.equal(
        await p.getByRole('link', { name: 'Switch account' }).getAttribute('href'),
        authUrl(`/logout?rd=${back}`),
      );
      // Served under the app's address, styled and branded from authgate's.
      assert.equal(p.url(), appUrl('/admin/reports?tab=2'));
      const brand = p.getByRole('link', { name: 'authgate' });
      assert.equal(await brand.getAttribute('href'), authUrl('/'));
      assert.ok((await brand.locator('img').evaluate((img) => img.decode().then(() => img.naturalWidth))) > 0, 'the logo loaded');
      assert.equal(await p.evaluate(() => getComputedStyle(document.body).marginTop), '0px', 'the stylesheet loaded');
      if (v.size === 'phone') assert.equal(await scrollsSideways(p), false);
      await screenshot(p, `gateway-forbidden-${v.size}-${v.colorScheme}`);
      // axe reads cross-origin stylesheets with XMLHttpRequest, which the page's CSP and
      // CORS rightly refuse: the page's own console is judged before axe runs.
      assert.deepEqual([...p.problems], [], 'console errors, page errors or CSP violations');
      assert.deepEqual(await seriousViolations(p), []);
      await p.context().close();
    });
  }
});
