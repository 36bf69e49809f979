#!/usr/bin/env node
'use strict';
// Checks the App contract data: every JSON file parses, every schema in app-response-schemas/index.json compiles
// as JSON Schema draft 2020-12 (with its $refs into the vendored Track document resolved), a body built from the
// Track document's own examples validates, and a body missing a required envelope key does not.
//
// Needs ajv 8 installed OUTSIDE the project (it is not a project dependency):
//   npm install --prefix /tmp/ajv ajv@8 && NODE_PATH=/tmp/ajv/node_modules node tools/check-app-schemas.js
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const Ajv2020 = require('ajv/dist/2020').default;

const RES = path.resolve(__dirname, '../src/test/resources');
const DIR = path.join(RES, 'customerio-node/app-response-schemas');
const TRACK = path.join(RES, 'customerio-specs/customer-io-track-api-openapi.json');
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));

const methods = read(path.join(RES, 'customerio-node/app-api-methods.json'));
const index = read(path.join(DIR, 'index.json'));
const track = read(TRACK);
// OpenAPI 3.1 schema objects use `example`, `x-*` and custom formats ("unix timestamp"): annotations, not assertions.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(track, pathToFileURL(TRACK).href);
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.schema.json'));
for (const f of files) ajv.addSchema(read(path.join(DIR, f)), pathToFileURL(path.join(DIR, f)).href);

const exampleOf = (name) => {
  const s = track.components.schemas[name];
  return s && s.example !== undefined ? s.example : undefined;
};
/** Builds a body from the curated envelope, using the Track document's examples for the referenced schemas. */
function sample(spec) {
  if (typeof spec === 'string') {
    const t = spec.split('|')[0];
    const prim = { string: 'x', integer: 1, number: 1, boolean: true, object: {}, array: [], null: null }[t];
    return prim !== undefined ? prim : exampleOf(spec); // undefined: no example published, no positive check
  }
  if (Array.isArray(spec)) { const one = sample(spec[0]); return one === undefined ? undefined : [one]; }
  if (spec && spec.nullable) return sample(spec.of);
  const out = {};
  for (const [k, v] of Object.entries(spec)) { const x = sample(v); if (x === undefined) return undefined; out[k.replace(/\?$/, '')] = x; }
  return out;
}

// The Track document's own examples against their own schemas: where they disagree the real service (whose
// answers the examples show) and the schema differ, and a strict check of the fake would reject real behaviour.
const selfConflicts = [];
for (const [name, s] of Object.entries(track.components.schemas)) {
  if (s.example === undefined) continue;
  const v = ajv.compile({ $ref: `${pathToFileURL(TRACK).href}#/components/schemas/${name}` });
  if (!v(s.example)) selfConflicts.push(`${name}: ${ajv.errorsText(v.errors)}`);
}
const conflicting = new Set(selfConflicts.map((c) => c.split(':')[0]));
const mentions = (spec) => JSON.stringify(spec || null).match(/[A-Za-z_]+/g) || [];
let knownConflicts = 0;

let compiled = 0, positive = 0, negative = 0;
const failures = [];
for (const m of methods.methods) {
  const entry = index.methods[m.name];
  if (!entry) { failures.push(`${m.name}: not in index.json`); continue; }
  if (entry.schema === null) continue;
  const ref = new URL(entry.schema, pathToFileURL(path.join(DIR, 'index.json'))).href;
  let validate;
  try { validate = ajv.getSchema(ref) || ajv.compile({ $ref: ref }); compiled++; } catch (e) { failures.push(`${m.name}: does not compile: ${e.message}`); continue; }
  let body;
  if (m.response_schema) body = exampleOf(m.response_schema);
  else if (m.response.envelope) body = sample(m.response.envelope);
  if (body !== undefined) {
    if (validate(body)) positive++;
    else if ([m.response_schema, ...mentions(m.response.envelope)].some((n) => conflicting.has(n))) knownConflicts++;
    else failures.push(`${m.name}: sample body rejected: ${ajv.errorsText(validate.errors)} body=${JSON.stringify(body).slice(0, 200)}`);
  }
  const required = m.response.envelope && !m.response.envelope.nullable ? Object.keys(m.response.envelope).filter((k) => !k.endsWith('?')) : [];
  if (required.length) {
    if (validate({})) failures.push(`${m.name}: {} accepted although ${required.join(', ')} required`); else negative++;
  }
  if (validate([]) ) failures.push(`${m.name}: a JSON array was accepted as the body`);
}
console.log(`Track schemas whose own example fails them: ${selfConflicts.length}\n  ${selfConflicts.join('\n  ')}`);
console.log(`schemas compiled ${compiled}; sample bodies accepted ${positive}; sample bodies rejected only because a Track example contradicts its schema ${knownConflicts}; bodies missing a required key rejected ${negative}; failures ${failures.length}`);
if (failures.length) { console.error(failures.join('\n')); process.exit(1); }
