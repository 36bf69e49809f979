// Point the official Node client at cio-fake: the `url` options take the base URLs it prints.
const { TrackClient, APIClient, SendEmailRequest } = require('customerio-node');

const base = process.env.CIO_FAKE_URL || 'http://127.0.0.1:8091';
const track = new TrackClient('cio-fake-site', 'cio-fake-track-key', { url: `${base}/api/v1` });
const api = new APIClient('cio-fake-app-key', { url: `${base}/v1` });

(async () => {
  const now = Math.floor(Date.now() / 1000);
  await track.identify('42', { email: 'ada@example.com', created_at: now, plan: 'pro' });
  await track.track('42', { name: 'signed_up', data: { plan: 'pro' }, timestamp: now });
  const sent = await api.sendEmail(new SendEmailRequest({
    transactional_message_id: 3, to: 'ada@example.com', identifiers: { id: '42' }, message_data: { plan: 'pro' },
  }));
  const pitfalls = await (await fetch(`${base}/__cio/pitfalls?site_id=cio-fake-site`)).json();
  console.log(JSON.stringify({ delivery_id: sent.delivery_id, pitfalls: pitfalls.pitfalls.map((p) => p.id) }));
})().catch((e) => { console.error(e.message); process.exit(1); });
