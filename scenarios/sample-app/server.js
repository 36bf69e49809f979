'use strict';
// A small shop backend that reports to Customer.io with the official client (customerio-node 5.2.0): the system
// under test of the shipped cio-fake scenario suites. It comes in two variants.
//
//   resilient (default): the request path only queues analytics; one sender drains the queue in order, paced under
//     the rate limit, retrying failures with backoff and pausing for Retry-After; events carry ids for dedup;
//     configuration is cleaned (whitespace, quotes) and millisecond timestamps are turned into seconds; the
//     reporting-webhook handler verifies the signature and suppresses bounced and complaining people at once.
//   naive (--variant=naive or SAMPLE_VARIANT=naive): awaits Customer.io inside the request handler, never retries,
//     passes timestamps and configuration through as given, and ignores webhooks. Every shipped suite fails it.
//
// HTTP API (PORT, default 3000):
//   GET  /health                       200 {"ok":true,"variant":...,"queued":n}
//   POST /signup   {id, email, name?, plan?}               identify + signed_up event + welcome email
//   POST /purchase {id, amount?, email?, purchased_at?}    purchase event (+ receipt email when the email is known)
//   POST /customerio/webhooks          Customer.io reporting webhooks (signed)
//
// Environment: PORT, HOST (default 127.0.0.1; 0.0.0.0 in a container), CIO_TRACK_URL (with /api/v1), CIO_APP_URL (with /v1), CIO_SITE_ID, CIO_TRACK_API_KEY,
// CIO_APP_API_KEY, CIO_WEBHOOK_SECRET, CIO_MAX_RPS (resilient pacing, default 80).

const http = require('node:http');
const crypto = require('node:crypto');
const {
  TrackClient, APIClient, SendEmailRequest, CustomerIORequestError, verifyRequestSignature,
} = require('customerio-node');

const variantArg = process.argv.find((a) => a.startsWith('--variant='));
const variant = ((variantArg && variantArg.split('=')[1]) || process.env.SAMPLE_VARIANT || 'resilient').toLowerCase();
if (variant !== 'resilient' && variant !== 'naive') {
  console.error(`unknown variant '${variant}': use resilient or naive`);
  process.exit(2);
}
const resilient = variant === 'resilient';

// Secrets copied from a .env file or a secret store often carry quotes or a trailing newline.
function clean(value) {
  if (value == null) return value;
  let s = String(value).trim();
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) {
    s = s.slice(1, -1).trim();
  }
  return s;
}
const config = (name, fallback) => {
  const v = process.env[name] === undefined ? fallback : process.env[name];
  return resilient ? clean(v) : v;
};

const cfg = {
  port: Number(process.env.PORT || 3000),
  host: process.env.HOST || '127.0.0.1', // 0.0.0.0 in a container
  trackUrl: config('CIO_TRACK_URL', 'https://track.customer.io/api/v1'),
  appUrl: config('CIO_APP_URL', 'https://api.customer.io/v1'),
  siteId: config('CIO_SITE_ID'),
  trackKey: config('CIO_TRACK_API_KEY'),
  appKey: config('CIO_APP_API_KEY'),
  webhookSecret: config('CIO_WEBHOOK_SECRET'),
  maxRps: Number(clean(process.env.CIO_MAX_RPS) || 80),
};
if (resilient) {
  cfg.trackUrl = cfg.trackUrl.replace(/\/+$/, '');
  cfg.appUrl = cfg.appUrl.replace(/\/+$/, '');
}

// The client's own retries are off in both variants: the naive one has none, the resilient one retries in its
// queue, where a Retry-After pauses every request (the fake counts any early request of the client as a retry).
const clientOptions = (url) => ({ url, retry: { maxRetries: 0 }, timeout: 10_000 });
const track = new TrackClient(cfg.siteId, cfg.trackKey, clientOptions(cfg.trackUrl));
const api = new APIClient(cfg.appKey, clientOptions(cfg.appUrl));

const log = (...args) => console.log(new Date().toISOString(), `[${variant}]`, ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowSeconds = () => Math.floor(Date.now() / 1000);

// A ULID (time-sortable, Crockford base32): Customer.io deduplicates events by this id.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function ulid() {
  let t = Date.now();
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = crypto.randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[bytes[i] % 32];
  return time + rand;
}

// Seconds since the epoch, whatever the caller sent: seconds, milliseconds (JavaScript's Date.now()) or ISO text.
function toSeconds(value) {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && !/^\d+$/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
  }
  const n = Number(value);
  if (!Number.isFinite(n)) return undefined;
  return n > 100_000_000_000 ? Math.floor(n / 1000) : Math.floor(n);
}

// ------------------------------------------------------------------------------------------------ resilient outbox

function retryable(err) {
  if (err instanceof CustomerIORequestError) {
    return err.statusCode === 408 || err.statusCode === 429 || err.statusCode >= 500;
  }
  return err instanceof TypeError || (err && (err.name === 'TimeoutError' || err.name === 'AbortError'));
}

function retryAfterMs(err) {
  const h = err instanceof CustomerIORequestError && err.response && err.response.headers
    ? err.response.headers['retry-after'] : undefined;
  if (h === undefined) return undefined;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.min(300, Math.max(0, s)) * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

// One sender, in order (identify before track), paced under the rate limit; a failed head is retried (with
// Retry-After or exponential backoff) before anything else goes, so a 429 or an outage pauses everything. Urgent
// operations (suppressing a bounced person) jump the queue.
class Outbox {
  constructor(ratePerSecond) {
    this.urgent = [];
    this.normal = [];
    this.interval = 1000 / ratePerSecond;
    this.nextAt = 0;
    this.running = false;
  }

  get size() {
    return this.urgent.length + this.normal.length;
  }

  push(name, run, { urgent = false } = {}) {
    (urgent ? this.urgent : this.normal).push({ name, run, attempts: 0, since: Date.now() });
    this.kick();
  }

  kick() {
    if (this.running) return;
    this.running = true;
    this.drain().catch((e) => log('outbox stopped:', e)).finally(() => {
      this.running = false;
      if (this.size > 0) this.kick();
    });
  }

  async drain() {
    while (this.size > 0) {
      const queue = this.urgent.length > 0 ? this.urgent : this.normal;
      const op = queue[0];
      const wait = this.nextAt - Date.now();
      if (wait > 0) await sleep(wait);
      this.nextAt = Date.now() + this.interval;
      try {
        await op.run();
        queue.shift();
      } catch (err) {
        op.attempts += 1;
        const age = Date.now() - op.since;
        if (!retryable(err) || age > 10 * 60_000) {
          log(`dropping ${op.name} after ${op.attempts} attempt(s): ${err.statusCode || ''} ${err.message}`);
          queue.shift();
          continue;
        }
        const pause = retryAfterMs(err) ?? Math.min(4000, 200 * 2 ** (op.attempts - 1)) * (1 + Math.random() / 4);
        this.nextAt = Date.now() + pause;
      }
    }
  }
}

const outbox = new Outbox(cfg.maxRps);
const emails = new Map(); // person id -> email, learnt at signup
const suppressed = new Set(); // person ids and emails Customer.io reported bounced or spammed

function canEmail(id, email) {
  return !suppressed.has(id) && !suppressed.has(String(email).toLowerCase());
}

// ------------------------------------------------------------------------------------------------ the two variants

async function signupNaive(u) {
  await track.identify(u.id, { email: u.email, name: u.name, plan: u.plan, created_at: nowSeconds() });
  await track.track(u.id, { name: 'signed_up', data: { plan: u.plan || 'free' } });
  await api.sendEmail(new SendEmailRequest({
    to: u.email, identifiers: { id: u.id }, transactional_message_id: 'welcome', message_data: { name: u.name || '' },
  }));
}

function signupResilient(u) {
  const createdAt = nowSeconds();
  const eventId = ulid();
  outbox.push(`identify ${u.id}`, () => track.identify(u.id, {
    email: u.email, name: u.name, plan: u.plan, created_at: createdAt,
  }));
  outbox.push(`signed_up ${u.id}`, () => track.track(u.id, {
    id: eventId, name: 'signed_up', timestamp: createdAt, data: { plan: u.plan || 'free' },
  }));
  outbox.push(`welcome email ${u.id}`, () => (canEmail(u.id, u.email) ? api.sendEmail(new SendEmailRequest({
    to: u.email, identifiers: { id: u.id }, transactional_message_id: 'welcome', message_data: { name: u.name || '' },
  })) : Promise.resolve()));
}

async function purchaseNaive(p) {
  const event = { name: 'purchase', data: { amount: p.amount || 0 } };
  if (p.purchased_at !== undefined) event.timestamp = p.purchased_at;
  await track.track(p.id, event);
  const email = p.email || emails.get(p.id);
  if (email) {
    await api.sendEmail(new SendEmailRequest({
      to: email, identifiers: { id: p.id }, transactional_message_id: 'receipt', message_data: { amount: p.amount || 0 },
    }));
  }
}

function purchaseResilient(p) {
  const event = { id: ulid(), name: 'purchase', timestamp: toSeconds(p.purchased_at) ?? nowSeconds(),
    data: { amount: Number(p.amount) || 0 } };
  outbox.push(`purchase ${p.id}`, () => track.track(p.id, event));
  const email = p.email || emails.get(p.id);
  if (email) {
    // Checked when it is sent, so a bounce reported meanwhile still stops it.
    outbox.push(`receipt email ${p.id}`, () => (canEmail(p.id, email) ? api.sendEmail(new SendEmailRequest({
      to: email, identifiers: { id: p.id }, transactional_message_id: 'receipt', message_data: { amount: event.data.amount },
    })) : Promise.resolve()));
  }
}

function webhookResilient(req, raw) {
  const timestamp = req.headers['x-cio-timestamp'];
  const valid = cfg.webhookSecret && verifyRequestSignature({
    signingSecret: cfg.webhookSecret, timestamp, signature: req.headers['x-cio-signature'], body: raw,
  });
  if (!valid || Math.abs(nowSeconds() - Number(timestamp)) > 300) {
    return [401, { error: 'bad signature' }];
  }
  const event = JSON.parse(raw.toString('utf8'));
  if (event.metric === 'bounced' || event.metric === 'spammed') {
    const ids = (event.data && event.data.identifiers) || {};
    const who = ids.id || ids.email || (ids.cio_id ? `cio_${ids.cio_id}` : null);
    if (who) {
      [ids.id, ids.email && ids.email.toLowerCase()].filter(Boolean).forEach((x) => suppressed.add(x));
      outbox.push(`suppress ${who} (${event.metric})`, () => track.suppress(who), { urgent: true });
      log(`${event.metric}: suppressing ${who}`);
    }
  }
  return [200, { ok: true }];
}

// ------------------------------------------------------------------------------------------------ HTTP

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function route(req, res) {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/health') {
    return send(res, 200, { ok: true, variant, queued: outbox.size });
  }
  const raw = await readBody(req);
  if (req.method === 'POST' && path === '/customerio/webhooks') {
    if (!resilient) return send(res, 200, { ok: true }); // acknowledged, and ignored
    const [status, body] = webhookResilient(req, raw);
    return send(res, status, body);
  }
  let input;
  try {
    input = raw.length ? JSON.parse(raw.toString('utf8')) : {};
  } catch (e) {
    return send(res, 400, { error: 'body must be JSON' });
  }
  if (req.method === 'POST' && (path === '/signup' || path === '/purchase')) {
    if (!input.id) return send(res, 400, { error: 'id is required' });
    if (path === '/signup') {
      if (!input.email) return send(res, 400, { error: 'email is required' });
      emails.set(String(input.id), input.email);
    }
    if (!resilient) {
      try {
        await (path === '/signup' ? signupNaive(input) : purchaseNaive(input));
        return send(res, 201, { ok: true });
      } catch (err) {
        log(`${path} failed: ${err.statusCode || ''} ${err.message}`);
        return send(res, 502, { error: `Customer.io: ${err.message}` });
      }
    }
    (path === '/signup' ? signupResilient : purchaseResilient)(input);
    return send(res, 202, { ok: true, queued: outbox.size });
  }
  return send(res, 404, { error: `no route ${req.method} ${path}` });
}

const server = http.createServer((req, res) => {
  route(req, res).catch((err) => {
    log('handler failed:', err);
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
  });
});
server.keepAliveTimeout = 30_000;
server.listen(cfg.port, cfg.host, () => log(`listening on http://${cfg.host}:${cfg.port}, Customer.io at ${cfg.trackUrl}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
