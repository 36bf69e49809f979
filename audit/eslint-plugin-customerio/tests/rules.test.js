'use strict';
// Each rule on its own cases: the pitfall catalog's wrong and right examples (marked "catalog"), then the shapes of
// the official clients and the near misses that must stay clean.
const test = require('node:test');
const { js, jsScript, ts, plugin } = require('./support');

const rule = (name) => plugin.rules[name];
const CLIENT = "const client = new TrackClient(process.env.CUSTOMERIO_SITE_ID, process.env.CUSTOMERIO_API_KEY);\n";
const REQUIRE = "const { TrackClient, APIClient, PipelinesClient, SendEmailRequest } = require('customerio-node');\n";
const IMPORT = "import { TrackClient, APIClient, PipelinesClient, SendEmailRequest } from 'customerio-node';\n";

js.run('no-millisecond-timestamp', rule('no-millisecond-timestamp'), {
  valid: [
    { name: 'catalog right: Unix seconds', code: `${CLIENT}client.identify(id, { created_at: Math.floor(Date.now() / 1000) });` },
    { code: `${CLIENT}client.track(id, { name: 'x', timestamp: Math.round(order.placedAt.getTime() / 1000) });` },
    { code: `${CLIENT}const now = () => Math.floor(Date.now() / 1000);\nclient.identify(id, { updated_at: now() });` },
    { name: 'a millisecond value that never reaches Customer.io', code: `${CLIENT}const t = Date.now();\nlog({ created_at: t });\nclient.identify(id, { email });` },
    { name: 'not a timestamp field', code: `${CLIENT}client.track(id, { name: 'x', data: { duration_ms: Date.now() - start } });` },
    { name: 'not a Customer.io call', code: "analytics.track(id, { timestamp: Date.now() });" },
    { name: 'Pipelines takes a Date', code: "import { Analytics } from '@customerio/cdp-analytics-node';\nconst a = new Analytics({ writeKey: process.env.W });\na.track({ userId: '1', event: 'x', timestamp: new Date() });" },
    { code: `${CLIENT}client.identify(id, { created_at: (Date.now() / 1000) | 0 });` },
  ],
  invalid: [
    { name: 'catalog wrong: Date.now() as created_at', code: `${CLIENT}client.identify(id, { created_at: Date.now() });`, errors: [{ messageId: 'millis', line: 2 }] },
    { code: `${CLIENT}client.track(id, { name: 'x', timestamp: new Date().getTime() });`, errors: [{ messageId: 'millis' }] },
    { code: `${CLIENT}client.track(id, { name: 'x', timestamp: +new Date() });`, errors: [{ messageId: 'millis' }] },
    { code: `${CLIENT}client.track(id, { name: 'x', timestamp: order.date.valueOf() });`, errors: [{ messageId: 'millis' }] },
    { name: 'floored but not scaled', code: `${CLIENT}client.identify(id, { created_at: Math.floor(Date.now()) });`, errors: [{ messageId: 'millis' }] },
    { name: 'through a const', code: `${CLIENT}const now = Date.now();\nclient.identify(id, { last_login_at: now });`, errors: [{ messageId: 'millis', line: 3 }] },
    { name: 'through a helper', code: `${CLIENT}function nowMs() { return Date.now(); }\nclient.identify(id, { updated_at: nowMs() });`, errors: [{ messageId: 'millis', line: 3 }] },
    { name: 'through the payload variable', code: `${CLIENT}const event = { name: 'purchase', timestamp: Date.now() };\nclient.track(id, event);`, errors: [{ messageId: 'millis', line: 2 }] },
    { name: 'assigned to the payload before the call', code: `${CLIENT}const event = { name: 'purchase' };\nevent.timestamp = Date.now();\nclient.track(id, event);`, errors: [{ messageId: 'millis', line: 3 }] },
    { name: 'send_at of a transactional email', code: `${REQUIRE}const api = new APIClient(process.env.K);\napi.sendEmail(new SendEmailRequest({ to, transactional_message_id: 1, identifiers: { id }, send_at: Date.now() + 3600000 }));`, errors: [{ messageId: 'millis' }] },
    { name: 'a batch with variables beside literals', code: `${CLIENT}client.batch([first, { type: 'person', action: 'event', name: 'x', timestamp: Date.now(), attributes: [a, { created_at: 1 }] }]);`, errors: [{ messageId: 'millis' }] },
    { name: 'last_used of a device', code: `${CLIENT}client.addDevice(id, token, 'ios', { last_used: Date.now() });`, errors: [{ messageId: 'millis' }] },
    { name: 'Pipelines timestamp', code: `${REQUIRE}const cdp = new PipelinesClient(process.env.W);\ncdp.track({ userId: '1', event: 'x', timestamp: Date.now() });`, errors: [{ message: /ISO 8601/ }] },
    { name: 'fetch to the Track API', code: "fetch(`https://track.customer.io/api/v1/customers/${id}/events`, { method: 'POST', body: JSON.stringify({ name: 'x', timestamp: Date.now() }) });", errors: [{ messageId: 'millis' }] },
    { name: 'axios to the Track API', code: "axios.put('https://track-eu.customer.io/api/v1/customers/' + id, { created_at: Date.parse(user.joined) });", errors: [{ messageId: 'millis' }] },
  ],
});

js.run('identify-before-track', rule('identify-before-track'), {
  valid: [
    { name: 'catalog right: identify first', code: `${CLIENT}async function f(userId) {\n  await client.identify(userId, { email: 'user@example.com' });\n  await client.track(userId, { name: 'signup' });\n}` },
    { name: 'an existing customer: no identify in the function', code: `${CLIENT}async function purchase(userId) { await client.track(userId, { name: 'purchase' }); }` },
    { name: 'another person', code: `${CLIENT}async function f(a, b) { await client.track(a, { name: 'x' }); await client.identify(b, {}); }` },
    { name: 'anonymous events need no identify', code: `${CLIENT}async function f(anon, id) { await client.trackAnonymous(anon, { name: 'x' }); await client.identify(id, { anonymous_id: anon }); }` },
    { name: 'two functions', code: `${CLIENT}function a(id) { client.track(id, { name: 'x' }); }\nfunction b(id) { client.identify(id, {}); }` },
  ],
  invalid: [
    { name: 'catalog wrong: track before identify', code: `${CLIENT}async function f(userId) {\n  await client.track(userId, { name: 'signup' });\n  await client.identify(userId, { email: 'user@example.com' });\n}`, errors: [{ messageId: 'order', line: 3 }] },
    { name: 'in a promise chain', code: `${CLIENT}function f(user) { return client.track(user.id, { name: 'x' }).then(() => client.identify(user.id, {})); }`, errors: [{ messageId: 'order' }] },
    { name: 'Pipelines', code: `${REQUIRE}const cdp = new PipelinesClient(process.env.W);\nasync function f(u) { await cdp.track({ userId: u.id, event: 'x' }); await cdp.identify({ userId: u.id, traits: {} }); }`, errors: [{ messageId: 'order' }] },
    { name: 'raw HTTP', code: "async function f(id) {\n  await fetch(`https://track.customer.io/api/v1/customers/${id}/events`, { method: 'POST', body: '{}' });\n  await fetch(`https://track.customer.io/api/v1/customers/${id}`, { method: 'PUT', body: '{}' });\n}", errors: [{ messageId: 'order', line: 2 }] },
  ],
});

js.run('no-client-per-request', rule('no-client-per-request'), {
  valid: [
    { name: 'catalog right: one client', code: `${REQUIRE}const client = new TrackClient(siteId, apiKey);\napp.get('/api', async (req, res) => { await client.identify(userId, data); });` },
    { name: 'a factory called once', code: `${REQUIRE}function makeClient() { return new TrackClient(siteId, apiKey); }\nconst client = makeClient();` },
    { name: 'a loop over something else', code: `${REQUIRE}const c = new APIClient(k);\nfor (const p of people) { c.sendEmail(p); }` },
  ],
  invalid: [
    { name: 'catalog wrong: new client per request', code: `${REQUIRE}app.get('/api', async (req, res) => {\n  const client = new TrackClient(siteId, apiKey);\n  await client.identify(userId, data);\n});`, errors: [{ messageId: 'handler', line: 3 }] },
    { name: 'Fastify route', code: `${REQUIRE}fastify.route({ method: 'POST', url: '/x', handler: async (request, reply) => { new APIClient(k).sendEmail(x); } });`, errors: [{ messageId: 'handler' }] },
    { name: 'Koa middleware', code: `${REQUIRE}app.use(async (ctx, next) => { const c = new TrackClient(s, k); await next(); });`, errors: [{ messageId: 'handler' }] },
    { name: 'a loop', code: `${REQUIRE}for (const u of users) { const c = new TrackClient(s, k); c.identify(u.id, {}); }`, errors: [{ messageId: 'loop' }] },
    { name: 'forEach', code: `${REQUIRE}users.forEach((u) => new TrackClient(s, k).identify(u.id, {}));`, errors: [{ messageId: 'loop' }] },
    { name: 'a namespace import', code: "const cio = require('customerio-node');\nrouter.post('/x', (req, res) => { const t = new cio.TrackClient(s, k); });", errors: [{ messageId: 'handler' }] },
  ],
});

js.run('no-blocking-analytics', rule('no-blocking-analytics'), {
  valid: [
    { name: 'catalog right: fire and forget', code: `${CLIENT}app.post('/signup', async (req, res) => {\n  const user = await createUser(req.body);\n  client.identify(user.id, { email: user.email })\n    .catch(err => console.error('Customer.io error:', err));\n  res.json({ user });\n});` },
    { name: 'after the response', code: `${CLIENT}app.post('/x', async (req, res) => { res.sendStatus(202); await client.track(id, { name: 'x' }); });` },
    { name: 'not a handler', code: `${CLIENT}async function job() { await client.identify('1', {}); }` },
    { name: 'awaiting something else', code: `${CLIENT}app.post('/x', async (req, res) => { await db.save(req.body); res.json({}); });` },
    { name: 'a queued call', code: `${CLIENT}app.post('/x', async (req, res) => { queue.push(() => client.track(id, { name: 'x' })); res.json({}); });` },
  ],
  invalid: [
    { name: 'catalog wrong: blocking on analytics', code: `${CLIENT}app.post('/signup', async (req, res) => {\n  const user = await createUser(req.body);\n  await client.identify(user.id, { email: user.email }); // Blocks!\n  res.json({ user });\n});`, errors: [{ messageId: 'await', line: 4 }] },
    { name: 'through a helper of the file', code: `${CLIENT}async function report(u) { await client.identify(u.id, {}); }\nrouter.post('/x', async (req, res) => { await report(req.body); res.json({}); });`, errors: [{ messageId: 'await', line: 3 }] },
    { name: 'Next.js route handler', code: `${CLIENT}export async function POST(request) {\n  await client.track('1', { name: 'x' });\n  return Response.json({ ok: true });\n}`, errors: [{ messageId: 'await', line: 3 }] },
    { name: 'response in then', code: `${CLIENT}app.post('/x', (req, res) => { client.track(id, { name: 'x' }).then(() => res.json({})); });`, errors: [{ messageId: 'then' }] },
    { name: 'node http server helper', code: `${CLIENT}async function route(req, res) { await client.identify('1', {}); res.end(); }\nhttp.createServer((req, res) => { route(req, res); });`, errors: [{ messageId: 'await' }] },
    { name: 'Promise.all of calls', code: `${CLIENT}app.post('/x', async (req, res) => { await Promise.all(req.body.ids.map((id) => client.identify(id, {}))); res.json({}); });`, errors: [{ messageId: 'await' }] },
  ],
});

js.run('no-dynamic-event-name', rule('no-dynamic-event-name'), {
  valid: [
    { name: 'catalog right: properties for variations', code: `${CLIENT}client.track(userId, { name: 'product_viewed', data: { product_id: productId } });` },
    { name: 'a constant', code: `${CLIENT}const Events = { VIEWED: 'product_viewed' };\nclient.track(userId, { name: Events.VIEWED });` },
    { name: 'a wrapper passes names through', code: `${CLIENT}function trackEvent(id, name, data) { return client.track(id, { name, data }); }` },
    { name: 'a constant prefix', code: `${CLIENT}const PREFIX = 'shop_';\nclient.track(userId, { name: \`\${PREFIX}order_completed\` });` },
  ],
  invalid: [
    { name: 'catalog wrong: dynamic event names', code: `${CLIENT}client.track(userId, { name: \`viewed_product_\${productId}\` });`, errors: [{ messageId: 'dynamic' }] },
    { code: `${CLIENT}client.track(userId, { name: 'clicked_' + button.id });`, errors: [{ messageId: 'dynamic' }] },
    { code: `${CLIENT}client.trackAnonymous(anon, { name: 'viewed_'.concat(page.slug) });`, errors: [{ messageId: 'dynamic' }] },
    { name: 'Pipelines event', code: "import { Analytics } from '@customerio/cdp-analytics-node';\nconst a = new Analytics({ writeKey: process.env.W });\na.track({ userId: '1', event: `Viewed ${product.name}` });", errors: [{ messageId: 'dynamic' }] },
  ],
});

js.run('event-name-case', rule('event-name-case'), {
  valid: [
    { name: 'catalog right: consistent snake_case', code: `${CLIENT}client.track(userId, { name: 'user_signed_up' });` },
    { name: 'the Segment spec names in Pipelines', code: "import { Analytics } from '@customerio/cdp-analytics-node';\nconst a = new Analytics({ writeKey: process.env.W });\na.track({ userId: '1', event: 'Order Completed' });" },
    { name: 'camelCase when configured', code: `${CLIENT}client.track(userId, { name: 'userSignedUp' });`, options: [{ case: 'camelCase' }] },
  ],
  invalid: [
    {
      name: 'catalog wrong: inconsistent casing and naming',
      code: `${CLIENT}async function f(userId) {\n  await client.track(userId, { name: 'UserSignedUp' });\n  await client.track(userId, { name: 'user-signed-up' });\n  await client.track(userId, { name: 'user_signedup' });\n}`,
      errors: [{ messageId: 'casing', line: 3 }, { messageId: 'casing', line: 4 }, { messageId: 'spelling', line: 5 }],
    },
    { code: `${CLIENT}client.track(id, { name: 'Order Completed' });`, errors: [{ messageId: 'casing' }] },
    { code: `${CLIENT}client.track(id, { name: 'order_completed' });`, options: [{ case: 'camelCase' }], errors: [{ messageId: 'casing' }] },
  ],
});

js.run('no-pii-in-name', rule('no-pii-in-name'), {
  valid: [
    { name: 'catalog right: attributes, not names', code: `${CLIENT}client.track(userId, { name: 'email_action', data: { email: user.email } });` },
    { code: `${CLIENT}client.identify(id, { sms_consent: true, phone: user.phone });` },
  ],
  invalid: [
    { name: 'catalog wrong: PII in the event name', code: `${CLIENT}client.track(userId, { name: \`email_\${user.email}\` });`, errors: [{ messageId: 'pii' }] },
    { code: `${CLIENT}client.identify(id, { [\`consent_\${user.phone}\`]: true });`, errors: [{ messageId: 'pii' }] },
    { code: `${CLIENT}client.track(id, { name: 'verified_ada@example.com' });`, errors: [{ messageId: 'pii' }] },
    { code: `${CLIENT}client.track(id, { name: 'signup_' + mobileNumber });`, errors: [{ messageId: 'pii' }] },
  ],
});

jsScript.run('no-hardcoded-credentials', rule('no-hardcoded-credentials'), {
  valid: [
    { name: 'catalog right: environment variables', code: `${REQUIRE}const client = new TrackClient(\n  process.env.CUSTOMERIO_SITE_ID,\n  process.env.CUSTOMERIO_API_KEY\n);` },
    { name: 'placeholders', code: `${REQUIRE}const client = new TrackClient('YOUR_SITE_ID', '<track-api-key>');` },
    { name: 'a fake for tests', code: `${REQUIRE}const client = new TrackClient('cio-fake-site', 'cio-fake-track-key');` },
    { name: 'another vendor in a file without Customer.io', code: "const stripe = require('stripe');\nconst apiKey = 'sk_live_51H8abcd';" },
    { name: 'a name that is not a key', code: `${REQUIRE}const cioRegion = 'eu';` },
  ],
  invalid: [
    { name: 'catalog wrong: credentials in code', code: `${REQUIRE}const client = new TrackClient('abc123', 'secret-key');`, errors: [{ message: /^Site id and Track API key/ }] },
    { code: `${REQUIRE}const api = new APIClient('d1f0c2b3a4e5d6c7b8a9f0e1d2c3b4a5');`, errors: [{ message: /^App API key/ }] }, // cio-audit-ignore hardcoded-credentials -- made-up keys: the rule's test input
    { code: "const { Analytics } = require('@customerio/cdp-analytics-node');\nconst a = new Analytics({ writeKey: 'wk_9f8e7d6c5b4a' });", errors: [{ message: /^Pipelines write key/ }] }, // cio-audit-ignore hardcoded-credentials -- made-up keys: the rule's test input
    { name: 'a name that says so', code: "const CUSTOMERIO_TRACK_API_KEY = '9a8b7c6d5e4f3a2b1c0d';", errors: [{ messageId: 'literal' }] }, // cio-audit-ignore hardcoded-credentials -- made-up keys: the rule's test input
    { name: 'a config object', code: "module.exports = { customerio: { siteId: '3fa9c1d2e4b5a6f70812', apiKey: 'b7e2d94c1a3f5e6d8c90' } };", errors: [{ message: /^Site id/, line: 1 }, { message: /^Customer.io credential/, line: 1 }] }, // cio-audit-ignore hardcoded-credentials -- made-up keys: the rule's test input
    { name: 'a constant passed to the client', code: `${REQUIRE}const SITE = '3fa9c1d2e4b5a6f70812';\nconst t = new TrackClient(SITE, process.env.K);`, errors: [{ messageId: 'literal', line: 2 }] }, // cio-audit-ignore hardcoded-credentials -- made-up keys: the rule's test input
    { name: 'an Authorization header', code: "fetch('https://api.customer.io/v1/send/email', { method: 'POST', headers: { Authorization: 'Bearer a7d3f0c9e2b14d6f8a1c3e5b' }, body: '{}' });", errors: [{ messageId: 'literal' }] }, // cio-audit-ignore hardcoded-credentials -- made-up keys: the rule's test input
  ],
});

ts.run('rules under the TypeScript parser', rule('no-millisecond-timestamp'), {
  valid: [{ code: `${IMPORT}const t = new TrackClient(process.env.S!, process.env.K!);\nt.identify('1', { created_at: Math.floor(Date.now() / 1000) as number });` }],
  invalid: [{ code: `${IMPORT}const t: TrackClient = new TrackClient(process.env.S!, process.env.K!);\nt.identify('1', { created_at: Date.now() as number });`, errors: [{ messageId: 'millis', line: 3 }] }],
});

test.describe('the plugin', () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const assert = require('node:assert');
  test.it('documents every rule, with its finding id, and lists it in recommended', () => {
    for (const [name, r] of Object.entries(plugin.rules)) {
      const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'rules', `${name}.md`), 'utf8');
      assert.match(doc, new RegExp(`Finding id \`${r.meta.docs.findingId}\``));
      assert.match(doc, /Wrong:/);
      assert.match(doc, /Right:/);
      assert.ok(plugin.configs.recommended.rules[`customerio/${name}`], `${name} in recommended`);
      assert.ok(['error', 'warning'].includes(r.meta.docs.severity));
    }
  });
});
