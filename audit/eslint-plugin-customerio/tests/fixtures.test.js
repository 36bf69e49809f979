'use strict';
// The fixture repository drives these tests: each rule must report exactly the planted mistakes of its finding id
// (file and line) and nothing else, in every JS and TS file of the tree.
const test = require('node:test');
const assert = require('node:assert');
const { js, ts, plugin, fixtureFiles } = require('./support');

const files = fixtureFiles('shop');

// What each rule's message must say (the fixture markers name the finding, not the message).
const SAYS = {
  'no-millisecond-timestamp': /is milliseconds, and goes into the Customer\.io timestamp field/,
  'identify-before-track': /before it is identified \(identify on line \d+\)/,
  'no-client-per-request': /^A new \w+ (?:for every request|on every iteration)/,
  'no-blocking-analytics': /waits for Customer\.io|only when Customer\.io has answered/,
  'no-dynamic-event-name': /embeds .*: every value becomes its own event type/,
  'event-name-case': /is not snake_case|spelled another way/,
  'no-pii-in-name': /puts personal data/,
  'no-hardcoded-credentials': /written into the source/,
};

test('the fixture tree has planted mistakes for every rule', () => {
  const ids = new Set(files.flatMap((f) => f.expected.map((e) => e.id)));
  for (const [name, rule] of Object.entries(plugin.rules)) {
    assert.ok(ids.has(rule.meta.docs.findingId), `no planted ${rule.meta.docs.findingId} for ${name}`);
  }
  assert.ok(files.some((f) => f.expected.length === 0), 'a clean file');
});

for (const [name, rule] of Object.entries(plugin.rules)) {
  const valid = [];
  const invalid = [];
  const tsValid = [];
  const tsInvalid = [];
  for (const f of files) {
    const lines = f.expected.filter((e) => e.id === rule.meta.docs.findingId).map((e) => ({ line: e.line, message: SAYS[name] }));
    const isTs = /\.tsx?$/.test(f.file);
    const testCase = { name: f.relative, code: f.code, filename: f.file };
    if (lines.length === 0) (isTs ? tsValid : valid).push(testCase);
    else (isTs ? tsInvalid : invalid).push({ ...testCase, errors: lines });
  }
  js.run(`${name} on the fixture's JavaScript`, rule, { valid, invalid });
  ts.run(`${name} on the fixture's TypeScript`, rule, { valid: tsValid, invalid: tsInvalid });
}
