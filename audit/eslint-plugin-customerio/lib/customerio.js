'use strict';
// What the rules share: which values of a file are Customer.io clients, which calls are Customer.io calls and what
// they carry (operation, person id, event name, payload objects), which functions handle HTTP requests, and a few
// small expression evaluators. Computed once per file (cached on the SourceCode object) by one walk of the AST.
//
// The call shapes follow the official clients:
//   customerio-node: new TrackClient(siteId, apiKey, opts): identify(id, data), track(id, {name, data, timestamp, id}),
//     trackAnonymous(anonymousId, {name, data}), trackPageView(id, path), addDevice(id, deviceId, platform, data),
//     batch(operations), suppress(id), destroy(id); new APIClient(appKey, opts): sendEmail(new SendEmailRequest({...})),
//     triggerBroadcast(id, data, recipients), ...; new PipelinesClient(writeKey, opts): identify({userId, traits}),
//     track({userId, event, properties, timestamp}), page, screen, group, alias, batch.
//   @customerio/cdp-analytics-node: new Analytics({writeKey}): identify({userId, traits}),
//     track({userId, event, properties, timestamp}) (timestamp is a Date or an ISO string), page, screen, group, alias.
//   HTTP: fetch(url, {method, body: JSON.stringify(payload)}) and axios.post(url, payload) / axios({url, data}) to a
//     Customer.io host (track.customer.io, api.customer.io, cdp.customer.io and their -eu variants).

const CIO_PACKAGES = /^(?:customerio-node(?:\/.*)?|@customerio\/cdp-analytics-node)$/;
const CLASS_KINDS = { TrackClient: 'track', APIClient: 'app', PipelinesClient: 'pipelines', Analytics: 'analytics' };
const BARE_CLASSES = new Set(['TrackClient', 'APIClient', 'PipelinesClient']);
const HOST = /\b(?:track|track-eu|api|api-eu|cdp|cdp-eu)\.customer\.io\b/i;
const CLIENT_NAME = /^(?:cio|customer_?io)(?:_?(?:track|api|app|pipelines|cdp|analytics))?(?:_?client)?$/i;
const LOCAL_MODULE = /(?:^|[/.])(?:customer[._-]?io|cio)(?:[/._-]|$)/i;
const MENTION = /customer[._-]?io|\bcio\b|TrackClient|APIClient|PipelinesClient/i;
const TIMESTAMP_KEY = /^(?:timestamp|_timestamp|created_at|send_at|last_used|[a-z][a-z0-9_]*_at|[a-z][a-zA-Z0-9]*At)$/;
const PII_NAME = /e-?mail|phone|mobile|msisdn|\bssn\b|social_?security|card_?(?:number|num)|\bpan\b|\biban\b/i;
const PII_VALUE = /[^\s@]+@[^\s@]+\.[a-z]{2,}|\+?\d[\d -]{8,}\d/i;
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head']);
const ROUTER_NAMES = /^(?:app|router|server|fastify|api|routes?|express|koa|instance|r)$/i;
const NEXT_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const RESPONSE_METHODS = new Set(['send', 'json', 'end', 'sendStatus', 'redirect', 'render', 'writeHead', 'sendFile',
  'jsonp', 'download', 'code', 'status']);
const LOOP_CALLBACKS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every']);

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

function isFunction(node) {
  return node && FUNCTION_TYPES.has(node.type);
}

/** Removes TypeScript wrappers and parentheses-only nodes. */
function unwrap(node) {
  let n = node;
  while (n && (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSSatisfiesExpression'
    || n.type === 'TSTypeAssertion' || n.type === 'ChainExpression' || n.type === 'AwaitExpression')) {
    n = n.expression || n.argument;
  }
  return n;
}

function propName(prop) {
  if (!prop || prop.type !== 'Property' || prop.computed) {
    if (prop && prop.type === 'Property' && prop.computed && prop.key.type === 'Literal') return String(prop.key.value);
    return null;
  }
  if (prop.key.type === 'Identifier') return prop.key.name;
  if (prop.key.type === 'Literal') return String(prop.key.value);
  return null;
}

function getProp(obj, name) {
  if (!obj || obj.type !== 'ObjectExpression') return null;
  for (const p of obj.properties) {
    if (propName(p) === name) return p;
  }
  return null;
}

function memberName(node) {
  if (!node || node.type !== 'MemberExpression') return null;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal') return String(node.property.value);
  return null;
}

/** Source text of an expression with whitespace removed: how two mentions of one identifier are compared. */
function key(sourceCode, node) {
  return node ? sourceCode.getText(node).replace(/\s+/g, '') : null;
}

function walk(node, visit, parent) {
  if (!node || typeof node.type !== 'string') return;
  if (visit(node, parent) === false) return;
  for (const k of Object.keys(node)) {
    if (k === 'parent' || k === 'loc' || k === 'range' || k === 'tokens' || k === 'comments') continue;
    const v = node[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === 'string') walk(c, visit, node);
    } else if (v && typeof v.type === 'string') {
      walk(v, visit, node);
    }
  }
}

/** The variable a name refers to at `node`, searching outward from the innermost scope. */
function findVariable(sourceCode, node, name) {
  let scope = sourceCode.getScope ? sourceCode.getScope(node) : null;
  while (scope) {
    const v = scope.set.get(name);
    if (v) return v;
    scope = scope.upper;
  }
  return null;
}

/** The initializer of a const/let/var declared once and never reassigned, else null. */
function constInit(sourceCode, node) {
  if (!node || node.type !== 'Identifier') return null;
  const v = findVariable(sourceCode, node, node.name);
  if (!v || v.defs.length !== 1) return null;
  const def = v.defs[0];
  if (def.type === 'Variable' && def.node.init && def.node.id.type === 'Identifier') {
    const writes = v.references.filter((r) => r.isWrite() && r.writeExpr !== def.node.init);
    return writes.length === 0 ? def.node.init : null;
  }
  if (def.type === 'FunctionName') return def.node;
  return null;
}

/** The static string value of an expression (literals, constant templates and concatenations, consts), or null. */
function staticString(sourceCode, node, depth = 0) {
  const n = unwrap(node);
  if (!n || depth > 4) return null;
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral') {
    let s = '';
    for (let i = 0; i < n.quasis.length; i++) {
      s += n.quasis[i].value.cooked;
      if (i < n.expressions.length) {
        const e = staticString(sourceCode, n.expressions[i], depth + 1);
        if (e === null) return null;
        s += e;
      }
    }
    return s;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const l = staticString(sourceCode, n.left, depth + 1);
    const r = l === null ? null : staticString(sourceCode, n.right, depth + 1);
    return l === null || r === null ? null : l + r;
  }
  if (n.type === 'Identifier') {
    const init = constInit(sourceCode, n);
    return init && !isFunction(init) ? staticString(sourceCode, init, depth + 1) : null;
  }
  if (n.type === 'MemberExpression') {
    // Events.USER_SIGNED_UP where const Events = { USER_SIGNED_UP: 'user_signed_up' }
    const obj = unwrap(n.object);
    const name = memberName(n);
    if (obj && obj.type === 'Identifier' && name) {
      const init = unwrap(constInit(sourceCode, obj));
      const p = getProp(init, name);
      if (p) return staticString(sourceCode, p.value, depth + 1);
    }
  }
  return null;
}

/** The string pieces and the dynamic parts of a name expression (template literal or concatenation). */
function nameParts(sourceCode, node, depth = 0) {
  const n = unwrap(node);
  const out = { text: '', dynamic: [] };
  if (!n || depth > 4) return out;
  const s = staticString(sourceCode, n);
  if (s !== null) {
    out.text = s;
    return out;
  }
  const add = (part) => {
    const p = nameParts(sourceCode, part, depth + 1);
    out.text += p.text;
    out.dynamic.push(...p.dynamic);
  };
  if (n.type === 'TemplateLiteral') {
    for (let i = 0; i < n.quasis.length; i++) {
      out.text += n.quasis[i].value.cooked;
      if (i < n.expressions.length) add(n.expressions[i]);
    }
    return out;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    add(n.left);
    add(n.right);
    return out;
  }
  if (n.type === 'CallExpression' && memberName(n.callee) === 'concat') {
    add(n.callee.object);
    n.arguments.forEach(add);
    return out;
  }
  if (n.type === 'Identifier') {
    const init = constInit(sourceCode, n);
    if (init && !isFunction(init) && depth < 3) {
      const p = nameParts(sourceCode, init, depth + 1);
      if (p.dynamic.length > 0 || p.text) return p;
    }
  }
  out.dynamic.push(n);
  return out;
}

/** True when a dynamic name part looks like personal data (an email, a phone, ...). */
function isPiiPart(sourceCode, node) {
  const text = sourceCode.getText(node);
  return PII_NAME.test(text);
}

/** Where the first `Date.now()`-like value of `node` is, when it reaches it unscaled; null when it is seconds. */
function millisSource(sourceCode, node, depth = 0) {
  const n = unwrap(node);
  if (!n || depth > 5) return null;
  switch (n.type) {
    case 'CallExpression': {
      const callee = unwrap(n.callee);
      const m = memberName(callee);
      if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Date'
        && (m === 'now' || m === 'parse' || m === 'UTC')) return n;
      if (m === 'getTime' || m === 'valueOf') return n;
      if (callee.type === 'Identifier' && callee.name === 'Number' && n.arguments.length === 1) {
        const a = unwrap(n.arguments[0]);
        if (a && a.type === 'NewExpression' && a.callee.type === 'Identifier' && a.callee.name === 'Date') return n;
        return millisSource(sourceCode, a, depth + 1);
      }
      if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Math'
        && ['floor', 'round', 'trunc', 'ceil'].includes(m) && n.arguments.length === 1) {
        return millisSource(sourceCode, n.arguments[0], depth + 1);
      }
      if (callee.type === 'Identifier' && (callee.name === 'parseInt' || callee.name === 'parseFloat')) {
        return n.arguments.length ? millisSource(sourceCode, n.arguments[0], depth + 1) : null;
      }
      if (callee.type === 'Identifier') {
        // a helper of this file: const now = () => Date.now(); function nowMs() { return Date.now(); }
        const fn = constInit(sourceCode, callee);
        const f = isFunction(unwrap(fn)) ? unwrap(fn) : null;
        if (f) {
          const returned = returnedExpressions(f);
          for (const r of returned) {
            if (millisSource(sourceCode, r, depth + 1)) return n;
          }
        }
      }
      return null;
    }
    case 'UnaryExpression':
      if (n.operator === '+') {
        const a = unwrap(n.argument);
        if (a && a.type === 'NewExpression' && a.callee.type === 'Identifier' && a.callee.name === 'Date') return n;
        return millisSource(sourceCode, a, depth + 1);
      }
      return null;
    case 'BinaryExpression':
      if (n.operator === '/') {
        return null; // scaled: Date.now() / 1000 (floored or not, it is no longer milliseconds)
      }
      if (n.operator === '+' || n.operator === '-') {
        return millisSource(sourceCode, n.left, depth + 1) || millisSource(sourceCode, n.right, depth + 1);
      }
      if (n.operator === '|' || n.operator === '>>' || n.operator === '>>>') {
        return millisSource(sourceCode, n.left, depth + 1);
      }
      return null;
    case 'ConditionalExpression':
      return millisSource(sourceCode, n.consequent, depth + 1) || millisSource(sourceCode, n.alternate, depth + 1);
    case 'LogicalExpression':
      return millisSource(sourceCode, n.left, depth + 1) || millisSource(sourceCode, n.right, depth + 1);
    case 'Identifier': {
      const init = constInit(sourceCode, n);
      return init && !isFunction(init) && millisSource(sourceCode, init, depth + 1) ? n : null;
    }
    default:
      return null;
  }
}

function returnedExpressions(fn) {
  if (fn.body && fn.body.type !== 'BlockStatement') return [fn.body];
  const out = [];
  walk(fn.body, (node) => {
    if (node !== fn.body && isFunction(node)) return false;
    if (node.type === 'ReturnStatement' && node.argument) out.push(node.argument);
    return true;
  });
  return out;
}

// ------------------------------------------------------------------------------------------------ the file model

function collect(context) {
  const sourceCode = context.sourceCode || context.getSourceCode();
  const ast = sourceCode.ast;
  const text = sourceCode.getText();
  const model = {
    sourceCode,
    mentions: MENTION.test(text),
    classes: new Map(), // local name -> kind (TrackClient imported as T: T -> track)
    namespaces: new Set(), // const cio = require('customerio-node'): new cio.TrackClient(...)
    clients: new Map(), // identifier or this.member text -> kind
    localModuleBindings: new Set(), // import cio from './lib/customerio'
    importsCio: false,
    importedNames: new Set(),
    functionsByName: new Map(), // name -> function node (declarations and const f = () => ...)
    calls: [], // every Customer.io call, in source order
    constructions: [], // new TrackClient(...), in source order
    handlers: new Map(), // function node -> { response: name|null, style }
    filename: (context.filename || (context.getFilename && context.getFilename()) || '').replace(/\\/g, '/'),
  };

  const requireSource = (node) => {
    const n = unwrap(node);
    if (n && n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require'
      && n.arguments.length === 1 && n.arguments[0].type === 'Literal' && typeof n.arguments[0].value === 'string') {
      return n.arguments[0].value;
    }
    if (n && n.type === 'MemberExpression') return requireSource(n.object);
    return null;
  };

  const bindModule = (source, idNode, importedName) => {
    if (CIO_PACKAGES.test(source)) {
      model.importsCio = true;
      if (importedName === '*' || importedName === 'default') {
        if (idNode.type === 'Identifier') model.namespaces.add(idNode.name);
      } else if (CLASS_KINDS[importedName] && idNode.type === 'Identifier') {
        if (importedName !== 'Analytics' || source === '@customerio/cdp-analytics-node') {
          model.classes.set(idNode.name, CLASS_KINDS[importedName]);
        }
      }
    } else if (LOCAL_MODULE.test(source) && (source.startsWith('.') || source.startsWith('@/') || source.startsWith('~/'))) {
      if (idNode.type === 'Identifier') model.localModuleBindings.add(idNode.name);
    }
    if (idNode.type === 'Identifier') model.importedNames.add(idNode.name);
  };

  // pass 1: imports, requires, functions
  walk(ast, (node) => {
    if (node.type === 'ImportDeclaration' && typeof node.source.value === 'string') {
      for (const s of node.specifiers) {
        const imported = s.type === 'ImportSpecifier' ? (s.imported.name || s.imported.value)
          : s.type === 'ImportNamespaceSpecifier' ? '*' : 'default';
        bindModule(node.source.value, s.local, imported);
      }
    } else if (node.type === 'VariableDeclarator' && node.init) {
      const src = requireSource(node.init);
      if (src !== null) {
        const init = unwrap(node.init);
        const member = init.type === 'MemberExpression' ? memberName(init) : null;
        if (node.id.type === 'Identifier') {
          bindModule(src, node.id, member || 'default');
        } else if (node.id.type === 'ObjectPattern') {
          for (const p of node.id.properties) {
            if (p.type === 'Property' && p.value.type === 'Identifier') bindModule(src, p.value, propName(p));
          }
        }
      }
      if (node.id.type === 'Identifier' && isFunction(unwrap(node.init))) {
        model.functionsByName.set(node.id.name, unwrap(node.init));
      }
    } else if (node.type === 'FunctionDeclaration' && node.id) {
      model.functionsByName.set(node.id.name, node);
    } else if (node.type === 'TSImportEqualsDeclaration' && node.moduleReference
      && node.moduleReference.type === 'TSExternalModuleReference') {
      bindModule(node.moduleReference.expression.value, node.id, 'default');
    }
    return true;
  });
  // The catalog's snippets use TrackClient and friends without an import: a bare, unbound class name counts.
  for (const name of BARE_CLASSES) {
    if (!model.importedNames.has(name) && !model.classes.has(name)) model.classes.set(name, CLASS_KINDS[name]);
  }

  // pass 2: clients, constructions
  const constructionKind = (node) => {
    const n = unwrap(node);
    if (!n || n.type !== 'NewExpression') return null;
    if (n.callee.type === 'Identifier' && model.classes.has(n.callee.name)) {
      if (BARE_CLASSES.has(n.callee.name) && !model.importsCio && findVariable(sourceCode, n, n.callee.name)) return null;
      return model.classes.get(n.callee.name);
    }
    if (n.callee.type === 'MemberExpression' && n.callee.object.type === 'Identifier'
      && model.namespaces.has(n.callee.object.name)) {
      const m = memberName(n.callee);
      if (CLASS_KINDS[m]) return CLASS_KINDS[m];
    }
    return null;
  };
  model.constructionKind = constructionKind;
  walk(ast, (node) => {
    if (node.type === 'NewExpression') {
      const kind = constructionKind(node);
      if (kind) model.constructions.push({ node, kind });
    }
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      const kind = constructionKind(node.init);
      if (kind) model.clients.set(node.id.name, kind);
    } else if (node.type === 'AssignmentExpression') {
      const kind = constructionKind(node.right);
      if (kind) model.clients.set(key(sourceCode, node.left), kind);
    } else if ((node.type === 'PropertyDefinition' || node.type === 'ClassProperty') && node.value && !node.computed) {
      const kind = constructionKind(node.value);
      if (kind && node.key.type === 'Identifier') {
        model.clients.set(`this.${node.key.name}`, kind);
        if (node.static) model.clients.set(node.key.name, kind);
      }
    }
    return true;
  });

  // pass 3: Customer.io calls and request handlers
  walk(ast, (node) => {
    if (node.type === 'CallExpression') {
      const call = classifyCall(model, node);
      if (call) model.calls.push(call);
      markHandlers(model, node);
    } else if (node.type === 'ExportNamedDeclaration' && node.declaration) {
      markNextHandlers(model, node.declaration);
    } else if (node.type === 'ExportDefaultDeclaration') {
      const d = unwrap(node.declaration);
      if (isFunction(d) && /\/(?:pages\/)?api\//.test(model.filename)) {
        addHandler(model, d, 'next-pages', paramName(d, 1));
      }
    }
    return true;
  });
  // helpers called from a handler with its request or response become handlers too (route(req, res))
  let grew = true;
  for (let round = 0; grew && round < 3; round++) {
    grew = false;
    for (const [fn, info] of [...model.handlers]) {
      const params = new Set(fn.params.filter((p) => p.type === 'Identifier').map((p) => p.name));
      walkOwn(fn, (node) => {
        if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
          const target = model.functionsByName.get(node.callee.name);
          if (target && !model.handlers.has(target)
            && node.arguments.some((a) => a.type === 'Identifier' && params.has(a.name))) {
            const idx = node.arguments.findIndex((a) => a.type === 'Identifier' && a.name === info.response);
            addHandler(model, target, info.style, idx >= 0 ? paramName(target, idx) : null);
            grew = true;
          }
        }
      });
    }
  }
  return model;
}

function paramName(fn, i) {
  const p = fn.params[i];
  return p && p.type === 'Identifier' ? p.name : null;
}

function addHandler(model, fn, style, response) {
  if (!model.handlers.has(fn)) model.handlers.set(fn, { style, response });
}

function markHandlers(model, node) {
  const callee = unwrap(node.callee);
  const fnArgs = node.arguments.map(unwrap).filter(isFunction);
  if (callee.type === 'MemberExpression' || callee.type === 'Identifier') {
    const m = callee.type === 'Identifier' ? callee.name : memberName(callee);
    if (m === 'createServer') {
      fnArgs.forEach((f) => addHandler(model, f, 'node', paramName(f, 1)));
      return;
    }
    if (callee.type !== 'MemberExpression') return;
    const recv = unwrap(callee.object);
    const recvName = recv.type === 'Identifier' ? recv.name : recv.type === 'CallExpression'
      ? memberName(recv.callee) : memberName(recv);
    const first = node.arguments[0];
    const pathFirst = first && ((first.type === 'Literal' && typeof first.value === 'string' && first.value.startsWith('/'))
      || (first.type === 'TemplateLiteral' && first.quasis[0].value.cooked.startsWith('/')));
    if (ROUTE_METHODS.has(m) && fnArgs.length > 0 && (pathFirst || (recvName && ROUTER_NAMES.test(recvName))
      || recvName === 'route')) {
      for (const f of fnArgs) {
        const p0 = paramName(f, 0);
        const koa = f.params.length <= 2 && p0 && /^ctx$|^context$/.test(p0);
        addHandler(model, f, koa ? 'koa' : 'express', koa ? null : paramName(f, 1));
      }
    }
    if (m === 'route' && node.arguments[0] && node.arguments[0].type === 'ObjectExpression') {
      const h = getProp(node.arguments[0], 'handler');
      const f = h && unwrap(h.value);
      if (isFunction(f)) addHandler(model, f, 'fastify', paramName(f, 1));
    }
  }
}

function markNextHandlers(model, decl) {
  if (decl.type === 'FunctionDeclaration' && decl.id && NEXT_METHODS.has(decl.id.name)) {
    addHandler(model, decl, 'next', null);
  } else if (decl.type === 'VariableDeclaration') {
    for (const d of decl.declarations) {
      const f = unwrap(d.init);
      if (d.id.type === 'Identifier' && NEXT_METHODS.has(d.id.name) && isFunction(f)) addHandler(model, f, 'next', null);
    }
  }
}

/** Walks a function's own body, not the bodies of functions nested in it. */
function walkOwn(fn, visit) {
  walk(fn.body, (node) => {
    if (node !== fn.body && isFunction(node)) return false;
    visit(node);
    return true;
  });
}

/** The Customer.io client a receiver expression is, or null. */
function receiverKind(model, recv) {
  const r = unwrap(recv);
  if (!r) return null;
  const text = key(model.sourceCode, r);
  if (model.clients.has(text)) return model.clients.get(text);
  if (r.type === 'Identifier') {
    if (model.localModuleBindings.has(r.name)) return 'unknown';
    if (CLIENT_NAME.test(r.name)) return 'unknown';
  }
  if (r.type === 'MemberExpression') {
    const m = memberName(r);
    if (m && r.object.type === 'ThisExpression' && CLIENT_NAME.test(m)) return 'unknown';
    if (m && r.object.type === 'Identifier' && model.localModuleBindings.has(r.object.name)) return 'unknown';
    if (m && CLIENT_NAME.test(m) && r.object.type === 'Identifier' && /^(?:clients?|services?|deps|ctx|app)$/.test(r.object.name)) {
      return 'unknown';
    }
  }
  const kind = model.constructionKind && model.constructionKind(r);
  return kind || null;
}

const TRACK_OPS = {
  identify: 'identify', track: 'track', trackAnonymous: 'trackAnonymous', trackPageView: 'page', addDevice: 'device',
  batch: 'batch', suppress: 'other', unsuppress: 'other', destroy: 'other', deleteDevice: 'other',
  mergeCustomers: 'other', trackPush: 'other', page: 'page', screen: 'page', group: 'other', alias: 'other',
  sendEmail: 'send', sendPush: 'send', sendSMS: 'send', sendInboxMessage: 'send', sendInApp: 'send',
  triggerBroadcast: 'send', closeAndFlush: 'flush', flush: 'flush',
};

function payloadObjects(node, out = []) {
  const n = unwrap(node);
  if (!n) return out;
  if (n.type === 'ObjectExpression') out.push(n);
  else if (n.type === 'ArrayExpression') n.elements.forEach((e) => payloadObjects(e, out));
  else if (n.type === 'NewExpression') n.arguments.forEach((a) => payloadObjects(a, out));
  return out;
}

/** Classifies a call: a client method, or fetch/axios to a Customer.io host. */
function classifyCall(model, node) {
  const sc = model.sourceCode;
  const callee = unwrap(node.callee);
  const args = node.arguments;
  if (callee.type === 'MemberExpression') {
    const method = memberName(callee);
    const kind = method && TRACK_OPS[method] ? receiverKind(model, callee.object) : null;
    if (kind) {
      const op = TRACK_OPS[method];
      const first = unwrap(args[0]);
      const pipelinesStyle = kind === 'pipelines' || kind === 'analytics' || (first && first.type === 'ObjectExpression'
        && (getProp(first, 'userId') || getProp(first, 'anonymousId') || getProp(first, 'event')));
      const call = { node, kind, method, op, id: null, anonymous: false, name: null, payloads: [], args };
      if (pipelinesStyle && first) {
        const obj = first.type === 'ObjectExpression' ? first : null;
        const user = getProp(obj, 'userId');
        call.id = user ? user.value : null;
        call.anonymous = !user && !!getProp(obj, 'anonymousId');
        const nameProp = getProp(obj, op === 'track' ? 'event' : 'name');
        call.name = nameProp ? nameProp.value : null;
        call.payloadArgs = [args[0]];
      } else {
        if (['identify', 'track', 'page', 'device', 'other'].includes(op)) call.id = args[0] || null;
        call.anonymous = op === 'trackAnonymous';
        if (op === 'track' || op === 'trackAnonymous') {
          const data = unwrap(args[1]);
          const nameProp = getProp(data && data.type === 'ObjectExpression' ? data : null, 'name');
          call.name = nameProp ? nameProp.value : null;
          call.payloadArgs = [args[1]];
        } else if (op === 'identify') {
          call.payloadArgs = [args[1]];
        } else if (op === 'device') {
          call.payloadArgs = [args[3]];
        } else if (op === 'send') {
          call.payloadArgs = args.slice(0);
        } else if (op === 'batch') {
          call.payloadArgs = [args[0]];
        } else {
          call.payloadArgs = [];
        }
      }
      if (op === 'track' && call.anonymous) call.op = 'trackAnonymous';
      return call;
    }
  }
  // fetch(url, init) / axios.post(url, data) / axios({url, data}) / axios(url, config)
  const fname = callee.type === 'Identifier' ? callee.name : null;
  const recv = callee.type === 'MemberExpression' ? unwrap(callee.object) : null;
  const mname = memberName(callee);
  let url = null;
  let verb = null;
  let payload = null;
  if (fname === 'fetch' || (mname === 'fetch' && recv && recv.type === 'Identifier')) {
    url = args[0];
    const init = unwrap(args[1]);
    const m = getProp(init && init.type === 'ObjectExpression' ? init : null, 'method');
    verb = m ? staticString(sc, m.value) : 'GET';
    const b = getProp(init && init.type === 'ObjectExpression' ? init : null, 'body');
    payload = b ? jsonStringifyArg(b.value) : null;
  } else if (recv && recv.type === 'Identifier' && /^(?:axios|http|client|got|ky)$/i.test(recv.name)
    && ['post', 'put', 'patch', 'get', 'delete', 'request'].includes(mname)) {
    if (mname === 'request') {
      const cfg = unwrap(args[0]);
      const u = getProp(cfg, 'url');
      url = u ? u.value : null;
      const m = getProp(cfg, 'method');
      verb = m ? staticString(sc, m.value) : 'GET';
      const d = getProp(cfg, 'data') || getProp(cfg, 'json') || getProp(cfg, 'body');
      payload = d ? d.value : null;
    } else {
      url = args[0];
      verb = mname.toUpperCase();
      payload = args[1] || null;
      const cfg = unwrap(args[1]);
      if (mname === 'post' && cfg && cfg.type === 'ObjectExpression' && getProp(cfg, 'json')) payload = getProp(cfg, 'json').value;
    }
  } else if (fname === 'axios') {
    const cfg = unwrap(args[0]);
    if (cfg && cfg.type === 'ObjectExpression') {
      const u = getProp(cfg, 'url');
      url = u ? u.value : null;
      const m = getProp(cfg, 'method');
      verb = m ? staticString(sc, m.value) : 'GET';
      const d = getProp(cfg, 'data');
      payload = d ? d.value : null;
    } else {
      url = args[0];
      const c2 = unwrap(args[1]);
      const m = getProp(c2, 'method');
      verb = m ? staticString(sc, m.value) : 'GET';
      const d = getProp(c2, 'data');
      payload = d ? d.value : null;
    }
  }
  if (!url) return null;
  const u = urlShape(model, url);
  if (!u) return null;
  verb = (verb || 'GET').toUpperCase();
  const call = { node, kind: 'http', method: verb, op: 'other', id: u.id, anonymous: false, name: null,
    payloadArgs: payload ? [jsonStringifyArg(payload) || payload] : [], args };
  const body = unwrap(call.payloadArgs[0]);
  if (/\/customers\/[^/]+\/events\/?$/.test(u.path) && verb === 'POST') {
    call.op = 'track';
  } else if (/\/customers\/[^/]+\/?$/.test(u.path) && verb === 'PUT') {
    call.op = 'identify';
  } else if (/\/api\/v1\/events\/?$/.test(u.path) && verb === 'POST') {
    call.op = 'trackAnonymous';
    call.anonymous = true;
  } else if (/\/v1\/(?:send|campaigns)\//.test(u.path)) {
    call.op = 'send';
  } else if (/\/v1\/track\/?$/.test(u.path) && verb === 'POST') {
    call.op = 'track';
    const uid = getProp(body, 'userId');
    call.id = uid ? uid.value : null;
    call.anonymous = !uid;
  } else if (/\/v1\/identify\/?$/.test(u.path) && verb === 'POST') {
    call.op = 'identify';
    const uid = getProp(body, 'userId');
    call.id = uid ? uid.value : null;
  }
  if (call.op === 'track' || call.op === 'trackAnonymous') {
    const n = getProp(body && body.type === 'ObjectExpression' ? body : null, 'name')
      || getProp(body && body.type === 'ObjectExpression' ? body : null, 'event');
    call.name = n ? n.value : null;
  }
  return call;
}

function jsonStringifyArg(node) {
  const n = unwrap(node);
  if (n && n.type === 'CallExpression' && n.callee.type === 'MemberExpression'
    && n.callee.object.type === 'Identifier' && n.callee.object.name === 'JSON' && memberName(n.callee) === 'stringify') {
    return n.arguments[0] || null;
  }
  return null;
}

/** A URL expression aimed at a Customer.io host: its path with `{}` for dynamic parts, and the person id part. */
function urlShape(model, node) {
  const sc = model.sourceCode;
  const n = unwrap(node);
  if (!n) return null;
  const parts = [];
  const flatten = (e, depth) => {
    const x = unwrap(e);
    if (!x || depth > 4) return;
    const s = staticString(sc, x);
    if (s !== null) {
      parts.push(s);
      return;
    }
    if (x.type === 'TemplateLiteral') {
      for (let i = 0; i < x.quasis.length; i++) {
        parts.push(x.quasis[i].value.cooked);
        if (i < x.expressions.length) flatten(x.expressions[i], depth + 1);
      }
    } else if (x.type === 'BinaryExpression' && x.operator === '+') {
      flatten(x.left, depth + 1);
      flatten(x.right, depth + 1);
    } else if (x.type === 'Identifier' && constInit(sc, x) && !isFunction(constInit(sc, x))) {
      flatten(constInit(sc, x), depth + 1);
    } else {
      parts.push(x);
    }
  };
  flatten(n, 0);
  let text = '';
  let id = null;
  for (const p of parts) {
    if (typeof p === 'string') {
      text += p;
    } else {
      if (id === null && /\/customers\/$/.test(text)) id = p;
      text += '{}';
    }
  }
  if (!HOST.test(text) && !(parts.length && typeof parts[0] !== 'string' && /^\/(?:api\/v[12]|v1)\//.test(text.slice(2))
    && /(?:cio|customer_?io|track_?url|cdp)/i.test(sc.getText(parts[0])))) {
    return null;
  }
  const path = text.replace(/^\w+:\/\/[^/]+/, '').replace(/^\{\}/, '').replace(/\?.*$/, '');
  return { path, id };
}

const MODELS = new WeakMap(); // SourceCode (frozen by ESLint) -> model, shared by the rules of one lint

function getModel(context) {
  const sourceCode = context.sourceCode || context.getSourceCode();
  let model = MODELS.get(sourceCode);
  if (!model) {
    model = collect(context);
    MODELS.set(sourceCode, model);
  }
  return model;
}

/** The innermost function around a node. */
function enclosingFunction(node) {
  let n = node.parent;
  while (n && !isFunction(n)) n = n.parent;
  return n || null;
}

/** The outermost function around a node (the unit track-before-identify judges), or the Program. */
function outermostFunction(node) {
  let n = node.parent;
  let found = null;
  while (n) {
    if (isFunction(n)) found = n;
    n = n.parent;
  }
  return found;
}

/** The handler whose body (or a function nested in it) holds `node`, or null. */
function enclosingHandler(model, node) {
  let n = node.parent;
  while (n) {
    if (isFunction(n) && model.handlers.has(n)) return n;
    n = n.parent;
  }
  return null;
}

function insideLoop(node, stopAt) {
  let n = node.parent;
  let child = node;
  while (n && n !== stopAt) {
    if ((n.type === 'ForStatement' && child === n.body) || ((n.type === 'ForOfStatement' || n.type === 'ForInStatement')
      && child === n.body) || ((n.type === 'WhileStatement' || n.type === 'DoWhileStatement') && child === n.body)) {
      return n;
    }
    if (isFunction(n) && n.parent && n.parent.type === 'CallExpression' && n.parent.arguments.includes(n)
      && LOOP_CALLBACKS.has(memberName(n.parent.callee))) {
      return n.parent;
    }
    if (isFunction(n)) return null; // a function defined in a loop is judged where it is called
    child = n;
    n = n.parent;
  }
  return null;
}

/** Visits every property (recursively) of the payload objects of a call; follows consts to object literals. */
function payloadProperties(model, call, visit) {
  const sc = model.sourceCode;
  const seen = new Set();
  const visitObject = (obj, depth, via) => {
    if (!obj || obj.type !== 'ObjectExpression' || seen.has(obj) || depth > 5) return;
    seen.add(obj);
    for (const p of obj.properties) {
      if (p.type !== 'Property') continue;
      visit(p, via);
      const v = unwrap(p.value);
      if (v && v.type === 'ObjectExpression') visitObject(v, depth + 1, via);
      if (v && v.type === 'ArrayExpression') v.elements.forEach((e) => visitObject(unwrap(e), depth + 1, via));
    }
  };
  const visitArg = (arg, depth) => {
    const a = unwrap(arg);
    if (!a) return;
    if (a.type === 'Identifier') {
      const init = unwrap(constInitOrLet(sc, a));
      if (init) visitArg(init, depth + 1);
      // event.timestamp = Date.now() before the call
      const v = findVariable(sc, a, a.name);
      if (v) {
        for (const ref of v.references) {
          const parent = ref.identifier.parent;
          if (parent && parent.type === 'MemberExpression' && parent.object === ref.identifier && parent.parent
            && parent.parent.type === 'AssignmentExpression' && parent.parent.left === parent) {
            visit({ type: 'Assignment', key: parent.property, name: memberName(parent), value: parent.parent.right,
              node: parent.parent }, a);
          }
        }
      }
      return;
    }
    payloadObjects(a).forEach((o) => visitObject(o, depth, null));
  };
  (call.payloadArgs || []).forEach((a) => visitArg(a, 0));
}

function constInitOrLet(sourceCode, node) {
  const v = findVariable(sourceCode, node, node.name);
  if (!v || v.defs.length !== 1) return null;
  const def = v.defs[0];
  return def.type === 'Variable' && def.node.init && def.node.id.type === 'Identifier' ? def.node.init : null;
}

module.exports = {
  getModel,
  unwrap,
  walk,
  walkOwn,
  key,
  isFunction,
  getProp,
  propName,
  memberName,
  staticString,
  nameParts,
  isPiiPart,
  millisSource,
  enclosingFunction,
  outermostFunction,
  enclosingHandler,
  insideLoop,
  payloadProperties,
  constInit,
  findVariable,
  TIMESTAMP_KEY,
  PII_NAME,
  PII_VALUE,
  RESPONSE_METHODS,
  HOST,
  CLIENT_NAME,
};
