// The "Show password" button: with script, a toggle button (aria-pressed) that switches
// the field between hidden and shown and hides it again before the form is sent; without
// script, no button at all (nothing on the page that would do nothing) and the field is
// an ordinary password field.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { USERS, configYaml, eventually, launchBrowser, openPage, startServer, startSink } from '../lib/harness.js';

describe('show password', () => {
  let sink;
  let server;
  let browser;

  before(async () => {
    sink = await startSink();
    server = await startServer(configYaml({ smtpPort: sink.port, extra: 'register:\n  enabled: true\n  captcha: false\n' }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  test('with script, Show reveals the password, keeps its name as a toggle, and hides it before the form is sent', async () => {
    const p = await openPage(browser);
    await p.goto(server.url('/login'));
    const field = p.getByLabel('Password', { exact: true });
    const toggle = p.getByRole('button', { name: 'Show password', exact: true });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await toggle.getAttribute('aria-controls'), 'password');
    await field.fill('typed secret');
    await toggle.click();
    assert.equal(await field.getAttribute('type'), 'text');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await p.getByRole('button', { name: 'Show password', exact: true }).count(), 1, 'the name stays');
    assert.equal(await field.inputValue(), 'typed secret');
    // The keyboard works it too.
    await toggle.focus();
    await p.keyboard.press('Space');
    assert.equal(await field.getAttribute('type'), 'password');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');

    // Shown when Login is pressed: the field is a password field again by the time the
    // browser builds what it sends (the page's own submit handler runs first; this one
    // looks afterwards and keeps the form here).
    await p.getByLabel('Username', { exact: true }).fill('jsmith');
    await toggle.click();
    await p.evaluate(() => {
      window.addEventListener('submit', (e) => {
        window.typeAtSubmit = document.getElementById('password').type;
        e.preventDefault();
      });
    });
    await p.getByRole('button', { name: 'Login' }).click();
    assert.equal(await eventually(() => p.evaluate(() => window.typeAtSubmit), { what: 'the submit event' }), 'password');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');

    // Every password field of a form gets its own button.
    await p.goto(server.url('/register'));
    assert.equal(await p.getByRole('button', { name: 'Show password', exact: true }).count(), 2);
    await p.context().close();
    assert.deepEqual(p.problems, []);
  });

  test('without script there is no Show button, the field stays a password field, and signing in works', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const p = await context.newPage();
    await p.goto(server.url('/login'));
    assert.equal(await p.getByRole('button', { name: /show/i }).count(), 0);
    assert.equal(await p.getByLabel('Password', { exact: true }).getAttribute('type'), 'password');
    await p.getByLabel('Username', { exact: true }).fill('jsmith');
    await p.getByLabel('Password', { exact: true }).fill(USERS.jsmith.password);
    await Promise.all([p.waitForURL(server.url('/')), p.getByRole('button', { name: 'Login' }).click()]);
    await p.getByRole('heading', { name: 'Welcome, John Smith' }).waitFor();
    await context.close();
  });
});
