'use strict';
// What the tests share: RuleTester wired to node:test, a TypeScript tester, and the fixture repository's planted
// mistakes (`expect: <finding-id>` markers), which the Java tests of the audit read too.
const test = require('node:test');
const fs = require('node:fs');
const path = require('node:path');
const { RuleTester } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const plugin = require('..');

RuleTester.describe = test.describe;
RuleTester.it = test.it;
RuleTester.itOnly = test.it.only;

const js = new RuleTester({ languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } });
const jsScript = new RuleTester({ languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } });
const ts = new RuleTester({ languageOptions: { parser: tsParser } });

const FIXTURES = path.resolve(__dirname, '../../src/test/resources/fixtures');
const MARKER = /expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;
const SOURCE = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;

function sourceFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (SOURCE.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Every JS/TS file of a fixture tree with its code and its planted findings: [{ line, id }]. */
function fixtureFiles(tree) {
  return sourceFiles(path.join(FIXTURES, tree)).map((file) => {
    const code = fs.readFileSync(file, 'utf8');
    const expected = [];
    code.split('\n').forEach((text, i) => {
      const m = MARKER.exec(text);
      if (m) m[1].split(',').map((s) => s.trim()).forEach((id) => expected.push({ line: i + 1, id }));
    });
    return { file, relative: path.relative(FIXTURES, file), code, expected };
  });
}

function ruleFor(findingId) {
  return Object.entries(plugin.rules).filter(([, r]) => r.meta.docs.findingId === findingId).map(([n]) => n);
}

module.exports = { js, jsScript, ts, plugin, fixtureFiles, ruleFor, FIXTURES };
