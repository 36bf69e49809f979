'use strict';
// A small signup backend that reports to Customer.io over the Data Pipelines API with the official batching client
// (@customerio/cdp-analytics-node 0.5.9): the system under test of the pipelines-flush scenario suite.
//
//   resilient (default): on SIGTERM/SIGINT it stops taking requests, awaits analytics.closeAndFlush() (which sends
//     what is queued and waits for it), then exits.
//   naive (--variant=naive or SAMPLE_VARIANT=naive): no handler, so SIGTERM ends the process at once and whatever the
//     client still holds (up to 15 calls, or 10 s of them) is lost. Customer.io never sees those calls, and no
//     request log shows them.
//
// HTTP API (PORT, default 3000):
//   GET  /health                          200 {"ok":true,"variant":...}
//   POST /signup {id, email, plan?}       identify + "Signed Up", queued in the client (the handler does not wait)
//
// Environment: PORT, HOST (default 127.0.0.1), CIO_PIPELINES_HOST (the fake's base URL; the client posts to
// /v1/batch under it), CIO_PIPELINES_API_KEY.

const http = require('node:http');
const { Analytics } = require('@customerio/cdp-analytics-node');

const variantArg = process.argv.find((a) => a.startsWith('--variant='));
const variant = ((variantArg && variantArg.split('=')[1]) || process.env.SAMPLE_VARIANT || 'resilient').toLowerCase();
if (variant !== 'resilient' && variant !== 'naive') {
  console.error(`unknown variant '${variant}': use resilient or naive`);
  process.exit(2);
}

const analytics = new Analytics({
  writeKey: process.env.CIO_PIPELINES_API_KEY,
  host: process.env.CIO_PIPELINES_HOST || 'https://cdp.customer.io',
});
analytics.on('error', (e) => console.error('analytics error', e && e.reason ? String(e.reason) : e));

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    return json(res, 200, { ok: true, variant });
  }
  if (req.method === 'POST' && req.url === '/signup') {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(raw || '{}');
      } catch (e) {
        return json(res, 400, { error: 'not JSON' });
      }
      if (!body.id || !body.email) {
        return json(res, 400, { error: 'id and email are required' });
      }
      // the app's own signup work would be here; analytics is queued, never awaited on the request path
      analytics.identify({ userId: String(body.id), traits: { email: body.email, plan: body.plan || 'free' } });
      analytics.track({ userId: String(body.id), event: 'Signed Up', properties: { plan: body.plan || 'free' } });
      return json(res, 201, { id: body.id });
    });
    return undefined;
  }
  return json(res, 404, { error: 'not found' });
});

server.listen(Number(process.env.PORT || 3000), process.env.HOST || '127.0.0.1', () => {
  console.log(`pipelines sample (${variant}) listening on ${server.address().port}`);
});

if (variant === 'resilient') {
  let closing = false;
  const shutdown = async (signal) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: flushing analytics before exit`);
    server.close();
    await analytics.closeAndFlush({ timeout: 5000 });
    console.log('flushed; exiting');
    process.exit(0);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
