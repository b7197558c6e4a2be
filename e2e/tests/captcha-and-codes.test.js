// A server with the login captcha on and registration confirmed by a mailed code.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { codeIn, configYaml, launchBrowser, openPage, startServer, startSink } from '../lib/harness.js';

describe('captcha and mailed codes', () => {
  let sink;
  let server;
  let browser;

  before(async () => {
    sink = await startSink();
    server = await startServer(
      configYaml({
        smtpPort: sink.port,
        extra: `login:
  captcha: true
register:
  enabled: true
  captcha: false
  two_factor_auth: true
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

  test('the login captcha image loads and the Captcha field is labelled', async () => {
    const p = await openPage(browser);
    await p.goto(server.url('/login'));
    const img = p.getByRole('img', { name: /Captcha/ });
    await img.waitFor();
    const size = await img.evaluate(async (el) => {
      await el.decode();
      return { w: el.naturalWidth, h: el.naturalHeight };
    });
    assert.ok(size.w > 0 && size.h > 0, `captcha image is ${size.w}x${size.h}`);
    assert.equal(await p.getByLabel('Captcha', { exact: true }).count(), 1);

    // A wrong answer is announced, and a new captcha comes with the new form.
    const first = await img.getAttribute('src');
    await p.getByLabel('Username', { exact: true }).fill('jsmith');
    await p.getByLabel('Password', { exact: true }).fill('whatever-it-is');
    await p.getByLabel('Captcha', { exact: true }).fill('nope');
    await p.getByRole('button', { name: 'Login' }).click();
    const alert = p.getByRole('alert');
    await alert.waitFor();
    const describedBy = await p.getByLabel('Captcha', { exact: true }).getAttribute('aria-describedby');
    assert.equal(describedBy, await alert.getAttribute('id'), 'the message is tied to the Captcha field');
    assert.notEqual(await p.getByRole('img', { name: /Captcha/ }).getAttribute('src'), first);
    assert.deepEqual(p.problems, []);
  });

  test('registration with two_factor_auth creates the account once the mailed code is entered', async () => {
    const p = await openPage(browser);
    await p.goto(server.url('/register'));
    await p.getByLabel('First name').fill('Cora');
    await p.getByLabel('Last name').fill('Coded');
    await p.getByLabel('Email', { exact: true }).fill('cora@example.com');
    await p.getByLabel('Username', { exact: true }).fill('cora');
    await p.getByLabel('Password', { exact: true }).fill('Cora-Pass-0010');
    await p.getByLabel('Repeat password').fill('Cora-Pass-0010');
    await Promise.all([p.waitForURL(server.url('/register/confirm')), p.getByRole('button', { name: 'Register' }).click()]);
    assert.ok((await p.textContent('main')).includes('cora@example.com'));

    await p.getByLabel('Code', { exact: true }).fill('000000');
    await p.getByRole('button', { name: 'Submit' }).click();
    const code = p.getByLabel('Code', { exact: true });
    assert.equal(await code.getAttribute('aria-invalid'), 'true');
    const errorId = await code.getAttribute('aria-describedby');
    assert.match(await p.locator(`#${errorId}`).textContent(), /Code is incorrect/);

    const mailed = codeIn(await sink.waitFor('cora@example.com', 'verification code'));
    await code.fill(mailed);
    await Promise.all([p.waitForURL(server.url('/login')), p.getByRole('button', { name: 'Submit' }).click()]);
    assert.ok((await p.getByRole('status').textContent()).includes('Your email is confirmed'));
    assert.deepEqual(p.problems, []);
  });
});
