// Registration limited to a pre-authorized list: an email that is not on it is refused
// with a message that keeps what was typed, and an email on it registers exactly once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { configYaml, launchBrowser, logIn, openPage, startServer, startSink } from '../lib/harness.js';

describe('pre-authorized registration', () => {
  let sink;
  let server;
  let browser;

  before(async () => {
    sink = await startSink();
    server = await startServer(
      configYaml({
        smtpPort: sink.port,
        extra: `register:
  enabled: true
  captcha: false
  two_factor_auth: false
pre-authorized:
  emails:
    - invited@example.com
`,
      }),
    );
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  async function fillRegistration(p, { email, username }) {
    await p.goto(server.url('/register'));
    await p.getByLabel('First name').fill('Ivy');
    await p.getByLabel('Last name').fill('Invited');
    await p.getByLabel('Email', { exact: true }).fill(email);
    await p.getByLabel('Username', { exact: true }).fill(username);
    await p.getByLabel('Password', { exact: true }).fill('Ivy-Pass-00017');
    await p.getByLabel('Repeat password').fill('Ivy-Pass-00017');
    await p.getByRole('button', { name: 'Register' }).click();
  }

  test('an email that is not on the list is refused with an announced message', async () => {
    const p = await openPage(browser);
    await fillRegistration(p, { email: 'stranger@example.com', username: 'stranger' });
    // Announced, and the reason is tied to the Email field.
    await assert.doesNotReject(p.getByRole('alert').first().waitFor());
    const email = p.getByLabel('Email', { exact: true });
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    const errorId = await email.getAttribute('aria-describedby');
    assert.match(await p.locator(`#${errorId}`).textContent(), /not pre-authorized/);
    assert.equal(await p.getByLabel('Username', { exact: true }).inputValue(), 'stranger');
    assert.equal(await p.getByLabel('Password', { exact: true }).inputValue(), '');
    assert.deepEqual(p.problems, []);
    await p.context().close();
  });

  test('an invited email registers once, logs in, and cannot be used a second time', async () => {
    const p = await openPage(browser);
    await Promise.all([
      p.waitForURL(server.url('/login')),
      fillRegistration(p, { email: 'invited@example.com', username: 'ivy' }),
    ]);
    await logIn(p, server.base, 'ivy', 'Ivy-Pass-00017');
    await assert.doesNotReject(p.getByRole('heading', { name: 'Welcome, Ivy Invited' }).waitFor());

    const q = await openPage(browser);
    await fillRegistration(q, { email: 'invited@example.com', username: 'ivy2' });
    await assert.doesNotReject(q.getByRole('alert').first().waitFor());
    assert.equal(q.url(), server.url('/register'));
    assert.deepEqual([...p.problems, ...q.problems], []);
    await p.context().close();
    await q.context().close();
  });
});
