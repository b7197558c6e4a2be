// Second factor in a real browser: an authenticator app enabled with a code computed
// here (RFC 6238, HMAC-SHA-1) from the secret the page shows, then a sign-in through the
// second step; the enrollment page, the recovery codes and the second-step page pass
// axe in light and dark at 1280 and 390 px, keep a clean console (no inline script:
// the QR code is server-side SVG) and do not scroll sideways on a phone.
//
// UPDATE_DOCS_SCREENSHOTS=1 also writes the enrollment page, the recovery codes and the
// second step (desktop, light; cropped to the card) to docs/screenshots/two-factor-*.png,
// which the README's "Second factor" shows.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DESKTOP,
  PHONE,
  ROOT,
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

/** The first card of the page (what the README shows), when UPDATE_DOCS_SCREENSHOTS is set. */
async function docsShot(page, name) {
  if (!process.env.UPDATE_DOCS_SCREENSHOTS) return;
  const docs = path.join(ROOT, 'docs', 'screenshots');
  fs.mkdirSync(docs, { recursive: true });
  await page.locator('section.card').first().screenshot({ path: path.join(docs, `${name}.png`) });
}

const VARIANTS = [
  { size: 'desktop', viewport: DESKTOP, colorScheme: 'light' },
  { size: 'desktop', viewport: DESKTOP, colorScheme: 'dark' },
  { size: 'phone', viewport: PHONE, colorScheme: 'light' },
  { size: 'phone', viewport: PHONE, colorScheme: 'dark' },
];

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '')) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit code of `secret` (base32) at Unix time `t` seconds. */
function totp(secret, t) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(n).padStart(6, '0');
}

describe('two-factor authentication', () => {
  let sink;
  let server;
  let browser;

  before(async () => {
    sink = await startSink();
    // Every password step of a user with a factor counts as an attempt until its second
    // step passes, and so does every wrong code: room for the variants below.
    server = await startServer(configYaml({ smtpPort: sink.port, extra: 'two_factor:\n  remember_device_days: 30\nlogin:\n  max_login_attempts: 50\n' }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  test('an app enabled with a code computed from the shown secret signs in through the second step; every page passes axe', async () => {
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
    const user = 'returner';
    const { password } = USERS[user];

    // The enrollment page, in every variant (showing it changes nothing).
    for (const v of VARIANTS) {
      const page = await openPage(browser, { viewport: v.viewport, colorScheme: v.colorScheme });
      await logIn(page, server.base, user, password);
      await page.goto(server.url('/account/two-factor'));
      await page.locator('figure.qr svg').waitFor();
      await check(page, 'two-factor-enroll', v);
      if (v === VARIANTS[0]) await docsShot(page, 'two-factor-enroll');
      await page.context().close();
    }

    // Enable it.
    const page = await openPage(browser);
    await logIn(page, server.base, user, password);
    await page.goto(server.url('/account/two-factor'));
    const secret = (await page.locator('#totp-secret').textContent()).trim();
    const href = await page.getByRole('link', { name: 'open the link in your authenticator app' }).getAttribute('href');
    assert.equal(href, `otpauth://totp/authgate:${user}?secret=${secret}&issuer=authgate`);
    const enabledAt = Date.now() / 1000;
    await page.getByLabel('Code', { exact: true }).fill(totp(secret, enabledAt));
    await Promise.all([page.waitForURL(server.url('/account/two-factor')), page.getByRole('button', { name: 'Enable' }).click()]);
    const codes = await page.locator('ol.codes code').allTextContents();
    assert.equal(codes.length, 10);
    await page.getByText('Recovery codes left: 10 of 10.').waitFor();
    await docsShot(page, 'two-factor-codes');
    // The codes are shown once: the same page is checked in every variant by changing
    // its width and colour scheme in place instead of loading it again.
    for (const v of VARIANTS) {
      await page.setViewportSize(v.viewport);
      await page.emulateMedia({ colorScheme: v.colorScheme });
      await check(page, 'two-factor-codes', v);
    }
    await page.context().close();

    // Sign in again: the password, then the second step (checked in every variant).
    for (const v of VARIANTS) {
      const p = await openPage(browser, { viewport: v.viewport, colorScheme: v.colorScheme });
      await p.goto(server.url('/login'));
      await p.getByLabel('Username').fill(user);
      await p.getByLabel('Password').fill(password);
      await Promise.all([p.waitForURL(server.url('/login/two-factor')), p.getByRole('button', { name: 'Login' }).click()]);
      await check(p, 'two-factor-step', v);
      if (v === VARIANTS[0]) await docsShot(p, 'two-factor-step');
      // A wrong code: the reason beside the field.
      await p.getByLabel('Code', { exact: true }).fill('000000');
      await Promise.all([p.waitForLoadState('load'), p.getByRole('button', { name: 'Verify' }).click()]);
      await p.getByText('That code is not valid').first().waitFor();
      await check(p, 'two-factor-step-error', v);
      await p.context().close();
    }

    // The code of the next step (the one used to enable is spent; one step of skew is
    // allowed) opens the session.
    const p = await openPage(browser);
    await p.goto(server.url('/login'));
    await p.getByLabel('Username').fill(user);
    await p.getByLabel('Password').fill(password);
    await Promise.all([p.waitForURL(server.url('/login/two-factor')), p.getByRole('button', { name: 'Login' }).click()]);
    await p.getByLabel('Code', { exact: true }).fill(totp(secret, enabledAt + 30));
    await Promise.all([p.waitForURL(server.url('/')), p.getByRole('button', { name: 'Verify' }).click()]);
    await p.goto(server.url('/account/two-factor'));
    await p.getByText('An authenticator app is enabled').waitFor();
    await p.context().close();

    assert.deepEqual(findings, []);
  });
});
