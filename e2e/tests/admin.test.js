// The admin console in a real browser: the user list (search, filters, paging), the
// sudo page, one user's page and every change on it (details, roles, lock, unlock,
// password-reset link, log out everywhere, delete with the username typed). Every
// console page passes axe in light and dark at 1280 and 390 px, keeps a clean console
// and does not scroll sideways on a phone. (Resetting second factors needs a user with
// one: tests/it/admin.rs covers it.) Invitations: sent from the console, the link read
// from the mail sink and accepted in a second browser; the pre-authorized list edited.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  DESKTOP,
  PHONE,
  USERS,
  configYaml,
  launchBrowser,
  linkPathIn,
  logIn,
  openPage,
  screenshot,
  scrollsSideways,
  seriousViolations,
  startServer,
  startSink,
} from '../lib/harness.js';

const VARIANTS = [
  { size: 'desktop', viewport: DESKTOP, colorScheme: 'light' },
  { size: 'desktop', viewport: DESKTOP, colorScheme: 'dark' },
  { size: 'phone', viewport: PHONE, colorScheme: 'light' },
  { size: 'phone', viewport: PHONE, colorScheme: 'dark' },
];

describe('admin console', () => {
  let sink;
  let server;
  let browser;

  before(async () => {
    sink = await startSink();
    server = await startServer(configYaml({ smtpPort: sink.port, extra: 'login:\n  max_login_attempts: 50\n' }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  const findings = [];
  async function check(page, name, v) {
    const label = `${name} (${v.size}, ${v.colorScheme})`;
    for (const violation of await seriousViolations(page)) {
      findings.push(`${label}: axe ${violation.impact} ${violation.id}: ${violation.help}\n    ${violation.nodes.join('\n    ')}`);
    }
    if (v.size === 'phone' && (await scrollsSideways(page))) {
      findings.push(`${label}: scrolls sideways at ${v.viewport.width} px`);
    }
    findings.push(...page.problems.map((p) => `${label}: ${p}`));
    page.problems.length = 0;
    await screenshot(page, `${name}-${v.size}-${v.colorScheme}`);
  }

  /** Submits the form holding button `name` and waits for the page after it. */
  async function press(page, name) {
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name, exact: true }).click()]);
  }

  test('every console page passes axe, light and dark, desktop and phone', async () => {
    const admin = USERS.jsmith;
    for (const v of VARIANTS) {
      const page = await openPage(browser, { viewport: v.viewport, colorScheme: v.colorScheme });
      await logIn(page, server.base, 'jsmith', admin.password);
      await page.goto(server.url('/admin?q=e&sort=name'));
      await page.getByRole('table').waitFor();
      await check(page, 'admin-users', v);
      await page.goto(server.url('/admin/users/rbriggs'));
      await check(page, 'admin-user', v);
      // The first change asks for the password, on a page of its own.
      await page.getByRole('textbox', { name: 'Roles', exact: true }).fill('viewer, editor');
      await press(page, 'Save roles');
      assert.match(page.url(), /\/admin\/sudo\?next=/);
      await check(page, 'admin-sudo', v);
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await press(page, 'Confirm');
      await page.getByText('Password is incorrect').first().waitFor();
      await check(page, 'admin-sudo-error', v);
      await page.getByLabel('Password', { exact: true }).fill(admin.password);
      await press(page, 'Confirm');
      assert.equal(new URL(page.url()).pathname, '/admin/users/rbriggs');
      // A refused change: the reason beside the field.
      await page.getByLabel('Email').fill('jsmith@example.com');
      await press(page, 'Save details');
      await page.getByText('Email already taken').first().waitFor();
      await check(page, 'admin-user-error', v);
      await page.context().close();
    }
    assert.deepEqual(findings, []);
  });

  test('an admin changes details and roles, locks and unlocks, mails a reset link, logs a user out everywhere and deletes a user', async () => {
    const page = await openPage(browser);
    await logIn(page, server.base, 'jsmith', USERS.jsmith.password);
    await page.goto(server.url('/admin/sudo?next=/admin'));
    await page.getByLabel('Password', { exact: true }).fill(USERS.jsmith.password);
    await press(page, 'Confirm');

    // Search finds Morgan Mover by last name; the link opens the user.
    await page.getByLabel('Search').fill('MOVER');
    await page.getByLabel('Status').selectOption('active');
    await press(page, 'Search');
    await page.getByText('Users 1–1 of 1.').waitFor();
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'mover' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/admin/users/mover');

    await page.getByLabel('First name').fill('Morgana');
    await page.getByLabel('Email').fill('morgana@example.com');
    await press(page, 'Save details');
    await page.getByText('The details have been saved.').waitFor();
    assert.equal(await page.getByLabel('Email').inputValue(), 'morgana@example.com');

    await page.getByRole('textbox', { name: 'Roles', exact: true }).fill('viewer, editor');
    await press(page, 'Save roles');
    await page.getByText('The roles have been saved.').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Roles', exact: true }).inputValue(), 'viewer, editor');

    // The user signs in elsewhere; "log out everywhere" ends that session.
    const theirs = await openPage(browser);
    await logIn(theirs, server.base, 'mover', USERS.mover.password);
    await press(page, 'Log out everywhere');
    await page.getByText(/Signed out everywhere \(1 session\)/).waitFor();
    await theirs.goto(server.url('/'));
    assert.equal(new URL(theirs.url()).pathname, '/login');

    // Lock until tomorrow, then unlock.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 16);
    await page.getByLabel('Lock until (UTC)').fill(tomorrow);
    await press(page, 'Lock');
    await page.getByText(/is locked until/).first().waitFor();
    await theirs.goto(server.url('/login'));
    await theirs.getByLabel('Username').fill('mover');
    await theirs.getByLabel('Password').fill(USERS.mover.password);
    await Promise.all([theirs.waitForLoadState('load'), theirs.getByRole('button', { name: 'Login' }).click()]);
    assert.equal(new URL(theirs.url()).pathname, '/login', 'a locked user signed in');
    await press(page, 'Unlock');
    await page.getByText('The user is unlocked.').waitFor();

    // The reset link goes to the new address.
    await press(page, 'Send password reset link');
    await page.getByText(/reset link is on its way/).waitFor();
    const mail = await sink.waitFor('morgana@example.com', 'eset');
    assert.match(mail.text, /\/forgot-password\//);

    // Delete: the username must be typed.
    await page.getByLabel('Type the username to confirm').fill('Mover');
    await press(page, 'Delete user');
    await page.getByText('Type the username exactly to confirm').first().waitFor();
    await page.getByLabel('Type the username to confirm').fill('mover');
    await press(page, 'Delete user');
    assert.equal(new URL(page.url()).pathname, '/admin');
    await page.getByText('mover has been deleted.').waitFor();
    await theirs.context().close();
    await page.context().close();
  });

  test('the invitation and pre-authorized pages pass axe, light and dark, desktop and phone', async () => {
    const admin = USERS.jsmith;
    for (const v of VARIANTS) {
      const page = await openPage(browser, { viewport: v.viewport, colorScheme: v.colorScheme });
      await logIn(page, server.base, 'jsmith', admin.password);
      await page.goto(server.url('/admin/sudo?next=/admin/invitations'));
      await page.getByLabel('Password', { exact: true }).fill(admin.password);
      await press(page, 'Confirm');
      assert.equal(new URL(page.url()).pathname, '/admin/invitations');
      const to = `look-${v.size}-${v.colorScheme}@example.com`;
      await page.getByLabel('Email').fill(to);
      await page.getByRole('textbox', { name: 'Roles', exact: true }).fill('viewer');
      await press(page, 'Send invitation');
      await page.getByText(`An invitation is on its way to ${to}.`).waitFor();
      await check(page, 'admin-invitations', v);
      // A refused invitation: the reason beside the field.
      await page.getByLabel('Email').fill('rbriggs@example.com');
      await press(page, 'Send invitation');
      await page.getByText(/already has an account/).first().waitFor();
      await check(page, 'admin-invitations-error', v);
      const mail = await sink.waitFor(to, 'invited');
      const invitee = await openPage(browser, { viewport: v.viewport, colorScheme: v.colorScheme });
      await invitee.goto(server.url(linkPathIn(mail, '/invitation/')));
      await check(invitee, 'invitation', v);
      await invitee.getByLabel('Username').fill('rbriggs');
      await invitee.getByLabel('Password', { exact: true }).fill('a long invited passphrase');
      await invitee.getByLabel('Repeat password').fill('a long invited passphrase');
      await press(invitee, 'Create account');
      await invitee.getByText('Username already taken').first().waitFor();
      await check(invitee, 'invitation-error', v);
      await invitee.context().close();
      await page.goto(server.url('/admin/pre-authorized'));
      await check(page, 'admin-pre-authorized', v);
      await page.context().close();
    }
    assert.deepEqual(findings, []);
  });

  test('an admin invites by email, the invitee accepts the mailed link in the browser and signs in; the pre-authorized list is edited', async () => {
    const page = await openPage(browser);
    await logIn(page, server.base, 'jsmith', USERS.jsmith.password);
    await page.goto(server.url('/admin'));
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Invitations' }).click()]);
    await page.getByLabel('Email').fill('invitee@example.com');
    await page.getByRole('textbox', { name: 'Roles', exact: true }).fill('editor, viewer');
    await press(page, 'Send invitation');
    // The first change asks for the password, then goes back to the invitations.
    assert.match(page.url(), /\/admin\/sudo\?next=%2Fadmin%2Finvitations/);
    await page.getByLabel('Password', { exact: true }).fill(USERS.jsmith.password);
    await press(page, 'Confirm');
    assert.equal(new URL(page.url()).pathname, '/admin/invitations');
    await page.getByLabel('Email').fill('invitee@example.com');
    await page.getByRole('textbox', { name: 'Roles', exact: true }).fill('editor, viewer');
    await press(page, 'Send invitation');
    await page.getByText('An invitation is on its way to invitee@example.com.').waitFor();
    await page.getByRole('cell', { name: 'invitee@example.com', exact: true }).waitFor();

    const mail = await sink.waitFor('invitee@example.com', 'invited');
    const link = linkPathIn(mail, '/invitation/');
    const invitee = await openPage(browser, { viewport: PHONE });
    await invitee.goto(server.url(link));
    await invitee.getByText('invitee@example.com').first().waitFor();
    await invitee.getByLabel('Username').fill('invited_one');
    await invitee.getByLabel('Password', { exact: true }).fill('a long invited passphrase');
    await invitee.getByLabel('Repeat password').fill('a long invited passphrase');
    await press(invitee, 'Create account');
    assert.equal(new URL(invitee.url()).pathname, '/login');
    await invitee.getByText('Your account is ready. Log in to continue.').waitFor();
    await logIn(invitee, server.base, 'invited_one', 'a long invited passphrase');
    assert.equal(new URL(invitee.url()).pathname, '/');
    // The link worked once.
    const again = await invitee.goto(server.url(link));
    assert.equal(again.status(), 404);
    await invitee.getByText(/already used/).waitFor();
    await invitee.context().close();
    await page.reload();
    assert.equal(await page.getByRole('cell', { name: 'invitee@example.com', exact: true }).count(), 0);

    // Pre-authorized emails: add two, remove one.
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Pre-authorized emails' }).click()]);
    await page.getByText('There is no list').waitFor();
    for (const email of ['first@example.com', 'second@example.com']) {
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
      await press(page, 'Add');
      await page.getByText(`${email} may register now.`).waitFor();
    }
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('FIRST@example.com');
    await press(page, 'Add');
    await page.getByText('This email is on the list already').first().waitFor();
    await press(page, 'Remove first@example.com');
    await page.getByText('first@example.com is no longer pre-authorized.').waitFor();
    const listed = await page.locator('#pre-authorized-list').innerText();
    assert.match(listed, /second@example\.com/);
    assert.doesNotMatch(listed, /first@example\.com/);
    await page.context().close();
  });
});
