// Every page, at desktop and phone widths, in light and dark mode: axe-core finds no
// serious or critical accessibility violation, the console stays clean (no errors, no
// CSP violations), nothing scrolls sideways on a phone, focus is visible, and a
// screenshot of each lands in e2e/screenshots/ (gitignored).
//
// UPDATE_DOCS_SCREENSHOTS=1 also copies the login and registration pages (desktop,
// light) to docs/screenshots/, which the README shows.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DESKTOP,
  PHONE,
  ROOT,
  SHOTS,
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

describe('every page', () => {
  let sink;
  let server;
  let browser;
  let resetPath;

  before(async () => {
    sink = await startSink();
    server = await startServer(
      configYaml({ smtpPort: sink.port, extra: 'register:\n  enabled: true\n  captcha: false\n' }),
    );
    browser = await launchBrowser();
    // A live reset link: opening it does not use it up, so every variant can show it.
    const p = await openPage(browser);
    await p.goto(server.url('/forgot-password'));
    await p.getByLabel('Username', { exact: true }).fill('tourist');
    await p.getByRole('button', { name: 'Submit' }).click();
    await p.getByRole('status').waitFor();
    resetPath = linkPathIn(await sink.waitFor(USERS.tourist.email, 'Reset'), '/forgot-password/');
    await p.context().close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  for (const v of VARIANTS) {
    test(`every page passes axe, keeps a clean console and fits the screen (${v.size}, ${v.colorScheme})`, async () => {
      const page = await openPage(browser, { viewport: v.viewport, colorScheme: v.colorScheme });
      const findings = [];

      async function check(name, { status = 200 } = {}) {
        const label = `${name} (${v.size}, ${v.colorScheme})`;
        for (const violation of await seriousViolations(page)) {
          findings.push(`${label}: axe ${violation.impact} ${violation.id}: ${violation.help}\n    ${violation.nodes.join('\n    ')}`);
        }
        if (v.size === 'phone' && (await scrollsSideways(page))) {
          findings.push(`${label}: scrolls sideways at ${v.viewport.width} px`);
        }
        await screenshot(page, `${name}-${v.size}-${v.colorScheme}`);
        return status;
      }

      async function visit(name, pathname, { status = 200 } = {}) {
        if (status !== 200) page.allowErrorStatus(status);
        const res = await page.goto(server.url(pathname));
        assert.equal(res.status(), status, `${name}: status`);
        await check(name);
      }

      // Anonymous pages.
      await visit('login', '/login');
      if (v.size === 'desktop') {
        findings.push(...(await focusProblems(page, v.colorScheme)));
      }
      await page.getByLabel('Username', { exact: true }).fill('nobody-here');
      await page.getByLabel('Password', { exact: true }).fill('wrong-password');
      await page.getByRole('button', { name: 'Login' }).click();
      await page.getByRole('alert').waitFor();
      await check('login-error');

      await visit('register', '/register');
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByRole('alert').waitFor();
      await check('register-errors');

      await visit('forgot-password', '/forgot-password');
      await visit('reset-password', resetPath);
      await visit('forgot-username', '/forgot-username');
      await visit('not-found', '/no-such-page', { status: 404 });

      // Signed-in pages.
      await logIn(page, server.base, 'tourist', USERS.tourist.password);
      await check('home');
      await visit('change-password', '/change-password');
      await visit('account', '/account');
      await visit('admin', '/admin');
      await page.goto(server.url('/account'));
      await page.getByLabel('Email', { exact: true }).fill(`tourist-${v.size}-${v.colorScheme}@example.com`);
      await page.getByLabel('Current password').fill(USERS.tourist.password);
      await Promise.all([
        page.waitForURL(server.url('/account/confirm-email')),
        page.getByRole('button', { name: 'Update' }).click(),
      ]);
      await check('code');

      await page.context().close();
      assert.deepEqual(page.problems, [], 'console errors, page errors or CSP violations');
      assert.deepEqual(findings, [], findings.join('\n'));

      if (v.size === 'desktop' && v.colorScheme === 'light' && process.env.UPDATE_DOCS_SCREENSHOTS) {
        const docs = path.join(ROOT, 'docs', 'screenshots');
        fs.mkdirSync(docs, { recursive: true });
        for (const name of ['login', 'register']) {
          fs.copyFileSync(path.join(SHOTS, `${name}-desktop-light.png`), path.join(docs, `${name}.png`));
        }
      }
    });
  }
});

/** Tabs through the page; every element that takes focus must show a visible outline. */
async function focusProblems(page, colorScheme) {
  const problems = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        what: `${el.tagName.toLowerCase()}#${el.id} ${el.textContent.trim().slice(0, 30)}`,
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
        onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0,
      };
    });
    if (!f) break;
    if (!f.outline) problems.push(`login (${colorScheme}): focus on ${f.what} has no visible outline`);
    if (!f.onScreen) problems.push(`login (${colorScheme}): focus on ${f.what} is off screen`);
  }
  return problems;
}
