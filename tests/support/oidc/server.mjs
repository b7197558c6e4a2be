// A real OpenID provider for authgate's guest-login tests (tests/it/oauth.rs).
//
// oauth2-mock-server does the provider's work: discovery, JWKS, the authorization endpoint
// (it redirects straight back with a code, keeping the PKCE challenge and the nonce) and the
// token endpoint (it checks the PKCE verifier and signs an ID token carrying the nonce).
// This driver listens on 127.0.0.1 (a free port), prints `issuer <url>` once ready, and adds
// a small control API under /__test/ so that a test can shape what comes next:
//
//   POST /__test/profile    {claims}                 merged into every ID token from now on
//   POST /__test/next       {claims, remove, sign}   the next ID token only; sign: "rogue"
//                                                    (a key the JWKS does not publish, under
//                                                    the published kid) or "none" (unsigned)
//   POST /__test/authorize  {error}                  the next authorization answers an error
//   POST /__test/rotate                              a new signing key; the old one stays
//                                                    published, tokens use the new one
//   GET  /__test/stats                               requests served per endpoint
//
// Usage: node server.mjs [RS256|ES256]. Exits when its standard input closes.

import http from 'node:http';
import { OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';

const alg = process.argv[2] ?? 'RS256';
const issuer = new OAuth2Issuer();
await issuer.keys.generate(alg, { kid: 'key-1' });
let currentKid = 'key-1';
let rotations = 1;
const rogue = (await generateKeyPair(alg)).privateKey;
const service = new OAuth2Service(issuer);

let profile = {};
let next = null;
let authorizeError = null;
const stats = { discovery: 0, jwks: 0, authorize: 0, token: 0 };

const isIdToken = (payload) => !('scope' in payload);

service.on('beforeTokenSigning', (token) => {
  if (!isIdToken(token.payload)) return;
  Object.assign(token.payload, profile);
  if (next?.claims) Object.assign(token.payload, next.claims);
  for (const k of next?.remove ?? []) delete token.payload[k];
});

service.on('beforeAuthorizeRedirect', (redirect) => {
  if (authorizeError === null) return;
  redirect.url.searchParams.delete('code');
  redirect.url.searchParams.set('error', authorizeError);
  authorizeError = null;
});

// Every token is signed with the current key; an ID token is re-signed when the test asked.
const buildToken = issuer.buildToken.bind(issuer);
issuer.buildToken = async (opts) => {
  const token = await buildToken({ ...opts, kid: currentKid });
  const payload = decodeJwt(token);
  if (!isIdToken(payload) || next === null) return token;
  const shape = next;
  next = null;
  const header = decodeProtectedHeader(token);
  if (shape.sign === 'rogue') {
    return new SignJWT(payload).setProtectedHeader(header).sign(rogue);
  }
  if (shape.sign === 'none') {
    const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
    return `${b64({ alg: 'none', kid: header.kid })}.${b64(payload)}.`;
  }
  return token;
};

async function readJson(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body === '' ? {} : JSON.parse(body);
}

async function control(req, res) {
  const path = new URL(req.url, 'http://x').pathname;
  const body = req.method === 'POST' ? await readJson(req) : {};
  switch (path) {
    case '/__test/profile':
      profile = body.claims ?? {};
      break;
    case '/__test/next':
      next = body;
      break;
    case '/__test/authorize':
      authorizeError = body.error ?? null;
      break;
    case '/__test/rotate':
      rotations += 1;
      currentKid = `key-${rotations}`;
      await issuer.keys.generate(alg, { kid: currentKid });
      break;
    case '/__test/stats':
      break;
    default:
      res.writeHead(404).end();
      return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
}

const handler = service.requestHandler;
const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path.startsWith('/__test/')) {
    control(req, res).catch((e) => res.writeHead(500).end(String(e)));
    return;
  }
  if (path === '/.well-known/openid-configuration') stats.discovery += 1;
  else if (path === '/jwks') stats.jwks += 1;
  else if (path === '/authorize') stats.authorize += 1;
  else if (path === '/token') stats.token += 1;
  handler(req, res);
});

server.listen(0, '127.0.0.1', () => {
  issuer.url = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`issuer ${issuer.url}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
