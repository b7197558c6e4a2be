// Every page in every language (issue 25): `<html lang>` and `dir` right, nothing scrolls
// sideways and no button overflows at 390 px, the language menu switches without
// script; axe for a subset (en, de, ja, ar: Latin, CJK, right to left); Arabic mirrored.
// Screenshots per script land in e2e/screenshots/; UPDATE_DOCS_SCREENSHOTS=1 copies the
// German, Japanese (phone) and Arabic sign-in pages to docs/screenshots/ for the README.

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
  logIn,
  openPage,
  screenshot,
  scrollsSideways,
  seriousViolations,
  startServer,
  startSink,
} from '../lib/harness.js';

const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt-BR', 'nl', 'pl', 'ja', 'zh-CN', 'ar'];
const AXE = new Set(['en', 'de', 'ja', 'ar']);

const ANONYMOUS = ['/login', '/register', '/forgot-password', '/forgot-password?sent=1', '/forgot-username'];
const SIGNED_IN = ['/', '/account', '/change-password', '/account/two-factor', '/admin', '/admin/invitations', '/admin/pre-authorized', '/logout'];

/** Buttons and links styled as buttons whose text is cut or spills out of them or the screen. */
async function overflowingButtons(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const b of document.querySelectorAll('button, a.button, input[type=submit]')) {
      const r = b.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // hidden
      if (b.scrollWidth > b.clientWidth + 1 || r.left < -1 || r.right > width + 1) {
        out.push(`"${b.textContent.trim()}" (${Math.round(r.left)}..${Math.round(r.right)} of ${width}, scroll ${b.scrollWidth} > ${b.clientWidth})`);
      }
    }
    return out;
  });
}

describe('every page in every language', () => {
  let sink;
  let server;
  let browser;
  let signedIn;

  before(async () => {
    sink = await startSink();
    server = await startServer(
      configYaml({ smtpPort: sink.port, extra: 'register:\n  enabled: true\n  captcha: false\n' }),
    );
    browser = await launchBrowser();
    const p = await openPage(browser);
    await logIn(p, server.base, 'tourist', USERS.tourist.password);
    signedIn = await p.context().storageState();
    await p.context().close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  test('each language is chosen from the menu, sets lang and dir, and fits a phone', async () => {
    const findings = [];
    for (const lang of LANGUAGES) {
      for (const [who, paths] of [['anonymous', ANONYMOUS], ['signed-in', SIGNED_IN]]) {
        const page = await openPage(browser, {
          viewport: PHONE,
          storageState: who === 'signed-in' ? signedIn : undefined,
        });
        // The menu is a form of buttons: press this language's, from the first page, and
        // come back to that page.
        await page.goto(server.url(paths[0]));
        const button = page.locator(`footer.languages button[value="${lang}"]`);
        await Promise.all([page.waitForResponse((r) => r.url().includes('/language?')), button.click()]);
        await page.waitForURL(server.url(paths[0]));
        await page.waitForLoadState('load');
        for (const p of paths) {
          if (page.url() !== server.url(p)) await page.goto(server.url(p));
          const label = `${lang} ${p}`;
          const html = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
          assert.deepEqual(html, [lang, lang === 'ar' ? 'rtl' : 'ltr'], label);
          if (await scrollsSideways(page)) findings.push(`${label}: scrolls sideways at 390 px`);
          for (const b of await overflowingButtons(page)) findings.push(`${label}: button overflows: ${b}`);
          if (AXE.has(lang)) {
            for (const v of await seriousViolations(page)) {
              findings.push(`${label}: axe ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
            }
          }
          const current = await page.locator('footer.languages button[aria-current="true"]').getAttribute('value');
          assert.equal(current, lang, `${label}: the menu marks the current language`);
        }
        await screenshot(page, `languages-${lang}-${who}-phone`);
        findings.push(...page.problems);
        await page.context().close();
      }
    }
    assert.deepEqual(findings, [], findings.join('\n'));
  });

  test('arabic pages mirror: the card reads from the right, the show button sits on the left', async () => {
    const page = await openPage(browser, { viewport: DESKTOP });
    await page.goto(server.url('/language?lang=ar&next=/login'));
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    const input = await page.locator('#password').boundingBox();
    const show = await page.locator('button.reveal').boundingBox();
    assert.ok(show.x + show.width <= input.x + 1, `show button ${JSON.stringify(show)} left of the field ${JSON.stringify(input)}`);
    const label = await page.locator('label[for=username]').boundingBox();
    const card = await page.locator('.card').boundingBox();
    assert.ok(card.x + card.width - (label.x + label.width) < 40, 'labels start at the right edge of the card');
    await screenshot(page, 'login-ar-desktop-light');
    await page.context().close();
  });

  test('screenshots per script: German, Japanese on a phone, Arabic', async () => {
    const shots = [
      ['de', DESKTOP, 'login-de'],
      ['ja', PHONE, 'login-ja-phone'],
      ['ar', DESKTOP, 'login-ar'],
    ];
    for (const [lang, viewport, name] of shots) {
      const page = await openPage(browser, { viewport });
      await page.goto(server.url(`/language?lang=${lang}&next=/login`));
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await screenshot(page, name);
      if (process.env.UPDATE_DOCS_SCREENSHOTS) {
        const docs = path.join(ROOT, 'docs', 'screenshots');
        fs.mkdirSync(docs, { recursive: true });
        fs.copyFileSync(path.join(SHOTS, `${name}.png`), path.join(docs, `${name}.png`));
      }
      await page.context().close();
    }
  });
});
