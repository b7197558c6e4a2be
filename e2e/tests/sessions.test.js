// "Your sessions" in a real browser: two browser contexts of one user are both listed,
// one signs the other out, and the other is then signed out for real (its next page is
// the login form). The account page with its session list and the account deletion page
// pass axe in light and dark at 1280 and 390 px, with a clean console and no sideways
// scrolling on a phone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  DESKTOP,
  PHONE,
  USERS,
  configYaml,
  launchBrowser,
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

describe('your sessions', () => {
  let sink;
  let server;
  let browser;

  before(async () => {
    sink = await startSink();
    server = await startServer(configYaml({ smtpPort: sink.port, extra: 'account:\n  allow_delete: true\n' }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  test('two browsers are listed; one signs the other out, which then is signed out', async () => {
    const user = 'mover';
    const { password } = USERS[user];
    const a = await openPage(browser);
    const b = await openPage(browser);
    await logIn(a, server.base, user, password);
    await logIn(b, server.base, user, password);

    await a.goto(server.url('/account'));
    const items = a.locator('ul.sessions > li');
    assert.equal(await items.count(), 2);
    assert.equal(await a.locator('ul.sessions p.badge').count(), 1);
    await a.locator('ul.sessions').getByText('This browser').waitFor();
    assert.match(await items.first().textContent(), /Chrome \d+ on Linux/);

    await Promise.all([
      a.waitForURL(server.url('/account#sessions')),
      a.getByRole('button', { name: /^Sign out .*Chrome/ }).click(),
    ]);
    await a.getByText('That session has been signed out.').waitFor();
    assert.equal(await items.count(), 1);

    // B's next page is the login form: its session and its remembered cookie are over.
    await b.goto(server.url('/account'));
    assert.match(b.url(), /\/login\?next=/);
    await b.getByLabel('Username').waitFor();
    assert.deepEqual([...a.problems, ...b.problems], []);
    await a.context().close();
    await b.context().close();
  });

  test('after a password change this browser is still described, and is its one remembered browser', async () => {
    const user = 'changer';
    const { password } = USERS[user];
    const page = await openPage(browser);
    await logIn(page, server.base, user, password);
    await page.goto(server.url('/change-password'));
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('New password', { exact: true }).fill('Changer-New-Pass-0099');
    await page.getByLabel('Repeat password').fill('Changer-New-Pass-0099');
    await Promise.all([page.waitForURL(server.url('/')), page.getByRole('button', { name: 'Reset' }).click()]);
    await page.goto(server.url('/account'));
    const session = page.locator('ul.sessions > li');
    assert.equal(await session.count(), 1);
    assert.match(await session.first().textContent(), /Chrome \d+ on Linux/);
    assert.doesNotMatch(await page.locator('main').textContent(), /Unknown browser/);
    const remembered = page.locator('ul.browsers > li');
    assert.equal(await remembered.count(), 1);
    assert.match(await remembered.first().textContent(), /Chrome \d+ on Linux[\s\S]*This browser/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('remembered browsers are listed one by one; forgetting one signs it out for good', async () => {
    const user = 'returner';
    const { password } = USERS[user];
    const a = await openPage(browser);
    const b = await openPage(browser);
    await logIn(a, server.base, user, password);
    await logIn(b, server.base, user, password);

    await a.goto(server.url('/account'));
    const items = a.locator('ul.browsers > li');
    assert.equal(await items.count(), 2);
    assert.equal(await a.locator('ul.browsers p.badge').count(), 1);
    // The other browser's line (not the one marked "This browser").
    const other = items.filter({ hasNot: a.locator('p.badge') });
    assert.match(await other.textContent(), /Remembered since .* last used/);
    await Promise.all([
      a.waitForURL(server.url('/account#browsers')),
      other.getByRole('button', { name: /^Forget / }).click(),
    ]);
    await a.getByText('That browser has been forgotten and signed out.').waitFor();
    assert.equal(await items.count(), 1);

    // B is signed out, and its cookie no longer signs it in: its next page is the login form.
    await b.goto(server.url('/account'));
    assert.match(b.url(), /\/login\?next=/);
    assert.deepEqual([...a.problems, ...b.problems], []);
    await a.context().close();
    await b.context().close();
  });

  test('the account and deletion pages pass axe in light and dark at 1280 and 390 px', async () => {
    const user = 'keyboard';
    const { password } = USERS[user];
    const other = await openPage(browser);
    await logIn(other, server.base, user, password);
    const findings = [];
    for (const v of VARIANTS) {
      const page = await openPage(browser, { viewport: v.viewport, colorScheme: v.colorScheme });
      await logIn(page, server.base, user, password);
      for (const [name, path] of [['account-sessions', '/account'], ['account-delete', '/account/delete']]) {
        await page.goto(server.url(path));
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
      await page.context().close();
    }
    await other.context().close();
    assert.deepEqual(findings, []);
  });
});
