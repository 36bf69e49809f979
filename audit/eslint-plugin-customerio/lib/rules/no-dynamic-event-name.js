'use strict';
const meta = require('./meta');
const cio = require('../customerio');

module.exports = {
  meta: meta('no-dynamic-event-name', {
    description: 'Disallow event names built from values (template literals, concatenation)',
    findingId: 'dynamic-event-name',
    severity: 'error',
    messages: {
      dynamic: 'The event name `{{name}}` embeds `{{part}}`: every value becomes its own event type in Customer.io. '
        + "Use one fixed name and put the value in the event's data (data: { {{field}}: ... }).",
    },
  }),
  create(context) {
    return {
      'Program:exit'() {
        const model = cio.getModel(context);
        const sc = model.sourceCode;
        for (const call of model.calls) {
          if (!call.name) continue;
          const parts = cio.nameParts(sc, call.name);
          // a bare variable (a wrapper's parameter) may well be a constant: only names mixing text and values count
          if (parts.dynamic.length === 0 || parts.text.replace(/[\s_:.-]/g, '') === '') continue;
          if (parts.dynamic.some((p) => cio.isPiiPart(sc, p))) continue; // no-pii-in-name reports those
          const part = sc.getText(parts.dynamic[0]);
          const field = (part.split('.').pop() || 'value').replace(/[^A-Za-z0-9_]/g, '') || 'value';
          context.report({ node: call.name, messageId: 'dynamic',
            data: { name: sc.getText(call.name).slice(0, 60), part: part.slice(0, 40),
              field: field.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase() } });
        }
      },
    };
  },
};
