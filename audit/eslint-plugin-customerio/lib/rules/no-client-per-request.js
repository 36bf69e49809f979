'use strict';
const meta = require('./meta');
const cio = require('../customerio');

module.exports = {
  meta: meta('no-client-per-request', {
    description: 'Disallow constructing a Customer.io client inside a request handler or a loop',
    findingId: 'no-connection-reuse',
    severity: 'warning',
    messages: {
      handler: 'A new {{cls}} for every request: each one opens its own connections (a TCP and TLS handshake per call, '
        + 'sockets exhausted under load). Create the client once at module level and reuse it.',
      loop: 'A new {{cls}} on every iteration: each one opens its own connections. Create the client once, outside '
        + 'the loop, and reuse it.',
    },
  }),
  create(context) {
    return {
      'Program:exit'() {
        const model = cio.getModel(context);
        const sc = model.sourceCode;
        for (const { node } of model.constructions) {
          const cls = sc.getText(node.callee);
          const handler = cio.enclosingHandler(model, node);
          if (handler) {
            context.report({ node, messageId: 'handler', data: { cls } });
            continue;
          }
          if (cio.insideLoop(node, null)) context.report({ node, messageId: 'loop', data: { cls } });
        }
      },
    };
  },
};
