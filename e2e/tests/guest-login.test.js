// Guest login through a real OpenID provider on 127.0.0.1 (tests/support/oidc): the
// browser follows authgate's redirect to the provider and back, and lands signed in.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  configYaml,
  launchBrowser,
  openPage,
  screenshot,
  seriousViolations,
  startOidcProvider,
  startServer,
  startSink,
} from '../lib/harness.js';

const PLACEHOLDER = 'http://127.0.0.1/oauth/google/callback';

describe('guest login', () => {
  let idp;
  let sink;
  let server;
  let browser;

  before(async () => {
    idp = await startOidcProvider();
    await idp.profile({
      sub: 'guest-1',
      email: 'grace@example.com',
      email_verified: true,
      given_name: 'Grace',
      family_name: 'Hopper',
    });
    sink = await startSink();
    const oauth = `oauth2:
  google:
    client_id: authgate-e2e
    client_secret: e2e-secret
    redirect_uri: ${PLACEHOLDER}
    issuer: ${idp.issuer}
    allow_signup: true
`;
    server = await startServer(configYaml({ smtpPort: sink.port, extra: oauth }));
    // The callback address holds the port, known only now: write it and restart there.
    const text = fs.readFileSync(server.config, 'utf8');
    fs.writeFileSync(server.config, text.replace(PLACEHOLDER, server.url('/oauth/google/callback')));
    await server.restart();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
    await idp?.stop();
  });

  test('a guest signs in with the provider button and lands on the home page', async () => {
    const p = await openPage(browser);
    await p.goto(server.url('/login'));
    const providers = p.getByRole('navigation', { name: 'Sign in with another account' });
    assert.deepEqual(await seriousViolations(p), []);
    await screenshot(p, 'login-with-provider-desktop-light');
    await Promise.all([p.waitForURL(server.url('/')), providers.getByRole('link', { name: /Google/ }).click()]);
    await assert.doesNotReject(p.getByRole('heading', { name: 'Welcome, Grace Hopper' }).waitFor());
    assert.ok((await p.textContent('main')).includes('grace@example.com'));
    await p.context().close();
    assert.deepEqual(p.problems, []);
  });
});
