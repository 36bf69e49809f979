// Every APIClient method of customerio-node, run against cio-fake, for NodeClientAppApiTest.
// Env: CIO_TRACK_URL (with /api/v1), CIO_APP_URL (with /v1), CIO_SITE_ID, CIO_TRACK_API_KEY, CIO_APP_API_KEY.
// The workspace is the one of src/test/resources/workspaces/node-app-api.yaml (campaign 5, broadcast 12, newsletter
// 21, transactional 3, sender identity 6, segments 3 and 7).
//
// Prints one JSON line per call: {method, phase, label, sync, ok, status, value | body, message}, then
// {done: true, methods, unrecorded}.
// Phases: "correct" (documented arguments; the call must succeed), "client" (input the client itself refuses: a
// synchronous throw, nothing sent), "server" (documented wrong input the client sends: the documented 4xx), "auth"
// (the methods with neither: a wrong App key, the documented 401).
'use strict';
const {
  TrackClient, APIClient, SendEmailRequest, SendPushRequest, SendSMSRequest, SendWhatsAppRequest,
  SendInboxMessageRequest, SendInAppRequest, IdentifierType,
} = require('customerio-node');

const env = (k) => { if (!process.env[k]) throw new Error(`${k} is not set`); return process.env[k]; };
const track = new TrackClient(env('CIO_SITE_ID'), env('CIO_TRACK_API_KEY'), { url: env('CIO_TRACK_URL') });
const api = new APIClient(env('CIO_APP_API_KEY'), { url: env('CIO_APP_URL') });
const wrongKey = new APIClient('not-the-app-key', { url: env('CIO_APP_URL') });
const now = () => Math.floor(Date.now() / 1000);
let unrecorded = 0; // App requests made outside call() (the wait for a message's outcome), for the journal count

function out(line) {
  console.log(JSON.stringify(line));
}

/** Calls fn, telling a synchronous throw (the client's own check) from a rejected promise (an HTTP answer). */
async function call(phase, method, label, fn) {
  let promise;
  try {
    promise = fn();
  } catch (e) {
    out({ method, phase, label, sync: true, ok: false, message: e.message, error: e.constructor.name });
    return null;
  }
  try {
    const value = await promise;
    out({ method, phase, label, sync: false, ok: true, value });
    return value;
  } catch (e) {
    out({ method, phase, label, sync: false, ok: false, status: e.statusCode || null, body: e.body || null,
      message: e.message });
    return null;
  }
}

const correct = (method, fn, label = method) => call('correct', method, label, fn);
const server = (method, label, fn) => call('server', method, label, fn);

async function seed() {
  // People, an object and a relationship for the reads below (Track API; not part of the App replay).
  await track.identify('cust_42', { email: 'ada@example.com', first_name: 'Ada', plan: 'pro', created_at: now() });
  await track.identify('cust_43', { email: 'bob@example.com', plan: 'free', created_at: now() });
  await track.track('cust_42', { name: 'purchase', data: { price: 23.45 } });
  await track.addCustomersToSegment(7, ['cust_42']);
  await track.entity({ type: 'object', identifiers: { object_type_id: '1', object_id: 'acme' }, action: 'identify',
    attributes: { name: 'Acme', industry: 'retail' }, cio_relationships: [{ identifiers: { id: 'cust_42' } }] });
}

async function correctPhase() {
  const t0 = now() - 3600;
  const t1 = now() + 3600;
  // Sends
  const sent = await correct('sendEmail', () => api.sendEmail(new SendEmailRequest({
    transactional_message_id: 3, to: 'ada@example.com', identifiers: { id: 'cust_42' },
    message_data: { order_id: 'ord_9' } })));
  await correct('sendPush', () => api.sendPush(new SendPushRequest({ transactional_message_id: 3, identifiers: { id: 'cust_42' } })));
  await correct('sendSMS', () => api.sendSMS(new SendSMSRequest({ transactional_message_id: 3, identifiers: { id: 'cust_42' }, to: '+15551234567' })));
  await correct('sendWhatsApp', () => api.sendWhatsApp(new SendWhatsAppRequest({ transactional_message_id: 3, identifiers: { id: 'cust_42' }, to: '+15551234567' })));
  await correct('sendInboxMessage', () => api.sendInboxMessage(new SendInboxMessageRequest({ transactional_message_id: 3, identifiers: { id: 'cust_42' } })));
  await correct('sendInApp', () => api.sendInApp(new SendInAppRequest({ transactional_message_id: 3, identifiers: { id: 'cust_42' } })));
  const messageId = sent ? sent.delivery_id : 'missing';

  // Customers, objects, activities
  await correct('getCustomersByEmail', () => api.getCustomersByEmail('ada@example.com'));
  await correct('getAttributes', () => api.getAttributes('cust_42', IdentifierType.Id));
  await correct('getCustomerActivities', () => api.getCustomerActivities('cust_42', { limit: 20, type: 'event', name: 'purchase' }));
  await correct('getCustomerMessages', () => api.getCustomerMessages('cust_42', { limit: 20, start_ts: t0, end_ts: t1 }));
  await correct('getCustomerRelationships', () => api.getCustomerRelationships('cust_42', { limit: 5 }));
  await correct('getCustomerSegments', () => api.getCustomerSegments('cust_42'));
  await correct('getCustomerSubscriptionPreferences', () => api.getCustomerSubscriptionPreferences('cust_42', { language: 'fr' }));
  await correct('searchCustomers', () => api.searchCustomers({ and: [{ attribute: { field: 'plan', operator: 'eq', value: 'pro' } }] }, { limit: 10 }));
  await correct('getCustomersAttributes', () => api.getCustomersAttributes(['cust_42', 'cust_43']));
  await correct('getObjectAttributes', () => api.getObjectAttributes(1, 'acme', 'object_id'));
  await correct('getObjectRelationships', () => api.getObjectRelationships(1, 'acme', { idType: 'object_id', limit: 10 }));
  await correct('findObjects', () => api.findObjects(1, { and: [{ object_attribute: { field: 'industry', operator: 'eq', value: 'retail', type_id: '1' } }] }, { limit: 10 }));
  await correct('listObjectTypes', () => api.listObjectTypes());
  await correct('listActivities', () => api.listActivities({ limit: 10, type: 'event', name: 'purchase', customer_id: 'cust_42', idType: 'id' }));
  await correct('getSubscriptionCenterToken', () => api.getSubscriptionCenterToken('cust_42'));
  await correct('listSubscriptionTopics', () => api.listSubscriptionTopics());
  await correct('listSubscriptionChannels', () => api.listSubscriptionChannels());

  // Segments
  await correct('listSegments', () => api.listSegments());
  const created = await correct('createSegment', () => api.createSegment({ name: 'Replay segment', description: 'made by the Node client' }));
  const segmentId = created && created.segment ? created.segment.id : 999999;
  await correct('getSegment', () => api.getSegment(7));
  await correct('getSegmentCustomerCount', () => api.getSegmentCustomerCount(3));
  await correct('getSegmentMembership', () => api.getSegmentMembership(7, { limit: 100 }));
  await correct('getSegmentUsedBy', () => api.getSegmentUsedBy(3));
  await correct('deleteSegment', () => api.deleteSegment(segmentId));

  // Transactional definitions
  await correct('listTransactionalMessages', () => api.listTransactionalMessages());
  await correct('getTransactionalMessage', () => api.getTransactionalMessage(3));
  await correct('getTransactionalMessageContents', () => api.getTransactionalMessageContents(3));
  await correct('updateTransactionalMessageLanguage', () => api.updateTransactionalMessageLanguage(3, 'fr', { subject: 'Votre reçu', body: '<p>Merci</p>' }));
  await correct('getTransactionalMessageLanguage', () => api.getTransactionalMessageLanguage(3, 'fr'));
  await correct('getTransactionalMessageDeliveries', () => api.getTransactionalMessageDeliveries(3, { limit: 10 }));
  await correct('getTransactionalMessageMetrics', () => api.getTransactionalMessageMetrics(3, { period: 'days', steps: 7 }));
  await correct('getTransactionalMessageLinkMetrics', () => api.getTransactionalMessageLinkMetrics(3, { period: 'days', steps: 7, unique: true }));
  await correct('updateTransactionalMessageContent', () => api.updateTransactionalMessageContent(3, 301, { subject: 'Your receipt (v2)' }));

  // Campaigns
  await correct('listCampaigns', () => api.listCampaigns());
  await correct('getCampaign', () => api.getCampaign(5));
  await correct('getCampaignActions', () => api.getCampaignActions(5));
  await correct('getCampaignAction', () => api.getCampaignAction(5, 501));
  await correct('updateCampaignAction', () => api.updateCampaignAction(5, 501, { subject: 'Hello' }));
  await correct('updateCampaignActionLanguage', () => api.updateCampaignActionLanguage(5, 501, 'de', { subject: 'Hallo', body: '<p>Hallo</p>' }));
  await correct('getCampaignActionLanguage', () => api.getCampaignActionLanguage(5, 501, 'de'));
  await correct('getCampaignActionMetrics', () => api.getCampaignActionMetrics(5, 501, { period: 'days', steps: 7 }));
  await correct('getCampaignActionMetricsLinks', () => api.getCampaignActionMetricsLinks(5, 501, { period: 'days', steps: 7, unique: true }));
  await correct('getCampaignMetrics', () => api.getCampaignMetrics(5, { version: 2, res: 'days', start: t0, end: t1 }));
  await correct('getCampaignMetricsLinks', () => api.getCampaignMetricsLinks(5, { period: 'weeks', steps: 2 }));
  await correct('getCampaignJourneyMetrics', () => api.getCampaignJourneyMetrics(5, { start: t0, end: t1, res: 'days' }));
  await correct('getCampaignMessages', () => api.getCampaignMessages(5, { limit: 10 }));

  // Broadcasts
  const trigger = await correct('triggerBroadcast', () => api.triggerBroadcast(12, { headline: 'Sale!' }, { ids: ['cust_42'] }));
  const triggerId = trigger ? trigger.id : 999999;
  await correct('getBroadcastTriggerStatus', () => api.getBroadcastTriggerStatus(12, triggerId));
  await correct('getBroadcastTriggerErrors', () => api.getBroadcastTriggerErrors(12, triggerId, { limit: 10 }));
  await correct('listBroadcasts', () => api.listBroadcasts());
  await correct('getBroadcast', () => api.getBroadcast(12));
  await correct('getBroadcastActions', () => api.getBroadcastActions(12));
  await correct('getBroadcastAction', () => api.getBroadcastAction(12, 34));
  await correct('updateBroadcastAction', () => api.updateBroadcastAction(12, 34, { subject: 'Sale ends soon' }));
  await correct('updateBroadcastActionLanguage', () => api.updateBroadcastActionLanguage(12, 34, 'fr', { subject: 'Soldes', body: '<p>Soldes {% unsubscribe_url %}</p>' }));
  await correct('getBroadcastActionLanguage', () => api.getBroadcastActionLanguage(12, 34, 'fr'));
  await correct('getBroadcastActionMetrics', () => api.getBroadcastActionMetrics(12, 34, { period: 'days', steps: 7 }));
  await correct('getBroadcastActionMetricsLinks', () => api.getBroadcastActionMetricsLinks(12, 34, { period: 'days', steps: 7, unique: true }));
  await correct('getBroadcastMetrics', () => api.getBroadcastMetrics(12, { period: 'weeks', steps: 4, type: 'email' }));
  await correct('getBroadcastMetricsLinks', () => api.getBroadcastMetricsLinks(12, { unique: false }));
  await correct('getBroadcastMessages', () => api.getBroadcastMessages(12, { limit: 50, type: 'email' }));
  await correct('getBroadcastTriggers', () => api.getBroadcastTriggers(12));

  // Newsletters
  await correct('listNewsletters', () => api.listNewsletters({ limit: 10, sort: 'desc' }));
  const nl = await correct('createNewsletter', () => api.createNewsletter({ name: 'July', type: 'email',
    recipients: { segment: { id: 7 } }, subject: 'July news', body: '<p>July {% unsubscribe_url %}</p>', from_id: 6 }));
  await correct('getNewsletter', () => api.getNewsletter(21));
  await correct('getNewsletterContents', () => api.getNewsletterContents(21));
  await correct('getNewsletterContent', () => api.getNewsletterContent(21, 211));
  await correct('updateNewsletterContent', () => api.updateNewsletterContent(21, 211, { subject: 'June news (v2)' }));
  await correct('getNewsletterContentMetrics', () => api.getNewsletterContentMetrics(21, 211, { period: 'days', steps: 3 }));
  await correct('getNewsletterContentMetricsLinks', () => api.getNewsletterContentMetricsLinks(21, 211, { unique: true }));
  await correct('getNewsletterMetrics', () => api.getNewsletterMetrics(21, { period: 'days', steps: 3 }));
  await correct('getNewsletterMetricsLinks', () => api.getNewsletterMetricsLinks(21, { unique: false }));
  await correct('getNewsletterMessages', () => api.getNewsletterMessages(21, { limit: 10 }));
  await correct('createNewsletterLanguage', () => api.createNewsletterLanguage(21, { language: 'es' }));
  await correct('getNewsletterLanguage', () => api.getNewsletterLanguage(21, 'es'));
  await correct('updateNewsletterLanguage', () => api.updateNewsletterLanguage(21, 'es', { subject: 'Junio' }));
  await correct('deleteNewsletterLanguage', () => api.deleteNewsletterLanguage(21, 'es'));
  await correct('getNewsletterTestGroups', () => api.getNewsletterTestGroups(21));
  await correct('createNewsletterTestGroup', () => api.createNewsletterTestGroup(21));
  await correct('createNewsletterTestGroupLanguage', () => api.createNewsletterTestGroupLanguage(21, 'tg_1', { language: 'es' }));
  await correct('getNewsletterTestGroupLanguage', () => api.getNewsletterTestGroupLanguage(21, 'tg_1', 'es'));
  await correct('updateNewsletterTestGroupLanguage', () => api.updateNewsletterTestGroupLanguage(21, 'tg_1', 'es', { subject: 'Hola' }));
  await correct('deleteNewsletterTestGroupLanguage', () => api.deleteNewsletterTestGroupLanguage(21, 'tg_1', 'es'));
  await correct('scheduleNewsletter', () => api.scheduleNewsletter(21, { scheduled_at: now() + 86400, timezone: 'UTC' }));
  await correct('sendNewsletter', () => api.sendNewsletter(21, {}));
  const newsletterId = nl && nl.newsletter ? nl.newsletter.id : 999999;
  await correct('deleteNewsletter', () => api.deleteNewsletter(newsletterId));

  // Exports (the fake runs with an export duration of zero: done when created)
  await correct('listExports', () => api.listExports());
  const ex = await correct('createCustomersExport', () => api.createCustomersExport({ and: [{ segment: { id: 3 } }] }));
  await correct('createDeliveriesExport', () => api.createDeliveriesExport(21, { start: t0, end: t1, metric: 'sent', drafts: false }));
  const exportId = ex && ex.export ? ex.export.id : 999999;
  await correct('getExport', () => api.getExport(exportId));
  await correct('downloadExport', () => api.downloadExport(exportId));

  // Imports and the data index
  const imp = await correct('createImport', () => api.createImport({ name: 'import people', data_file_url: 'https://example.com/people.csv', type: 'people', identifier: 'id' }));
  await correct('getImport', () => api.getImport(imp && imp.import ? imp.import.id : 999999));
  await correct('batchUpdateAttributes', () => api.batchUpdateAttributes([{ name: 'plan', description: 'Subscription plan' }]));
  await correct('batchUpdateEvents', () => api.batchUpdateEvents([{ name: 'purchase', description: 'Bought something' }]));

  // Design Studio
  await correct('listDesignStudioFolders', () => api.listDesignStudioFolders({ page: 1, limit: 25 }));
  const folder = await correct('createDesignStudioFolder', () => api.createDesignStudioFolder({ name: 'Promos' }));
  const folderId = String(folder && folder.folder ? folder.folder.id : 'missing');
  await correct('getDesignStudioFolder', () => api.getDesignStudioFolder(folderId));
  await correct('updateDesignStudioFolder', () => api.updateDesignStudioFolder(folderId, { name: 'Promotions' }));
  await correct('listDesignStudioEmails', () => api.listDesignStudioEmails({ limit: 10 }));
  const email = await correct('createDesignStudioEmail', () => api.createDesignStudioEmail({ name: 'Welcome email', html: '<p>Hi</p>' }));
  const emailId = String(email && email.email ? email.email.id : 'missing');
  await correct('getDesignStudioEmail', () => api.getDesignStudioEmail(emailId));
  await correct('updateDesignStudioEmail', () => api.updateDesignStudioEmail(emailId, { name: 'Welcome v2' }));
  await correct('createDesignStudioEmailLanguage', () => api.createDesignStudioEmailLanguage(emailId, { language: 'fr', html: '<p>Salut</p>' }));
  await correct('listDesignStudioEmailLanguages', () => api.listDesignStudioEmailLanguages(emailId));
  await correct('getDesignStudioEmailLanguage', () => api.getDesignStudioEmailLanguage(emailId, 'fr'));
  await correct('updateDesignStudioEmailLanguage', () => api.updateDesignStudioEmailLanguage(emailId, 'fr', { html: '<p>Bonjour</p>' }));
  await correct('deleteDesignStudioEmailLanguage', () => api.deleteDesignStudioEmailLanguage(emailId, 'fr'));
  await correct('deleteDesignStudioEmail', () => api.deleteDesignStudioEmail(emailId));
  await correct('deleteDesignStudioFolder', () => api.deleteDesignStudioFolder(folderId));
  await correct('listDesignStudioComponents', () => api.listDesignStudioComponents({ limit: 5 }));
  const cmp = await correct('createDesignStudioComponent', () => api.createDesignStudioComponent({ name: 'Hero', tag: 'x-hero', html: '<div>hero</div>' }));
  const cmpId = String(cmp && cmp.component ? cmp.component.id : 'missing');
  await correct('getDesignStudioComponent', () => api.getDesignStudioComponent(cmpId));
  await correct('updateDesignStudioComponent', () => api.updateDesignStudioComponent(cmpId, { name: 'Hero v2' }));
  await correct('deleteDesignStudioComponent', () => api.deleteDesignStudioComponent(cmpId));

  // Assets
  const af = await correct('createAssetFolder', () => api.createAssetFolder({ name: 'Logos' }));
  const afId = af && af.folder ? af.folder.id : 999999;
  await correct('listAssetFolders', () => api.listAssetFolders({ limit: 10 }));
  await correct('getAssetFolder', () => api.getAssetFolder(afId));
  await correct('updateAssetFolder', () => api.updateAssetFolder(afId, { name: 'Brand' }));
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a0000000000049454e44ae426082', 'hex');
  const asset = await correct('createAsset', () => api.createAsset({ data: png, filename: 'logo.png', name: 'Logo', parent_folder_id: afId }));
  const assetId = asset && asset.asset ? asset.asset.id : 999999;
  await correct('listAssets', () => api.listAssets({ page: 1, limit: 10 }));
  await correct('getAsset', () => api.getAsset(assetId));
  await correct('updateAsset', () => api.updateAsset(assetId, { name: 'Logo v2' }));
  await correct('deleteAsset', () => api.deleteAsset(assetId));
  await correct('deleteAssetFolder', () => api.deleteAssetFolder(afId));

  // Collections and snippets
  await correct('listCollections', () => api.listCollections());
  const col = await correct('createCollection', () => api.createCollection({ name: 'events', data: [{ city: 'Paris' }] }));
  const colId = col && col.collection ? col.collection.id : 999999;
  await correct('getCollection', () => api.getCollection(colId));
  await correct('updateCollection', () => api.updateCollection(colId, { name: 'events-2024' }));
  await correct('updateCollectionContent', () => api.updateCollectionContent(colId, [{ city: 'Paris' }, { city: 'Rome' }]));
  await correct('getCollectionContent', () => api.getCollectionContent(colId));
  await correct('deleteCollection', () => api.deleteCollection(colId));
  await correct('getSnippets', () => api.getSnippets());
  await correct('createSnippet', () => api.createSnippet({ name: 'header', value: '<p>header</p>' }));
  await correct('updateSnippet', () => api.updateSnippet({ name: 'header', value: '<p>header v2</p>' }));
  await correct('deleteSnippet', () => api.deleteSnippet('header'));

  // ESP suppressions
  await correct('createSuppression', () => api.createSuppression('bounces', 'bounced@example.com'));
  await correct('searchSuppression', () => api.searchSuppression('bounced@example.com'));
  await correct('getSuppressions', () => api.getSuppressions('bounces', { limit: 10, offset: 0 }));
  await correct('getDomainSuppressions', () => api.getDomainSuppressions('example.com', 'bounces', { limit: 5 }));
  await correct('deleteSuppression', () => api.deleteSuppression('bounces', 'bounced@example.com'));

  // Reporting webhooks
  await correct('listReportingWebhooks', () => api.listReportingWebhooks());
  const hook = await correct('createReportingWebhook', () => api.createReportingWebhook({ name: 'events',
    endpoint: 'https://example.com/hook', events: ['email_sent'], disabled: true, full_resolution: true, with_content: false }));
  const hookId = hook ? hook.id : 999999;
  await correct('getReportingWebhook', () => api.getReportingWebhook(hookId));
  await correct('updateReportingWebhook', () => api.updateReportingWebhook(hookId, { name: 'events',
    endpoint: 'https://example.com/hook', events: ['email_sent', 'email_delivered'], disabled: true }));
  await correct('deleteReportingWebhook', () => api.deleteReportingWebhook(hookId));

  // Sender identities, messages, workspace
  await correct('getSenderIdentities', () => api.getSenderIdentities({ limit: 10, sort: 'asc' }));
  await correct('getSenderIdentity', () => api.getSenderIdentity(6));
  await correct('getSenderIdentityUsedBy', () => api.getSenderIdentityUsedBy(6));
  await correct('getMessages', () => api.getMessages({ limit: 10, type: 'email' }));
  // A correct integration waits for the outcome before it takes a message's state as final (message-read-too-soon).
  for (let i = 0; i < 100; i++) {
    unrecorded++;
    const seen = await api.getMessage(messageId).catch(() => null);
    if (seen && seen.message && seen.message.metrics && seen.message.metrics.delivered) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await correct('getMessage', () => api.getMessage(messageId));
  await correct('getArchivedMessage', () => api.getArchivedMessage(messageId));
  await correct('listWorkspaces', () => api.listWorkspaces());
  await correct('getIpAddresses', () => api.getIpAddresses());
}

// Input each method's client refuses before sending anything (app-api-methods.json client_validation).
const CLIENT_WRONG = {
  sendEmail: [{ to: 'ada@example.com' }], sendPush: [{}], sendSMS: [{}], sendWhatsApp: [{}],
  sendInboxMessage: [{}], sendInApp: [{}], getCustomersByEmail: [42], getAttributes: ['cust_42', 'phone'],
  getCustomerActivities: ['cust_42', { idType: 'phone' }], getCustomerMessages: ['cust_42', { idType: 'phone' }],
  getCustomerSegments: ['cust_42', 'phone'], getCustomerSubscriptionPreferences: ['cust_42', { idType: 'phone' }],
  getObjectAttributes: [1, 'acme', 'id'], getObjectRelationships: [1, 'acme', { idType: 'id' }],
  listActivities: [{ idType: 'phone' }], getCampaignJourneyMetrics: [5, { start: 1, end: 2 }],
};

async function clientPhase(methods) {
  for (const m of methods) {
    const args = CLIENT_WRONG[m] || [];
    await call('client', m, `${m}(${args.map((a) => JSON.stringify(a)).join(', ')})`, () => api[m](...args));
  }
}

async function serverPhase() {
  // The documented 4xx of each method that has one, with what a real integration gets wrong.
  await server('sendEmail', 'sendEmail to nobody (no identifiers)', () => api.sendEmail(new SendEmailRequest({ transactional_message_id: 3, to: 'ada@example.com' })));
  await server('sendPush', 'sendPush without identifiers', () => api.sendPush(new SendPushRequest({ transactional_message_id: 3 })));
  await server('sendSMS', 'sendSMS without identifiers', () => api.sendSMS(new SendSMSRequest({ transactional_message_id: 3, to: '+15551234567' })));
  await server('sendWhatsApp', 'sendWhatsApp without identifiers', () => api.sendWhatsApp(new SendWhatsAppRequest({ transactional_message_id: 3 })));
  await server('sendInboxMessage', 'sendInboxMessage without identifiers', () => api.sendInboxMessage(new SendInboxMessageRequest({ transactional_message_id: 3 })));
  await server('sendInApp', 'sendInApp without identifiers', () => api.sendInApp(new SendInAppRequest({ transactional_message_id: 3 })));
  await server('triggerBroadcast', 'a broadcast that does not exist', () => api.triggerBroadcast(999, { headline: 'Sale!' }));
  await server('getExport', 'an export that does not exist', () => api.getExport(987654));
  await server('downloadExport', 'an export that does not exist', () => api.downloadExport(987654));
  await server('createDeliveriesExport', 'an unknown metric', () => api.createDeliveriesExport(21, { metric: 'read' }));
  await server('getAttributes', 'a person who does not exist', () => api.getAttributes('nobody'));
  await server('getCustomerSubscriptionPreferences', 'a person who does not exist', () => api.getCustomerSubscriptionPreferences('nobody'));
  await server('createSegment', 'a name that is not a string', () => api.createSegment({ name: 42 }));
  await server('getSegment', 'a segment that does not exist', () => api.getSegment(999));
  await server('getSegmentCustomerCount', 'a segment that does not exist', () => api.getSegmentCustomerCount(999));
  await server('getSegmentMembership', 'a segment that does not exist', () => api.getSegmentMembership(999));
  for (const m of ['getCampaign', 'getCampaignActions', 'getCampaignMetrics', 'getCampaignMetricsLinks', 'getCampaignMessages']) {
    await server(m, 'a campaign that does not exist', () => api[m](999));
  }
  for (const m of ['getCampaignAction', 'getCampaignActionMetrics', 'getCampaignActionMetricsLinks']) {
    await server(m, 'an action that does not exist', () => api[m](5, 999));
  }
  await server('updateCampaignAction', 'an action that does not exist', () => api.updateCampaignAction(5, 999, { subject: 'x' }));
  await server('getCampaignActionLanguage', 'a language the action does not have', () => api.getCampaignActionLanguage(5, 501, 'pt'));
  await server('updateCampaignActionLanguage', 'an action that does not exist', () => api.updateCampaignActionLanguage(5, 999, 'de', { subject: 'x' }));
  await server('getCampaignJourneyMetrics', 'a campaign that does not exist', () => api.getCampaignJourneyMetrics(999, { start: 1700000000, end: 1700100000, res: 'days' }));
  await server('getBroadcastTriggerStatus', 'a trigger that does not exist', () => api.getBroadcastTriggerStatus(12, 999999));
  await server('getBroadcast', 'a broadcast that does not exist', () => api.getBroadcast(999));
  await server('getBroadcastActionLanguage', 'a language the action does not have', () => api.getBroadcastActionLanguage(12, 34, 'pt'));
  await server('updateBroadcastActionLanguage', 'a subject that is not text', () => api.updateBroadcastActionLanguage(12, 34, 'fr', { subject: 42 }));
  await server('sendNewsletter', 'a newsletter that was sent already', () => api.sendNewsletter(21, {}));
  await server('createReportingWebhook', 'no events', () => api.createReportingWebhook({ name: 'x', endpoint: 'https://example.com/hook', events: [] }));
  await server('updateReportingWebhook', 'a webhook that does not exist', () => api.updateReportingWebhook(999, { name: 'x', endpoint: 'https://example.com/hook', events: ['email_sent'] }));
  await server('deleteReportingWebhook', 'a webhook that does not exist', () => api.deleteReportingWebhook(999));
  await server('getMessages', 'an unknown metric', () => api.getMessages({ metric: 'read' }));
  await server('getMessage', 'a message that does not exist', () => api.getMessage('nope'));
  await server('getArchivedMessage', 'a message that does not exist', () => api.getArchivedMessage('nope'));
}

async function authPhase(methods) {
  for (const m of methods) {
    const args = m === 'createNewsletter' ? [{ name: 'x', type: 'email' }] : [];
    await call('auth', m, `${m} with a wrong App key`, () => wrongKey[m](...args));
  }
}

(async () => {
  const [clientMethods, authMethods] = [process.argv[2] || '', process.argv[3] || ''].map((s) => s.split(',').filter(Boolean));
  await seed();
  await correctPhase();
  await clientPhase(clientMethods);
  await serverPhase();
  await authPhase(authMethods);
  out({ done: true, unrecorded,
    methods: Object.getOwnPropertyNames(Object.getPrototypeOf(api)).filter((n) => n !== 'constructor' && n !== 'resourceBase').length });
})().catch((e) => { console.error(e.stack); process.exit(1); });
