#!/usr/bin/env node
'use strict';
// Derives the App API contract data of customerio-node 5.2.0 that cio-fake's App API and its contract tests are
// driven by:
//   contract-tests/src/test/resources/customerio-node/app-api-methods.json
//   contract-tests/src/test/resources/customerio-node/app-response-schemas/*.schema.json + index.json
//
// Usage (from contract-tests/), with the pinned client installed by `npm ci --prefix node`:
//   node tools/derive-app-catalogue.js --package node/node_modules/customerio-node
// or with the published tarball (`npm pack customerio-node@5.2.0 && tar xzf customerio-node-5.2.0.tgz`):
//   node tools/derive-app-catalogue.js --package <dir>/package --tarball <dir>/customerio-node-5.2.0.tgz
//
// Inputs besides the package: the recorded capture and the vendored Track document (both under
// src/test/resources) and the hand-curated facts in tools/app-api-curation.js. No network access.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { loadPackage, parseTypeAliases, resolveFields } = require('./lib-extract');
const { SOURCES, METHODS: CURATED, ST } = require('./app-api-curation');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? acc.concat([[a.slice(2), all[i + 1]]]) : acc), []));
const ROOT = path.resolve(__dirname, '..');
const RES = path.join(ROOT, 'src/test/resources');
const OUT = path.join(RES, 'customerio-node');
const SCHEMA_DIR = path.join(OUT, 'app-response-schemas');
const TRACK_DOC = path.join(RES, 'customerio-specs/customer-io-track-api-openapi.json');
const TRACK_REF_FROM_SCHEMAS = '../../customerio-specs/customer-io-track-api-openapi.json';
const packageDir = path.resolve(args.package || 'package');
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

// The published customerio-node-5.2.0.tgz (its sha512 is also the one pinned in contract-tests/node/package-lock.json).
const TARBALL_SHA256 = 'b1dbf1245db963df176b6d99b81361934b13b73b09cba5d21ae7e8c0a4f5b37e';
if (args.tarball && sha256(path.resolve(args.tarball)) !== TARBALL_SHA256) throw new Error(`${args.tarball} is not the published customerio-node 5.2.0 tarball`);
const pkg = loadPackage(packageDir);
if (pkg.version !== '5.2.0') throw new Error(`expected customerio-node 5.2.0, got ${pkg.version}`);
const dts = fs.readFileSync(path.join(packageDir, 'dist/lib/api.d.ts'), 'utf8');
const types = parseTypeAliases(dts + '\n' + fs.readFileSync(path.join(packageDir, 'dist/lib/types.d.ts'), 'utf8'));
const track = JSON.parse(fs.readFileSync(TRACK_DOC, 'utf8'));
const trackSchemas = track.components.schemas;
const capture = fs.readFileSync(path.join(OUT, 'customerio-node-capture.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

// ---------------------------------------------------------------------------------------------------------------
// JSDoc per method (summary, parameter list with TS types, @returns, @throws, declared return type)
// ---------------------------------------------------------------------------------------------------------------
const jsdoc = {};
{
  const re = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*(\w+)\(((?:(?!\/\*\*)[\s\S])*?)\):\s*(Promise<[^;]*>);/g;
  let mm;
  while ((mm = re.exec(dts))) {
    const doc = mm[1].replace(/^\s*\*\s?/mg, '').trim();
    const ret = (doc.match(/@returns ([^\n]*(?:\n(?!@)[^\n]+)*)/) || [])[1];
    jsdoc[mm[2]] = {
      summary: doc.split(/\n\s*\n|\n@/)[0].replace(/\s+/g, ' ').trim(),
      params: mm[3].replace(/\s+/g, ' ').trim(),
      returns: ret ? ret.replace(/\s+/g, ' ').trim() : null,
      throws: [...doc.matchAll(/@throws ([^\n]*)/g)].map((x) => x[1].trim()),
      ts_return_type: mm[4],
    };
  }
}

/** Splits "a: T, b?: U, c?: { x?: string; }" at top-level commas into {name, optional, ts_type}. */
function tsParams(list) {
  const out = [];
  let depth = 0, cur = '';
  for (const ch of list) {
    if ('<({['.includes(ch)) depth++;
    if ('>)}]'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((p) => {
    const m = /^\s*(\w+)(\?)?:\s*([\s\S]+)$/.exec(p);
    return { name: m[1], optional: !!m[2], ts_type: m[3].trim() };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Capture lines -> method
// ---------------------------------------------------------------------------------------------------------------
const templateRegex = (m) => new RegExp('^' + m.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[a-z_]+\\?\}/g, '[^/]+').replace(/\{[a-z_]+\}/g, '[^/]+') + '$');
for (const m of pkg.methods) m.regex = templateRegex(m);
const byName = Object.fromEntries(pkg.methods.map((m) => [m.name, m]));
const captureByMethod = {};
const captureProblems = [];
for (const line of capture.filter((l) => l.role === 'api')) {
  const rawPath = line.raw_path.split('?')[0];
  let method;
  if (line.scenario === 'api') method = byName[line.call.split('(')[0]];
  else if (line.scenario === 'url-option') method = byName[line.call.split('.').pop()];
  else method = pkg.methods.find((m) => m.http_method === line.method && m.regex.test(rawPath));
  if (!method) { captureProblems.push(`no method for ${line.scenario} ${line.call} ${line.method} ${line.raw_path}`); continue; }
  if (method.http_method !== line.method || !method.regex.test(rawPath)) captureProblems.push(`${method.name}: capture ${line.method} ${rawPath} does not match ${method.http_method} ${method.path}`);
  const allowed = new Set(method.query.params.map((q) => q.name));
  for (const k of Object.keys(line.query || {})) if (!allowed.has(k)) captureProblems.push(`${method.name}: capture query ${k} not among the client's query params`);
  (captureByMethod[method.name] ||= []).push(line);
}
if (captureProblems.length) { console.error(captureProblems.join('\n')); process.exit(1); }

// ---------------------------------------------------------------------------------------------------------------
// Envelope mini-language -> JSON Schema
// ---------------------------------------------------------------------------------------------------------------
const PRIMS = new Set(['string', 'integer', 'boolean', 'object', 'array', 'number', 'null']);
function toSchema(spec) {
  if (spec === 'any') return {};
  if (typeof spec === 'string') {
    const types = spec.split('|');
    if (types.every((t) => PRIMS.has(t))) return { type: types.length === 1 ? types[0] : types };
    if (!trackSchemas[spec]) throw new Error(`unknown Track schema ${spec}`);
    return { $ref: `${TRACK_REF_FROM_SCHEMAS}#/components/schemas/${spec}` };
  }
  if (Array.isArray(spec)) return { type: 'array', items: toSchema(spec[0]) };
  if (spec && spec.nullable) { const inner = toSchema(spec.of); return inner.type === 'array' ? { ...inner, type: ['array', 'null'] } : { anyOf: [inner, { type: 'null' }] }; }
  const properties = {}, required = [];
  for (const [k, v] of Object.entries(spec)) {
    const optional = k.endsWith('?');
    const key = optional ? k.slice(0, -1) : k;
    properties[key] = toSchema(v);
    if (!optional) required.push(key);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}
const describeEnvelope = (env) => (env == null ? null : JSON.stringify(env));

// ---------------------------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------------------------
fs.mkdirSync(SCHEMA_DIR, { recursive: true });
for (const f of fs.readdirSync(SCHEMA_DIR)) if (f.endsWith('.json')) fs.unlinkSync(path.join(SCHEMA_DIR, f));

const TS_RECORD = 'RecordStringAny.schema.json';
fs.writeFileSync(path.join(SCHEMA_DIR, TS_RECORD), JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Record<string, any>',
  description: 'The only response type customerio-node 5.2.0 declares for APIClient methods: every one of the 160 public methods is declared `Promise<Record<string, any>>` (dist/lib/api.d.ts). A Record<string, any> is any JSON object: no property is required and any property is allowed.',
  type: 'object',
}, null, 2) + '\n');

const index = {
  $comment: 'Method name -> the JSON Schema its 2xx response body must satisfy. `schema` is relative to this directory: either a $ref into the vendored Track document (a published schema describes the whole body) or a file derived here. See README.md (derivation choices).',
  client: 'customerio-node@5.2.0',
  ts_return_type_of_every_method: 'Promise<Record<string, any>>',
  methods: {},
};

const methods = [];
let derivedCount = 0;
for (const ex of pkg.methods) {
  const cur = CURATED[ex.name];
  const jd = jsdoc[ex.name];
  if (!cur || !jd) throw new Error(`missing curation or JSDoc for ${ex.name}`);
  const r = cur.response;
  const params = tsParams(jd.params);

  // Request body: what the client serialises, the TS input type's fields, and what it checks before sending.
  let body;
  if (ex.transport === 'postForm') {
    body = { kind: 'multipart/form-data', parts: [{ name: 'file', from: 'file.data as a Blob; filename = file.filename; part Content-Type = file.contentType, else derived from the extension (bmp, jpg, jpeg, png, gif, pdf), else the Blob\'s own type' }, { name: 'name', from: 'file.name', optional: true }, { name: 'parent_folder_id', from: 'String(file.parentFolderId)', optional: true }], content_type_header: 'multipart/form-data; boundary=… set by fetch; no JSON Content-Type' };
  } else if (ex.body_expression == null) {
    body = { kind: 'none' };
  } else {
    const expr = ex.body_expression;
    const argName = /^(\w+)$/.exec(expr) ? expr : null;
    const param = params.find((p) => p.name === argName) || params.find((p) => expr.includes(p.name));
    let fields = null;
    if (param) {
      const tname = param.ts_type.replace(/\[\]$/, '').replace(/^Array<(.*)>$/, '$1');
      const resolved = resolveFields(types, tname);
      if (resolved) fields = resolved.map((f) => ({ name: f.name, ts_type: f.ts_type, required_by_ts: !f.optional }));
    }
    body = {
      kind: ex.name === 'updateCollectionContent' ? 'json (top-level array)' : 'json',
      expression: expr,
      ...(param ? { argument: param.name, ts_type: param.ts_type } : {}),
      ...(fields ? { fields } : {}),
      ...(cur.request_schema ? { official_request_schema: `customer-io-track-api-openapi.json#/components/schemas/${cur.request_schema}` } : {}),
    };
    const SEND_NOTES = {
      sendEmail: 'SendEmailRequest.message: {to, identifiers, headers: opts.headers || {} (always present), the optional keys given (message_data, preheader, reply_to, bcc, body_plain, body_amp, fake_bcc, disable_message_retention, send_to_unsubscribed, tracked, queue_draft, send_at, disable_css_preprocessing, language), transactional_message_id / from / subject / body only when the caller passed them, attachments {filename: base64} from attach()}',
      sendPush: 'SendPushRequest.message: {identifiers, transactional_message_id, the optional keys given (to, title, message, disable_message_retention, send_to_unsubscribed, queue_draft, message_data, send_at, language, image_url, link, sound, custom_data), custom_device from opts.device, custom_payload when given}',
      sendSMS: 'SendSMSRequest.message: {identifiers, transactional_message_id, optional to, disable_message_retention, send_to_unsubscribed, queue_draft, message_data, send_at, language}',
      sendWhatsApp: 'SendWhatsAppRequest.message: {identifiers, transactional_message_id, optional to, from, tracked, disable_message_retention, send_to_unsubscribed, queue_draft, message_data, send_at, language}',
      sendInboxMessage: 'SendInboxMessageRequest.message: {identifiers, transactional_message_id, optional disable_message_retention, queue_draft, message_data, send_at, language}',
      sendInApp: 'SendInAppRequest.message: {identifiers, transactional_message_id, optional disable_message_retention, queue_draft, message_data, send_at, language}',
    };
    if (SEND_NOTES[ex.name]) { body.expression = SEND_NOTES[ex.name]; body.builder_check = 'the argument must carry the builder\'s brand symbol (Symbol.hasInstance), so a plain object is rejected; the builders themselves check nothing (missing to/identifiers reach the server)'; }
    if (ex.name === 'triggerBroadcast') body.expression = 'payload: {data} only when data has keys; when recipients has ids | emails | per_user_data | data_file_url (first truthy in that order) that key is hoisted to the top level with only its allowed flags, falsy flags dropped (ids: id_ignore_missing; emails: email_ignore_missing, email_add_duplicates; per_user_data and data_file_url: all three); any other non-empty recipients object is sent as recipients';
    if (/^\{\} \(request/.test(expr)) body.kind = 'json (always the literal {})';
  }

  // Response schema (index entry and, when no published schema describes the whole body, a derived file).
  let indexEntry;
  const noBody = r.status === 204 || (r.envelope === null && !r.schema && r.status === 200 && /no response/.test(r.confidence));
  if (r.schema) {
    indexEntry = { status: r.status, schema: `${TRACK_REF_FROM_SCHEMAS}#/components/schemas/${r.schema}`, kind: 'published', confidence: r.confidence };
  } else if (noBody) {
    indexEntry = { status: r.status, schema: null, kind: 'no body: the client resolves {} for an empty body', confidence: r.confidence };
  } else {
    const file = `${ex.name}.schema.json`;
    const env = r.envelope ? toSchema(r.envelope) : { type: 'object' };
    const choices = [];
    if (r.envelope) choices.push(`Keys without "?" in the curated envelope ${describeEnvelope(r.envelope)} are required: the client's TS type (Record<string, any>) requires nothing, but the source(s) ${r.sources.join(', ')} put the payload under these keys, and code written against the client reads them.`);
    else choices.push('No envelope is documented by the client or in the parts of the official document that were read: the schema is the TS type alone (any object).');
    if (r.element && r.element.length) choices.push(`Payload element(s) likely described by Track schema(s) ${r.element.join(', ')}, but how they are wrapped is not documented; not enforced.`);
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: `${ex.name}: ${r.status} response body`,
      description: `Derived from customerio-node 5.2.0 (declared return type ${jd.ts_return_type}${jd.returns ? `; JSDoc: ${jd.returns}` : ''}). Confidence: ${r.confidence}.`,
      $comment: choices.join(' '),
      allOf: [{ $ref: TS_RECORD }],
      ...env,
    };
    delete schema.type;
    schema.type = 'object';
    fs.writeFileSync(path.join(SCHEMA_DIR, file), JSON.stringify(schema, null, 2) + '\n');
    derivedCount++;
    indexEntry = { status: r.status, schema: file, kind: r.envelope ? 'derived: TS type + documented envelope' : 'derived: TS type only', confidence: r.confidence };
  }
  index.methods[ex.name] = indexEntry;

  const statuses = [{ status: r.status, meaning: 'success', body: r.envelope === null && !r.schema ? (noBody ? 'none' : 'not documented') : (r.schema ? `the ${r.schema} object` : describeEnvelope(r.envelope)), sources: r.sources, confidence: r.confidence }]
    .concat((cur.statuses || []).map((s) => ({ status: s.status, meaning: s.when, ...(s.text ? { description_in_spec: s.text } : {}), body: s.body === null ? 'no body schema published' : s.body, sources: s.sources, confidence: s.confidence })));
  if (!statuses.some((s) => s.status === 401)) statuses.push({ status: 401, shared: 'unauthorized' });
  if (cur.rate_class === 'app' && !statuses.some((s) => s.status === 429)) statuses.push({ status: 429, shared: 'rate_limited_app' });

  methods.push({
    name: ex.name,
    signature: ex.signature,
    summary: jd.summary,
    area: cur.area,
    backing: cur.backing,
    ...(cur.backing_note ? { backing_note: cur.backing_note } : {}),
    rate_class: cur.rate_class,
    http_method: ex.http_method,
    path: ex.path,
    path_params: ex.path_params,
    query: { ...ex.query, params: ex.query.params.map((q) => {
      const opt = /^options\.(\w+)$/.exec(q.from);
      const optParam = params.find((p) => p.name === 'options');
      const f = opt && optParam ? (resolveFields(types, optParam.ts_type) || []).find((x) => x.name === opt[1]) : null;
      const direct = params.find((p) => p.name === q.from);
      const hasDefault = direct && new RegExp(`[(,]\\s*${q.from} = `).test(ex.signature);
      return { ...q, ...(hasDefault ? { always_sent: true, why_always: `argument ${q.from} has a default (${/= ([^,)]+)/.exec(ex.signature.slice(ex.signature.indexOf(q.from + ' =')))[1]})` } : {}), ...(f ? { ts_type: f.ts_type } : direct ? { ts_type: direct.ts_type } : {}) };
    }) },
    body,
    client_validation: ex.client_validation,
    ts_parameters: params,
    ts_return_type: jd.ts_return_type,
    jsdoc_returns: jd.returns,
    response: { status: r.status, envelope: r.envelope === undefined ? null : r.envelope, element_schemas: r.element || [], sources: r.sources, confidence: r.confidence },
    response_schema: r.schema || null,
    response_schema_index: indexEntry.schema,
    statuses,
    error_shape: ex.name.startsWith('send') ? 'meta_error' : 'errors_list',
    ...(cur.notes ? { notes: cur.notes } : {}),
    capture_calls: (captureByMethod[ex.name] || []).map((l) => l.call),
  });
}

const capturedApi = capture.filter((l) => l.role === 'api');
const doc = {
  $comment: 'One entry per public APIClient method of customerio-node 5.2.0. Generated by contract-tests/tools/derive-app-catalogue.js; edit tools/app-api-curation.js and re-run instead of editing this file. README.md next to this file says how each field was derived and what is uncertain.',
  client: { name: 'customerio-node', version: pkg.version, tarball_sha256: TARBALL_SHA256, npm_shasum: '7764a293f4fcbf1fd1ecfc4c45ee4555c913ed4e', npm_integrity: 'sha512-SZ2FDOuJb3XywCfbONN42ZmYc/G2zDKNf+oZ4ZZ4ajDQr9tf6WYi8tAgPkFpL4fGNFiOWgqheOXudenvWS/s/Q==' },
  count: {
    prototype_own_property_names: pkg.prototypeNames.length,
    excluded: ['constructor', 'resourceBase (declared private in api.d.ts; a helper that builds /{resource}/{id} for the campaign and broadcast methods)'],
    public_methods: methods.length,
    note: 'The issue says 159; no way of counting the published 5.2.0 prototype gives 159 (162 own property names, minus constructor and the private resourceBase = 160, and 160 methods are declared in api.d.ts, all returning Promise<Record<string, any>>).',
  },
  base_url: { us: 'https://api.customer.io/v1', eu: 'https://api-eu.customer.io/v1', custom: 'defaults.url replaces the base (must include /v1)' },
  conventions: {
    'query.builder': { buildQueryString: 'dist/lib/utils.js buildQueryString: omits null, undefined and empty-string values, String(value), encodeURIComponent on keys and values, keys in the order listed, leading ? only when something is left', literal: 'written into the URL template by the method itself', none: 'no query string' },
    'client_validation[].timing': { sync: 'thrown synchronously from the method call: no APIClient method is async, the checks run before this.request.* is called, and no request is sent. HTTP errors, network errors and timeouts are rejected promises instead.' },
    'client_validation[].condition': 'isEmpty(v) is true for null, undefined, a blank string, a non-finite number, and any value that is neither a string nor a number (objects, booleans): Number.isFinite is false for them',
    'path_params[].encoding': 'every path argument goes through encodeURIComponent (ada@example.com -> ada%40example.com); cio_ ids pass through unchanged',
  },
  shared_statuses: {
    unauthorized: { status: 401, meaning: ST.s401.when, body: ST.s401.body, sources: ST.s401.sources, confidence: ST.s401.confidence },
    rate_limited_app: { status: 429, meaning: ST.s429.when, body: ST.s429.body, sources: ST.s429.sources, confidence: ST.s429.confidence },
  },
  error_shapes: {
    errors_list: { body: '{"errors":[{"detail":"<text, usually ending (reference <id>)>","status":"<code as a string>","code?":"<stable id>","source?":{"pointer":"/data/attributes/<field>"},"meta?":{}}]}', sources: ['app_oas_400', 'app_oas_429'], as_seen_by_the_client: 'rejected promise CustomerIORequestError {statusCode, body (raw text), response {statusCode, headers, ok}}; composeMessage reads only meta.error / meta.errors, so message is "Unknown error" for this shape' },
    meta_error: { body: '{"meta":{"error":"<message>"}}', sources: ['go_client', 'docs_tx_errors'], as_seen_by_the_client: 'rejected promise CustomerIORequestError; message = meta.error' },
  },
  headers: 'Authorization: Bearer <app key>; Content-Type: application/json on every JSON request including GET and DELETE; User-Agent: Customer.io Node Client/5.2.0; Content-Length only with a body; X-Retry-Count: <n> on retries (see customerio-node-notes.md)',
  capture: { file: 'customerio-node-capture.jsonl', api_lines: capturedApi.length, api_lines_per_scenario: capturedApi.reduce((a, l) => ({ ...a, [l.scenario]: (a[l.scenario] || 0) + 1 }), {}) },
  sources: SOURCES,
  methods,
};
fs.writeFileSync(path.join(OUT, 'app-api-methods.json'), JSON.stringify(doc, null, 2) + '\n');
fs.writeFileSync(path.join(SCHEMA_DIR, 'index.json'), JSON.stringify(index, null, 2) + '\n');
const uncaptured = methods.filter((m) => !m.capture_calls.length).map((m) => m.name);
console.log(`methods ${methods.length}; derived schemas ${derivedCount}; published ${Object.values(index.methods).filter((e) => e.kind === 'published').length}; no-body ${Object.values(index.methods).filter((e) => e.schema === null).length}; capture lines mapped ${Object.values(captureByMethod).flat().length}/${capturedApi.length}; methods without capture: ${uncaptured.join(',') || 'none'}`);
