'use strict';
// eslint-plugin-customerio: the static half of cio-fake's pitfall catalog, as ESLint rules (flat config).
//
//   // eslint.config.js
//   const customerio = require('eslint-plugin-customerio');
//   module.exports = [customerio.configs.recommended];
const pkg = require('./package.json');

const rules = {
  'no-millisecond-timestamp': require('./lib/rules/no-millisecond-timestamp'),
  'identify-before-track': require('./lib/rules/identify-before-track'),
  'no-client-per-request': require('./lib/rules/no-client-per-request'),
  'no-blocking-analytics': require('./lib/rules/no-blocking-analytics'),
  'no-dynamic-event-name': require('./lib/rules/no-dynamic-event-name'),
  'event-name-case': require('./lib/rules/event-name-case'),
  'no-pii-in-name': require('./lib/rules/no-pii-in-name'),
  'no-hardcoded-credentials': require('./lib/rules/no-hardcoded-credentials'),
};

const plugin = {
  meta: { name: pkg.name, version: pkg.version },
  rules,
  configs: {},
};

// Errors for mistakes that lose or misfile data or leak keys, warnings for the ones that degrade (the finding's
// cio-fake severity).
plugin.configs.recommended = {
  name: 'customerio/recommended',
  plugins: { customerio: plugin },
  rules: Object.fromEntries(Object.entries(rules).map(([name, rule]) => [`customerio/${name}`,
    rule.meta.docs.severity === 'error' ? 'error' : 'warn'])),
};

module.exports = plugin;
