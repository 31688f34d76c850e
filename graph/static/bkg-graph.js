/*
 * bilateral-kg: the relation network in the browser.
 *
 * One script for the standalone view (`bkg view`, data inlined in the page) and for the
 * explorer served by `bkg serve` (data fetched from /api/...). Every text that comes from
 * the data (names, sentences, titles, paths) is put into the page with textContent or drawn
 * on the canvas by vis-network; nothing from the data is ever parsed as HTML.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- DOM helpers
  function h(tag, props, children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = String(value);
        else if (key === 'href') node.setAttribute('href', safeHref(value));
        else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of [].concat(children === undefined ? [] : children)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Only same-site paths and Wikidata pages are ever linked to. */
  function safeHref(url) {
    const text = String(url);
    if (/^\/(?!\/)/.test(text) || /^[?#]/.test(text)) return text;
    if (/^https:\/\/www\.wikidata\.org\/wiki\/Q[0-9]+$/.test(text)) return text;
    return '#';
  }

  function byId(id) { return document.getElementById(id); }

  function readJSON(id) {
    const node = byId(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function fmt(value) { return (Math.round(value * 100) / 100).toFixed(2); }

  function plural(count, word, many) { return count + ' ' + (count === 1 ? word : (many || word + 's')); }

  /** How many documents a node or edge is in (a count when its list was left on the server). */
  function documentCount(item) {
    return typeof item.document_count === 'number' ? item.document_count : (item.documents || []).length;
  }

  /** Whether an edge arrived without its evidence (read from the summaries: asked for when opened). */
  function summarised(edge) {
    return !edge.fold && edge.evidence.length === 0 && edge.evidence_count > 0;
  }

  /** An ISO day (YYYY-MM-DD) or null. */
  function isoDay(value) {
    return value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
  }

  /** A sentence with its cue words marked, as DOM nodes (no HTML parsing). */
  function markedSentence(sentence, cue) {
    const span = h('span', {class: 'bkg-sentence'});
    const at = cue ? sentence.toLowerCase().indexOf(cue.toLowerCase()) : -1;
    if (at < 0) { span.textContent = sentence; return span; }
    span.appendChild(document.createTextNode(sentence.slice(0, at)));
    span.appendChild(h('mark', {text: sentence.slice(at, at + cue.length)}));
    span.appendChild(document.createTextNode(sentence.slice(at + cue.length)));
    return span;
  }

  const RELATION_LABELS = {
    meetsWith: 'meets with', cooperatesWith: 'cooperates with', providesAid: 'provides aid to',
    officialOf: 'official of', memberOf: 'member of', locatedIn: 'located in',
    investsIn: 'invests in', lendsTo: 'lends to', donatesTo: 'donates to',
    imposesTariffsOn: 'imposes tariffs on', holdsTalksWith: 'holds talks with',
  };
  function relationText(name) { return RELATION_LABELS[name] || name; }

  /** At least this many leaves on one hub by one relation are drawn as one "+N" node. */
  const FOLD_AT = 5;
  const FOLD = 'fold:';

  // ---------------------------------------------------------------- the application
  class GraphApp {
    constructor(config, styles, options, payload) {
      this.config = config;
      this.server = config.mode === 'server';
      this.styles = styles;
      this.documents = {};
      this.nodes = new vis.DataSet();
      this.edges = new vis.DataSet();
      this.visibleNodes = new Set();
      this.visibleEdges = new Set();
      this.pinned = new Set();
      this.expanded = new Map();  // entity -> depth of the neighbourhood loaded around it
      this.unfolded = new Set();  // folds the user opened
      this.focus = null;
      this.filters = {
        relations: null, classes: null, modality: new Set(['factual', 'planned']),
        minConfidence: 0, country: '', dateFrom: '', dateTo: '', undated: true,
      };
      this.nodeView = new vis.DataView(this.nodes, {filter: (n) => this.visibleNodes.has(n.id)});
      this.edgeView = new vis.DataView(this.edges, {filter: (e) => this.visibleEdges.has(e.id)});
      this.container = byId('bkg-graph');
      this.tooltip = byId('bkg-tooltip');
      this.bindControls();
      // Data first, network second: the first drawing is then the only one.
      if (payload) this.load(payload);
      this.network = new vis.Network(this.container, {nodes: this.nodeView, edges: this.edgeView}, options);
      this.bindNetwork();
    }

    // ------------------------------------------------------------ loading data
    /** Merge a payload ({nodes, edges, documents, focus}); new nodes go around `anchor`. */
    load(payload, anchor) {
      Object.assign(this.documents, payload.documents || {});
      const existing = new Set(this.nodes.getIds());
      const fresh = payload.nodes.filter((n) => !existing.has(n.id));
      if (existing.size > 0 && fresh.length) this.place(payload, fresh, existing, anchor);
      this.nodes.update(payload.nodes.map((n) => existing.has(n.id) ? this.keepPosition(n) : n));
      this.edges.update(payload.edges);
      for (const id of payload.focus || []) this.pinned.add(id);
      this.refreshControls();
      this.applyFilters();
      return {nodes: fresh.length, edges: payload.edges.length};
    }

    /** Copy where the drawn nodes are now (dragged or not) into the data set. */
    keepPositions(ids) {
      if (!this.network) return;
      // vis-network's storePositions() fails on nodes a filter hides: only ask for drawn ones.
      const drawn = this.network.getPositions(ids);
      this.nodes.update(Object.entries(drawn).map(([id, p]) => ({id, x: p.x, y: p.y})));
    }

    keepPosition(node) {
      const copy = Object.assign({}, node);
      delete copy.x; delete copy.y;
      return copy;
    }

    /** Positions for fresh nodes: around the anchor, away from what is already there. */
    place(payload, fresh, existing, anchor) {
      this.keepPositions();
      const taken = new SpatialGrid(70);
      let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
      for (const n of this.nodes.get()) {
        if (typeof n.x !== 'number') continue;
        taken.add(n.x, n.y);
        minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
        minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
      }
      const byIdMap = new Map(payload.nodes.map((n) => [n.id, n]));
      if (anchor === undefined || anchor === null || !existing.has(anchor)) {
        anchor = (payload.focus || []).find((f) => existing.has(f));
      }
      let pending = fresh;
      if (anchor === undefined) {
        const focus = (payload.focus || [])[0];
        const link = payload.edges.find((e) => (e.from === focus && existing.has(e.to)) || (e.to === focus && existing.has(e.from)));
        if (focus !== undefined && link) {
          const near = this.nodes.get(link.from === focus ? link.to : link.from);
          const [spot] = this.ring(near, [byIdMap.get(focus)], taken, minX, maxX, minY, maxY);
          Object.assign(byIdMap.get(focus), spot);
          anchor = focus;
          pending = fresh.filter((n) => n.id !== focus);
        } else {
          // Nothing in common with the drawing: put the payload's own layout beside it.
          const xs = fresh.map((n) => n.x), ys = fresh.map((n) => n.y);
          const dx = maxX + 300 - Math.min(...xs), dy = (minY + maxY) / 2 - (Math.min(...ys) + Math.max(...ys)) / 2;
          for (const n of fresh) { n.x += dx; n.y += dy; }
          return;
        }
      }
      const centre = byIdMap.get(anchor) && typeof byIdMap.get(anchor).x === 'number' && !existing.has(anchor)
        ? byIdMap.get(anchor) : this.nodes.get(anchor);
      const spots = this.ring(centre, pending, taken, minX, maxX, minY, maxY);
      pending.forEach((n, i) => Object.assign(n, spots[i]));
    }

    /** Free spots on rings around `centre`, facing away from its loaded neighbours. */
    ring(centre, items, taken, minX, maxX, minY, maxY) {
      const neighbours = this.connectedPositions(centre.id);
      let ax = centre.x - (minX + maxX) / 2, ay = centre.y - (minY + maxY) / 2;
      if (neighbours.length) {
        ax = centre.x - neighbours.reduce((s, p) => s + p.x, 0) / neighbours.length;
        ay = centre.y - neighbours.reduce((s, p) => s + p.y, 0) / neighbours.length;
      }
      const away = (Math.abs(ax) + Math.abs(ay) < 1e-6) ? 0 : Math.atan2(ay, ax);
      const spots = [];
      let radius = 150, slot = 0, tries = 0;
      while (spots.length < items.length && tries < 20000) {
        const capacity = Math.max(8, Math.floor(2 * Math.PI * radius / 62));
        const k = slot % capacity;
        // Fill outward from the `away` direction, alternating sides.
        const step = Math.ceil(k / 2) * (k % 2 ? 1 : -1);
        const theta = away + step * 2 * Math.PI / capacity;
        const x = centre.x + radius * Math.cos(theta), y = centre.y + radius * Math.sin(theta);
        if (!taken.near(x, y, 55)) { spots.push({x, y}); taken.add(x, y); }
        slot += 1; tries += 1;
        if (slot % capacity === 0) radius += 75;
      }
      while (spots.length < items.length) spots.push({x: centre.x + radius, y: centre.y + spots.length * 20});
      return spots;
    }

    connectedPositions(id) {
      const out = [];
      for (const e of this.edges.get()) {
        const other = e.from === id ? e.to : e.to === id ? e.from : null;
        if (other === null) continue;
        const n = this.nodes.get(other);
        if (n && typeof n.x === 'number') out.push(n);
      }
      return out;
    }

    // ------------------------------------------------------------ filters
    evidencePasses(ev) {
      const f = this.filters;
      if (ev.confidence < f.minConfidence) return false;
      if (!f.modality.has(ev.modality)) return false;
      if (f.dateFrom || f.dateTo || !f.undated) {
        // The date of the event the sentence reports, else its document's
        const date = isoDay(ev.event_date) || isoDay((this.documents[ev.doc_id] || {}).date);
        if (!date) return f.undated;
        if (f.dateFrom && date < f.dateFrom) return false;
        if (f.dateTo && date > f.dateTo) return false;
      }
      return true;
    }

    edgePasses(edge) {
      if (edge.fold) return false;
      const f = this.filters;
      if (f.relations && !f.relations.has(edge.relation)) return false;
      if (summarised(edge)) return this.summaryPasses(edge);
      return edge.evidence.some((ev) => this.evidencePasses(ev));
    }

    /**
     * The filters applied to an edge's summary: its best confidence, whether it has factual
     * or planned evidence, whether its first to last event date meets the date range. (Each
     * test on its own: "a factual sentence above 0.9" needs the evidence, read when opened.)
     */
    summaryPasses(edge) {
      const f = this.filters;
      if (edge.confidence < f.minConfidence) return false;
      const factual = edge.factual_count || 0;
      if (!((factual > 0 && f.modality.has('factual')) || (edge.evidence_count > factual && f.modality.has('planned')))) return false;
      if (f.dateFrom || f.dateTo || !f.undated) {
        const first = isoDay(edge.first_date), last = isoDay(edge.last_date);
        if (!first) return f.undated;
        if (f.dateFrom && last < f.dateFrom) return false;
        if (f.dateTo && first > f.dateTo) return false;
      }
      return true;
    }

    nodePasses(node) {
      return !this.filters.classes || this.filters.classes.has(node.type);
    }

    /** Nodes that belong to the chosen country: itself, its officials, places in it. */
    countryMembers(country) {
      const members = new Set([country]);
      for (const e of this.edges.get()) {
        if (!e.fold && e.to === country && (e.relation === 'officialOf' || e.relation === 'locatedIn')) members.add(e.from);
      }
      return members;
    }

    applyFilters() {
      const nodes = new Map(this.nodes.get({filter: (n) => !n.fold}).map((n) => [n.id, n]));
      const members = this.filters.country ? this.countryMembers(this.filters.country) : null;
      const edges = new Set(), shown = new Set();
      for (const e of this.edges.get()) {
        const a = nodes.get(e.from), b = nodes.get(e.to);
        if (!a || !b || !this.nodePasses(a) || !this.nodePasses(b)) continue;
        if (members && !members.has(e.from) && !members.has(e.to)) continue;
        if (!this.edgePasses(e)) continue;
        edges.add(e.id); shown.add(e.from); shown.add(e.to);
      }
      for (const id of this.pinned) if (nodes.has(id)) shown.add(id);
      const folded = this.foldLeaves(edges, shown);
      this.visibleEdges = edges;
      this.visibleNodes = shown;
      if (this.network) {
        this.nodeView.refresh();
        this.edgeView.refresh();
      }
      const total = this.edges.get({filter: (e) => !e.fold}).length;
      this.status(`Showing ${plural(shown.size - folded.folds, 'entity', 'entities')} of ${nodes.size}, `
        + `${plural(edges.size - folded.folds, 'relation')} of ${total}`
        + (folded.leaves ? ` (${folded.leaves} folded into ${plural(folded.folds, '+N node')})` : ''));
      this.writeState(false);
    }

    /**
     * Fold the leaves (entities with one shown relation) that hang on one hub by the same
     * relation and direction into one "+N" node, when there are FOLD_AT or more; clicking
     * it unfolds them. Changes ``edges`` and ``shown`` in place and keeps the fold nodes and
     * edges in the data sets (marked ``fold``) in step.
     */
    foldLeaves(edges, shown) {
      const degree = new Map();
      const list = [...edges].map((id) => this.edges.get(id));
      for (const e of list) for (const end of [e.from, e.to]) degree.set(end, (degree.get(end) || 0) + 1);
      const groups = new Map();
      for (const e of list) {
        const fromLeaf = degree.get(e.from) === 1, toLeaf = degree.get(e.to) === 1;
        if (fromLeaf === toLeaf) continue;
        const leaf = fromLeaf ? e.from : e.to, hub = fromLeaf ? e.to : e.from;
        const key = FOLD + hub + '|' + e.relation + '|' + (fromLeaf ? 'in' : 'out');
        if (this.pinned.has(leaf) || this.unfolded.has(key) || leaf === this.focus) continue;
        if (!groups.has(key)) groups.set(key, {hub, relation: e.relation, incoming: fromLeaf, leaves: [], edges: []});
        groups.get(key).leaves.push(leaf);
        groups.get(key).edges.push(e.id);
      }
      const foldNodes = [], foldEdges = [];
      let leaves = 0;
      for (const [key, group] of groups) {
        if (group.leaves.length < FOLD_AT) continue;
        leaves += group.leaves.length;
        for (const id of group.leaves) shown.delete(id);
        for (const id of group.edges) edges.delete(id);
        foldNodes.push(this.foldNode(key, group));
        foldEdges.push({id: key, fold: true, relation: group.relation, evidence: [],
          from: group.incoming ? key : group.hub, to: group.incoming ? group.hub : key,
          color: {color: this.styles.relations[group.relation] || '#888'}, dashes: [4, 4], width: 1.5});
        shown.add(key);
        edges.add(key);
      }
      const keep = new Set(foldNodes.map((n) => n.id));
      this.edges.remove(this.edges.getIds({filter: (e) => e.fold && !keep.has(e.id)}));
      this.nodes.remove(this.nodes.getIds({filter: (n) => n.fold && !keep.has(n.id)}));
      this.nodes.update(foldNodes.map((n) => this.nodes.get(n.id) ? this.keepPosition(n) : n));
      this.edges.update(foldEdges);
      return {folds: foldNodes.length, leaves};
    }

    foldNode(key, group) {
      const spots = group.leaves.map((id) => this.nodes.get(id)).filter((n) => typeof n.x === 'number');
      const hub = this.nodes.get(group.hub);
      const x = spots.length ? spots.reduce((t, n) => t + n.x, 0) / spots.length : (hub.x || 0) + 120;
      const y = spots.length ? spots.reduce((t, n) => t + n.y, 0) / spots.length : (hub.y || 0);
      return {id: key, fold: true, x, y, leaves: group.leaves, relation: group.relation, hub: group.hub,
        incoming: group.incoming, label: '+' + group.leaves.length, shape: 'box', value: 1,
        color: {background: '#f0f4f8', border: '#7b8794'}, font: {size: 16}};
    }

    unfold(key) {
      const count = (this.nodes.get(key) || {leaves: []}).leaves.length;
      this.unfolded.add(key);
      this.applyFilters();
      this.status(`Unfolded ${plural(count, 'entity', 'entities')}.`);
    }

    // ------------------------------------------------------------ controls
    bindControls() {
      const app = this;
      byId('bkg-confidence').addEventListener('input', function () {
        app.filters.minConfidence = parseFloat(this.value);
        byId('bkg-confidence-value').textContent = fmt(app.filters.minConfidence);
        app.applyFilters();
      });
      for (const box of document.querySelectorAll('input[name="bkg-modality"]')) {
        box.addEventListener('change', () => {
          app.filters.modality = new Set([...document.querySelectorAll('input[name="bkg-modality"]:checked')].map((b) => b.value));
          app.applyFilters();
        });
      }
      byId('bkg-country').addEventListener('change', function () { app.filters.country = this.value; app.applyFilters(); });
      byId('bkg-date-from').addEventListener('change', function () { app.filters.dateFrom = this.value; app.applyFilters(); });
      byId('bkg-date-to').addEventListener('change', function () { app.filters.dateTo = this.value; app.applyFilters(); });
      byId('bkg-undated').addEventListener('change', function () { app.filters.undated = this.checked; app.applyFilters(); });
      byId('bkg-rel-all').addEventListener('click', () => app.setAll('bkg-relations', true));
      byId('bkg-rel-none').addEventListener('click', () => app.setAll('bkg-relations', false));
      byId('bkg-fit').addEventListener('click', () => app.network.fit({animation: {duration: 300}}));
      byId('bkg-reset').addEventListener('click', () => app.resetFilters());
      byId('bkg-panel-close').addEventListener('click', () => {
        app.setPanel(false); app.network.unselectAll(); app.focus = null; app.writeState(true);
      });
      const search = byId('bkg-search');
      search.addEventListener('input', () => app.suggest(search.value));
      search.addEventListener('keydown', (event) => app.searchKey(event));
      search.addEventListener('blur', () => setTimeout(() => { byId('bkg-suggestions').hidden = true; }, 200));
    }

    setAll(listId, checked) {
      for (const box of byId(listId).querySelectorAll('input[type=checkbox]')) box.checked = checked;
      this.readChecks();
      this.applyFilters();
    }

    readChecks() {
      const checked = (listId) => new Set([...byId(listId).querySelectorAll('input:checked')].map((b) => b.value));
      const all = (listId) => byId(listId).querySelectorAll('input:not(:checked)').length === 0;
      this.filters.relations = all('bkg-relations') ? null : checked('bkg-relations');
      this.filters.classes = all('bkg-classes') ? null : checked('bkg-classes');
    }

    resetFilters() {
      for (const box of document.querySelectorAll('#bkg-controls input[type=checkbox]')) box.checked = true;
      byId('bkg-confidence').value = '0';
      byId('bkg-confidence-value').textContent = fmt(0);
      byId('bkg-country').value = '';
      byId('bkg-date-from').value = '';
      byId('bkg-date-to').value = '';
      Object.assign(this.filters, {relations: null, classes: null, modality: new Set(['factual', 'planned']),
        minConfidence: 0, country: '', dateFrom: '', dateTo: '', undated: true});
      this.applyFilters();
    }

    /** Legend and filter lists reflect what is loaded (counts, countries, dates). */
    refreshControls() {
      const classCounts = {}, relationCounts = {};
      for (const n of this.nodes.get()) classCounts[n.type] = (classCounts[n.type] || 0) + 1;
      for (const e of this.edges.get({filter: (x) => !x.fold})) relationCounts[e.relation] = (relationCounts[e.relation] || 0) + 1;
      // Both lists are read back after each is filled: take the chosen sets first.
      const chosen = {classes: this.filters.classes, relations: this.filters.relations};
      this.fillChecks('bkg-classes', this.styles.class_order, classCounts, (name) => {
        const style = this.styles.classes[name] || this.styles.classes.Entity;
        return [h('span', {class: 'bkg-glyph', 'data-color': style.color, text: style.glyph}), ' ' + name];
      }, chosen.classes);
      this.fillChecks('bkg-relations', this.styles.relation_order, relationCounts, (name) => {
        const color = this.styles.relations[name] || '#888';
        return [h('span', {class: 'bkg-line', 'data-color': color}), ' ' + relationText(name)];
      }, chosen.relations);
      this.paintSwatches();

      const select = byId('bkg-country');
      const countries = this.nodes.get({filter: (n) => n.type === 'Country'})
        .sort((a, b) => a.label.localeCompare(b.label));
      const current = this.filters.country || select.value;
      clear(select);
      select.appendChild(h('option', {value: '', text: 'All countries'}));
      for (const c of countries) select.appendChild(h('option', {value: c.id, text: c.label}));
      select.value = countries.some((c) => c.id === current) ? current : '';

      const relations = this.edges.get({filter: (e) => !e.fold});
      const dates = relations.flatMap((e) => [isoDay(e.first_date), isoDay(e.last_date)]).filter(Boolean).sort();
      const undated = relations.filter((e) => !isoDay(e.first_date)).length;
      const from = byId('bkg-date-from'), to = byId('bkg-date-to'), note = byId('bkg-dates-note');
      const none = dates.length === 0;
      from.disabled = to.disabled = byId('bkg-undated').disabled = none;
      if (!none) {
        from.min = to.min = dates[0]; from.max = to.max = dates[dates.length - 1];
      }
      note.textContent = none ? 'No relation carries a date (bkg:eventDate).'
        : `Events dated ${dates[0]} to ${dates[dates.length - 1]}; ${plural(undated, 'relation')} undated.`;
    }

    fillChecks(listId, order, counts, labelFor, selected) {
      const list = byId(listId);
      const previous = new Map([...list.querySelectorAll('input')].map((b) => [b.value, b.checked]));
      clear(list);
      for (const name of order) {
        if (!counts[name]) continue;
        const checked = previous.has(name) ? previous.get(name) : (!selected || selected.has(name));
        const box = h('input', {type: 'checkbox', value: name, checked: checked});
        box.addEventListener('change', () => { this.readChecks(); this.applyFilters(); });
        list.appendChild(h('li', null, h('label', null, [box, ...labelFor(name), h('span', {class: 'bkg-count', text: counts[name]})])));
      }
      this.readChecks();
    }

    /** Colours are set through the CSSOM, which a strict Content-Security-Policy allows. */
    paintSwatches() {
      for (const node of document.querySelectorAll('[data-color]')) {
        const color = node.getAttribute('data-color');
        if (!/^#[0-9a-fA-F]{3,8}$/.test(color)) continue;
        if (node.classList.contains('bkg-line')) node.style.backgroundColor = color;
        else node.style.color = color;
      }
    }

    status(text, kind) {
      const node = byId('bkg-status');
      node.textContent = text;
      node.className = kind ? 'bkg-' + kind : '';
    }

    // ------------------------------------------------------------ search
    localMatches(text) {
      const needle = text.trim().toLowerCase();
      if (!needle) return [];
      const scored = [];
      for (const n of this.nodes.get({filter: (x) => !x.fold})) {
        let best = null;
        for (const name of n.names && n.names.length ? n.names : [n.label]) {
          const folded = name.toLowerCase();
          const at = folded.indexOf(needle);
          if (at < 0) continue;
          const rank = folded === needle ? 0 : at === 0 ? 1 : 2;
          if (!best || rank < best.rank) best = {rank, name};
        }
        if (best) scored.push({id: n.id, label: n.label, type: n.type, matched: best.name, rank: best.rank, degree: n.degree || 0});
      }
      scored.sort((a, b) => a.rank - b.rank || b.degree - a.degree || a.label.localeCompare(b.label));
      return scored.slice(0, 12);
    }

    suggest(text) {
      this.suggestions = this.localMatches(text).map((m) => Object.assign(m, {loaded: true}));
      this.activeSuggestion = this.suggestions.length ? 0 : -1;
      this.renderSuggestions();
      if (this.server) this.remoteSuggest(text);
    }

    remoteSuggest(text) {
      clearTimeout(this.searchTimer);
      const ticket = this.searchTicket = (this.searchTicket || 0) + 1;
      if (!text.trim()) return;
      this.searchTimer = setTimeout(() => {
        api('/api/search?q=' + encodeURIComponent(text)).then((results) => {
          // A newer keystroke or a choice made meanwhile wins over this late answer.
          if (ticket !== this.searchTicket) return;
          const have = new Set(this.suggestions.map((s) => s.id));
          for (const r of results.results) {
            if (have.has(r.iri)) continue;
            this.suggestions.push({id: r.iri, label: r.label, type: r.type, matched: r.matched, loaded: this.nodes.get(r.iri) !== null});
          }
          if (this.activeSuggestion < 0 && this.suggestions.length) this.activeSuggestion = 0;
          this.renderSuggestions();
        }).catch((error) => this.status(error.message, 'error'));
      }, 200);
    }

    renderSuggestions() {
      const list = byId('bkg-suggestions');
      clear(list);
      list.hidden = this.suggestions.length === 0;
      this.suggestions.forEach((s, i) => {
        const style = this.styles.classes[s.type] || this.styles.classes.Entity;
        const item = h('li', {role: 'option', 'aria-selected': i === this.activeSuggestion ? 'true' : 'false',
          class: i === this.activeSuggestion ? 'bkg-active' : null, 'data-id': s.id}, [
          h('span', {class: 'bkg-glyph', 'data-color': style.color, text: style.glyph}), ' ',
          h('span', {class: 'bkg-suggestion-label', text: s.label}),
          s.matched && s.matched !== s.label ? h('span', {class: 'bkg-muted', text: ' (' + s.matched + ')'}) : null,
          s.loaded ? null : h('span', {class: 'bkg-badge', text: 'add'}),
        ]);
        item.addEventListener('mousedown', (event) => { event.preventDefault(); this.choose(s); });
        list.appendChild(item);
      });
      this.paintSwatches();
    }

    searchKey(event) {
      const count = (this.suggestions || []).length;
      if (event.key === 'ArrowDown' && count) { this.activeSuggestion = (this.activeSuggestion + 1) % count; this.renderSuggestions(); event.preventDefault(); }
      else if (event.key === 'ArrowUp' && count) { this.activeSuggestion = (this.activeSuggestion - 1 + count) % count; this.renderSuggestions(); event.preventDefault(); }
      else if (event.key === 'Enter' && count) { this.choose(this.suggestions[Math.max(0, this.activeSuggestion)]); event.preventDefault(); }
      else if (event.key === 'Escape') { byId('bkg-suggestions').hidden = true; }
    }

    choose(suggestion) {
      clearTimeout(this.searchTimer);
      this.searchTicket = (this.searchTicket || 0) + 1;
      this.suggestions = [];
      byId('bkg-suggestions').hidden = true;
      if (this.nodes.get(suggestion.id)) { this.focusNode(suggestion.id); return; }
      if (this.server) this.expand(suggestion.id, true);
    }

    focusNode(id) {
      if (!this.visibleNodes.has(id)) { this.pinned.add(id); this.applyFilters(); }
      this.network.selectNodes([id]);
      // The panel first: it narrows the drawing, and the node is then centred in what is left.
      this.showNode(id);
      this.network.focus(id, {scale: Math.max(this.network.getScale(), 0.9), animation: {duration: 350}});
    }

    /** Pan (scale kept) so that node ``id`` is inside the drawing, clear of its edges. */
    keepInView(id) {
      const at = this.network.getPositions([id])[id];
      if (!at) return;
      const p = this.network.canvasToDOM(at);
      const width = this.container.clientWidth, height = this.container.clientHeight, margin = 60;
      if (p.x > margin && p.x < width - margin && p.y > margin && p.y < height - margin) return;
      this.network.moveTo({position: at, scale: this.network.getScale(), animation: {duration: 250}});
    }

    /** Is the label of node ``id`` drawn at the present zoom? (vis-network hides small ones.) */
    labelShown(id) {
      const node = this.network.body.nodes[id];
      return Boolean(node && this.visibleNodes.has(id) && node.labelModule.visible());
    }

    // ------------------------------------------------------------ network events
    bindNetwork() {
      const net = this.network;
      net.on('click', (params) => {
        this.hideTip();
        if (params.nodes.length && String(params.nodes[0]).startsWith(FOLD)) this.unfold(params.nodes[0]);
        else if (params.nodes.length) { this.showNode(params.nodes[0]); this.keepInView(params.nodes[0]); }
        else if (params.edges.length) this.showEdge(params.edges[0]);
      });
      net.on('doubleClick', (params) => {
        if (params.nodes.length && this.server && !String(params.nodes[0]).startsWith(FOLD)) this.expand(params.nodes[0], false);
      });
      net.on('hoverNode', (params) => this.showTip(this.nodeTip(params.node), params.pointer.DOM));
      net.on('hoverEdge', (params) => this.showTip(this.edgeTip(params.edge), params.pointer.DOM));
      for (const name of ['blurNode', 'blurEdge', 'dragStart', 'zoom']) net.on(name, () => this.hideTip());
      // A node moved by hand stays where it was put when filters hide and show it again.
      net.on('dragEnd', (params) => { if (params.nodes.length) this.keepPositions(params.nodes); });
    }

    showTip(content, at) {
      const tip = this.tooltip;
      clear(tip);
      tip.appendChild(content);
      tip.hidden = false;
      const box = this.container.getBoundingClientRect();
      const x = Math.min(box.left + at.x + 14, window.innerWidth - tip.offsetWidth - 8);
      const y = Math.min(box.top + at.y + 14, window.innerHeight - tip.offsetHeight - 8);
      tip.style.left = Math.max(4, x) + 'px';
      tip.style.top = Math.max(4, y) + 'px';
    }

    hideTip() { this.tooltip.hidden = true; }

    nodeTip(id) {
      const n = this.nodes.get(id);
      if (n.fold) {
        const hub = this.nodes.get(n.hub) || {label: n.hub};
        return h('div', null, [h('strong', {text: plural(n.leaves.length, 'entity', 'entities')}), ' ',
          h('span', {text: n.incoming ? relationText(n.relation) + ' ' + hub.label : hub.label + ' ' + relationText(n.relation)}),
          h('div', {class: 'bkg-muted', text: 'click to show them'})]);
      }
      const others = (n.names || []).filter((name) => name !== n.label);
      return h('div', null, [
        h('strong', {text: n.label}), ' ', h('span', {class: 'bkg-muted', text: n.type}),
        others.length ? h('div', {class: 'bkg-muted', text: 'also: ' + others.slice(0, 5).join('; ') + (others.length > 5 ? '; …' : '')}) : null,
        h('div', {class: 'bkg-muted', text: plural(documentCount(n), 'document') + ' · click for details' + (this.server ? ', double-click to expand' : '')}),
      ]);
    }

    edgeTitle(e) {
      const a = this.nodes.get(e.from), b = this.nodes.get(e.to);
      return (a ? a.label : e.from) + ' ' + relationText(e.relation) + ' ' + (b ? b.label : e.to);
    }

    docLine(ev) {
      const doc = this.documents[ev.doc_id] || {};
      return [doc.title || ev.doc_id, doc.date, doc.source_path].filter(Boolean).join(' · ');
    }

    edgeTip(id) {
      const e = this.edges.get(id);
      const evidence = e.evidence.filter((ev) => this.evidencePasses(ev));
      const best = evidence[0] || e.evidence[0] || e.example;
      const count = summarised(e) ? e.evidence_count : e.evidence.length;
      return h('div', null, [
        h('strong', {text: this.edgeTitle(e)}),
        h('div', {class: 'bkg-muted', text: `confidence ${fmt(e.confidence)} · ${e.modality} · ${plural(count, 'evidence sentence')}`}),
        best ? h('blockquote', null, markedSentence(best.sentence, best.cue)) : null,
        best ? h('div', {class: 'bkg-source', text: this.docLine(best)}) : null,
        count > 1 ? h('div', {class: 'bkg-muted', text: 'click for all evidence'}) : null,
      ]);
    }

    // ------------------------------------------------------------ side panel
    openPanel(children) {
      const body = byId('bkg-panel-body');
      clear(body);
      for (const child of children) if (child) body.appendChild(child);
      this.setPanel(true);
      this.paintSwatches();
      body.scrollTop = 0;
    }

    /** Show or hide the side panel, keeping the drawing's scale and centre as they were. */
    setPanel(open) {
      const panel = byId('bkg-panel');
      if (panel.hidden === !open) return;
      const view = this.network ? {position: this.network.getViewPosition(), scale: this.network.getScale()} : null;
      panel.hidden = !open;
      if (view) {
        this.network.setSize('100%', '100%');
        this.network.moveTo(view);
      }
    }

    showNode(id) {
      const n = this.nodes.get(id);
      if (!n || n.fold) return;
      const moved = this.focus !== id;
      this.focus = id;
      this.writeState(moved);
      const style = this.styles.classes[n.type] || this.styles.classes.Entity;
      const others = (n.names || []).filter((name) => name !== n.label);
      const related = this.edges.get({filter: (e) => !e.fold && (e.from === id || e.to === id)})
        .sort((a, b) => b.confidence - a.confidence);
      const list = h('ul', {class: 'bkg-relations-list'});
      for (const e of related) {
        const hidden = !this.visibleEdges.has(e.id);
        const item = h('li', {class: hidden ? 'bkg-filtered' : null}, h('button', {class: 'bkg-link', type: 'button'}, [
          h('span', {class: 'bkg-line', 'data-color': this.styles.relations[e.relation] || '#888'}), ' ',
          this.edgeTitle(e), h('span', {class: 'bkg-muted', text: ` ${fmt(e.confidence)}${hidden ? ' (filtered out)' : ''}`}),
        ]));
        item.firstChild.addEventListener('click', () => { this.network.selectEdges([e.id]); this.showEdge(e.id); });
        list.appendChild(item);
      }
      const actions = this.server ? h('p', {class: 'bkg-actions'}, [
        h('button', {type: 'button', id: 'bkg-expand', onclick: () => this.expand(id, false)}, 'Expand neighbourhood'), ' ',
        h('a', {href: '/entity?iri=' + encodeURIComponent(n.iri), class: 'bkg-entity-page'}, 'Entity page'), ' ',
        h('a', {href: '/?focus=' + encodeURIComponent(n.iri)}, 'Permalink'), ' ',
        h('a', {href: '/query?query=' + encodeURIComponent('DESCRIBE <' + n.iri + '>')}, 'Describe in SPARQL'),
      ]) : null;
      this.openPanel([
        h('h2', null, [h('span', {class: 'bkg-glyph', 'data-color': style.color, text: style.glyph}), ' ', h('span', {text: n.label})]),
        h('p', {class: 'bkg-muted', text: n.type}),
        actions,
        h('dl', null, [
          h('dt', {text: 'IRI'}), h('dd', null, h('code', {text: n.iri})),
          others.length ? h('dt', {text: 'Also named'}) : null,
          others.length ? h('dd', {text: others.join('; ')}) : null,
          n.wikidata ? h('dt', {text: 'Wikidata'}) : null,
          n.wikidata ? h('dd', null, h('a', {href: 'https://www.wikidata.org/wiki/' + n.wikidata, rel: 'noopener noreferrer', target: '_blank'}, n.wikidata)) : null,
          h('dt', {text: 'Mentioned in'}), h('dd', {text: plural(documentCount(n), 'document')}),
        ]),
        h('h3', {text: plural(related.length, 'relation') + ' loaded'}),
        list,
      ]);
    }

    showEdge(id) {
      const e = this.edges.get(id);
      if (!e) return;
      if (summarised(e)) return this.showSummarisedEdge(e);
      const docs = new Set(e.evidence.map((ev) => ev.doc_id));
      const list = h('ol', {class: 'bkg-evidence'});
      this.appendEvidence(list, e.evidence);
      this.openPanel([
        h('h2', {class: 'bkg-edge-title', text: this.edgeTitle(e)}),
        this.dyadLink(e),
        h('p', {class: 'bkg-muted', text: this.edgeLine(e, e.evidence.length, docs.size)}),
        list,
      ]);
    }

    /** On the server, an edge between two countries links to their dyad page. */
    dyadLink(e) {
      const ends = [this.nodes.get(e.from), this.nodes.get(e.to)];
      return this.server && ends.every((n) => n && n.type === 'Country')
        ? h('p', {class: 'bkg-actions'}, h('a', {class: 'bkg-dyad-page', href: '/dyad?a=' + encodeURIComponent(e.from) + '&b=' + encodeURIComponent(e.to)}, 'Dyad page'))
        : null;
    }

    edgeLine(e, evidence, documents) {
      return `${e.relation}${e.core !== e.relation ? ' (a kind of ' + e.core + ')' : ''} · best confidence ${fmt(e.confidence)} · ${e.modality} · `
        + `${plural(evidence, 'evidence sentence')} in ${plural(documents, 'document')}`
        + (e.first_date ? ` · ${isoDay(e.first_date)}${e.last_date !== e.first_date ? ' to ' + isoDay(e.last_date) : ''}` : '');
    }

    /** An edge whose evidence stayed on the server: its summary now, its evidence a page at a time. */
    showSummarisedEdge(e) {
      const list = h('ol', {class: 'bkg-evidence'});
      const more = h('button', {type: 'button', class: 'bkg-more', hidden: true}, 'Show more evidence');
      const pageSize = 20;
      let offset = 0;
      const next = () => {
        more.disabled = true;
        this.status('Loading evidence…', 'busy');
        const query = new URLSearchParams({s: e.from, p: e.relation, o: e.to, offset: String(offset), limit: String(pageSize)});
        return api('/api/evidence?' + query).then((page) => {
          Object.assign(this.documents, page.documents || {});
          this.appendEvidence(list, page.items);
          offset += page.items.length;
          more.hidden = !page.more;
          more.disabled = false;
          this.status(`${plural(offset, 'evidence sentence')} of ${e.evidence_count} shown.`);
        }).catch((error) => this.status(error.message, 'error'));
      };
      more.addEventListener('click', next);
      this.openPanel([
        h('h2', {class: 'bkg-edge-title', text: this.edgeTitle(e)}),
        this.dyadLink(e),
        h('p', {class: 'bkg-muted', text: this.edgeLine(e, e.evidence_count, documentCount(e))}),
        list, more,
      ]);
      return next();
    }

    appendEvidence(list, evidence) {
      for (const ev of evidence) {
        const doc = this.documents[ev.doc_id] || {};
        const source = this.server
          ? h('a', {href: '/document?id=' + encodeURIComponent(ev.doc_id) + (ev.evidence ? '#ev-' + encodeURIComponent(ev.evidence.split('/').pop()) : '')}, doc.title || ev.doc_id)
          : h('span', {class: 'bkg-doc-title', text: doc.title || ev.doc_id});
        list.appendChild(h('li', {class: this.evidencePasses(ev) ? null : 'bkg-filtered'}, [
          h('blockquote', null, markedSentence(ev.sentence, ev.cue)),
          h('div', {class: 'bkg-meta'}, [
            h('span', {class: 'bkg-pill', text: 'confidence ' + fmt(ev.confidence)}), ' ',
            h('span', {class: 'bkg-pill', text: ev.modality}), ' ',
            ev.rule ? h('span', {class: 'bkg-pill bkg-muted', text: ev.rule}) : null,
          ]),
          h('div', {class: 'bkg-source'}, [source,
            doc.date ? h('span', {class: 'bkg-muted', text: ' · ' + doc.date}) : null,
            doc.source_path ? h('div', {class: 'bkg-muted bkg-path', text: doc.source_path}) : null,
            ev.start !== null && ev.start !== undefined ? h('span', {class: 'bkg-muted', text: ` chars ${ev.start}–${ev.end}`}) : null]),
        ]));
      }
    }

    // ------------------------------------------------------------ explorer (server)
    /**
     * Bring in the neighbourhood of ``iri``, one step further than last time: an entity
     * found by search arrives with its neighbours, so expanding it brings theirs. A step
     * that brings nothing new (all loaded already) is followed by the next, up to depth 3.
     */
    expand(iri, select) {
      const depth = Math.min(3, (this.expanded.get(iri) || 0) + 1);
      this.status('Loading the neighbourhood…', 'busy');
      return api('/api/neighbourhood?iri=' + encodeURIComponent(iri) + '&depth=' + depth).then((payload) => {
        const anchor = this.nodes.get(iri) ? iri : null;
        const added = this.load(payload, anchor);
        const focus = payload.focus[0] || iri;
        this.expanded.set(iri, depth);
        this.expanded.set(focus, depth);
        if (added.nodes === 0 && depth < 3) return this.expand(focus, select);
        this.pinned.add(focus);
        this.applyFilters();
        this.status(`Added ${plural(added.nodes, 'entity', 'entities')} around ${(this.nodes.get(focus) || {}).label || iri}.`);
        if (select || !anchor) this.focusNode(focus);
        else this.showNode(focus);
      }).catch((error) => this.status(error.message, 'error'));
    }
  }

  // ---------------------------------------------------------------- the address bar
  /** Parameters of the view state; `focus` and `depth` are also the server's. */
  const STATE = ['focus', 'depth', 'confidence', 'relations', 'classes', 'modality', 'country', 'from', 'to', 'undated'];

  /** The view state as the address's query: what to show again on reload or when shared. */
  GraphApp.prototype.writeState = function (push) {
    if (!this.server || this.restoring) return;
    const f = this.filters;
    const params = new URLSearchParams(window.location.search);
    for (const name of STATE) params.delete(name);
    if (this.focus) {
      params.set('focus', this.focus);
      if ((this.expanded.get(this.focus) || 1) > 1) params.set('depth', this.expanded.get(this.focus));
    }
    if (f.minConfidence > 0) params.set('confidence', fmt(f.minConfidence));
    if (f.relations) params.set('relations', [...f.relations].sort().join(','));
    if (f.classes) params.set('classes', [...f.classes].sort().join(','));
    if (f.modality.size !== 2) params.set('modality', [...f.modality].join(','));
    if (f.country) params.set('country', f.country);
    if (f.dateFrom) params.set('from', f.dateFrom);
    if (f.dateTo) params.set('to', f.dateTo);
    if (!f.undated) params.set('undated', 'no');
    const query = params.toString();
    const url = window.location.pathname + (query ? '?' + query : '');
    if (url === window.location.pathname + window.location.search) return;
    window.history[push ? 'pushState' : 'replaceState'](null, '', url);
  };

  /** Filters from the address (before the first load, so the lists start as they were). */
  GraphApp.prototype.readState = function (params) {
    const f = this.filters;
    const list = (name) => params.has(name) ? new Set(params.get(name).split(',').filter(Boolean)) : null;
    const confidence = parseFloat(params.get('confidence'));
    if (confidence > 0 && confidence <= 1) {
      f.minConfidence = confidence;
      byId('bkg-confidence').value = String(confidence);
      byId('bkg-confidence-value').textContent = fmt(confidence);
    }
    f.relations = list('relations');
    f.classes = list('classes');
    if (params.has('modality')) {
      f.modality = list('modality');
      for (const box of document.querySelectorAll('input[name="bkg-modality"]')) box.checked = f.modality.has(box.value);
    }
    f.country = params.get('country') || '';
    f.dateFrom = byId('bkg-date-from').value = params.get('from') || '';
    f.dateTo = byId('bkg-date-to').value = params.get('to') || '';
    f.undated = byId('bkg-undated').checked = params.get('undated') !== 'no';
  };

  /** A grid hash of points, to find free spots quickly. */
  class SpatialGrid {
    constructor(cell) { this.cell = cell; this.cells = new Map(); }
    key(i, j) { return i + ',' + j; }
    add(x, y) {
      const k = this.key(Math.floor(x / this.cell), Math.floor(y / this.cell));
      if (!this.cells.has(k)) this.cells.set(k, []);
      this.cells.get(k).push([x, y]);
    }
    near(x, y, distance) {
      const i0 = Math.floor(x / this.cell), j0 = Math.floor(y / this.cell);
      const reach = Math.ceil(distance / this.cell);
      for (let i = i0 - reach; i <= i0 + reach; i++) {
        for (let j = j0 - reach; j <= j0 + reach; j++) {
          for (const [px, py] of this.cells.get(this.key(i, j)) || []) {
            if ((px - x) ** 2 + (py - y) ** 2 < distance * distance) return true;
          }
        }
      }
      return false;
    }
  }

  function api(path) {
    return fetch(path, {headers: {Accept: 'application/json'}, credentials: 'same-origin'}).then((response) =>
      response.json().catch(() => ({error: response.statusText})).then((body) => {
        if (!response.ok) throw new Error(body.error || (response.status + ' ' + response.statusText));
        return body;
      }));
  }

  // ---------------------------------------------------------------- start
  function start() {
    const config = readJSON('bkg-config');
    if (!config) return;
    const data = readJSON('bkg-data');
    const styles = (data && data.styles) || config.styles;
    const options = (data && data.options) || config.options;
    const app = new GraphApp(config, styles, options, data);
    window.bkgApp = app;
    if (data) {
      if (data.focus && data.focus.length) app.network.selectNodes(data.focus.filter((f) => app.nodes.get(f)));
      document.body.setAttribute('data-ready', 'true');
      return;
    }
    const params = new URLSearchParams(window.location.search);
    const focus = params.get('focus');
    // Until the first view is drawn, the address is read, not written.
    app.restoring = true;
    app.readState(params);
    const overviewParams = new URLSearchParams();
    for (const name of ['max_nodes', 'min_confidence']) if (params.get(name)) overviewParams.set(name, params.get(name));
    const overview = () => api('/api/overview' + (overviewParams.toString() ? '?' + overviewParams : '')).then((payload) => {
      app.load(payload);
      app.network.fit();
      const o = payload.overview || {};
      if (o.truncated) {
        app.status(`Showing the ${o.shown_nodes} most connected of ${o.total_nodes} entities: search to bring in others.`);
      }
    });
    const ready = () => document.body.setAttribute('data-ready', 'true');
    let first;
    if (focus) {
      app.status('Loading…', 'busy');
      const depth = params.get('depth') || '1';
      first = api('/api/neighbourhood?iri=' + encodeURIComponent(focus) + '&depth=' + encodeURIComponent(depth))
        .then((payload) => {
          app.load(payload);
          app.network.fit();
          const id = payload.focus[0];
          if (id) {
            app.expanded.set(id, Math.max(1, Math.min(3, parseInt(depth, 10) || 1)));
            app.focusNode(id);
          }
        })
        .catch((error) => overview().then(() => app.status(error.message, 'error')));
    } else {
      first = overview();
    }
    first.catch((error) => app.status(error.message, 'error')).then(() => {
      app.restoring = false;
      ready();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
