// The official Data Pipelines clients against cio-fake: @customerio/cdp-analytics-node (Analytics, batching) and
// customerio-node's PipelinesClient, each used correctly and with the classic mistakes. Run by
// PipelinesClientsContractTest: `node suite.js CONFIG_JSON` where CONFIG_JSON is
//   {"base": "http://host:port", "phases": {"<phase>": {"pipelinesKey", "trackKey", "siteId"}, ...}}
// (one workspace per phase, so each phase's state and pitfalls are its own). It prints one JSON line per call
// ({"phase","call","ok","status","message"}) and a last line {"done": true}.
// The phase "analytics-exit-without-flush" ends the process on purpose, without closeAndFlush(): run it alone.
'use strict';

const { Analytics } = require('@customerio/cdp-analytics-node');
const { PipelinesClient } = require('customerio-node');

const config = JSON.parse(process.argv[2]);
const base = config.base.replace(/\/+$/, '');
const out = (line) => process.stdout.write(JSON.stringify(line) + '\n');

/** Runs one analytics-node call and resolves with its outcome (the callback reports delivery). */
function deliver(phase, analytics, method, params) {
  return new Promise((resolve) => {
    analytics[method](params, (err) => {
      out({ phase, call: method + (params.event ? ' ' + params.event : ''), ok: !err,
        message: err ? String(err.reason || err.message || err) : undefined });
      resolve();
    });
  });
}

/** Runs one PipelinesClient call and reports its outcome. */
async function call(phase, name, fn) {
  try {
    await fn();
    out({ phase, call: name, ok: true, status: 200 });
  } catch (e) {
    out({ phase, call: name, ok: false, status: e.statusCode || 0, message: String(e.message) });
  }
}

const analyticsFor = (ws, extra = {}) => new Analytics({ writeKey: ws.pipelinesKey, host: base, ...extra });
const clientFor = (ws, extra = {}) => new PipelinesClient(ws.pipelinesKey, { url: `${base}/v1`, ...extra });
const iso = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString();

const phases = {
  // Every call type through the batching client, flushed before the end.
  async 'analytics-correct'(ws) {
    const a = analyticsFor(ws, { flushInterval: 200 });
    const p = 'analytics-correct';
    await Promise.all([
      deliver(p, a, 'track', { anonymousId: 'visitor-7', event: 'Pricing Viewed', properties: { plan: 'pro' } }),
      deliver(p, a, 'identify', { userId: 'u-1', anonymousId: 'visitor-7',
        traits: { email: 'ada@example.com', plan: 'pro', createdAt: iso(-86400) } }),
      deliver(p, a, 'track', { userId: 'u-1', event: 'Order Completed', properties: { total: 19.5, items: 2 },
        timestamp: new Date(Date.now() - 60000) }),
      deliver(p, a, 'page', { userId: 'u-1', name: 'Pricing', properties: { path: '/pricing', url: 'https://shop.example/pricing' } }),
      deliver(p, a, 'screen', { userId: 'u-1', name: 'Cart' }),
      deliver(p, a, 'group', { userId: 'u-1', groupId: 'acme', traits: { name: 'Acme', objectTypeId: '1' } }),
      deliver(p, a, 'identify', { userId: 'u-2', traits: { email: 'grace@example.com' } }),
      deliver(p, a, 'alias', { userId: 'u-2', previousId: 'device-9' }),
      deliver(p, a, 'track', { userId: 'u-2', event: 'Device Created or Updated',
        context: { device: { token: 'apns-token-1', type: 'ios' } } }),
      deliver(p, a, 'track', { userId: 'u-2', event: 'User Suppressed' }),
      a.closeAndFlush(),
    ]);
  },

  // Every method of customerio-node's PipelinesClient, strict, one request each.
  async 'client-correct'(ws) {
    const c = clientFor(ws, { strictMode: true });
    const p = 'client-correct';
    await call(p, 'identify', () => c.identify({ userId: 'c-1', traits: { email: 'lin@example.com', plan: 'team' } }));
    await call(p, 'track', () => c.track({ userId: 'c-1', event: 'Trial Started', properties: { days: 14 } }));
    await call(p, 'page', () => c.page({ userId: 'c-1', name: 'Docs', properties: { path: '/docs' } }));
    await call(p, 'screen', () => c.screen({ userId: 'c-1', name: 'Settings' }));
    await call(p, 'group', () => c.group({ userId: 'c-1', groupId: 'globex', traits: { name: 'Globex' } }));
    await call(p, 'alias', () => c.alias({ userId: 'c-1', previousId: 'anon-c' }));
    await call(p, 'batch', () => c.batch([
      { type: 'identify', userId: 'c-2', traits: { email: 'max@example.com' } },
      { type: 'track', userId: 'c-2', event: 'Trial Started' },
      { type: 'page', userId: 'c-2', name: 'Pricing' },
    ]));
    await call(p, 'track User Deleted', () => c.track({ userId: 'c-2', event: 'User Deleted' }));
  },

  // The batching client, flushed: every queued call arrives (compare analytics-exit-without-flush).
  async 'analytics-flush'(ws) {
    // one batch: with the default 15 a full batch and the flushed rest are in flight at once and may arrive in
    // either order, which puts events before the identify (a race of the client, not what this phase shows)
    const a = analyticsFor(ws, { maxEventsInBatch: 25 });
    const p = 'analytics-flush';
    const sent = [deliver(p, a, 'identify', { userId: 'f-1', traits: { email: 'flush@example.com' } })];
    for (let i = 0; i < 19; i++) {
      sent.push(deliver(p, a, 'track', { userId: 'f-1', event: 'Item Added', properties: { n: i } }));
    }
    await a.closeAndFlush();
    await Promise.all(sent);
  },

  // The Track API key where the source key belongs: the permissive API answers 200, the client thinks it delivered.
  async 'wrong-key'(ws) {
    const a = new Analytics({ writeKey: ws.trackKey, host: base });
    await Promise.all([deliver('wrong-key', a, 'identify', { userId: 'w-1', traits: { email: 'w@example.com' } }),
      a.closeAndFlush()]);
  },

  // A strict batch with a call the client does not check (no event): a real 400 the client reports.
  async 'strict-invalid-batch'(ws) {
    const c = clientFor(ws, { strictMode: true, retry: { maxRetries: 0 } });
    await call('strict-invalid-batch', 'batch', () => c.batch([{ type: 'track', userId: 's-1' }]));
  },

  // A 40 KB property without strict mode: 200, and the call is gone.
  async oversized(ws) {
    const c = clientFor(ws);
    await call('oversized', 'track', () => c.track({ userId: 'o-1', event: 'Report Viewed',
      properties: { html: 'x'.repeat(40 * 1024) } }));
  },

  // Date.now() as the timestamp: a number of milliseconds where an ISO-8601 string belongs.
  async 'millisecond-timestamp'(ws) {
    const a = analyticsFor(ws);
    await Promise.all([
      deliver('millisecond-timestamp', a, 'identify', { userId: 't-1', traits: { email: 't@example.com' } }),
      deliver('millisecond-timestamp', a, 'track', { userId: 't-1', event: 'Order Completed', timestamp: Date.now() }),
      a.closeAndFlush()]);
  },

  // An event for a user never identified.
  async 'track-before-identify'(ws) {
    const c = clientFor(ws, { strictMode: true });
    await call('track-before-identify', 'track', () => c.track({ userId: 'nobody', event: 'Order Completed' }));
  },

  // The email as the userId.
  async 'email-as-user-id'(ws) {
    const c = clientFor(ws, { strictMode: true });
    await call('email-as-user-id', 'identify', () => c.identify({ userId: 'ada@example.com',
      traits: { email: 'ada@example.com' } }));
  },

  // 20 calls queued, the first batch of 15 goes out when full, then the process exits without closeAndFlush():
  // the last 5 never leave it.
  async 'analytics-exit-without-flush'(ws) {
    const a = analyticsFor(ws);
    const p = 'analytics-exit-without-flush';
    a.on('http_request', () => out({ phase: p, call: 'http_request', ok: true }));
    deliver(p, a, 'identify', { userId: 'n-1', traits: { email: 'noflush@example.com' } });
    for (let i = 0; i < 19; i++) {
      deliver(p, a, 'track', { userId: 'n-1', event: 'Item Added', properties: { n: i } });
    }
    await new Promise((r) => setTimeout(r, 1500)); // the full batch is answered; the rest waits for flushInterval
    out({ done: true });
    process.exit(0);
  },
};

(async () => {
  for (const [name, ws] of Object.entries(config.phases)) {
    if (!phases[name]) {
      throw new Error(`unknown phase ${name}`);
    }
    await phases[name](ws);
  }
  out({ done: true });
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
