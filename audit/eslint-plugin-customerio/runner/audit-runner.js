'use strict';
// The ESLint half of `cio-fake audit`: bundled with ESLint's Linter and the TypeScript parser into one file
// (build/bundle.mjs), which the audit runs with the machine's Node. Nothing is installed in the audited repository.
//
// stdin: {"files": ["/abs/a.ts", ...], "options": {"eventNameCase": "snake_case"}}
// stdout: one JSON object per line: {"file", "messages": [{ruleId, findingId, line, column, message}],
//   "suppressed": [{ruleId, findingId, line, justification}]} or {"file", "error"}; then {"done": true, ...}.
const fs = require('node:fs');
const path = require('node:path');
const { Linter } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const plugin = require('..');

const TS = /\.(?:[cm]?ts|tsx)$/;
const JSX = /\.(?:jsx|tsx)$/;

function config(file, sourceType, options) {
  const rules = {};
  for (const [name, rule] of Object.entries(plugin.rules)) {
    rules[`customerio/${name}`] = name === 'event-name-case' && options.eventNameCase
      ? ['error', { case: options.eventNameCase }] : 'error';
    void rule;
  }
  const languageOptions = TS.test(file)
    ? { parser: tsParser, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: JSX.test(file) } } }
    : { ecmaVersion: 'latest', sourceType, parserOptions: { ecmaFeatures: { jsx: true } } };
  return [{ files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'], plugins: { customerio: plugin }, languageOptions, rules,
    linterOptions: { reportUnusedDisableDirectives: 'off' } }];
}

function lint(linter, file, options) {
  const code = fs.readFileSync(file, 'utf8');
  const tries = TS.test(file) ? ['module'] : /\.cjs$/.test(file) ? ['commonjs'] : ['module', 'commonjs'];
  let last = null;
  for (const sourceType of tries) {
    const messages = linter.verify(code, config(file, sourceType, options), { filename: file });
    const fatal = messages.find((m) => m.fatal || !m.ruleId);
    if (fatal) {
      last = `${fatal.line}:${fatal.column} ${fatal.message}`;
      continue;
    }
    const finding = (m) => {
      const name = (m.ruleId || '').replace(/^customerio\//, '');
      const rule = plugin.rules[name];
      return rule ? { ruleId: m.ruleId, findingId: rule.meta.docs.findingId, line: m.line, column: m.column,
        endLine: m.endLine, message: m.message } : null;
    };
    return {
      file,
      messages: messages.map(finding).filter(Boolean),
      suppressed: linter.getSuppressedMessages().map((m) => {
        const f = finding(m);
        return f && { ...f, justification: (m.suppressions || []).map((s) => s.justification || '').join(' ').trim() };
      }).filter(Boolean),
    };
  }
  return { file, error: last };
}

function main(input) {
  const request = JSON.parse(input);
  const options = request.options || {};
  const linter = new Linter({ configType: 'flat', cwd: path.parse(process.cwd()).root });
  const out = process.stdout;
  for (const file of request.files) {
    let result;
    try {
      result = lint(linter, file, options);
    } catch (e) {
      result = { file, error: String(e && e.message ? e.message : e).split('\n')[0] };
    }
    out.write(`${JSON.stringify(result)}\n`);
  }
  out.write(`${JSON.stringify({ done: true, eslint: Linter.version, plugin: plugin.meta.version })}\n`);
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => main(input));
