'use strict';
const meta = require('./meta');
const cio = require('../customerio');

// Names that say "a Customer.io credential": specific ones always, generic ones (apiKey, secret) next to a
// Customer.io hint (customerio, cio) in the name itself or in the object or variable around them.
const SPECIFIC = /^(?:site_?id|track_?api_?key|app_?api_?key|write_?key|cdp_?api_?key|pipelines?_?(?:write_?)?key)$/i;
const GENERIC = /(?:api_?key|apikey|key|secret|token|password|site_?id|write_?key|auth)$/i;
const HINT = /customer_?io|(?:^|_|[a-z])cio(?:_|[A-Z]|$)|^cio/i;
const PLACEHOLDER = /^(?:|x+|\*+|\.+|-+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Z_]+%|\$[A-Z_]+)$|placeholder|change_?me|example|dummy|fake|redacted|sample|test|todo|xxx|replace|^your[-_ ]|^my[-_ ]|^(?:none|null|undefined|false|true)$/i;

function looksLikeSecret(value) {
  return typeof value === 'string' && value.length >= 4 && !/\s/.test(value) && !PLACEHOLDER.test(value);
}

// Customer.io constructor arguments that are credentials: [class, index, what]
const CONSTRUCTOR_ARGS = { track: [[0, 'site id'], [1, 'Track API key']], app: [[0, 'App API key']],
  pipelines: [[0, 'Pipelines write key']] };
const ENV = { 'site id': 'CIO_SITE_ID', 'Track API key': 'CIO_TRACK_API_KEY', 'App API key': 'CIO_APP_API_KEY',
  'Pipelines write key': 'CIO_WRITE_KEY' };

module.exports = {
  meta: meta('no-hardcoded-credentials', {
    description: 'Disallow Customer.io site ids, API keys and write keys written into the source',
    findingId: 'hardcoded-credentials',
    severity: 'error',
    messages: {
      literal: '{{what}} written into the source: anyone with the repository can send data as your workspace, '
        + 'and rotating it means a release. Read it from the environment or a secret store (process.env.{{env}}).',
    },
  }),
  create(context) {
    return {
      'Program:exit'() {
        const model = cio.getModel(context);
        const sc = model.sourceCode;
        const reported = new Set();
        const report = (node, what, env) => {
          const target = literalNode(sc, node);
          if (!target || reported.has(target)) return;
          reported.add(target);
          context.report({ node: target, messageId: 'literal', data: { what: what[0].toUpperCase() + what.slice(1), env } });
        };
        for (const { node, kind } of model.constructions) {
          if (kind === 'analytics') {
            const opts = cio.unwrap(node.arguments[0]);
            const wk = cio.getProp(opts, 'writeKey');
            if (wk && looksLikeSecret(cio.staticString(sc, wk.value))) report(wk.value, 'Pipelines write key', 'CIO_WRITE_KEY');
            continue;
          }
          // one finding per construction, on its first written-in credential
          const found = (CONSTRUCTOR_ARGS[kind] || []).filter(([i]) => node.arguments[i]
            && looksLikeSecret(cio.staticString(sc, node.arguments[i])));
          if (found.length > 0) {
            const what = found.map(([, w]) => w).join(' and ');
            const env = found.map(([, w]) => ENV[w]).join(' and process.env.');
            report(node.arguments[found[0][0]], what, env);
          }
        }
        // Authorization headers and axios auth of calls to Customer.io
        for (const call of model.calls) {
          if (call.kind !== 'http') continue;
          for (const a of call.args) {
            cio.walk(cio.unwrap(a), (n) => {
              if (n.type !== 'Property') return true;
              const name = cio.propName(n);
              const v = cio.staticString(sc, n.value);
              if (name && /^authorization$/i.test(name) && v && /^(?:Bearer|Basic)\s+\S{8,}/i.test(v)
                && looksLikeSecret(v.split(/\s+/)[1])) {
                report(n.value, 'Customer.io API key (Authorization header)', 'CIO_APP_API_KEY');
              }
              if (name && /^(?:username|password)$/.test(name) && looksLikeSecret(v)) {
                report(n.value, name === 'username' ? 'site id' : 'Track API key', name === 'username' ? 'CIO_SITE_ID'
                  : 'CIO_TRACK_API_KEY');
              }
              return true;
            });
          }
        }
        // names that say so
        const fileHint = model.importsCio || model.constructions.length > 0 || model.calls.length > 0;
        cio.walk(sc.ast, (node) => {
          let name = null;
          let value = null;
          if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
            name = node.id.name;
            value = node.init;
          } else if (node.type === 'Property' && !node.computed) {
            name = cio.propName(node);
            value = node.value;
          } else if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
            name = cio.memberName(node.left);
            value = node.right;
          } else if ((node.type === 'PropertyDefinition' || node.type === 'ClassProperty') && node.value
            && node.key.type === 'Identifier') {
            name = node.key.name;
            value = node.value;
          }
          if (!name || !value) return true;
          const v = cio.unwrap(value);
          if (!v || (v.type !== 'Literal' && v.type !== 'TemplateLiteral')) return true;
          const str = cio.staticString(sc, v);
          if (!looksLikeSecret(str)) return true;
          const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
          const specific = SPECIFIC.test(snake) && (fileHint || HINT.test(name) || contextHint(sc, node));
          const generic = GENERIC.test(snake) && (HINT.test(snake) || contextHint(sc, node));
          if (specific || generic) {
            report(v, describe(snake), envName(snake));
          }
          return true;
        });
      },
    };
  },
};

function literalNode(sc, node) {
  const n = cio.unwrap(node);
  if (!n) return null;
  if (n.type === 'Literal' || n.type === 'TemplateLiteral') return n;
  if (n.type === 'Identifier') {
    const init = cio.constInit(sc, n);
    return init ? literalNode(sc, init) : null;
  }
  return n;
}

// A Customer.io hint in the object or variable around a property: customerio: { apiKey: '...' }
function contextHint(sc, node) {
  let n = node.parent;
  for (let depth = 0; n && depth < 6; depth++, n = n.parent) {
    if (n.type === 'Property' && HINT.test(cio.propName(n) || '')) return true;
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && HINT.test(n.id.name)) return true;
    if (n.type === 'NewExpression' && /^(?:TrackClient|APIClient|PipelinesClient|Analytics)$/.test(sc.getText(n.callee))) {
      return true;
    }
  }
  return false;
}

function describe(snake) {
  const s = snake.toLowerCase();
  if (/site_?id/.test(s)) return 'site id';
  if (/write_?key|pipelines|cdp/.test(s)) return 'Pipelines write key';
  if (/app_?api|app_?key/.test(s)) return 'App API key';
  if (/track/.test(s)) return 'Track API key';
  return 'Customer.io credential';
}

function envName(snake) {
  const d = describe(snake);
  return { 'site id': 'CIO_SITE_ID', 'Pipelines write key': 'CIO_WRITE_KEY', 'App API key': 'CIO_APP_API_KEY',
    'Track API key': 'CIO_TRACK_API_KEY' }[d] || 'CIO_API_KEY';
}
