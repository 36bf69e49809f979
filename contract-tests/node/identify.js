// Identifies one person through the official customerio-node TrackClient, pointed at cio-fake with the `url`
// option, and prints the outcome as one JSON line on stdout. Run by NodeClientRetryTest.
//
// Env: CIO_FAKE_TRACK_URL (http://127.0.0.1:PORT/api/v1), CIO_FAKE_SITE_ID, CIO_FAKE_TRACK_API_KEY,
//      CIO_PERSON_ID (default "node-retry-1"), CIO_PERSON_EMAIL (default "<id>@example.com").
'use strict';

const { TrackClient } = require('customerio-node');

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.log(JSON.stringify({ ok: false, error: { name: 'ConfigError', message: name + ' is not set' } }));
    process.exit(2);
  }
  return v;
}

async function main() {
  const url = required('CIO_FAKE_TRACK_URL');
  const siteId = required('CIO_FAKE_SITE_ID');
  const apiKey = required('CIO_FAKE_TRACK_API_KEY');
  const id = process.env.CIO_PERSON_ID || 'node-retry-1';
  const email = process.env.CIO_PERSON_EMAIL || id + '@example.com';

  const track = new TrackClient(siteId, apiKey, { url });
  const started = Date.now();
  try {
    const result = await track.identify(id, { email, created_at: Math.floor(started / 1000) });
    console.log(JSON.stringify({ ok: true, result, elapsed_ms: Date.now() - started }));
  } catch (err) {
    console.log(JSON.stringify({
      ok: false,
      elapsed_ms: Date.now() - started,
      error: { name: err && err.name, message: err && err.message, statusCode: err && err.statusCode },
    }));
    process.exitCode = 1;
  }
}

main();
