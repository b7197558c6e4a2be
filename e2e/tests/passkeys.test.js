// Passkeys in real Chromium with the DevTools WebAuthn virtual authenticator (ctap2,
// internal, resident keys, user verification): add one on /account/two-factor, sign in
// with it alone (through the autofill, and by the explicit `Sign in with a passkey`
// click), use it as the second step after the password (`Use a passkey`, or a recovery
// code when passkeys are the only factor), remove it; axe on the pages in light and dark
// at 1280 and 390 px. Served on `localhost`: browsers refuse an
// IP address as a passkey's relying party.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  DESKTOP,
  PHONE,
  USERS,
  configYaml,
  launchBrowser,
  openPage,
  scrollsSideways,
  seriousViolations,
  startServer,
  startSink,
} from '../lib/harness.js';

describe('passkeys', () => {
  let sink;
  let server;
  let browser;
  let base;

  before(async () => {
    sink = await startSink();
    server = await startServer(configYaml({ smtpPort: sink.port }));
    // The public URL must name the port the server got: restart it on that port with
    // `localhost` as its public URL.
    const port = new URL(server.base).port;
    base = `http://localhost:${port}`;
    const yaml = fs.readFileSync(server.config, 'utf8').replace('public_url: http://127.0.0.1', `public_url: ${base}`);
    fs.writeFileSync(server.config, yaml);
    await server.restart();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  async function withAuthenticator(page) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    // While off, the authenticator answers nothing: the autofill request that /login
    // starts on load (conditional mediation) waits instead of signing in at once.
    const presence = (enabled) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
    return { cdp, authenticatorId, presence };
  }

  async function passwordLogin(page, user) {
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Password').fill(USERS[user].password);
    await page.getByRole('button', { name: 'Login' }).click();
  }

  async function logOut(page) {
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(/\/login|\/$/), page.getByRole('button', { name: /Log ?out/i }).first().click()]);
  }

  test('add, sign in without a password, use as the second step, remove', async () => {
    const page = await openPage(browser);
    const { cdp, authenticatorId, presence } = await withAuthenticator(page);

    await presence(false);
    await passwordLogin(page, 'keyboard');
    await presence(true);
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/account/two-factor`);
    await page.getByLabel('Passkey name').fill('Laptop');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/account/passkeys/finish')),
      page.getByRole('button', { name: 'Add a passkey' }).click(),
    ]);
    await page.waitForSelector('text=Your passkey has been added.');
    assert.match(await page.locator('ul.passkeys').innerText(), /Laptop[\s\S]*last used never/);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0].isResidentCredential, true, 'a discoverable credential');

    // Passwordless, through the username field's autofill (conditional mediation): the
    // authenticator answers the request /login starts on load.
    await logOut(page);
    await page.goto(`${base}/login`, { waitUntil: 'commit' });
    await page.waitForURL(`${base}/`);
    await page.getByRole('button', { name: /Log ?out/i }).first().waitFor();
    await page.goto(`${base}/account/two-factor`);
    assert.doesNotMatch(await page.locator('ul.passkeys').innerText(), /last used never/);

    // Second step after the password.
    await logOut(page);
    await presence(false);
    await passwordLogin(page, 'keyboard');
    await page.waitForURL(/\/login\/two-factor/);
    await presence(true);
    await Promise.all([
      page.waitForURL(`${base}/`),
      page.getByRole('button', { name: 'Use a passkey' }).click(),
    ]);

    // Remove: the last factor, so the password is asked for.
    await page.goto(`${base}/account/two-factor`);
    await page.getByLabel('Current password').last().fill(USERS.keyboard.password);
    await Promise.all([
      page.waitForURL(`${base}/account/two-factor`),
      page.getByRole('button', { name: 'Remove passkey Laptop' }).click(),
    ]);
    await page.waitForSelector('text=The passkey has been removed.');
    assert.equal(await page.locator('ul.passkeys').count(), 0);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the explicit Sign in with a passkey click signs in, and a passkey-only user is offered the passkey and recovery codes, not an app code', async () => {
    const page = await openPage(browser);
    // A browser without conditional mediation (autofill): only the button can sign in,
    // so what signs in below is the click, not the request /login starts on load.
    await page.addInitScript(() => {
      if (window.PublicKeyCredential) {
        window.PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
      }
    });
    const { presence } = await withAuthenticator(page);
    await passwordLogin(page, 'tourist');
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/account/two-factor`);
    await page.getByLabel('Passkey name').fill('Desk');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForSelector('text=Your passkey has been added.');
    // The first factor comes with recovery codes, shown once.
    assert.equal(await page.locator('ol.codes li').count(), 10);
    const recovery = (await page.locator('ol.codes li').first().innerText()).trim();

    await logOut(page);
    await page.goto(`${base}/login`);
    const starts = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/login/passkey/start')) starts.push(r.url());
    });
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    assert.equal(starts.length, 0, 'no ceremony before the click');
    await Promise.all([
      page.waitForURL(`${base}/`),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    assert.equal(starts.length, 1);
    await page.getByRole('button', { name: /Log ?out/i }).first().waitFor();

    // After the password, the passkey-only user sees the passkey first and a Code
    // field for a recovery code, with no word of an authenticator app.
    await logOut(page);
    await presence(false);
    await passwordLogin(page, 'tourist');
    await page.waitForURL(/\/login\/two-factor/);
    const step = await page.locator('main').innerText();
    assert.doesNotMatch(step, /authenticator app/);
    assert.match(step, /recovery codes/);
    await page.getByRole('button', { name: 'Use a passkey' }).waitFor();
    await page.getByLabel('Code').fill(recovery);
    await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: 'Verify' }).click()]);
    await presence(true);

    // Leave the account as it was.
    await page.goto(`${base}/account/two-factor`);
    await page.getByLabel('Current password').last().fill(USERS.tourist.password);
    await Promise.all([
      page.waitForURL(`${base}/account/two-factor`),
      page.getByRole('button', { name: 'Remove passkey Desk' }).click(),
    ]);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the passkey pages pass axe in light and dark at 1280 and 390 px', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      for (const colorScheme of ['light', 'dark']) {
        const page = await openPage(browser, { viewport, colorScheme });
        const { presence } = await withAuthenticator(page);
        await presence(false);
        await page.goto(`${base}/login`);
        await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
        assert.deepEqual(await seriousViolations(page), [], `login ${viewport.width} ${colorScheme}`);
        await passwordLogin(page, 'returner');
        await page.waitForURL(`${base}/`);
        await presence(true);
        await page.goto(`${base}/account/two-factor`);
        await page.getByLabel('Passkey name').fill('Phone');
        await page.getByRole('button', { name: 'Add a passkey' }).click();
        await page.waitForSelector('text=Your passkey has been added.');
        assert.deepEqual(await seriousViolations(page), [], `two-factor ${viewport.width} ${colorScheme}`);
        assert.equal(await scrollsSideways(page), false);
        await logOut(page);
        await presence(false);
        await passwordLogin(page, 'returner');
        await page.waitForURL(/\/login\/two-factor/);
        await presence(true);
        await page.getByRole('button', { name: 'Use a passkey' }).waitFor();
        assert.deepEqual(await seriousViolations(page), [], `second step ${viewport.width} ${colorScheme}`);
        await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: 'Use a passkey' }).click()]);
        // Leave the account as it was for the next round.
        await page.goto(`${base}/account/two-factor`);
        await page.getByLabel('Current password').last().fill(USERS.returner.password);
        await Promise.all([
          page.waitForURL(`${base}/account/two-factor`),
          page.getByRole('button', { name: 'Remove passkey Phone' }).click(),
        ]);
        assert.deepEqual(page.problems, []);
        await page.context().close();
      }
    }
  });
});
