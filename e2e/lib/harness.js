// The e2e harness: the real authgate binary on 127.0.0.1:0 with a temporary config, a
// real SMTP server process (tests/support/smtp_sink.py), and Debian's chromium driven by
// playwright-core. Nothing here downloads a browser: CHROMIUM (default /usr/bin/chromium)
// must exist; scripts/test installs Debian's package when it is missing.

import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const ROOT = path.resolve(here, '../..');
export const BIN = path.resolve(ROOT, process.env.AUTHGATE_BIN ?? 'target/debug/authgate');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = path.join(ROOT, 'e2e', 'screenshots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Users of every test server: username -> plain password (hashed by authgate at start). */
export const USERS = {
  jsmith: { password: 'Jsmith-Pass-0001', email: 'jsmith@example.com', first: 'John', last: 'Smith', roles: ['admin', 'editor', 'viewer'] },
  rbriggs: { password: 'Rbriggs-Pass-0002', email: 'rbriggs@example.com', first: 'Rebecca', last: 'Briggs', roles: ['viewer'] },
  forgetful: { password: 'Forgetful-Pass-0003', email: 'forgetful@example.com', first: 'Fran', last: 'Forgetful', roles: ['viewer'] },
  changer: { password: 'Changer-Pass-0004', email: 'changer@example.com', first: 'Chris', last: 'Changer', roles: ['viewer'] },
  mover: { password: 'Mover-Pass-0005', email: 'mover@example.com', first: 'Morgan', last: 'Mover', roles: ['viewer'] },
  keyboard: { password: 'Keyboard-Pass-0006', email: 'keyboard@example.com', first: 'Kim', last: 'Keys', roles: ['viewer'] },
  returner: { password: 'Returner-Pass-0007', email: 'returner@example.com', first: 'Rae', last: 'Turner', roles: ['viewer'] },
  tourist: { password: 'Tourist-Pass-0008', email: 'tourist@example.com', first: 'Tove', last: 'Tourist', roles: ['admin', 'viewer'] },
};

/** The `credentials.usernames` entry of one of USERS, indented for the section. */
export function userYaml(name) {
  const u = USERS[name];
  return `    ${name}:
      email: ${u.email}
      first_name: ${u.first}
      last_name: ${u.last}
      password: ${u.password}
      roles: [${u.roles.join(', ')}]`;
}

/** A config for one test server: every user above, mail to `smtpPort`, and `extra` YAML. */
export function configYaml({ smtpPort, extra = '' }) {
  const users = Object.keys(USERS).map(userYaml).join('\n');
  return `cookie:
  name: authgate
  key: e2e-test-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz
  expiry_days: 30
credentials:
  usernames:
${users}
server:
  public_url: http://127.0.0.1
smtp:
  host: 127.0.0.1
  port: ${smtpPort}
  security: none
  from: "authgate <no-reply@example.com>"
${extra}`;
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

/** Reads the first stdout line of `child`, or fails with its stderr if it exits first. */
async function firstLine(child, what, logFile) {
  const lines = readline.createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    const log = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    throw new Error(`${what} exited with ${code} before it was ready\n${log}`);
  });
  const line = once(lines, 'line').then(([l]) => l);
  try {
    return await Promise.race([line, exited]);
  } finally {
    exited.catch(() => {});
    lines.close();
  }
}

/** Polls `probe` every 50 ms until it returns a truthy value; fails after `ms`. */
export async function eventually(probe, { ms = 10_000, what = 'condition' } = {}) {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---------------------------------------------------------------------------------------
// SMTP sink

/** A real SMTP server process that writes every message it gets as an .eml file. */
export async function startSink() {
  const port = await freePort();
  const dir = tempDir('authgate-e2e-mail-');
  const child = spawn('python3', [path.join(ROOT, 'tests/support/smtp_sink.py'), String(port), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await firstLine(child, 'smtp_sink.py');
  if (line.trim() !== 'ready') throw new Error(`smtp sink said ${line}`);

  const parsedByName = new Map();
  /** Every message so far, parsed (once each) by Python's email package: {to, subject, text}. */
  function mails() {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map((f) => {
        if (parsedByName.has(f)) return parsedByName.get(f);
        const meta = JSON.parse(fs.readFileSync(path.join(dir, f.replace(/\.eml$/, '.json')), 'utf8'));
        const parsed = JSON.parse(
          execFileSync('python3', [path.join(ROOT, 'tests/support/parse_eml.py'), path.join(dir, f)], {
            encoding: 'utf8',
          }),
        );
        const text = parsed.parts
          .filter((p) => p.content_type === 'text/plain')
          .map((p) => p.content)
          .join('\n');
        const mail = { to: meta.rcpt_tos, subject: parsed.subject, text };
        parsedByName.set(f, mail);
        return mail;
      });
  }

  return {
    port,
    mails,
    /** The newest mail to `rcpt` whose subject contains `subject`, once it arrives. */
    async waitFor(rcpt, subject) {
      return eventually(
        () => mails().reverse().find((m) => m.to.includes(rcpt) && m.subject.includes(subject)),
        { what: `a mail "${subject}" to ${rcpt}` },
      );
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The 6-digit code on a line of its own in a mail. */
export function codeIn(mail) {
  const m = /^\s*(\d{6})\s*$/m.exec(mail.text);
  if (!m) throw new Error(`no code in mail:\n${mail.text}`);
  return m[1];
}

/** The path of the first link to `prefix` in a mail (the host is the config's public_url). */
export function linkPathIn(mail, prefix) {
  const m = new RegExp(`https?://[^/\\s]+(${prefix}[^\\s"<>]*)`).exec(mail.text);
  if (!m) throw new Error(`no ${prefix} link in mail:\n${mail.text}`);
  return m[1];
}

// ---------------------------------------------------------------------------------------
// authgate

/**
 * Starts `authgate serve` on 127.0.0.1:0 with `yaml` as its config and waits for its
 * "listening on http://ADDR" line. `restart()` stops it (SIGTERM) and starts it again on
 * the same port, so in-memory sessions are gone but the origin stays the same.
 * `prepare(dir)` may add files next to the config before the server starts.
 */
export async function startServer(yaml, { prepare, bind = '127.0.0.1:0' } = {}) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`no authgate binary at ${BIN}: run cargo build, or set AUTHGATE_BIN`);
  }
  const dir = tempDir('authgate-e2e-');
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, yaml);
  prepare?.(dir);
  const log = path.join(dir, 'stderr.log');
  let child;
  let base;

  async function launch(bind) {
    const err = fs.openSync(log, 'a');
    child = spawn(BIN, ['serve', '--config', config, '--bind', bind], {
      stdio: ['ignore', 'pipe', err],
      env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
    });
    fs.closeSync(err);
    const line = await firstLine(child, 'authgate', log);
    const m = /^listening on (http:\/\/\S+)$/.exec(line.trim());
    if (!m) throw new Error(`unexpected first line from authgate: ${line}`);
    base = m[1];
    child.stdout.resume();
  }

  async function stop() {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }

  await launch(bind);
  return {
    dir,
    config,
    log,
    get base() {
      return base;
    },
    url(p) {
      return base + p;
    },
    async restart() {
      const hostPort = base.replace(/^http:\/\//, '');
      await stop();
      await launch(hostPort);
    },
    async stop() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------
// The browser

export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's chromium with a fresh profile (playwright gives every launch its own temp user-data-dir). */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium (scripts/test does)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * A page in a new context whose console errors, uncaught exceptions and CSP violations
 * are collected in `page.problems`. `expectStatus` on `page.problems.allow(...)` permits
 * the one console line Chromium prints for a page served with an error status.
 */
export async function openPage(browser, { viewport = DESKTOP, colorScheme = 'light', storageState } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, storageState, reducedMotion: 'reduce' });
  // Injected by the browser, not the page, so the page's CSP does not apply to it.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  const allowed = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (allowed.some((re) => re.test(text))) return;
    problems.push(`console: ${text} (${page.url()})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message} (${page.url()})`));
  page.problems = problems;
  /** Permits Chromium's "Failed to load resource: ... status of NNN" line for this status. */
  page.allowErrorStatus = (status) => allowed.push(new RegExp(`status of ${status}\\b`));
  return page;
}

/** axe-core's violations of impact serious or critical on the current page. */
export async function seriousViolations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Logs in through the form, finding the fields by their labels. */
export async function logIn(page, base, username, password) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: 'Login' }).click()]);
}

/**
 * A plain HTTP proxy in front of `target` (a base URL) that holds every request for which
 * `hold(req)` is true until the test calls `release()`: a slow server, without timers.
 * `held` resolves when the first such request has arrived.
 */
export async function startHoldingProxy(target, hold) {
  const http = await import('node:http');
  const upstream = new URL(target);
  let release;
  const gate = new Promise((r) => (release = r));
  let arrived;
  const held = new Promise((r) => (arrived = r));
  const server = http.createServer(async (req, res) => {
    if (hold(req)) {
      arrived();
      await gate;
    }
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', (e) => res.destroy(e));
    req.pipe(out);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    url: (p) => base + p,
    held,
    release,
    async stop() {
      release();
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * The local OpenID provider of the guest-login tests (tests/support/oidc/server.mjs, with
 * oauth2-mock-server from tests/support/oidc/node_modules). `profile(claims)` sets the
 * claims of every ID token from then on.
 */
export async function startOidcProvider() {
  const dir = path.join(ROOT, 'tests/support/oidc');
  if (!fs.existsSync(path.join(dir, 'node_modules/oauth2-mock-server'))) {
    throw new Error('the OpenID provider is not installed: npm ci --prefix tests/support/oidc (scripts/test does)');
  }
  // It exits when its standard input closes.
  const child = spawn(process.execPath, [path.join(dir, 'server.mjs'), 'RS256'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await firstLine(child, 'the OpenID provider');
  const issuer = line.trim().replace(/^issuer /, '');
  if (!issuer.startsWith('http://')) throw new Error(`unexpected provider output ${line}`);
  child.stdout.resume();
  return {
    issuer,
    async profile(claims) {
      const res = await fetch(`${issuer}/__test/profile`, { method: 'POST', body: JSON.stringify({ claims }) });
      if (!res.ok) throw new Error(`profile: ${res.status}`);
    },
    async stop() {
      if (child.exitCode === null) {
        child.stdin.end();
        await once(child, 'exit');
      }
    },
  };
}
