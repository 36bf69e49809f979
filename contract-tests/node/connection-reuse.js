// customerio-node sending bursts, for NodeClientConnectionReuseTest: `shared` sends 30 identifies at once through one
// TrackClient, then 30 tracks; `per-call` makes a new TrackClient for each of 25 calls. customerio-node 5 sends with
// fetch, whose connection pool is the process's, so even a client per call reuses connections on the wire.
const { TrackClient } = require('customerio-node');

const [mode] = process.argv.slice(2);
const url = process.env.CIO_FAKE_TRACK_URL;
const site = process.env.CIO_FAKE_SITE_ID;
const key = process.env.CIO_FAKE_TRACK_API_KEY;
const shared = new TrackClient(site, key, { url });

(async () => {
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'per-call') {
    for (let i = 0; i < 25; i++) {
      await new TrackClient(site, key, { url }).identify(`pc-${i}`, { email: `pc-${i}@example.com`, created_at: now });
    }
  } else {
    const ids = [...Array(30).keys()].map((i) => `burst-${i}`);
    await Promise.all(ids.map((id) => shared.identify(id, { email: `${id}@example.com`, created_at: now })));
    await Promise.all(ids.map((id) => shared.track(id, { name: 'signed_up', timestamp: now })));
  }
  console.log(JSON.stringify({ ok: true }));
})().catch((e) => { console.error(e.message); process.exit(1); });
