'use strict';
const meta = require('./meta');
const cio = require('../customerio');

module.exports = {
  meta: meta('no-pii-in-name', {
    description: 'Disallow emails, phone numbers and similar personal data in event, attribute and segment names',
    findingId: 'pii-in-name',
    severity: 'error',
    messages: {
      pii: 'The {{what}} `{{name}}` puts personal data (`{{part}}`) into a name: names show in the UI, exports and URLs '
        + 'and are not deleted with the person. Keep the name generic and put `{{part}}` in the data.',
    },
  }),
  create(context) {
    return {
      'Program:exit'() {
        const model = cio.getModel(context);
        const sc = model.sourceCode;
        const check = (node, what) => {
          const parts = cio.nameParts(sc, node);
          let part = parts.dynamic.find((p) => cio.isPiiPart(sc, p));
          let partText = part ? sc.getText(part) : null;
          if (!part && parts.text && cio.PII_VALUE.test(parts.text)) partText = parts.text.match(cio.PII_VALUE)[0];
          if (!partText) return;
          context.report({ node, messageId: 'pii',
            data: { what, name: sc.getText(node).slice(0, 60), part: partText.slice(0, 40) } });
        };
        for (const call of model.calls) {
          if (call.name) check(call.name, 'event name');
          if (/segment/i.test(call.method || '') && call.args[0]) check(call.args[0], 'segment name');
          cio.payloadProperties(model, call, (prop) => {
            if (prop.type === 'Property' && prop.computed) check(prop.key, 'attribute name');
          });
        }
      },
    };
  },
};
