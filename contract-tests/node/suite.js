// Drives cio-fake with the official Node client (customerio-node), for NodeClientSidecarTest.
// Env: CIO_TRACK_URL (with /api/v1), CIO_APP_URL (with /v1), CIO_SITE_ID, CIO_TRACK_API_KEY, CIO_APP_API_KEY.
// Argument: the phase. Prints one JSON line per call ({call, ok, status?, message?}) and a final {done: true}.
'use strict';
const {
  TrackClient, APIClient, SendEmailRequest, SendPushRequest, SendSMSRequest, SendWhatsAppRequest,
  SendInboxMessageRequest, SendInAppRequest, IdentifierType,
} = require('customerio-node');

const env = (k) => { if (!process.env[k]) throw new Error(`${k} is not set`); return process.env[k]; };
const trackUrl = env('CIO_TRACK_URL');
const appUrl = env('CIO_APP_URL');
const site = env('CIO_SITE_ID');
const trackKey = env('CIO_TRACK_API_KEY');
const appKey = env('CIO_APP_API_KEY');
const now = () => Math.floor(Date.now() / 1000);

const track = new TrackClient(site, trackKey, { url: trackUrl });
const api = new APIClient(appKey, { url: appUrl });

async function call(name, fn) {
  try {
    const value = await fn();
    console.log(JSON.stringify({ call: name, ok: true, value }));
    return value;
  } catch (e) {
    console.log(JSON.stringify({ call: name, ok: false, status: e.statusCode || null, message: e.message }));
    return null;
  }
}

const phases = {
  // Every TrackClient method and the App API methods cio-fake models, used correctly.
  async correct() {
    await call('identify', () => track.identify('42', { email: 'ada@example.com', created_at: now(), plan: 'pro' }));
    await call('identify(second person)', () => track.identify('43', { email: 'bob@example.com', created_at: now() }));
    await call('track', () => track.track('42', { name: 'purchase', data: { price: 23.45, sku: 'A-1' }, timestamp: now() }));
    await call('trackAnonymous', () => track.trackAnonymous('anon-7f3c', { name: 'viewed_pricing', data: { plan: 'pro' } }));
    await call('identify(merge anonymous)', () => track.identify('42', { anonymous_id: 'anon-7f3c' }));
    await call('trackAnonymous(invite)', () => track.trackAnonymous('', { name: 'invited', data: { recipient: 'friend@example.com' } }));
    await call('trackPageView', () => track.trackPageView('42', 'https://example.com/pricing'));
    await call('trackPush', () => track.trackPush({ delivery_id: 'dlv_1', device_id: 'apns_token_abc', event: 'opened', timestamp: now() }));
    await call('addDevice', () => track.addDevice('42', 'apns_token_abc', 'ios', { last_used: now(), app_version: '1.2.3' }));
    await call('deleteDevice', () => track.deleteDevice('42', 'apns_token_abc'));
    await call('suppress', () => track.suppress('43'));
    await call('unsuppress', () => track.unsuppress('43'));
    await call('batch', () => track.batch([
      { type: 'person', identifiers: { id: '42' }, action: 'identify', attributes: { email: 'ada@example.com', plan: 'team' } },
      { type: 'person', identifiers: { id: '42' }, action: 'event', name: 'upgraded', attributes: { plan: 'team' } },
    ]));
    await call('entity', () => track.entity({ type: 'object', identifiers: { object_type_id: '1', object_id: 'acme' }, action: 'identify', attributes: { name: 'Acme' } }));
    await call('getAccountRegion', () => track.getAccountRegion());
    await call('addCustomersToSegment', () => track.addCustomersToSegment(7, ['42', '43']));
    await call('removeCustomersFromSegment', () => track.removeCustomersFromSegment(7, ['43'], IdentifierType.Id));
    await call('submitForm', () => track.submitForm('signup_form', { email: 'ada@example.com' }));
    await call('reportMetric', () => track.reportMetric({ delivery_id: 'dlv_1', metric: 'clicked', timestamp: now(), href: 'https://example.com/x' }));
    const sent = await call('sendEmail', () => api.sendEmail(new SendEmailRequest({
      transactional_message_id: 3, to: 'ada@example.com', identifiers: { id: '42' }, message_data: { order: 'o-1' } })));
    await call('sendPush', () => api.sendPush(new SendPushRequest({ transactional_message_id: 4, identifiers: { id: '42' } })));
    await call('sendSMS', () => api.sendSMS(new SendSMSRequest({ transactional_message_id: 5, identifiers: { id: '42' }, to: '+15551234567' })));
    await call('sendWhatsApp', () => api.sendWhatsApp(new SendWhatsAppRequest({ transactional_message_id: 6, identifiers: { id: '42' }, to: '+15551234567' })));
    await call('sendInboxMessage', () => api.sendInboxMessage(new SendInboxMessageRequest({ transactional_message_id: 7, identifiers: { id: '42' } })));
    await call('sendInApp', () => api.sendInApp(new SendInAppRequest({ transactional_message_id: 8, identifiers: { id: '42' } })));
    await call('triggerBroadcast', () => api.triggerBroadcast(12, { headline: 'Sale!' }, { ids: ['42'] }));
    await call('getCustomersByEmail', () => api.getCustomersByEmail('ada@example.com'));
    await call('getAttributes', () => api.getAttributes('42', IdentifierType.Id));
    await call('getCustomerSegments', () => api.getCustomerSegments('42'));
    await call('listExports', () => api.listExports());
    await call('unsubscribe', () => track.unsubscribe(sent ? sent.delivery_id : 'dlv_1', false));
    await call('mergeCustomers', () => track.mergeCustomers(IdentifierType.Id, '42', IdentifierType.Id, '43'));
    await call('destroy', () => track.destroy('42'));
  },

  async 'millisecond-timestamp'() {
    await call('identify(created_at in ms)', () => track.identify('42', { email: 'ada@example.com', created_at: Date.now() }));
  },

  async 'wrong-api-key'() {
    const wrong = new TrackClient(site, appKey, { url: trackUrl });
    await call('identify(App key on TrackClient)', () => wrong.identify('42', { email: 'ada@example.com' }));
  },

  async 'track-before-identify'() {
    await call('track(never identified)', () => track.track('99', { name: 'purchase', timestamp: now() }));
  },

  // Errors the fake answers, as the client reports them: its message must be the fake's own words, never
  // "Unknown error" (customerio-node reads meta.error, then meta.errors).
  async 'api-errors'() {
    const wrongKey = new APIClient('not-a-key-of-this-workspace', { url: appUrl });
    await call('getAttributes(401: unknown App key)', () => wrongKey.getAttributes('42'));
    await call('getAttributes(404: nobody)', () => api.getAttributes('nobody-has-this-id'));
    const ids = Array.from({ length: 101 }, (_, i) => `p${i}`);
    await call('getCustomersAttributes(400: 101 ids)', () => api.getCustomersAttributes(ids));
    await call('sendEmail(400: no to)', () => api.sendEmail(new SendEmailRequest({
      transactional_message_id: 3, identifiers: { id: '42' } })));
    await call('triggerBroadcast(400: empty ids)', () => api.triggerBroadcast(12, {}, { ids: [] }));
    await call('entity(400: two identifiers)', () => track.entity({
      type: 'person', identifiers: { id: '42', email: 'ada@example.com' }, action: 'identify' }));
    await call('identify(401: wrong Track key)', () => new TrackClient(site, 'wrong-track-key', { url: trackUrl })
      .identify('42', { email: 'ada@example.com' }));
  },

  async burst() {
    const all = [];
    for (let i = 0; i < 500; i++) {
      all.push(call(`identify(${i})`, () => track.identify(`b${i}`, { email: `b${i}@example.com`, created_at: now() })));
    }
    await Promise.all(all);
  },
};

const phase = process.argv[2];
if (!phases[phase]) {
  console.error(`unknown phase ${phase}; use one of ${Object.keys(phases).join(', ')}`);
  process.exit(2);
}
phases[phase]().then(() => console.log(JSON.stringify({ done: true })), (e) => { console.error(e.stack); process.exit(1); });
