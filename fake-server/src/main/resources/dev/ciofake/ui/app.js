// cio-fake's live web view: a client of the admin API (/__cio) and nothing else.
// Everything the integration sent is written with textContent (never as markup); no key, token or credential is
// asked for, stored or shown: a browser asked for the admin token sends it by HTTP Basic, which the browser keeps.
'use strict';
(() => {
  // how often the open view refreshes; ?poll=<ms> on the page's address changes it (at least 100 ms)
  const POLL_MS = Math.max(100, Number(new URLSearchParams(location.search).get('poll')) || 1500);
  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;
  const state = { site: null, workspaces: [], current: null, busy: false, catalog: null };

  // ------------------------------------------------------------------ DOM helpers (text only)

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const k of kids.flat(Infinity)) {
      if (k == null || k === false) continue;
      e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    }
    return e;
  }
  const pretty = (text) => { try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; } };
  const pre = (v) => el('pre', null, typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  const badge = (text, cls) => el('span', { class: 'badge ' + (cls || '') }, text);
  const statusBadge = (s) => badge(String(s), 's' + String(s).charAt(0));
  const when = (iso) => el('span', { class: 'when', title: iso }, iso ? iso.replace('T', ' ').replace('Z', '') : '');
  const table = (heads, rows, cls) => el('table', { class: cls },
    el('thead', null, el('tr', null, heads.map((h) => el('th', null, h)))), el('tbody', null, rows));
  const empty = (text) => el('p', { class: 'muted' }, text);

  /** Replaces a container's content, keeping which <details data-key> were open. */
  function rerender(container, ...nodes) {
    const open = new Set([...container.querySelectorAll('details[open][data-key]')].map((d) => d.dataset.key));
    container.replaceChildren(...nodes.flat(Infinity).filter((n) => n != null));
    for (const d of container.querySelectorAll('details[data-key]')) if (open.has(d.dataset.key)) d.open = true;
  }

  function notice(text, isError) {
    const n = $('notice');
    n.hidden = !text;
    n.textContent = text || '';
    n.className = isError ? 'error' : '';
  }

  // ------------------------------------------------------------------ the admin API

  async function api(path, method, body) {
    const init = { method: method || 'GET', headers: { Accept: 'application/json' }, cache: 'no-store',
      credentials: 'same-origin', redirect: 'error' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const r = await fetch('/__cio' + path, init);
    const text = await r.text();
    let json;
    try { json = text ? JSON.parse(text) : {}; } catch (e) { json = { error: text }; }
    if (!r.ok) {
      const err = new Error((json && json.error) || 'HTTP ' + r.status);
      err.status = r.status;
      throw err;
    }
    return json;
  }
  const ws = (path) => '/workspaces/' + enc(state.site) + (path || '');

  /** Runs an action, says what it did, and refreshes the view at once. */
  async function act(what, fn) {
    try {
      await fn();
      notice(what);
      if (state.current) {
        state.current.last = null;
        state.current.timeline = null;
      }
      await tick();
    } catch (e) {
      notice(what + ' failed: ' + e.message, true);
    }
  }

  // ------------------------------------------------------------------ routing: #/view[/arg]?site=..&...

  function parseHash() {
    const h = location.hash.replace(/^#\/?/, '');
    const i = h.indexOf('?');
    const path = i < 0 ? h : h.slice(0, i);
    const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
    return { view: parts[0] || 'overview', arg: parts.length > 1 ? parts.slice(1).join('/') : null,
      q: new URLSearchParams(i < 0 ? '' : h.slice(i + 1)) };
  }
  function href(view, arg, params) {
    const q = new URLSearchParams({ site: state.site || '' });
    for (const [k, v] of Object.entries(params || {})) if (v != null && v !== '') q.set(k, v);
    return '#/' + view + (arg != null ? '/' + enc(arg) : '') + '?' + q.toString();
  }
  function setParams(params) { // remembers a view's filters in the address without reloading the view
    const r = parseHash();
    history.replaceState(null, '', href(r.view, r.arg, params));
  }
  /** The path form of a person the admin API reads: the id, else cio_<cio_id>. */
  function personRef(p) {
    return p.id && !p.id.includes('@') && !p.id.startsWith('cio_') ? p.id : 'cio_' + p.cio_id;
  }
  const personLink = (p, label) => el('a', { href: href('person', personRef(p)) },
    label || p.id || p.email || 'cio_' + p.cio_id);

  async function loadWorkspaces(wanted) {
    const list = (await api('/workspaces')).workspaces;
    state.workspaces = list.map((w) => w.site_id);
    state.site = state.workspaces.includes(wanted) ? wanted
      : state.workspaces.includes(state.site) ? state.site : state.workspaces[0];
    const sel = $('workspace');
    sel.replaceChildren(...state.workspaces.map((s) => el('option', { value: s, selected: s === state.site }, s)));
  }

  async function route() {
    const r = parseHash();
    try {
      await loadWorkspaces(r.q.get('site'));
    } catch (e) {
      notice('the admin API did not answer: ' + e.message, true);
      return;
    }
    for (const a of document.querySelectorAll('header nav a')) {
      a.classList.toggle('active', a.dataset.view === (r.view === 'person' ? 'people' : r.view));
      a.setAttribute('href', href(a.dataset.view));
    }
    const view = VIEWS[r.view] || VIEWS.overview;
    const main = $('main');
    main.replaceChildren();
    const current = { view: r.view, last: null, refresh: null };
    state.current = current;
    current.refresh = view(main, r);
    document.title = 'cio-fake · ' + r.view;
    notice('');
    await tick();
  }

  async function tick() {
    const c = state.current;
    if (!c || !c.refresh || state.busy) return;
    state.busy = true;
    try {
      const clock = await api('/clock');
      $('clock').textContent = 'fake clock ' + clock.now.replace('T', ' ').replace(/\.\d+Z$/, 'Z')
        + (clock.advanced_ms ? ' (+' + Math.round(clock.advanced_ms / 1000) + ' s)' : '');
      await c.refresh(c);
      document.body.dataset.refreshed = String(Date.now());
    } catch (e) {
      notice(e.status === 401 ? 'the admin API asks for its token: reload the page and log in (any user name, the '
        + 'token as password)' : 'refresh failed: ' + e.message, true);
    } finally {
      state.busy = false;
    }
  }

  /** A refresh that renders only when the data changed, so open details and scroll positions stay. */
  function changed(c, data) {
    const key = JSON.stringify(data);
    if (c.last === key) return false;
    c.last = key;
    return true;
  }

  // ------------------------------------------------------------------ overview

  const CHAOS_PRESETS = { // the presets of the Java Chaos builder, as its rules' JSON
    latency: { label: 'latency (ms)', param: '1500', effect: (v) => ({ type: 'latency', fixed_ms: Number(v) }) },
    error: { label: 'error (status)', param: '503', effect: (v) => ({ type: 'error', status: Number(v) }) },
    rate_limit: { label: '429 storm', effect: () => ({ type: 'rate_limit' }) },
    outage: { label: 'outage (503)', effect: () => ({ type: 'outage' }) },
    fault: { label: 'connection fault', param: 'connection_reset',
      choices: ['connection_reset', 'empty_response', 'malformed_chunk', 'random_data'],
      effect: (v) => ({ type: 'fault', fault: v }) },
    slow_body: { label: 'slow body (ms)', param: '2000', effect: (v) => ({ type: 'slow_body', duration_ms: Number(v) }) },
  };

  function chaosForm() {
    const preset = el('select', { id: 'chaos-preset', 'aria-label': 'chaos preset' },
      Object.entries(CHAOS_PRESETS).map(([k, p]) => el('option', { value: k }, p.label)));
    const paramBox = el('span');
    let param = null;
    const showParam = () => {
      const p = CHAOS_PRESETS[preset.value];
      param = !p.param ? null : p.choices
        ? el('select', { id: 'chaos-param', 'aria-label': 'parameter' }, p.choices.map((c) => el('option', null, c)))
        : el('input', { id: 'chaos-param', 'aria-label': 'parameter', value: p.param, size: 6 });
      paramBox.replaceChildren(...(param ? [param] : []));
    };
    preset.addEventListener('change', showParam);
    showParam();
    const apiSel = el('select', { id: 'chaos-api', 'aria-label': 'API' },
      ['any API', 'track', 'app', 'pipelines'].map((a, i) => el('option', { value: i ? a : '' }, a)));
    const prob = el('input', { id: 'chaos-probability', 'aria-label': 'probability', value: '1', size: 4 });
    const forN = el('input', { id: 'chaos-for-requests', 'aria-label': 'for requests', placeholder: 'all', size: 5 });
    const scope = el('select', { id: 'chaos-scope', 'aria-label': 'scope' },
      el('option', { value: 'site' }, 'this workspace'), el('option', { value: 'all' }, 'every workspace'));
    const add = el('button', { id: 'chaos-add', type: 'button', onclick: () => {
      const p = CHAOS_PRESETS[preset.value];
      const match = {};
      if (scope.value === 'site') match.site_id = state.site;
      if (apiSel.value) match.api = apiSel.value;
      if (prob.value.trim() !== '' && Number(prob.value) !== 1) match.probability = Number(prob.value);
      if (forN.value.trim() !== '') match.for_requests = Number(forN.value);
      act('chaos rule added', () => api('/chaos', 'POST', { match, effect: p.effect(param ? param.value : null) }));
    } }, 'Add rule');
    return el('div', { class: 'row' }, 'Add', preset, paramBox, 'on', apiSel, 'of', scope, 'probability', prob,
      'for the next', forN, 'requests', add);
  }

  function overview(main) {
    const body = el('div', { id: 'overview' });
    const rules = el('div', { id: 'chaos-rules' });
    const seconds = el('input', { id: 'advance-seconds', 'aria-label': 'seconds', value: '60', size: 5 });
    main.append(el('h1', null, 'Overview'), body,
      el('div', { class: 'panel' }, el('h2', null, 'Chaos rules'), rules, chaosForm()),
      el('div', { class: 'panel' }, el('h2', null, 'Actions'), el('div', { class: 'row' },
        el('button', { id: 'advance-clock', type: 'button', onclick: () => act('clock advanced',
          () => api('/clock/advance', 'POST', { seconds: Number(seconds.value) })) }, 'Advance the clock by'),
        seconds, 'seconds (what falls due, such as webhook retries, is sent)',
        el('button', { id: 'reset-workspace', class: 'danger', type: 'button', onclick: () => {
          if (confirm('Forget every person, event, delivery, pitfall and chaos rule of workspace ' + state.site + '?')) {
            act('workspace reset', () => api('/reset?site_id=' + enc(state.site), 'POST'));
          }
        } }, 'Reset this workspace'))));
    return async (c) => {
      const site = enc(state.site);
      const [w, report, pitfalls, limits, chaos] = await Promise.all([api(ws()), api('/report?site_id=' + site),
        api('/pitfalls?group=id&site_id=' + site), api(ws('/rate-limits')), api('/chaos?site_id=' + site)]);
      const wr = (report.workspaces || []).find((x) => x.site_id === state.site) || {};
      if (!changed(c, [w.stats, wr.score, pitfalls, limits, chaos])) return;
      const s = w.stats;
      const card = (n, l, id) => el('div', { class: 'card', id }, el('div', { class: 'n' }, n), el('div', { class: 'l' }, l));
      rerender(body,
        el('div', { class: 'cards' },
          el('div', { class: 'card', id: 'score' }, el('div', { class: 'score' }, wr.score ?? '–'),
            el('div', { class: 'l' }, 'report score')),
          card(s.requests, 'requests', 'count-requests'), card(s.rejected_requests, 'rejected', 'count-rejected'),
          card(s.people, 'people', 'count-people'), card(s.events, 'events', 'count-events'),
          card(s.deliveries, 'deliveries', 'count-deliveries'), card(pitfalls.pitfalls.reduce((n, g) => n + g.count, 0), 'pitfalls', 'count-pitfalls')),
        el('div', { class: 'panel' }, el('h2', null, 'Pitfalls by id'),
          pitfalls.pitfalls.length === 0 ? empty('No pitfalls: nothing the fake judged wrong (yet).')
            : el('div', { id: 'pitfall-groups' }, pitfalls.pitfalls.map(pitfallGroup))),
        el('div', { class: 'grid2' },
          el('div', { class: 'panel' }, el('h2', null, 'Rate limits ', badge(limits.enabled ? 'on' : 'off')),
            table(['class', 'limit', 'tokens left', 'admitted', 'rejected', 'bursts'],
              Object.entries(limits.classes || {}).map(([k, v]) => el('tr', null, el('td', null, k),
                el('td', null, v.limit), el('td', { class: 'num' }, v.tokens_left), el('td', { class: 'num' }, v.admitted),
                el('td', { class: 'num' }, v.rejected), el('td', { class: 'num' }, v.bursts))))),
          el('div', { class: 'panel' }, el('h2', null, 'Settings'), pre(w.settings))));
      rerender(rules, chaos.rules.length === 0 ? empty('No chaos rules in force for this workspace.')
        : table(['id', 'effect', 'match', 'matched', 'fired', ''], chaos.rules.map((r) => el('tr', { 'data-rule': r.id },
          el('td', null, el('code', null, r.id)), el('td', null, r.effect),
          el('td', null, el('code', null, Object.entries(r.match || {}).filter(([, v]) => v != null)
            .map(([k, v]) => k + '=' + v).join(' '))),
          el('td', { class: 'num' }, r.matched), el('td', { class: 'num' }, r.fired),
          el('td', null, el('button', { type: 'button', class: 'danger', onclick: () => act('chaos rule removed',
            () => api('/chaos/' + enc(r.id), 'DELETE')) }, 'Remove')))), 'chaos'));
    };
  }

  function pitfallGroup(g) {
    return el('details', { class: 'pitfall-group', 'data-key': 'pg-' + g.id, 'data-pitfall': g.id },
      el('summary', null, badge(g.severity, g.severity), ' ', el('strong', null, g.id), ' ×', g.count, ' — ', g.message,
        el('div', { class: 'fix' }, 'Fix: ', g.fix)),
      g.first ? [el('div', { class: 'muted' }, 'First evidence (request ', g.first.request_id || '–', ', ', g.first.at, ')'),
        el('div', { class: 'evidence' }, pre(g.first.evidence))] : null,
      el('a', { href: href('requests', null, { pitfall: g.id }) }, 'the requests that raised it'));
  }

  // ------------------------------------------------------------------ people

  function people(main, r) {
    let q = r.q.get('q') || '';
    const input = el('input', { id: 'people-search', type: 'search', value: q, size: 40,
      placeholder: 'id, email, cio_id, attribute or name=value', 'aria-label': 'search people' });
    const results = el('div', { id: 'people-results' });
    let timer = null;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => { q = input.value; setParams({ q }); state.current.last = null; tick(); }, 250);
    });
    main.append(el('h1', null, 'People'), el('div', { class: 'row' }, input), results);
    return async (c) => {
      const data = await api(ws('/people?limit=200' + (q ? '&q=' + enc(q) : '')));
      if (!changed(c, [q, data])) return;
      rerender(results, data.people.length === 0 ? empty(q ? 'Nobody matches.' : 'Nobody was identified yet.')
        : table(['id', 'email', 'cio_id', 'state', 'attributes', 'updated'], data.people.map((p) => el('tr', null,
          el('td', null, personLink(p, p.id || '(no id)')), el('td', null, p.email || ''), el('td', null, el('code', null, p.cio_id)),
          el('td', null, personFlags(p)), el('td', { class: 'num' }, Object.keys(p.attributes || {}).length),
          el('td', null, p.updated_at ? new Date(p.updated_at * 1000).toISOString() : '')))));
    };
  }

  function personFlags(p) {
    return [p.identified ? badge('identified', 'ok') : badge('not identified', 'warning'),
      p.suppressed ? [' ', badge('suppressed', 'error')] : null, p.unsubscribed ? [' ', badge('unsubscribed', 'warning')] : null,
      p.deleted ? [' ', badge('deleted', 'error')] : null];
  }

  function typeOf(v) {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'array';
    if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
    return typeof v;
  }

  function person(main, r) {
    const ref = r.arg;
    const head = el('div', { id: 'person-head' });
    const details = el('div', { id: 'person-details', class: 'grid2' });
    const timeline = el('ol', { id: 'timeline', class: 'timeline' });
    const simulate = (metric, label) => el('button', { type: 'button', id: 'simulate-' + metric, onclick: () =>
      act(label + ' simulated', () => api('/simulate/' + metric, 'POST', { site_id: state.site, person: ref })) }, label);
    main.append(el('h1', null, 'Person ', el('code', null, ref)), head,
      el('div', { class: 'row' }, 'Simulate:', simulate('bounced', 'bounce'), simulate('spammed', 'complaint'),
        simulate('unsubscribed', 'unsubscribe'),
        el('a', { href: href('requests', null, { person: ref }) }, 'their requests')),
      details, el('h2', null, 'Timeline (newest first)'), timeline);
    return async (c) => {
      let data;
      try {
        data = await api(ws('/people/' + enc(ref) + '/timeline'));
      } catch (e) {
        if (e.status !== 404) throw e;
        if (changed(c, 404)) rerender(head, empty('No person ' + ref + ' in workspace ' + state.site + '.'));
        return;
      }
      const p = data.person;
      const timelineChanged = changed(c.timeline || (c.timeline = {}), data.timeline);
      if (changed(c, p)) {
        renderPerson(p);
      }
      if (timelineChanged) {
        rerender(timeline, data.timeline.length === 0 ? el('li', null, 'Nothing touched this person yet.')
          : data.timeline.map(timelineItem));
      }
    };

    function renderPerson(p) {
      rerender(head, el('div', { class: 'row' }, 'id ', el('code', null, p.id ?? '–'), ' email ', el('code', null, p.email ?? '–'),
        ' cio_id ', el('code', null, p.cio_id), ' ', personFlags(p)));
      const attrs = Object.entries(p.attributes || {});
      rerender(details,
        el('div', { class: 'panel' }, el('h2', null, 'Attributes'), attrs.length === 0 ? empty('none')
          : table(['name', 'value', 'type'], attrs.map(([k, v]) => el('tr', null, el('td', null, el('code', null, k)),
            el('td', null, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)),
            el('td', null, badge(typeOf(v))))), 'attributes')),
        el('div', { class: 'panel' }, el('h2', null, 'Devices, segments, suppression'),
          p.devices.length === 0 ? empty('no devices') : table(['device', 'platform', 'last used'], p.devices.map((d) =>
            el('tr', null, el('td', null, el('code', null, d.id || d.token || '')), el('td', null, d.platform || ''),
              el('td', null, d.last_used ?? '')))),
          el('p', null, 'Segments: ', p.segments.length ? p.segments.join(', ') : 'none'),
          el('p', null, 'Suppressed: ', String(p.suppressed), ' · unsubscribed: ', String(p.unsubscribed),
            ' · anonymous ids: ', p.anonymous_ids.length ? p.anonymous_ids.join(', ') : 'none')));
    }
  }

  function timelineItem(t, i) {
    const key = t.kind + '-' + (t.request_id || '') + '-' + t.at_ms + '-' + (t.pitfall ? t.pitfall.id : '')
      + (t.attempt ? t.attempt.event_id + '#' + t.attempt.attempt : '') + (t.webhook_event ? t.webhook_event.event_id : '')
      + (t.delivery ? t.delivery.delivery_id : '') + (t.event ? t.event.seq : '');
    let title;
    let body;
    switch (t.kind) {
      case 'request':
        title = [statusBadge(t.status), ' ', t.operation || '', ' ', el('code', null, t.method + ' ' + t.path),
          t.event ? [' — ', t.event.type || 'event', ' ', el('strong', null, t.event.name || '')] : null,
          t.injected_fault ? [' ', badge('chaos: ' + t.injected_fault, 'warning')] : null];
        body = [t.errors.length ? pre(t.errors.join('\n')) : null, t.event ? pre(t.event.data) : null,
          el('div', { class: 'muted' }, 'request ', t.request_id)];
        break;
      case 'event':
        title = [badge(t.event.type || 'event'), ' ', el('strong', null, t.event.name || '')];
        body = pre(t.event.data);
        break;
      case 'pitfall':
        title = [badge(t.pitfall.severity, t.pitfall.severity), ' ', el('strong', null, t.pitfall.id), ': ', t.pitfall.message];
        body = [el('p', { class: 'fix' }, 'Fix: ', t.pitfall.fix), el('div', { class: 'evidence' }, pre(t.pitfall.evidence))];
        break;
      case 'delivery':
        title = ['send ', el('code', null, t.delivery.delivery_id), ' (', t.delivery.channel, ') ', badge(t.delivery.state)];
        body = pre(t.delivery);
        break;
      case 'delivery_event':
        title = ['delivery event ', el('strong', null, t.webhook_event.metric), ' (', t.webhook_event.object_type, ')'];
        body = pre(t.webhook_event);
        break;
      case 'webhook_attempt': {
        const a = t.attempt;
        title = ['webhook attempt #', a.attempt, ' ', el('strong', null, a.metric), ' → ',
          a.status != null ? statusBadge(a.status) : badge(a.error || 'no answer', 'error'), ' in ', a.latency_ms, ' ms',
          a.next_retry_ms != null ? ' · retry in ' + a.next_retry_ms + ' ms' : '', a.delivered ? ' · delivered' : ''];
        body = pre(a);
        break;
      }
      default:
        title = t.kind;
        body = pre(t);
    }
    return el('li', { class: t.kind, 'data-kind': t.kind, 'data-index': i },
      el('details', { 'data-key': key }, el('summary', null, when(t.at), badge(t.kind.replace('_', ' '), 'kind'), ' ', title), body));
  }

  // ------------------------------------------------------------------ requests

  function requests(main, r) {
    const f = { api: r.q.get('api') || '', status: r.q.get('status') || '', pitfall: r.q.get('pitfall') || '',
      person: r.q.get('person') || '', scope: r.q.get('scope') || '' };
    const scope = el('select', { id: 'filter-scope', 'aria-label': 'workspaces' },
      el('option', { value: '' }, 'this workspace'),
      el('option', { value: 'all', selected: f.scope === 'all' }, 'every workspace (and unknown keys)'));
    const apiSel = el('select', { id: 'filter-api', 'aria-label': 'API' },
      ['', 'track', 'app', 'pipelines'].map((a) => el('option', { value: a, selected: a === f.api }, a || 'any API')));
    const status = el('input', { id: 'filter-status', 'aria-label': 'status', value: f.status, size: 4, placeholder: 'any' });
    const pitfall = el('select', { id: 'filter-pitfall', 'aria-label': 'pitfall' }, el('option', { value: '' }, 'any or none'));
    const who = el('input', { id: 'filter-person', 'aria-label': 'person', value: f.person, size: 16, placeholder: 'id, email' });
    const results = el('div', { id: 'request-results' });
    const apply = () => {
      Object.assign(f, { api: apiSel.value, status: status.value.trim(), pitfall: pitfall.value, person: who.value.trim(),
        scope: scope.value });
      setParams(f);
      state.current.last = null;
      tick();
    };
    for (const i of [apiSel, pitfall, scope]) i.addEventListener('change', apply);
    for (const i of [status, who]) i.addEventListener('change', apply);
    main.append(el('h1', null, 'Requests'), el('div', { class: 'row' }, scope, 'API', apiSel, 'status', status, 'pitfall', pitfall,
      'person', who, el('button', { type: 'button', id: 'filter-apply', onclick: apply }, 'Filter')), results);
    return async (c) => {
      if (!state.catalog) state.catalog = (await api('/report?site_id=' + enc(state.site))).catalog.map((d) => d.id);
      if (pitfall.options.length === 1) {
        pitfall.append(...state.catalog.map((id) => el('option', { value: id, selected: id === f.pitfall }, id)));
      }
      const q = new URLSearchParams({ limit: '200' });
      if (f.scope !== 'all') q.set('site_id', state.site);
      for (const [k, v] of Object.entries(f)) if (v && k !== 'scope') q.set(k, v);
      const data = await api('/requests?' + q.toString());
      if (!changed(c, data)) return;
      const list = data.requests.slice().reverse();
      rerender(results, el('p', { class: 'muted' }, list.length + ' shown (newest first) of ' + data.total + ' received'
        + (data.dropped ? ', ' + data.dropped + ' dropped from the journal' : '')),
      list.length === 0 ? empty('No request matches.') : list.map(requestEntry));
    };
  }

  function requestEntry(e) {
    return el('details', { class: 'request', 'data-key': e.id, 'data-request': e.id },
      el('summary', null, when(e.received_at), statusBadge(e.status), ' ', e.site_id == null ? badge('no workspace', 'warning')
        : e.site_id !== state.site ? badge(e.site_id) : null, ' ', el('code', null, e.method + ' ' + e.path
        + (e.query ? '?' + e.query : '')), ' ', badge(e.api || '–'), ' ', e.operation || '',
      e.injected_fault ? [' ', badge('chaos: ' + e.injected_fault, 'warning')] : null,
      (e.pitfalls || []).map((p) => [' ', badge(p, 'error')])),
      el('div', { class: 'grid2' },
        el('div', null, el('h2', null, 'Request'), el('div', { class: 'muted' }, e.id, ' · connection ', e.connection || '–',
          ' · ', e.body_bytes, ' bytes · ', e.duration_ms, ' ms'), pre(e.headers),
          e.body !== undefined ? pre(e.body) : e.body_text !== undefined ? pre(e.body_text) : empty('no body')),
        el('div', null, el('h2', null, 'Response'), el('p', null, 'Status ', statusBadge(e.status),
          e.injected_fault ? [' injected by chaos: ', e.injected_fault] : null),
          e.errors.length ? pre(e.errors.join('\n')) : empty('no errors'),
          e.response_body != null ? pre(pretty(e.response_body)) : empty('no body'),
          el('h2', null, 'Pitfalls it raised'), (e.pitfalls || []).length === 0 ? empty('none')
            : el('p', null, e.pitfalls.map((p) => [el('a', { href: href('requests', null, { pitfall: p }) }, p), ' '])))));
  }

  // ------------------------------------------------------------------ deliveries and webhooks

  function deliveries(main) {
    const body = el('div', { id: 'deliveries' });
    main.append(el('h1', null, 'Deliveries and webhooks'), body);
    return async (c) => {
      const [d, hooks, sent] = await Promise.all([api(ws('/deliveries')), api(ws('/webhooks')), api(ws('/webhooks/deliveries'))]);
      if (!changed(c, [d, hooks, sent])) return;
      const lifecycle = (id) => sent.events.filter((e) => e.data && e.data.delivery_id === id)
        .map((e) => e.metric).join(' → ');
      rerender(body,
        el('div', { class: 'panel' }, el('h2', null, 'Messages sent'), d.deliveries.length === 0 ? empty('No message was sent.')
          : table(['delivery', 'channel', 'to', 'person', 'state', 'lifecycle (webhook events)'], d.deliveries.slice().reverse()
            .map((x) => el('tr', { 'data-delivery': x.delivery_id }, el('td', null, el('code', null, x.delivery_id)),
              el('td', null, x.channel), el('td', null, typeof x.recipient === 'string' ? x.recipient : JSON.stringify(x.recipient)),
              el('td', null, x.person ? personLink(x.person) : ''), el('td', null, badge(x.state)),
              el('td', null, lifecycle(x.delivery_id) || '–'))))),
        el('div', { class: 'panel' }, el('h2', null, 'Webhook endpoints'), hooks.webhooks.length === 0
          ? empty('No reporting webhook is configured (POST /__cio/workspaces/{site_id}/webhooks, or --webhook-url).')
          : el('ul', null, hooks.webhooks.map((h) => el('li', null, el('code', null, h.url))))),
        el('div', { class: 'panel' }, el('h2', null, 'Webhook attempts (newest first)'), sent.attempts.length === 0
          ? empty('No webhook was attempted.')
          : table(['at', 'event', 'metric', 'url', 'attempt', 'status', 'latency', 'delivered', 'next retry'],
            sent.attempts.slice().reverse().map((a) => el('tr', { class: 'attempt', 'data-metric': a.metric },
              el('td', null, when(a.at)), el('td', null, el('code', null, a.event_id)), el('td', null, a.metric + ' (' + a.object_type + ')'),
              el('td', null, el('code', null, a.url)), el('td', { class: 'num' }, a.attempt),
              el('td', null, a.status != null ? statusBadge(a.status) : badge(a.error || 'no answer', 'error')),
              el('td', { class: 'num' }, a.latency_ms + ' ms'), el('td', null, a.delivered ? 'yes' : 'no'),
              el('td', null, a.next_retry_ms != null ? a.next_retry_ms + ' ms' : '–'))), 'attempts')),
        el('div', { class: 'panel' }, el('h2', null, 'Delivery events emitted'), sent.events.length === 0 ? empty('none')
          : sent.events.slice().reverse().map((e) => el('details', { 'data-key': 'ev-' + e.event_id },
            el('summary', null, el('strong', null, e.metric), ' (', e.object_type, ') ', el('code', null, e.event_id)), pre(e)))));
    };
  }

  const VIEWS = { overview, people, person, requests, deliveries };

  // ------------------------------------------------------------------ start

  window.addEventListener('hashchange', route);
  $('workspace').addEventListener('change', (e) => {
    state.site = e.target.value;
    state.catalog = null;
    const r = parseHash();
    location.hash = href(r.view === 'person' ? 'people' : r.view).slice(1);
  });
  setInterval(() => {
    if ($('live').checked && document.visibilityState === 'visible') tick();
  }, POLL_MS);
  route();
})();
