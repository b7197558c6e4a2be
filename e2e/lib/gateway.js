// Gateway pieces for the browser tests: a real nginx built from the config in
// examples/nginx/ (the shipped example is what gets tested) and a real Streamlit app.
// Each runs in a process group of its own and is stopped the way it wants to be stopped
// (`nginx -s quit`, SIGTERM for Streamlit); `stop()` fails the test when anything of the
// group is still alive afterwards.
//
// Names follow the README's local recipe ("Try the gateway on your machine"): the app at
// app.example.localhost and authgate at auth.example.localhost, both on one nginx port.
// Browsers and curl resolve every *.localhost name to the loopback address by themselves,
// and example.localhost (not localhost, which browsers refuse as a cookie domain) is the
// cookie.domain both names share.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ROOT, eventually } from './harness.js';

export const AUTH_HOST = 'auth.example.localhost';
export const APP_HOST = 'app.example.localhost';
export const COOKIE_DOMAIN = 'example.localhost';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));

export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

/** Replaces `from` by `to` in `text`, and fails when the example no longer contains `from`. */
function substitute(text, from, to, file) {
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}: update the README recipe and this test`);
  return text.split(from).join(to);
}

/**
 * examples/nginx/streamlit.conf and authgate.conf, changed as the README's local recipe
 * says: nginx listens on 127.0.0.1:`port` without TLS, the two names become *.example.localhost,
 * and authgate and Streamlit are at the given ports instead of 8080 and 8501.
 */
export function localSiteConfig({ port, authgatePort, streamlitPort, dir }) {
  const examples = path.join(ROOT, 'examples', 'nginx');
  const snippetFile = 'examples/nginx/authgate.conf';
  let snippet = fs.readFileSync(path.join(examples, 'authgate.conf'), 'utf8');
  snippet = substitute(snippet, '127.0.0.1:8080', `127.0.0.1:${authgatePort}`, snippetFile);
  const snippetPath = path.join(dir, 'authgate.conf');
  fs.writeFileSync(snippetPath, snippet);

  const siteFile = 'examples/nginx/streamlit.conf';
  let site = fs.readFileSync(path.join(examples, 'streamlit.conf'), 'utf8');
  site = substitute(site, 'listen 443 ssl;', `listen 127.0.0.1:${port};`, siteFile);
  site = substitute(site, 'auth.example.com', AUTH_HOST, siteFile);
  site = substitute(site, 'streamlit.example.com', APP_HOST, siteFile);
  site = substitute(site, '/etc/nginx/snippets/authgate.conf', snippetPath, siteFile);
  site = substitute(site, '127.0.0.1:8080', `127.0.0.1:${authgatePort}`, siteFile);
  site = substitute(site, '127.0.0.1:8501', `127.0.0.1:${streamlitPort}`, siteFile);
  return site;
}

/** Is any process of group `pgid` alive? */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    if (e.code === 'ESRCH') return false;
    throw e;
  }
}

async function waitGroupGone(pgid, what) {
  await eventually(() => !groupAlive(pgid), { ms: 15_000, what: `every process of ${what} to exit` });
}

/** A real nginx (master and worker) serving `site` (the inside of an `http` block). */
export async function startNginx(site, { port }) {
  if (!NGINX) throw new Error('nginx is needed: apt-get install nginx-light (scripts/test does)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authgate-e2e-nginx-'));
  const d = dir;
  fs.writeFileSync(path.join(dir, 'site.conf'), site);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `daemon off;
master_process on;
worker_processes 1;
pid ${d}/nginx.pid;
error_log ${d}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${d}/body; proxy_temp_path ${d}/proxy; fastcgi_temp_path ${d}/fcgi;
  uwsgi_temp_path ${d}/uwsgi; scgi_temp_path ${d}/scgi;
  include ${d}/site.conf;
}
`,
  );
  const child = spawn(NGINX, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const ready = await eventually(
    async () => {
      if (child.exitCode !== null) return 'exited';
      return (await canConnect(port)) ? 'up' : null;
    },
    { ms: 15_000, what: 'nginx to listen' },
  );
  if (ready === 'exited') {
    const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
    throw new Error(`nginx did not start: ${stderr}\n${log}`);
  }
  return {
    dir,
    port,
    errorLog: () => fs.readFileSync(path.join(dir, 'error.log'), 'utf8'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // The master finishes what its workers serve, stops them, and exits.
        const exited = once(child, 'exit');
        const quit = spawn(NGINX, ['-p', dir, '-c', conf, '-s', 'quit'], { stdio: 'ignore' });
        await once(quit, 'exit');
        await exited;
      }
      await waitGroupGone(child.pid, 'nginx');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Streamlit (PyPI `streamlit`, installed by scripts/test) running `app` on 127.0.0.1:`port`. */
export async function startStreamlit(app, { port, secrets }) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'authgate-e2e-streamlit-'));
  if (secrets) {
    // st.login() reads its [auth] section from .streamlit/secrets.toml in the working folder.
    fs.mkdirSync(path.join(cwd, '.streamlit'));
    fs.writeFileSync(path.join(cwd, '.streamlit', 'secrets.toml'), secrets);
  }
  const child = spawn(
    'python3',
    [
      '-m', 'streamlit', 'run', app,
      '--server.address', '127.0.0.1',
      '--server.port', String(port),
      '--server.headless', 'true',
      '--server.fileWatcherType', 'none',
      '--browser.gatherUsageStats', 'false',
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  const state = await eventually(
    async () => {
      if (child.exitCode !== null) return 'exited';
      try {
        const r = await fetch(`http://127.0.0.1:${port}/_stcore/health`);
        return r.ok ? 'up' : null;
      } catch {
        return null;
      }
    },
    { ms: 60_000, what: 'Streamlit to answer /_stcore/health' },
  );
  if (state === 'exited') throw new Error(`streamlit exited before it was ready:\n${output}`);
  return {
    port,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
      await waitGroupGone(child.pid, 'streamlit');
      fs.rmSync(cwd, { recursive: true, force: true });
    },
  };
}
