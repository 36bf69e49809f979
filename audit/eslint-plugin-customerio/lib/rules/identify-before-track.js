'use strict';
const meta = require('./meta');
const cio = require('../customerio');

module.exports = {
  meta: meta('identify-before-track', {
    description: 'Require identifying a person before tracking events for them in the same function',
    findingId: 'track-before-identify',
    severity: 'error',
    messages: {
      order: 'Event tracked for `{{id}}` before it is identified (identify on line {{line}}): the event creates a '
        + 'profile without an email, so the campaign it triggers cannot reach the person. Identify first, then track.',
    },
  }),
  create(context) {
    return {
      'Program:exit'() {
        const model = cio.getModel(context);
        const sc = model.sourceCode;
        // one unit per outermost function (callbacks such as .then(() => identify(...)) belong to it), and the
        // top-level code of the module
        const units = new Map();
        for (const call of model.calls) {
          if ((call.op !== 'track' && call.op !== 'identify') || !call.id) continue;
          const unit = cio.outermostFunction(call.node) || model.sourceCode.ast;
          if (!units.has(unit)) units.set(unit, []);
          units.get(unit).push(call);
        }
        for (const calls of units.values()) {
          calls.sort((a, b) => a.node.range[0] - b.node.range[0]);
          const identified = new Set();
          for (let i = 0; i < calls.length; i++) {
            const c = calls[i];
            const id = cio.key(sc, c.id);
            if (c.op === 'identify') {
              identified.add(id);
              continue;
            }
            if (identified.has(id)) continue;
            const later = calls.slice(i + 1).find((d) => d.op === 'identify' && cio.key(sc, d.id) === id);
            if (later) {
              context.report({ node: c.node, messageId: 'order',
                data: { id: sc.getText(c.id).slice(0, 40), line: later.node.loc.start.line } });
            }
          }
        }
      },
    };
  },
};
