'use strict';
// Hand-curated facts per APIClient method of customerio-node 5.2.0 that cannot be read mechanically from the
// client's code: the area, which group of the fake backs it, the rate class, the documented response envelope and
// statuses, each with its public source and a confidence mark. derive-app-catalogue.js merges this with what
// lib-extract.js reads from the published package. Keep every fact tied to a key of SOURCES.
//
// Envelope mini-language (turned into JSON Schema by derive-app-catalogue.js):
//   'messageObject'         a components.schemas name of the vendored Track document ($ref)
//   ['messageObject']       array of that
//   'string' | 'integer' | 'boolean' | 'object' | 'array' | 'any'   a JSON type
//   'string|null', ['x'] + '|null' via { nullable: true, of: ... }
//   a trailing '?' on a key marks it optional; other keys are required (see the README: derivation choices)

const SOURCES = {
  client: 'customerio-node@5.2.0 (npm tarball) dist/lib/api.js and dist/lib/api.d.ts',
  client_jsdoc: 'customerio-node@5.2.0 dist/lib/api.d.ts JSDoc @returns of the method',
  client_request: 'customerio-node@5.2.0 dist/lib/request.js (CIORequest.execute, handler)',
  client_utils: 'customerio-node@5.2.0 dist/lib/utils.js (CustomerIORequestError.composeMessage, isEmpty, buildQueryString, MissingParamError)',
  app_oas: 'Customer.io App API OpenAPI document https://docs.customer.io/files/journeys-app.json (retrieved 2026-09-17), read in the unmodified republication voxgig-sdk/customerio-app-sdk .sdk/def/customerio-app-openapi.json @512a06734a205d3c111202d1a89365af63d48f5f and its per-operation extracts .sdk/model/entity/<entity>.aon (contract.json) @746c8f61edfef150918366f0ea56ae55c1e2a670',
  app_oas_limits: 'journeys-app.json tag "Send messages" description (API triggered broadcast limits; Transactional Message Limits), same copy as app_oas',
  app_oas_429: 'journeys-app.json shared 429 response (every App operation read): body {"errors":[{"detail":"rate limited to 10 requests per 1s (reference a1b2c3)","status":"429"}]}, header Retry-After (integer seconds, per-second limit only)',
  app_oas_400: 'journeys-app.json getPersonSubscriptionPreferences 400: "Invalid or malformed request. Use this response, not the shared 400, for anything served from api.customer.io — the App API reports errors as a list under errors, where the Track and Pipelines APIs use meta."',
  track_oas: 'vendored customerio-specs/customer-io-track-api-openapi.json (https://docs.customer.io/files/journeys-track.json) components.schemas',
  track_oas_responses: 'vendored Track document components.responses (shared App responses 400-campaigns, 400-campaigns-lang, 400-broadcasts, 400-broadcasts-lang, 404, 404-broadcasts)',
  node_live_401: 'customerio/customerio-node test/integration/v5-live.ts @415363a (v5.0.1): a bogus App key gets 401 from the live US host',
  node_fixture_exports: 'customerio/customerio-node test/fixtures/responses/listExports__success.json @415363a: live GET /v1/exports answered 200 {"exports": null}',
  node_fixture_email: 'customerio/customerio-node test/fixtures/responses/getCustomersByEmail__not_found.json @415363a: live GET /v1/customers?email= answered 200 {"results": []}',
  docs_tx_errors: 'https://docs.customer.io/journeys/send/transactional/api-common-api-errors/ (medium: docs prose)',
  docs_broadcast_errors: 'https://docs.customer.io/journeys/api-triggered-errors/ (medium: docs prose)',
  node_changelog_501: 'customerio/customerio-node CHANGELOG.md 5.0.1: an empty recipients object is answered 422 "empty recipients filter is not valid"',
  go_client: 'customerio/go-customerio transactional.go / trigger_broadcast.go: success only on 200; transactional errors parsed from meta.error; trigger response {"id": <int>}',
  app_oas_gen: 'mechanical per-operation extract of journeys-app.json in voxgig-sdk/customerio-app-sdk ts/src/Config.ts @746c8f61edfef150918366f0ea56ae55c1e2a670 (transform.res = the single top-level key of the official 200 schema; the generator singularises some names, so key names there are medium confidence)',
  capture: 'recorded capture of customerio-node 5.2.0 (contract-tests/src/test/resources/customerio-node/customerio-node-capture.jsonl); replies there are the probe server\'s canned 200 {} / {"delivery_id":"x","queued_at":1700000000}, not Customer.io\'s',
};

// Status facts reused across methods.
const ST = {
  s401: { status: 401, when: 'App API key missing or invalid', body: '{"errors":[{"detail":"unauthorized","status":"401"}]} (shape from docs; the status from a live test)', sources: ['node_live_401', 'docs_broadcast_errors'], confidence: 'high (status) / medium (body)' },
  s429: { status: 429, when: 'over 10 requests per second (App rate class)', body: '{"errors":[{"detail":"rate limited to 10 requests per 1s (reference …)","status":"429"}]} with Retry-After: <seconds>', sources: ['app_oas_429'], confidence: 'high' },
  s400list: { status: 400, when: 'invalid or malformed request', body: '{"errors":[{"detail":"…","status":"400"}]}', sources: ['app_oas_400'], confidence: 'high (shape) / operation-specific wording not published' },
};

const AREAS = {
  send: { backing: 'state', rate_class: 'transactional' },
  broadcasts: { backing: 'definitions', rate_class: 'app' },
  exports: { backing: 'exports', rate_class: 'app' },
  customers: { backing: 'state', rate_class: 'app' },
  objects: { backing: 'state', rate_class: 'app' },
  activities: { backing: 'state', rate_class: 'app' },
  segments: { backing: 'state', rate_class: 'app' },
  subscriptions: { backing: 'state', rate_class: 'app' },
  transactional: { backing: 'definitions', rate_class: 'app' },
  campaigns: { backing: 'definitions', rate_class: 'app' },
  newsletters: { backing: 'definitions', rate_class: 'app' },
  design_studio: { backing: 'content', rate_class: 'app' },
  assets: { backing: 'content', rate_class: 'app' },
  collections: { backing: 'content', rate_class: 'app' },
  suppressions: { backing: 'suppressions', rate_class: 'app' },
  reporting_webhooks: { backing: 'reporting_webhooks', rate_class: 'app' },
  snippets: { backing: 'content', rate_class: 'app' },
  sender_identities: { backing: 'definitions', rate_class: 'app' },
  messages: { backing: 'state', rate_class: 'app' },
  imports: { backing: 'content', rate_class: 'app' },
  data_index: { backing: 'state', rate_class: 'app' },
  workspaces: { backing: 'state', rate_class: 'app' },
  info: { backing: 'definitions', rate_class: 'app' },
};

const M = {};
/** Declares one method. `r` is the 2xx response: { status, envelope, schema (Track name describing the body), element (Track names of the payload), sources, confidence }. */
function m(name, area, r, extra = {}) {
  M[name] = { area, ...AREAS[area], ...extra, response: r };
}
const jsdoc = (envelope, extra = {}) => ({ status: 200, envelope, sources: ['client_jsdoc'], confidence: 'medium (envelope key from the client\'s JSDoc; element shape not published)', ...extra });
const oas = (envelope, extra = {}) => ({ status: 200, envelope, sources: ['app_oas'], confidence: 'high', ...extra });
const unknown = (extra = {}) => ({ status: 200, envelope: null, sources: ['client'], confidence: 'low: the client declares Record<string, any> and documents no shape; the App operation was not read', ...extra });

const sendResp = { status: 200, envelope: { delivery_id: 'string', queued_at: 'integer' }, sources: ['app_oas', 'go_client', 'docs_tx_errors'], confidence: 'high' };
const sendErr = [
  { status: 400, when: 'invalid body (for example no identifiers, no to, unknown transactional_message_id)', body: '{"meta":{"error":"<message>"}}', sources: ['go_client', 'docs_tx_errors'], confidence: 'medium' },
  { status: 403, when: '"Account owner\'s email address is not confirmed." / "Account is not yet approved for sending." / "Workspace is set to \\"Do Not Send.\\""', body: '{"meta":{"error":"<message>"}}', sources: ['docs_tx_errors'], confidence: 'medium' },
  { status: 413, when: 'attachments over 2 MB or payload over 1 MB', body: '{"meta":{"error":"<message>"}}', sources: ['docs_tx_errors', 'app_oas_limits'], confidence: 'medium' },
  ST.s401,
];
for (const [n, schema] of [['sendEmail', 'sendemail'], ['sendPush', 'sendpush'], ['sendSMS', 'sendsms'], ['sendWhatsApp', null], ['sendInboxMessage', 'sendinbox'], ['sendInApp', 'sendinapp']]) {
  m(n, 'send', sendResp, { request_schema: schema, statuses: sendErr,
    notes: ['Rate: the /send endpoints share the Track/Pipelines ingress soft limit of 3000 requests per 3 seconds, "not strictly enforced" (app_oas_limits); older docs said 100/s.',
      'No idempotency key: a retried send (the client retries 408/429/5xx and network errors up to 3 times) can send twice.'] });
}
M.sendWhatsApp.notes.push('The vendored Track document has no sendwhatsapp schema; the App document lists /v1/send/whatsapp among the send endpoints (security scheme text).');

m('triggerBroadcast', 'broadcasts', { status: 200, envelope: { id: 'integer' }, sources: ['app_oas', 'go_client'], confidence: 'high (field summary "id: The trigger_id for this operation")' }, {
  rate_class: 'broadcast', request_schema: 'campaignRequest',
  statuses: [
    { status: 400, when: 'malformed body', body: '{"errors":[{"detail":"…","status":"400"}]}', sources: ['docs_broadcast_errors'], confidence: 'medium' },
    { status: 403, when: 'data_file_url could not be downloaded', body: '{"errors":["failed to download data file, server responded with code 403 Forbidden"],"next":0}', sources: ['docs_broadcast_errors'], confidence: 'medium' },
    { status: 404, when: 'no such broadcast', body: '{"errors":[{"detail":"…","status":"404"}]}', sources: ['docs_broadcast_errors'], confidence: 'medium' },
    { status: 422, when: 'empty recipients object', body: 'detail "empty recipients filter is not valid"', sources: ['node_changelog_501'], confidence: 'medium' },
    { status: 429, when: 'more than 1 request per 10 seconds, or the trigger queue (5 waiting triggers) is full', body: 'errors list', sources: ['app_oas_limits'], confidence: 'high (limit) / medium (body)' },
    ST.s401],
  notes: ['Limits (app_oas_limits): payload 25 MB, data 50000 bytes, 10000 ids/emails or per_user_data entries, data_file_url 2 MB per user and 10 GB total, at most 5 triggers queued.',
    'The client does not validate broadcastId: triggerBroadcast() sends POST /v1/campaigns/undefined/triggers.',
    'Older clients (<4.5.0) used /v1/api/campaigns/{id}/triggers; the docs errors page still shows it.'] });
m('getBroadcastTriggerStatus', 'broadcasts', unknown({ element: ['broadcastTriggerObject'], confidence: 'low: envelope not read; Track schema broadcastTriggerObject {id, broadcast_id, created_at, processed_at} describes a trigger' }), { statuses: [{ status: 400, when: 'invalid broadcast or trigger id', body: null, sources: ['track_oas_responses'], confidence: 'medium (shared response 400-broadcasts)' }, { status: 404, when: 'broadcast or trigger does not exist', body: null, sources: ['track_oas_responses'], confidence: 'medium (shared response 404-broadcasts)' }] });
m('getBroadcastTriggerErrors', 'broadcasts', unknown({ element: [], confidence: 'low/medium: the official field summary for broadcasts has errors[] ("line <x>: <error text>") and an INTEGER next ("The offset to pass as the start value to fetch the next page of errors"); envelope not read in full' }), { notes: ['Pagination here is an integer offset in `next`, not a string cursor (app_oas field summary), although the client types start as string.'] });
m('listBroadcasts', 'broadcasts', jsdoc({ broadcasts: ['broadcastObject'] }));
m('getBroadcast', 'broadcasts', unknown({ element: ['broadcastObject'], confidence: 'low: envelope not read (by analogy with getSegment probably {broadcast: broadcastObject})' }), { statuses: [{ status: 404, when: 'broadcast does not exist', body: null, sources: ['track_oas_responses'], confidence: 'medium (shared 404-broadcasts)' }] });
m('getBroadcastActions', 'broadcasts', jsdoc({ actions: ['broadcastActionObject'] }));
for (const n of ['getBroadcastAction', 'updateBroadcastAction']) m(n, 'broadcasts', unknown({ element: ['broadcastActionObject'] }), n.startsWith('update') ? { request_schema: 'updateBroadcastActionObject' } : {});
for (const n of ['getBroadcastActionLanguage', 'updateBroadcastActionLanguage']) m(n, 'broadcasts', unknown({ element: ['broadcastActionObject'] }), { statuses: [{ status: 400, when: 'invalid ids or the language does not exist for this action', body: null, sources: ['track_oas_responses'], confidence: 'medium (shared 400-broadcasts-lang)' }] });
for (const n of ['getBroadcastActionMetrics', 'getBroadcastMetrics']) m(n, 'broadcasts', unknown({ element: ['periodMessageMetrics'] }), { backing_note: 'metrics are computed from the fake\'s deliveries' });
for (const n of ['getBroadcastActionMetricsLinks', 'getBroadcastMetricsLinks']) m(n, 'broadcasts', unknown({ element: ['linkMetrics'] }), { backing_note: 'metrics are computed from the fake\'s deliveries' });
m('getBroadcastMessages', 'broadcasts', oas({ messages: ['messageObject'], 'next?': 'string' }, { confidence: 'high (messages) / medium (next: the operation takes a start cursor; next not in the part read)' }), { backing: 'state', statuses: [] , notes: ['The official operation also takes state=failed|sent|drafted|attempted, which the client cannot send.'] });
m('getBroadcastTriggers', 'broadcasts', unknown({ element: ['broadcastTriggerObject'] }));

// Exports
m('listExports', 'exports', oas({ exports: { nullable: true, of: ['exportObject'] } }, { sources: ['app_oas', 'node_fixture_exports'], confidence: 'high; the live service answers {"exports": null} when there are none, so the derived schema allows null' }));
m('getExport', 'exports', oas({ export: 'exportObject' }), { statuses: [{ status: 404, when: 'no such export', body: null, text: 'The export ID does not exist.', sources: ['app_oas'], confidence: 'high (no body schema published)' }] });
m('downloadExport', 'exports', oas({ url: 'string' }), { statuses: [{ status: 404, when: 'no such export', body: null, text: 'The export ID does not exist.', sources: ['app_oas'], confidence: 'high' }], notes: ['"A link to download your export. Expires after 15 minutes." (app_oas). The file format behind the URL is not in the OpenAPI document.'] });
m('createCustomersExport', 'exports', oas({ export: 'exportObject' }, { confidence: 'medium: request schema read; the 200 section of exportPeopleData was not read and is taken to match exportDeliveriesData ({export})' }), { request_schema: null,
  notes: ['Official body: {filters: <audience filter>, attributes?: string[]}. The client wraps its argument: createCustomersExport(f) sends {"filters": f}. The client\'s own docs/app.md example passes {filters: {...}}, which puts {"filters":{"filters":{...}}} on the wire.'] });
m('createDeliveriesExport', 'exports', oas({ export: 'exportObject' }), { statuses: [{ status: 400, when: 'malformed body', body: null, text: 'The request is malformed.', sources: ['app_oas'], confidence: 'high' }],
  notes: ['Official body is one of four forms keyed by newsletter_id | campaign_id | transactional_message_id | action_id, each with start, end, attributes, metric, drafts, template_id; the client only builds the newsletter form.'] });

// Customers
m('getCustomersByEmail', 'customers', oas({ results: ['object'] }, { sources: ['app_oas', 'node_fixture_email'], confidence: 'high (results array; live no-match {"results": []}); item shape {email, id, cio_id} is docs prose (medium)' }), { notes: ['The client throws a plain Error(\'"email" must be a string\') (not MissingParamError) for a non-string or blank email.', 'An unencoded + in an email matches nobody (200, empty); the client encodes it (%2B).'] });
m('getAttributes', 'customers', oas(null, { schema: 'customerAttributesObject' }), { statuses: [{ status: 404, when: 'no such person', text: 'The `customer_id` does not exist.', body: null, sources: ['app_oas'], confidence: 'high' }, { status: 400, when: 'id_type email or phone not enabled as identifiers in the workspace', body: 'errors list', sources: ['app_oas'], confidence: 'high (status) / medium (body)' }],
  notes: ['All attribute values are strings ("created_at":"1489014595").', 'The client always sends id_type (default id) and rejects phone, which the API accepts.'] });
m('getCustomerActivities', 'customers', jsdoc({ activities: ['activityObject'], 'next?': 'string' }), { backing_note: 'activities from events, attribute changes, merges, deliveries and delivery events' });
m('getCustomerMessages', 'customers', jsdoc({ messages: ['messageObject'], 'next?': 'string' }));
m('getCustomerRelationships', 'customers', jsdoc({ 'identifiers?': 'array', relationships: ['object'], 'next?': 'string' }, { confidence: 'medium (JSDoc names identifiers, relationships, next)' }));
m('getCustomerSegments', 'customers', jsdoc({ segments: ['segmentResponseObject'] }, { confidence: 'medium (envelope from JSDoc; items taken as segmentResponseObject)' }));
m('getCustomerSubscriptionPreferences', 'customers', oas({ customer: { 'header?': 'object', 'id?': 'string|null', 'identifiers?': 'customer_identifiers', topics: ['object'], unsubscribed: 'boolean' } }, { confidence: 'high (schema declares no required keys; topics and unsubscribed marked required here, see README)' }), { statuses: [ST.s400list, { status: 404, when: 'no such person', text: 'The `customer_id` does not exist.', body: null, sources: ['app_oas'], confidence: 'high' }] });
m('searchCustomers', 'customers', oas({ identifiers: ['customer_identifiers'], ids: ['string'], 'next?': 'string' }, { confidence: 'high (field summary of getPeopleFilter: identifiers[{id,email,cio_id}], ids, next); the 200 section itself was not read' }), { request_schema: 'audienceFilter', notes: ['limit default 50, max 1000; start is the previous page\'s next (app_oas).', 'Filter grammar: see docs/app-api-facts.md.'] });
m('getCustomersAttributes', 'customers', jsdoc({ customers: ['object'] }, { confidence: 'medium: items not read; secondary sources show {customer:{...}} items like customerAttributesObject (low)' }), { notes: ['Official body {ids: [..]} up to 100 ids (docs, medium); the client only checks that ids is a non-empty array.'] });
m('getSubscriptionCenterToken', 'subscriptions', jsdoc({ token: 'string' }));

// Objects
m('getObjectAttributes', 'objects', unknown());
m('getObjectRelationships', 'objects', unknown());
m('findObjects', 'objects', unknown({ confidence: 'low: not read (probably identifiers/ids/next like searchCustomers)' }), { request_schema: 'objectFilter' });
m('listObjectTypes', 'objects', jsdoc({ types: ['object'] }));

// Activities
m('listActivities', 'activities', jsdoc({ activities: ['activityObject'], 'next?': 'string' }));

// Segments
m('listSegments', 'segments', oas({ segments: ['segmentResponseObject'] }));
m('createSegment', 'segments', oas({ segment: 'segmentResponseObject' }), { statuses: [{ status: 400, when: 'malformed body (for example no segment.name)', text: 'The request was malformed.', body: null, sources: ['app_oas'], confidence: 'high' }], notes: ['Creates a manual segment (type "manual").'] });
m('getSegment', 'segments', oas({ segment: 'segmentResponseObject' }), { statuses: [{ status: 404, when: 'no such segment', text: 'The `segment_id` does not exist.', body: null, sources: ['app_oas'], confidence: 'high' }] });
m('deleteSegment', 'segments', { status: 204, envelope: null, sources: ['capture'], confidence: 'low: operation not read; the capture\'s 204 scenario shows the client resolves {} for 204/empty bodies' });
m('getSegmentCustomerCount', 'segments', oas({ count: 'integer', 'segment_id?': 'integer' }), { statuses: [{ status: 404, when: 'no such segment', text: 'The `segment_id` does not exist.', body: null, sources: ['app_oas'], confidence: 'high' }] });
m('getSegmentMembership', 'segments', oas({ identifiers: ['object'], ids: ['string'], 'next?': 'string', 'segment_id?': 'integer' }, { confidence: 'high: oneOf "email or id" (identifiers {email|null,id|null,cio_id}) / "id only" (identifiers {id,cio_id})' }), { statuses: [{ status: 404, when: 'no such segment', text: 'The `segment_id` does not exist.', body: null, sources: ['app_oas'], confidence: 'high' }], notes: ['limit default 1000, max 30000 (app_oas).'] });
m('getSegmentUsedBy', 'segments', oas({ 'segment_id?': 'integer', used_by: 'object' }, { confidence: 'high (used_by.campaigns: integer[], draft_newsletters, …; rest of the object not read)' }));

// Subscriptions
m('listSubscriptionTopics', 'subscriptions', jsdoc({ topics: ['object'] }));
m('listSubscriptionChannels', 'subscriptions', unknown());

// Transactional (definitions)
m('listTransactionalMessages', 'transactional', unknown({ element: ['transactionalObject'] }));
m('getTransactionalMessage', 'transactional', unknown({ element: ['transactionalObject'] }));
m('getTransactionalMessageContents', 'transactional', unknown({ element: ['getTransactionalActionObject'] }));
m('getTransactionalMessageLanguage', 'transactional', unknown({ element: ['getTransactionalActionObject'] }));
m('updateTransactionalMessageLanguage', 'transactional', unknown({ element: ['getTransactionalActionObject'] }), { request_schema: 'updateTransactionalActionObject' });
m('getTransactionalMessageDeliveries', 'transactional', unknown({ element: ['messageObject'], confidence: 'low/medium: by analogy with broadcastMessages {messages:[messageObject]}' }), { backing: 'state' });
m('getTransactionalMessageMetrics', 'transactional', unknown({ element: ['periodMessageMetrics'] }), { backing_note: 'computed from the fake\'s deliveries' });
m('getTransactionalMessageLinkMetrics', 'transactional', unknown({ element: ['linkMetrics'] }), { backing_note: 'computed from the fake\'s deliveries' });
m('updateTransactionalMessageContent', 'transactional', unknown({ element: ['getTransactionalActionObject'] }), { request_schema: 'updateTransactionalActionObject' });

// Campaigns
const c400 = { status: 400, when: 'invalid campaign or action id', body: null, sources: ['track_oas_responses'], confidence: 'medium (shared response 400-campaigns)' };
const c404 = { status: 404, when: 'campaign or action does not exist', text: 'The campaign and/or action do not exist.', body: null, sources: ['track_oas_responses'], confidence: 'medium (shared response 404)' };
const gen = (envelope, extra = {}) => ({ status: 200, envelope, sources: ['app_oas_gen'], confidence: 'medium (envelope key from a mechanical extract of the official operation; element taken from the Track document)', ...extra });
m('listCampaigns', 'campaigns', gen({ campaigns: ['campaignObject'] }, { sources: ['client_jsdoc', 'app_oas_gen'] }));
m('getCampaign', 'campaigns', gen({ campaign: 'campaignObject' }), { statuses: [c400, c404] });
m('getCampaignActions', 'campaigns', gen({ actions: ['actionObject'], 'next?': 'string' }, { sources: ['client_jsdoc', 'app_oas_gen'] }), { statuses: [c400, c404] });
m('getCampaignAction', 'campaigns', gen({ action: 'actionObject' }), { statuses: [c400, c404] });
m('updateCampaignAction', 'campaigns', gen({ action: 'actionObject' }), { request_schema: 'updateActionObject', statuses: [c400, c404] });
for (const n of ['getCampaignActionLanguage', 'updateCampaignActionLanguage']) m(n, 'campaigns', gen({ action: 'actionObject' }), { statuses: [{ ...c400, confidence: 'medium (shared response 400-campaigns-lang: or the language does not exist for this action)' }, c404] });
m('getCampaignMetrics', 'campaigns', gen({ metric: 'object' }, { element: ['periodMessageMetrics'] }), { backing_note: 'computed from the fake\'s deliveries', statuses: [c400, c404] });
m('getCampaignActionMetrics', 'campaigns', unknown({ element: ['periodMessageMetrics'], confidence: 'low: the mechanical extract shows a multi-key body (no single envelope key)' }), { backing_note: 'computed from the fake\'s deliveries', statuses: [c400, c404] });
m('getCampaignJourneyMetrics', 'campaigns', unknown({ confidence: 'low: the mechanical extract names body.journey_metric (possibly a singularised journey_metrics); fields started, activated, messaged, converted, exited_early, never_activated, finished (arrays), start/end (ISO 8601), res, series' }), { backing_note: 'computed from the fake\'s journeys', statuses: [c400, c404], notes: ['start, end and resolution are required query parameters in the official operation; the client checks them synchronously (options.start/end/res).'] });
for (const n of ['getCampaignActionMetricsLinks', 'getCampaignMetricsLinks']) m(n, 'campaigns', gen({ links: ['linkMetrics'] }), { backing_note: 'computed from the fake\'s deliveries', statuses: [c400, c404] });
m('getCampaignMessages', 'campaigns', gen({ messages: ['messageObject'], 'next?': 'string' }), { backing: 'state', statuses: [c400, c404] });

// Newsletters
m('listNewsletters', 'newsletters', jsdoc({ newsletters: ['newsletterObject'], 'next?': 'string' }));
m('createNewsletter', 'newsletters', unknown({ element: ['newsletterObject'] }), { request_schema: 'createNewsletterRequest' });
for (const n of ['getNewsletter']) m(n, 'newsletters', unknown({ element: ['newsletterObject'] }));
m('deleteNewsletter', 'newsletters', unknown());
m('getNewsletterContents', 'newsletters', unknown({ element: ['contentObject'] }));
m('getNewsletterContent', 'newsletters', unknown({ element: ['getContentObject'] }));
m('updateNewsletterContent', 'newsletters', unknown({ element: ['contentObject'] }), { request_schema: 'updateContentRequest' });
for (const n of ['getNewsletterContentMetrics', 'getNewsletterMetrics']) m(n, 'newsletters', unknown({ element: ['periodMessageMetrics'] }), { backing_note: 'computed from the fake\'s deliveries' });
for (const n of ['getNewsletterContentMetricsLinks', 'getNewsletterMetricsLinks']) m(n, 'newsletters', unknown({ element: ['linkMetrics'] }), { backing_note: 'computed from the fake\'s deliveries' });
m('getNewsletterMessages', 'newsletters', unknown({ element: ['newsletterMessageObject'] }), { backing: 'state' });
m('sendNewsletter', 'newsletters', unknown(), { statuses: [{ status: 400, when: 'cannot send', body: '{"errors":[...]}', sources: ['track_oas'], confidence: 'low (Track schema newsletterErrorResponse {errors: []} exists; which operation uses it was not read)' }] });
m('scheduleNewsletter', 'newsletters', unknown(), { request_schema: 'newsletterScheduleRequest', notes: ['Official body requires scheduled_at (unix seconds, 0 to deschedule) plus timezone when > 0; the capture sent {"send_at": …}, which the official schema does not name.'] });
m('createNewsletterLanguage', 'newsletters', unknown({ element: ['contentObject'] }), { request_schema: 'createLanguageVariantRequest' });
for (const n of ['getNewsletterLanguage', 'updateNewsletterLanguage']) m(n, 'newsletters', unknown({ element: ['contentObject'] }));
m('deleteNewsletterLanguage', 'newsletters', unknown());
m('getNewsletterTestGroups', 'newsletters', unknown());
m('createNewsletterTestGroup', 'newsletters', unknown());
for (const n of ['createNewsletterTestGroupLanguage', 'getNewsletterTestGroupLanguage', 'updateNewsletterTestGroupLanguage']) m(n, 'newsletters', unknown({ element: ['contentObject'] }));
m('deleteNewsletterTestGroupLanguage', 'newsletters', unknown());

// Design Studio (content)
m('listDesignStudioFolders', 'design_studio', jsdoc({ folders: ['object'], 'meta?': 'object' }));
for (const n of ['createDesignStudioFolder', 'getDesignStudioFolder']) m(n, 'design_studio', jsdoc({ folder: 'object' }));
m('updateDesignStudioFolder', 'design_studio', unknown({ confidence: 'low (probably {folder})' }));
m('deleteDesignStudioFolder', 'design_studio', unknown());
m('listDesignStudioEmails', 'design_studio', jsdoc({ emails: ['object'], 'folders?': ['object'], 'meta?': 'object' }));
for (const n of ['createDesignStudioEmail', 'getDesignStudioEmail']) m(n, 'design_studio', jsdoc({ email: 'object' }));
m('updateDesignStudioEmail', 'design_studio', unknown({ confidence: 'low (probably {email})' }));
m('deleteDesignStudioEmail', 'design_studio', unknown());
m('listDesignStudioEmailLanguages', 'design_studio', jsdoc({ email_translations: ['object'] }));
for (const n of ['createDesignStudioEmailLanguage', 'getDesignStudioEmailLanguage']) m(n, 'design_studio', jsdoc({ email_translation: 'object' }));
m('updateDesignStudioEmailLanguage', 'design_studio', unknown({ confidence: 'low (probably {email_translation})' }));
m('deleteDesignStudioEmailLanguage', 'design_studio', unknown());
m('listDesignStudioComponents', 'design_studio', jsdoc({ components: ['object'], 'folders?': ['object'], 'meta?': 'object' }));
for (const n of ['createDesignStudioComponent', 'getDesignStudioComponent']) m(n, 'design_studio', jsdoc({ component: 'object' }));
m('updateDesignStudioComponent', 'design_studio', unknown({ confidence: 'low (probably {component})' }));
m('deleteDesignStudioComponent', 'design_studio', unknown());

// Assets (content)
m('listAssets', 'assets', jsdoc({ assets: ['object'], 'meta?': 'object' }));
for (const n of ['createAsset', 'getAsset']) m(n, 'assets', jsdoc({ asset: 'object' }));
M.createAsset.notes = ['Only multipart request of the client: part "file" (Blob typed from contentType or the filename extension: bmp, jpg/jpeg, png, gif, pdf), optional parts "name" and "parent_folder_id". The API accepts images up to 2 MB and 4096 px per side, and PDFs (client JSDoc).'];
m('updateAsset', 'assets', unknown({ confidence: 'low (probably {asset})' }));
m('deleteAsset', 'assets', unknown());
m('listAssetFolders', 'assets', jsdoc({ folders: ['object'], 'meta?': 'object' }));
for (const n of ['createAssetFolder', 'getAssetFolder']) m(n, 'assets', jsdoc({ folder: 'object' }));
m('updateAssetFolder', 'assets', unknown({ confidence: 'low (probably {folder})' }));
m('deleteAssetFolder', 'assets', unknown());

// Collections (content)
m('listCollections', 'collections', jsdoc({ collections: ['collectionResponse'] }, { confidence: 'medium (envelope from JSDoc; items taken as Track collectionResponse)' }));
for (const n of ['createCollection', 'getCollection', 'updateCollection', 'updateCollectionContent']) m(n, 'collections', jsdoc({ collection: 'collectionResponse' }, { confidence: 'medium (envelope from JSDoc; element taken as Track collectionResponse)' }));
m('deleteCollection', 'collections', unknown());
m('getCollectionContent', 'collections', unknown({ confidence: 'low: not read (the content is the collection\'s rows; updateCollectionContent sends a top-level JSON array)' }));

// ESP suppressions
const supp404 = [];
m('searchSuppression', 'suppressions', oas(null, { schema: 'esp_suppression' }), { notes: ['Official path parameter name is email_address.'] });
m('getSuppressions', 'suppressions', oas(null, { schema: 'esp_suppression' }), { notes: ['Official query: limit (default 100, max 1000), offset (default 0), domain. The client also sends email, which the official getSuppressionByType does not list.'] });
m('getDomainSuppressions', 'suppressions', oas(null, { schema: 'esp_suppression', extra_keys: { 'next?': 'string' } }), { notes: ['Official query: limit (default 100, max 1000), start (cursor), email ("returns at most one result and cursor-based pagination does not apply").'] });
m('createSuppression', 'suppressions', { status: 200, envelope: {}, sources: ['app_oas'], confidence: 'high ("A successful request produces an empty response", schema type object)' });
m('deleteSuppression', 'suppressions', { status: 204, envelope: null, sources: ['app_oas'], confidence: 'high ("A successful request produces no content.")' });

// Reporting webhooks
const wh404 = { status: 404, when: 'no such webhook', text: 'The webhook ID does not exist.', body: null, sources: ['app_oas'], confidence: 'high' };
const whBad = { status: 400, when: 'malformed body (name, endpoint and events are required; events has at least one item from the enum)', text: 'The request was malformed.', body: null, sources: ['app_oas'], confidence: 'high' };
m('listReportingWebhooks', 'reporting_webhooks', oas({ reporting_webhooks: ['reportingWebhook'] }));
m('createReportingWebhook', 'reporting_webhooks', oas(null, { schema: 'reportingWebhook' }), { request_schema: 'reportingWebhook', statuses: [whBad], notes: ['Official body requires name, endpoint and events (minItems 1); the client only checks endpoint.', 'No field of the API carries the signing secret (it is shown in the UI only).'] });
m('getReportingWebhook', 'reporting_webhooks', oas(null, { schema: 'reportingWebhook' }), { statuses: [] });
m('updateReportingWebhook', 'reporting_webhooks', oas(null, { schema: 'reportingWebhook' }), { request_schema: 'reportingWebhook', statuses: [whBad, wh404], notes: ['The official PUT body schema is the full webhook with name, endpoint, events required; the client\'s ReportingWebhookUpdate type allows any subset (the capture sends {"disabled": true}). Whether the service accepts a partial body is not documented.'] });
m('deleteReportingWebhook', 'reporting_webhooks', { status: 200, envelope: null, sources: ['app_oas'], confidence: 'high ("A successful request has no response.")' }, { statuses: [wh404] });

// Snippets
m('getSnippets', 'snippets', jsdoc({ snippets: ['snippet'] }, { confidence: 'medium (envelope from JSDoc; items taken as Track snippet)' }));
for (const n of ['createSnippet', 'updateSnippet']) m(n, 'snippets', jsdoc({ snippet: 'snippet' }, { confidence: 'medium (envelope from JSDoc; element taken as Track snippet)' }), { request_schema: 'snippetRequest', notes: ['PUT /v1/snippets creates or updates by name (upsert); both methods send {name, value}.'] });
m('deleteSnippet', 'snippets', unknown());

// Sender identities
m('getSenderIdentities', 'sender_identities', jsdoc({ sender_identities: ['senderIdentityObject'], 'next?': 'string' }));
m('getSenderIdentity', 'sender_identities', jsdoc({ sender_identity: 'senderIdentityObject' }));
m('getSenderIdentityUsedBy', 'sender_identities', jsdoc({ 'campaigns?': 'array', 'sent_newsletters?': 'array', 'draft_newsletters?': 'array' }, { confidence: 'medium (JSDoc names campaigns, sent_newsletters, draft_newsletters; whether they sit under a used_by key like getSegmentUsedBy is not known)' }));

// Messages (deliveries)
m('getMessages', 'messages', oas({ messages: ['messageObject'], 'next?': 'string' }, { confidence: 'high (messages); the official 200 schema lists only messages although the operation takes a start cursor and the client JSDoc names next' }), { statuses: [{ status: 400, when: 'malformed request', text: 'The request was malformed.', body: null, sources: ['app_oas'], confidence: 'high' }],
  notes: ['Official query: start, limit (default 50, max 1000), type, metric, drafts, campaign_id, newsletter_id, action_id, start_ts, end_ts, get_tracked_responses. The client also sends transactional_id, trigger_id, template_id, content_id, associations, which the official listMessages does not list.'] });
m('getMessage', 'messages', oas({ message: 'messageObject' }), { statuses: [{ status: 404, when: 'no such delivery', text: 'The message does not exist.', body: null, sources: ['app_oas'], confidence: 'high' }],
  notes: ['Official query: get_tracked_responses only; archived_message and associations are client additions.', 'metrics holds only the metrics reached so far: a just-sent message has no delivered timestamp yet.'] });
m('getArchivedMessage', 'messages', oas({ archived_message: 'archivedMessageObject' }), { rate_class: 'app + daily quota 100/day',
  statuses: [{ status: 404, when: 'no such delivery', text: 'The message does not exist.', body: null, sources: ['app_oas'], confidence: 'high' },
    { status: 429, when: 'daily quota (100) used up, or over 10/s', body: '{"errors":[{"detail":"rate limited to 100 request(s) per day (reference …)","status":"429"}]}; Retry-After only for the per-second limit', sources: ['app_oas'], confidence: 'high' }],
  notes: ['Every response carries X-RateLimit-Limit (100) and X-RateLimit-Remaining.'] });

// Imports, data index, workspaces, info
m('createImport', 'imports', jsdoc({ import: 'import_object' }, { confidence: 'medium (envelope from JSDoc; element taken as Track import_object)' }), { request_schema: 'import_request', notes: ['Official import_request requires name, data_file_url, type and (for people/event/relationship) identifier; the client only checks data_file_url and type.'] });
m('getImport', 'imports', jsdoc({ import: 'import_object' }, { confidence: 'medium (envelope from JSDoc; element taken as Track import_object)' }));
m('batchUpdateAttributes', 'data_index', unknown());
m('batchUpdateEvents', 'data_index', unknown());
m('listWorkspaces', 'workspaces', jsdoc({ workspaces: ['workspace'] }, { confidence: 'medium (envelope from JSDoc; items taken as Track workspace)' }));
m('getIpAddresses', 'info', jsdoc({ ip_addresses: ['string'] }, { confidence: 'medium (envelope from JSDoc; items taken as strings)' }));

module.exports = { SOURCES, ST, AREAS, METHODS: M };
