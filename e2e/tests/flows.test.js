// Every account flow, clicked through in Chromium the way a person does it: fields are
// found by their visible labels, buttons by their names, mail is read from a real SMTP
// server. Captcha is off on this server (see captcha-and-codes.test.js for it on).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  USERS,
  codeIn,
  configYaml,
  launchBrowser,
  linkPathIn,
  logIn,
  openPage,
  startServer,
  startHoldingProxy,
  startSink,
} from '../lib/harness.js';

const OPEN_REGISTRATION = `register:
  enabled: true
  captcha: false
  two_factor_auth: false
`;

describe('account flows', () => {
  let sink;
  let server;
  let browser;
  const pages = [];

  before(async () => {
    sink = await startSink();
    server = await startServer(configYaml({ smtpPort: sink.port, extra: OPEN_REGISTRATION }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  /** A page in a fresh context; its console must stay clean (checked after each test). */
  async function page(opts) {
    const p = await openPage(browser, opts);
    pages.push(p);
    return p;
  }

  function assertNoProblems() {
    const problems = pages.flatMap((p) => p.problems);
    pages.length = 0;
    assert.deepEqual(problems, [], 'console errors, page errors or CSP violations');
  }

  test('a user logs in with the labelled fields and sees their name and a Logout button', async () => {
    const p = await page();
    await logIn(p, server.base, 'jsmith', USERS.jsmith.password);
    await assert.doesNotReject(p.getByRole('heading', { name: 'Welcome, John Smith' }).waitFor());
    assert.equal(await p.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Logout' }).count(), 1);
    assertNoProblems();
  });

  test('a wrong password shows one announced message tied to both fields and keeps the username', async () => {
    const p = await page();
    await p.goto(server.url('/login'));
    await p.getByLabel('Username', { exact: true }).fill('rbriggs');
    await p.getByLabel('Password', { exact: true }).fill('not-the-password');
    await p.getByRole('button', { name: 'Login' }).click();
    const alert = p.getByRole('alert');
    assert.equal((await alert.textContent()).trim(), 'Username/password is incorrect');
    const alertId = await alert.getAttribute('id');
    for (const label of ['Username', 'Password']) {
      const field = p.getByLabel(label, { exact: true });
      assert.equal(await field.getAttribute('aria-invalid'), 'true', label);
      assert.ok((await field.getAttribute('aria-describedby')).split(' ').includes(alertId), label);
    }
    assert.equal(await p.getByLabel('Username', { exact: true }).inputValue(), 'rbriggs');
    assert.equal(await p.getByLabel('Password', { exact: true }).inputValue(), '');
    assertNoProblems();
  });

  test('logout ends the session and the home page asks for a login again', async () => {
    const p = await page();
    await logIn(p, server.base, 'rbriggs', USERS.rbriggs.password);
    await Promise.all([p.waitForURL(server.url('/login')), p.getByRole('button', { name: 'Logout' }).click()]);
    await p.goto(server.url('/'));
    assert.ok(p.url().startsWith(server.url('/login')), p.url());
    assert.equal(await p.getByRole('button', { name: 'Logout' }).count(), 0);
    assertNoProblems();
  });

  test('logout says so on the login page, and the logout page an app links to returns to its rd', async () => {
    const p = await page();
    await logIn(p, server.base, 'rbriggs', USERS.rbriggs.password);
    await Promise.all([p.waitForURL(server.url('/login')), p.getByRole('button', { name: 'Logout' }).click()]);
    assert.equal((await p.getByRole('status').textContent()).trim(), 'You have been signed out.');
    await p.reload();
    assert.equal(await p.getByRole('status').count(), 0, 'the notice showed twice');

    await logIn(p, server.base, 'rbriggs', USERS.rbriggs.password);
    const rd = server.url('/forgot-username');
    await p.goto(server.url(`/logout?rd=${encodeURIComponent(rd)}`));
    await p.goto(server.url('/'));
    assert.equal(p.url(), server.url('/'), 'opening the logout page signed out');
    await p.goto(server.url(`/logout?rd=${encodeURIComponent(rd)}`));
    const main = p.getByRole('main');
    await Promise.all([p.waitForURL(rd), main.getByRole('button', { name: 'Logout' }).click()]);
    await p.goto(server.url('/'));
    assert.ok(p.url().startsWith(server.url('/login')), p.url());
    assertNoProblems();
  });

  test('a visitor registers, is told to log in, and logs in with the new account', async () => {
    const p = await page();
    await p.goto(server.url('/register'));
    await p.getByLabel('First name').fill('Nora');
    await p.getByLabel('Last name').fill('Newcomer');
    await p.getByLabel('Email', { exact: true }).fill('nora@example.com');
    await p.getByLabel('Username', { exact: true }).fill('nora');
    await p.getByLabel('Password', { exact: true }).fill('Nora-Pass-0009');
    await p.getByLabel('Repeat password').fill('Nora-Pass-0008');
    await p.getByLabel('Password hint').fill('the usual');
    await p.getByRole('button', { name: 'Register' }).click();

    // A mistake is announced and tied to its field; the typed values (not passwords) stay.
    assert.ok((await p.getByRole('alert').textContent()).includes('correct the fields'));
    const repeat = p.getByLabel('Repeat password');
    assert.equal(await repeat.getAttribute('aria-invalid'), 'true');
    const errorId = await repeat.getAttribute('aria-describedby');
    assert.equal((await p.locator(`#${errorId}`).textContent()).trim(), 'Passwords do not match');
    assert.equal(await p.getByLabel('Email', { exact: true }).inputValue(), 'nora@example.com');
    assert.equal(await p.getByLabel('Password', { exact: true }).inputValue(), '');

    await p.getByLabel('Password', { exact: true }).fill('Nora-Pass-0009');
    await repeat.fill('Nora-Pass-0009');
    await Promise.all([p.waitForURL(server.url('/login')), p.getByRole('button', { name: 'Register' }).click()]);
    assert.ok((await p.getByRole('status').textContent()).includes('Your account is ready'));
    await logIn(p, server.base, 'nora', 'Nora-Pass-0009');
    await assert.doesNotReject(p.getByRole('heading', { name: 'Welcome, Nora Newcomer' }).waitFor());
    assertNoProblems();
  });

  test('forgot password sends a link by mail, and the link sets a new password', async () => {
    const p = await page();
    await p.goto(server.url('/login'));
    await p.getByRole('link', { name: 'Forgot password?' }).click();
    await p.getByLabel('Username', { exact: true }).fill('forgetful');
    await p.getByRole('button', { name: 'Submit' }).click();
    assert.ok((await p.getByRole('status').textContent()).includes('we have sent a link'));

    const mail = await sink.waitFor(USERS.forgetful.email, 'Reset');
    await p.goto(server.url(linkPathIn(mail, '/forgot-password/')));
    assert.ok((await p.textContent('main')).includes('Choose a new password for forgetful'));
    await p.getByLabel('New password').fill('Forgetful-Pass-New1');
    await p.getByLabel('Repeat password').fill('Forgetful-Pass-New1');
    await Promise.all([p.waitForURL(server.url('/login')), p.getByRole('button', { name: 'Reset' }).click()]);
    assert.ok((await p.getByRole('status').textContent()).includes('Your password has been changed'));
    await logIn(p, server.base, 'forgetful', 'Forgetful-Pass-New1');
    await assert.doesNotReject(p.getByRole('heading', { name: 'Welcome, Fran Forgetful' }).waitFor());
    assertNoProblems();
  });

  test('forgot username mails the username to the address on file', async () => {
    const p = await page();
    await p.goto(server.url('/login'));
    await p.getByRole('link', { name: 'Forgot username?' }).click();
    await p.getByLabel('Email', { exact: true }).fill('RBriggs@Example.com');
    await p.getByRole('button', { name: 'Submit' }).click();
    assert.ok((await p.getByRole('status').textContent()).includes('we have emailed its username'));
    const mail = await sink.waitFor(USERS.rbriggs.email, 'username');
    assert.match(mail.text, /is: rbriggs/);
    assertNoProblems();
  });

  test('a signed-in user changes their password and logs in with the new one', async () => {
    const p = await page();
    await logIn(p, server.base, 'changer', USERS.changer.password);
    await p.getByRole('link', { name: 'Change password' }).click();
    await p.getByLabel('Current password').fill(USERS.changer.password);
    await p.getByLabel('New password').fill('Changer-Pass-New2');
    await p.getByLabel('Repeat password').fill('Changer-Pass-New2');
    await Promise.all([p.waitForURL(server.url('/')), p.getByRole('button', { name: 'Reset' }).click()]);
    assert.ok((await p.getByRole('status').textContent()).includes('Your password has been changed'));
    await p.getByRole('button', { name: 'Logout' }).click();
    await logIn(p, server.base, 'changer', 'Changer-Pass-New2');
    await assert.doesNotReject(p.getByRole('heading', { name: 'Welcome, Chris Changer' }).waitFor());
    assertNoProblems();
  });

  test('names change at once, and an email change takes the code mailed to the new address', async () => {
    const p = await page();
    await logIn(p, server.base, 'mover', USERS.mover.password);
    await p.getByRole('link', { name: 'Account details' }).click();
    await p.getByLabel('First name').fill('Morgana');
    await p.getByRole('button', { name: 'Update' }).click();
    assert.ok((await p.getByRole('status').textContent()).includes('Your details have been updated'));
    assert.equal(await p.getByLabel('First name').inputValue(), 'Morgana');

    await p.getByLabel('Email', { exact: true }).fill('moved@example.com');
    await p.getByLabel('Current password').fill(USERS.mover.password);
    await Promise.all([
      p.waitForURL(server.url('/account/confirm-email')),
      p.getByRole('button', { name: 'Update' }).click(),
    ]);
    const code = codeIn(await sink.waitFor('moved@example.com', 'verification code'));
    await p.getByLabel('Code', { exact: true }).fill(code);
    await Promise.all([p.waitForURL(server.url('/account')), p.getByRole('button', { name: 'Submit' }).click()]);
    assert.ok((await p.getByRole('status').textContent()).includes('Your email address has been changed'));
    assert.equal(await p.getByLabel('Email', { exact: true }).inputValue(), 'moved@example.com');
    assertNoProblems();
  });

  test('the admin page shows the users to an admin and a 403 page to a viewer', async () => {
    const viewer = await page();
    await logIn(viewer, server.base, 'rbriggs', USERS.rbriggs.password);
    assert.equal(await viewer.getByRole('link', { name: 'Admin' }).count(), 0);
    viewer.allowErrorStatus(403);
    const res = await viewer.goto(server.url('/admin'));
    assert.equal(res.status(), 403);
    await assert.doesNotReject(viewer.getByRole('heading', { name: '403 · Forbidden' }).waitFor());
    assert.ok((await viewer.getByRole('alert').textContent()).includes('does not have the role'));

    const admin = await page();
    await logIn(admin, server.base, 'jsmith', USERS.jsmith.password);
    await admin.getByRole('link', { name: 'Admin' }).click();
    const table = admin.getByRole('table', { name: 'All users' });
    assert.ok((await table.textContent()).includes('rbriggs'));
    assertNoProblems();
  });

  test('the re-auth cookie signs the user in again after the browser and the server restart', async () => {
    const p = await page();
    await logIn(p, server.base, 'returner', USERS.returner.password);
    const state = await p.context().storageState();
    const reauth = state.cookies.find((c) => c.name === 'authgate_reauth');
    assert.ok(reauth, 'a re-auth cookie was set');
    assert.ok(reauth.expires * 1000 > Date.now() + 29 * 24 * 3600 * 1000, 'it lasts expiry_days');
    assert.ok(reauth.httpOnly);
    await p.context().close();
    pages.length = 0;

    // Sessions live in memory: after a restart only the re-auth cookie can sign in.
    await server.restart();
    const second = await launchBrowser();
    try {
      const again = await openPage(second, { storageState: state });
      await again.goto(server.url('/'));
      assert.equal(again.url(), server.url('/'));
      await assert.doesNotReject(again.getByRole('heading', { name: 'Welcome, Rae Turner' }).waitFor());
      assert.deepEqual(again.problems, []);
    } finally {
      await second.close();
    }
  });

  test('a person logs in with the keyboard alone: Tab to the field, type, Enter', async () => {
    const p = await page();
    await p.goto(server.url('/login'));
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'username'; i++) {
      await p.keyboard.press('Tab');
      focused = await p.evaluate(() => document.activeElement?.id ?? '');
    }
    assert.equal(focused, 'username', 'Tab reaches the Username field');
    const outline = await p.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused field shows a focus ring');
    await p.keyboard.type('keyboard');
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement.id), 'password');
    await p.keyboard.type(USERS.keyboard.password);
    await Promise.all([p.waitForURL(server.url('/')), p.keyboard.press('Enter')]);
    await assert.doesNotReject(p.getByRole('heading', { name: 'Welcome, Kim Keys' }).waitFor());
    assertNoProblems();
  });

  test('the Login button is disabled while a slow login is in flight, and it signs in afterwards', async () => {
    // The proxy holds the POST until the test has seen the button disabled: a gate, not a
    // timer. While a form navigation is pending Chromium answers no DevTools command
    // (evaluate, screenshot), but console events still arrive, so an observer reports.
    const slow = await startHoldingProxy(server.base, (req) => req.method === 'POST' && req.url === '/login');
    try {
      const p = await page();
      await p.context().addInitScript(() => {
        window.addEventListener('submit', (e) => {
          const form = e.target;
          const report = () => {
            const disabled = [...form.querySelectorAll('button[type=submit]')].every((b) => b.disabled);
            console.info(`form-state busy=${form.getAttribute('aria-busy')} disabled=${disabled}`);
          };
          new MutationObserver(report).observe(form, { attributes: true, subtree: true, attributeFilter: ['disabled', 'aria-busy'] });
        });
      });
      const disabled = new Promise((resolve) =>
        p.on('console', (m) => m.text() === 'form-state busy=true disabled=true' && resolve()),
      );
      await p.goto(slow.url('/login'));
      const button = p.getByRole('button', { name: 'Login' });
      assert.equal(await button.isDisabled(), false);
      await p.getByLabel('Username', { exact: true }).fill('jsmith');
      await p.getByLabel('Password', { exact: true }).fill(USERS.jsmith.password);
      await button.click({ noWaitAfter: true });
      await Promise.all([slow.held, disabled]);
      slow.release();
      await p.waitForURL(slow.url('/'));
      await assert.doesNotReject(p.getByRole('heading', { name: 'Welcome, John Smith' }).waitFor());
      assertNoProblems();
    } finally {
      await slow.stop();
    }
  });

  test('a form with a validation error comes back with its button enabled', async () => {
    const p = await page();
    await p.goto(server.url('/register'));
    await p.getByRole('button', { name: 'Register' }).click();
    await p.getByRole('alert').waitFor();
    assert.equal(await p.getByRole('button', { name: 'Register' }).isDisabled(), false);
    assertNoProblems();
  });

  test('a form submitted after the session expired comes back with what was typed, and the second submit works', async () => {
    const p = await page();
    p.allowErrorStatus(403);
    await p.goto(server.url('/register'));
    await p.getByLabel('First name').fill('Tess');
    await p.getByLabel('Last name').fill('Tardy');
    await p.getByLabel('Email', { exact: true }).fill('tess@example.com');
    await p.getByLabel('Username', { exact: true }).fill('tess');
    await p.getByLabel('Password', { exact: true }).fill('Tess-Pass-0011');
    await p.getByLabel('Repeat password').fill('Tess-Pass-0011');
    // The person walks away; the server restarts, and so does the browser, which drops
    // its session cookies (the anonymous CSRF cookie among them): the form's token now
    // matches nothing. (A restart of the server alone no longer spoils an anonymous form.)
    await server.restart();
    await p.context().clearCookies();
    const res = await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), p.getByRole('button', { name: 'Register' }).click()]);
    assert.equal(res[0].status(), 403);
    assert.equal((await p.getByRole('status').textContent()).trim(), 'Your session expired; please submit again.');
    assert.equal(await p.getByLabel('First name').inputValue(), 'Tess');
    assert.equal(await p.getByLabel('Email', { exact: true }).inputValue(), 'tess@example.com');
    assert.equal(await p.getByLabel('Username', { exact: true }).inputValue(), 'tess');
    assert.equal(await p.getByLabel('Password', { exact: true }).inputValue(), '');

    await p.getByLabel('Password', { exact: true }).fill('Tess-Pass-0011');
    await p.getByLabel('Repeat password').fill('Tess-Pass-0011');
    await Promise.all([p.waitForURL(server.url('/login')), p.getByRole('button', { name: 'Register' }).click()]);
    assert.ok((await p.getByRole('status').textContent()).includes('Your account is ready'));
    assertNoProblems();
  });
});
