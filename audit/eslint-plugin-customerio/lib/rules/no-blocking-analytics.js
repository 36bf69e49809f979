'use strict';
const meta = require('./meta');
const cio = require('../customerio');

// Whether a function of this file (transitively) awaits or returns a Customer.io call: awaiting it waits for
// Customer.io.
function cioAsync(model, fn, seen = new Set()) {
  if (!fn || seen.has(fn)) return false;
  seen.add(fn);
  if (fn.body.type !== 'BlockStatement') return waitsForCio(model, fn.body, seen);
  let found = false;
  cio.walkOwn(fn, (node) => {
    if (found) return;
    if ((node.type === 'AwaitExpression' || node.type === 'ReturnStatement') && node.argument
      && waitsForCio(model, node.argument, seen)) {
      found = true;
    }
  });
  return found;
}

// Whether evaluating (and awaiting) `expr` waits for a Customer.io call.
function waitsForCio(model, expr, seen = new Set()) {
  let found = false;
  const [start, end] = expr.range;
  for (const c of model.calls) {
    if (c.node.range[0] >= start && c.node.range[1] <= end && c.kind !== 'analytics') {
      found = true;
      break;
    }
    if (c.node.range[0] >= start && c.node.range[1] <= end && c.op === 'flush') {
      found = true;
      break;
    }
  }
  if (found) return true;
  cio.walk(expr, (node) => {
    if (found) return false;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
      const target = model.functionsByName.get(node.callee.name);
      if (target && cioAsync(model, target, seen)) found = true;
    }
    return !found;
  });
  return found;
}

function rootIdentifier(node) {
  let n = cio.unwrap(node);
  while (n && (n.type === 'MemberExpression' || n.type === 'CallExpression')) {
    n = cio.unwrap(n.type === 'MemberExpression' ? n.object : n.callee);
  }
  return n && n.type === 'Identifier' ? n.name : null;
}

function isResponseSend(model, node, response) {
  if (!response || node.type !== 'CallExpression') return false;
  if (model.calls.some((c) => c.node === node)) return false;
  const callee = cio.unwrap(node.callee);
  if (callee.type === 'MemberExpression' && rootIdentifier(callee) === response) {
    let n = callee;
    while (n && n.type === 'MemberExpression') {
      if (cio.RESPONSE_METHODS.has(cio.memberName(n))) return true;
      n = cio.unwrap(n.object);
      if (n && n.type === 'CallExpression') n = cio.unwrap(n.callee);
    }
    return false;
  }
  return node.arguments.some((a) => a.type === 'Identifier' && a.name === response);
}

// Whether a response was sent by a statement that always runs before `target` (a statement of a block around it).
function sentBefore(model, fn, response, target) {
  if (!response) return false;
  let sent = false;
  cio.walkOwn(fn, (node) => {
    if (sent || node.type !== 'ExpressionStatement' || node.range[1] > target.range[0]) return;
    const e = cio.unwrap(node.expression);
    if (!e || !isResponseSend(model, e, response)) return;
    const block = node.parent;
    if ((block.type === 'BlockStatement' || block.type === 'Program') && block.range[0] <= target.range[0]
      && block.range[1] >= target.range[1]) {
      sent = true;
    }
  });
  return sent;
}

module.exports = {
  meta: meta('no-blocking-analytics', {
    description: 'Disallow awaiting Customer.io inside an HTTP request handler before the response is sent',
    findingId: 'blocking-analytics-call',
    severity: 'warning',
    messages: {
      await: 'The request waits for Customer.io before it answers: a slow or failing Customer.io makes this '
        + 'endpoint slow or fail. Send the call without awaiting it (with a .catch) or queue it, and answer first.',
      then: 'The response is sent only when Customer.io has answered: a slow or failing Customer.io makes this '
        + 'endpoint slow or fail. Answer first, and send the call without waiting for it (with a .catch) or queue it.',
    },
  }),
  create(context) {
    return {
      'Program:exit'() {
        const model = cio.getModel(context);
        for (const [fn, info] of model.handlers) {
          cio.walkOwn(fn, (node) => {
            if (node.type === 'AwaitExpression' && node.argument && waitsForCio(model, node.argument)
              && !sentBefore(model, fn, info.response, node)) {
              context.report({ node, messageId: 'await' });
            }
            if (node.type === 'CallExpression' && cio.memberName(node.callee) === 'then' && info.response
              && waitsForCio(model, node.callee.object)) {
              const cb = node.arguments.map(cio.unwrap).find(cio.isFunction);
              let sends = false;
              if (cb) {
                cio.walk(cb.body, (n) => {
                  if (!sends && isResponseSend(model, n, info.response)) sends = true;
                  return !sends;
                });
              }
              if (sends) context.report({ node, messageId: 'then' });
            }
          });
        }
      },
    };
  },
};
