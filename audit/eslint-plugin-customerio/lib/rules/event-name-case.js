'use strict';
const meta = require('./meta');
const cio = require('../customerio');

const CASES = {
  snake_case: /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/,
  camelCase: /^[a-z][a-zA-Z0-9]*$/,
  PascalCase: /^[A-Z][a-zA-Z0-9]*$/,
  'kebab-case': /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
  'Title Case': /^[A-Z][a-zA-Z0-9]*(?: [A-Z][a-zA-Z0-9]*)*$/,
};

module.exports = {
  meta: meta('event-name-case', {
    type: 'suggestion',
    description: 'Require one casing for event names (snake_case by default) and one spelling per name',
    findingId: 'inconsistent-event-name',
    severity: 'warning',
    messages: {
      casing: 'The event name `{{name}}` is not {{expected}}: campaigns and segments match names exactly. Name events '
        + 'in {{expected}} ({{example}}), from constants in one place.',
      spelling: 'The event name `{{name}}` is `{{other}}` (line {{line}}) spelled another way: Customer.io sees two '
        + 'different events. Use one spelling, from a constant.',
    },
    schema: [{
      type: 'object',
      properties: { case: { enum: Object.keys(CASES) } },
      additionalProperties: false,
    }],
  }),
  create(context) {
    const option = (context.options[0] || {}).case;
    return {
      'Program:exit'() {
        const model = cio.getModel(context);
        const sc = model.sourceCode;
        const seen = new Map();
        for (const call of model.calls) {
          if (!call.name) continue;
          const parts = cio.nameParts(sc, call.name);
          if (parts.dynamic.length > 0 || !parts.text) continue;
          const name = parts.text;
          // Pipelines calls follow the Segment spec's "Object Action" names as often as snake_case
          const pipelines = call.kind === 'pipelines' || call.kind === 'analytics'
            || (call.kind === 'unknown' && cio.getProp(cio.unwrap(call.args[0]), 'event'));
          const allowed = option ? [option] : pipelines ? ['snake_case', 'Title Case'] : ['snake_case'];
          const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, '');
          if (!allowed.some((c) => CASES[c].test(name))) {
            context.report({ node: call.name, messageId: 'casing',
              data: { name, expected: allowed.join(' or '), example: exampleOf(allowed[0]) } });
          } else if (seen.has(normalized) && seen.get(normalized).name !== name) {
            const other = seen.get(normalized);
            context.report({ node: call.name, messageId: 'spelling', data: { name, other: other.name, line: other.line } });
          }
          if (!seen.has(normalized)) seen.set(normalized, { name, line: call.name.loc.start.line });
        }
      },
    };
  },
};

function exampleOf(c) {
  return { snake_case: 'user_signed_up', camelCase: 'userSignedUp', PascalCase: 'UserSignedUp',
    'kebab-case': 'user-signed-up', 'Title Case': 'User Signed Up' }[c];
}
