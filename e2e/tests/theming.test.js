// A branded server: app name, a logo from server.static_dir, an accent colour through
// /static/theme.css. The CSP (no inline style, images from this origin only) must let
// all of it through, and the result must stay accessible in light and dark mode.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { configYaml, launchBrowser, openPage, screenshot, seriousViolations, startServer, startSink } from '../lib/harness.js';

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<circle cx="32" cy="32" r="30" fill="#0a5c36"/><path d="M20 34l8 8 16-18" stroke="#fff" stroke-width="6" fill="none"/></svg>
`;

describe('branding', () => {
  let sink;
  let server;
  let browser;

  before(async () => {
    sink = await startSink();
    server = await startServer(
      configYaml({
        smtpPort: sink.port,
        extra: `branding:
  app_name: Acme sign-in
  logo_url: /static/acme-logo.svg
  accent_color: "#0a5c36"
`,
      }).replace('server:\n', 'server:\n  static_dir: assets\n'),
      {
        prepare(dir) {
          fs.mkdirSync(path.join(dir, 'assets'));
          fs.writeFileSync(path.join(dir, 'assets', 'acme-logo.svg'), LOGO);
        },
      },
    );
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`the login page shows the name, the logo and the accent colour, accessibly (${colorScheme})`, async () => {
      const p = await openPage(browser, { colorScheme });
      await p.goto(server.url('/login'));
      assert.equal(await p.title(), 'Sign in · Acme sign-in');
      const brand = p.getByRole('link', { name: 'Acme sign-in' });
      assert.equal((await brand.textContent()).trim(), 'Acme sign-in');
      const logoWidth = await brand.locator('img').evaluate(async (img) => {
        await img.decode();
        return img.naturalWidth;
      });
      assert.ok(logoWidth > 0, 'the logo loaded');
      const background = await p.getByRole('button', { name: 'Login' }).evaluate((b) => getComputedStyle(b).backgroundColor);
      if (colorScheme === 'light') {
        assert.equal(background, 'rgb(10, 92, 54)');
      } else {
        assert.notEqual(background, 'rgb(10, 92, 54)', 'dark mode gets a lighter accent');
      }
      assert.deepEqual(await seriousViolations(p), []);
      await screenshot(p, `login-branded-desktop-${colorScheme}`);
      await p.context().close();
      assert.deepEqual(p.problems, []);
    });
  }
});
