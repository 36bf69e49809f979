'use strict';
const meta = require('./meta');
const cio = require('../customerio');

const FIX_TRACK = 'Customer.io timestamps are Unix seconds: send Math.floor(Date.now() / 1000) '
  + '(or Math.floor(date.getTime() / 1000)).';
const FIX_PIPELINES = 'The Pipelines timestamp is a Date or an ISO 8601 string: pass new Date() or date.toISOString(); '
  + 'timestamp attributes in traits are Unix seconds (Math.floor(Date.now() / 1000)).';

module.exports = {
  meta: meta('no-millisecond-timestamp', {
    description: 'Disallow millisecond values (Date.now(), getTime(), +new Date()) in Customer.io timestamp fields',
    findingId: 'millisecond-timestamp',
    severity: 'error',
    messages: {
      millis: '`{{source}}` is milliseconds, and goes into the Customer.io timestamp field `{{field}}`. {{fix}}',
    },
  }),
  create(context) {
    return {
      'Program:exit'() {
        const model = cio.getModel(context);
        const sc = model.sourceCode;
        const reported = new Set();
        for (const call of model.calls) {
          cio.payloadProperties(model, call, (prop) => {
            const field = prop.type === 'Assignment' ? prop.name : cio.propName(prop);
            if (!field || !cio.TIMESTAMP_KEY.test(field)) return;
            const source = cio.millisSource(sc, prop.value);
            if (!source) return;
            const at = prop.type === 'Assignment' ? prop.node : prop;
            if (reported.has(at)) return;
            reported.add(at);
            const pipelinesTimestamp = (call.kind === 'pipelines' || call.kind === 'analytics' || (call.kind === 'unknown' && call.payloadArgs
              && cio.getProp(cio.unwrap(call.payloadArgs[0]), 'userId'))) && field === 'timestamp';
            context.report({
              node: at,
              messageId: 'millis',
              data: { source: sc.getText(source).replace(/\s+/g, ' ').slice(0, 60), field,
                fix: pipelinesTimestamp ? FIX_PIPELINES : FIX_TRACK },
            });
          });
        }
      },
    };
  },
};
