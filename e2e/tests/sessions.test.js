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
    await a.getByText('This browser').waitFor();
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
