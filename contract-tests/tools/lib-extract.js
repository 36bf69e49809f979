'use strict';
// Reads the published customerio-node package (dist/) and extracts, for every public APIClient method,
// the HTTP request it builds: verb, path template, encoded path arguments, query parameters, body expression
// and the synchronous argument checks. Used by derive-app-catalogue.js; no network access.
const fs = require('fs');
const path = require('path');

/** Methods on APIClient.prototype that are not part of the public surface. */
const NON_PUBLIC = new Set(['constructor', 'resourceBase']);

/** Placeholder names where snake_case(argument) would be ambiguous; the rest use snake_case(argument). */
const PLACEHOLDER_OVERRIDES = {
  getExport: { id: 'export_id' },
  downloadExport: { id: 'export_id' },
  getAttributes: { id: 'customer_id' },
  searchSuppression: { email: 'email_address' },
  createSuppression: { email: 'email_address' },
  deleteSuppression: { email: 'email_address' },
};

const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function splitTopLevel(s, sep) {
  const out = [];
  let depth = 0, cur = '', quote = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) { cur += c; if (c === quote && s[i - 1] !== '\\') quote = null; continue; }
    if (c === "'" || c === '"' || c === '`') { quote = c; cur += c; continue; }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === sep && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out.map((x) => x.trim());
}

/** Returns the text between the opening bracket at `open` and its matching close. */
function balanced(s, open) {
  const pairs = { '(': ')', '{': '}', '[': ']' };
  const o = s[open], c = pairs[o];
  let depth = 0, quote = null;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (quote) { if (ch === quote && s[i - 1] !== '\\') quote = null; continue; }
    if (ch === "'" || ch === '"' || ch === '`') { quote = ch; continue; }
    if (ch === o) depth++;
    if (ch === c) { depth--; if (depth === 0) return s.slice(open + 1, i); }
  }
  throw new Error('unbalanced at ' + open);
}

function parseValidations(src) {
  const checks = [];
  const re = /if \(([\s\S]*?)\) \{\s*throw new (?:utils_1\.)?(MissingParamError|Error)\((?:'([^']*)'|"([^"]*)")\);\s*\}/g;
  let m;
  while ((m = re.exec(src))) {
    const cls = m[2];
    const arg = m[3] !== undefined ? m[3] : m[4];
    checks.push({
      condition: m[1].replace(/\(0, utils_1\.(\w+)\)/g, '$1').replace(/requests_1\.|types_1\./g, '').replace(/\s+/g, ' '),
      throws: cls,
      message: cls === 'MissingParamError' ? `${arg} is required` : arg,
      timing: 'sync',
    });
  }
  return checks;
}

function parseQueryObject(src) {
  const i = src.indexOf('buildQueryString)(');
  if (i < 0) return null;
  const inner = balanced(src, src.indexOf('{', i));
  return splitTopLevel(inner, ',').map((pair) => {
    const [k, ...v] = pair.split(':');
    return { name: k.trim(), from: v.join(':').trim() };
  });
}

function extractMethod(name, fn) {
  const src = fn.toString().replace(/^\s*\/\/.*$/mg, '');
  const signature = src.slice(0, src.indexOf('(')) + '(' + balanced(src, src.indexOf('(')) + ')';
  const callMatch = /this\.request\.(get|post|put|destroy|postForm)\(/.exec(src);
  const verb = { get: 'GET', post: 'POST', put: 'PUT', destroy: 'DELETE', postForm: 'POST' }[callMatch[1]];
  const args = splitTopLevel(balanced(src, callMatch.index + callMatch[0].length - 1), ',');
  let urlExpr = args[0];
  const bodyExpr = args.length > 1 ? args[1] : null;
  // resourceBase('campaigns', id) === `${apiRoot}/campaigns/${encodeURIComponent(id)}`
  urlExpr = urlExpr.replace(/\$\{this\.resourceBase\('(\w+)', (\w+)\)\}/g, '${this.apiRoot}/$1/${encodeURIComponent($2)}');
  urlExpr = urlExpr.replace(/^this\.resourceBase\('(\w+)', (\w+)\)$/, '`${this.apiRoot}/$1/${encodeURIComponent($2)}`');
  if (!urlExpr.startsWith('`')) throw new Error(`${name}: unexpected URL expression ${urlExpr}`);
  let tpl = urlExpr.slice(1, -1).replace('${this.apiRoot}', '/v1');
  const overrides = PLACEHOLDER_OVERRIDES[name] || {};
  const pathParams = [];
  const fixedQuery = [];
  let usesQueryBuilder = false;
  const qIdx = tpl.indexOf('?');
  let pathPart = qIdx >= 0 ? tpl.slice(0, qIdx) : tpl;
  const literalQuery = qIdx >= 0 ? tpl.slice(qIdx + 1) : '';
  if (pathPart.endsWith('${query}')) { usesQueryBuilder = true; pathPart = pathPart.slice(0, -'${query}'.length); }
  pathPart = pathPart.replace(/\$\{encodeURIComponent\((\w+)\)\}/g, (_, arg) => {
    const ph = overrides[arg] || snake(arg);
    pathParams.push({ placeholder: ph, argument: arg, encoding: 'encodeURIComponent' });
    return `{${ph}}`;
  });
  if (/\$\{/.test(pathPart)) throw new Error(`${name}: unparsed path ${pathPart}`);
  if (literalQuery) {
    for (const part of literalQuery.split('&')) {
      const [k, v] = part.split('=');
      const enc = /encodeURIComponent\((\w+)\)/.exec(v);
      const raw = /^\$\{(\w+)\}$/.exec(v);
      fixedQuery.push({ name: k, from: enc ? enc[1] : raw[1], encoding: enc ? 'encodeURIComponent' : 'none (interpolated raw; the value is checked against IdentifierType first)', always_sent: true });
    }
  }
  const built = usesQueryBuilder ? parseQueryObject(src) : null;
  return {
    name,
    signature,
    http_method: verb,
    path: pathPart,
    path_params: pathParams,
    query: {
      builder: built ? 'buildQueryString' : (fixedQuery.length ? 'literal' : 'none'),
      params: [...fixedQuery, ...(built || []).map((q) => ({ ...q, encoding: 'encodeURIComponent', always_sent: false }))],
    },
    body_expression: callMatch[1] === 'postForm' ? 'multipart FormData' : (bodyExpr || (verb === 'POST' || verb === 'PUT' ? '{} (request.post/put default data = {})' : null)),
    transport: callMatch[1],
    client_validation: parseValidations(src),
    source: src,
  };
}

function loadPackage(packageDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const { APIClient } = require(path.resolve(packageDir, 'dist/index.js'));
  const own = Object.getOwnPropertyNames(APIClient.prototype);
  const methods = own.filter((n) => !NON_PUBLIC.has(n)).map((n) => extractMethod(n, APIClient.prototype[n]));
  return { version: pkg.version, prototypeNames: own, methods };
}

/** Parses `export type X = A & B & { f?: T; ... };` declarations of a .d.ts file into field lists. */
function parseTypeAliases(source) {
  const types = {};
  const dts = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/mg, '');
  const re = /export type (\w+) = ([^;{]*?)\{/g;
  let m;
  while ((m = re.exec(dts))) {
    const body = balanced(dts, m.index + m[0].length - 1);
    const bases = m[2].split('&').map((x) => x.trim()).filter(Boolean);
    const fields = [];
    const clean = body.replace(/\/\*\*[\s\S]*?\*\//g, '');
    for (const line of splitTopLevel(clean.replace(/\n/g, ' '), ';')) {
      const fm = /^(\w+)(\?)?:\s*([\s\S]+)$/.exec(line.trim());
      if (fm) fields.push({ name: fm[1], optional: !!fm[2], ts_type: fm[3].replace(/\s+/g, ' ') });
    }
    types[m[1]] = { bases, fields };
  }
  return types;
}

function resolveFields(types, name, seen = new Set()) {
  const t = types[name];
  if (!t || seen.has(name)) return null;
  seen.add(name);
  let fields = [];
  for (const b of t.bases) { const bf = resolveFields(types, b, seen); if (bf) fields = fields.concat(bf); }
  return fields.concat(t.fields);
}

module.exports = { loadPackage, parseTypeAliases, resolveFields, snake };
