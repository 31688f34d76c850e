/*
 * bilateral-kg: the SPARQL page. Runs the editor's query against /sparql and shows the
 * results as a sortable table; every IRI links into the explorer. Results are inserted with
 * textContent only. The editor (highlighting, completion) is CodeMirror from bkg-editor.js;
 * when that bundle is missing the plain textarea does the job.
 */
(function () {
  'use strict';

  const config = JSON.parse(document.getElementById('bkg-query-config').textContent);
  const textarea = document.getElementById('bkg-sparql');
  const results = document.getElementById('bkg-results');
  const statusLine = document.getElementById('bkg-query-status');
  const download = document.getElementById('bkg-download');
  const format = document.getElementById('bkg-format');
  const prefixes = Object.entries(config.prefixes).sort((a, b) => b[1].length - a[1].length);
  const XSD = 'http://www.w3.org/2001/XMLSchema#';
  const NUMERIC = new Set(['integer', 'decimal', 'double', 'float', 'int', 'long', 'short', 'byte',
    'nonNegativeInteger', 'positiveInteger', 'negativeInteger', 'nonPositiveInteger',
    'unsignedInt', 'unsignedLong', 'unsignedShort', 'unsignedByte'].map((t) => XSD + t));
  // The editor when its bundle loaded, else the textarea itself: both have .value.
  const editor = window.bkgEditor
    ? window.bkgEditor.create(textarea, {prefixes: config.prefixes, terms: config.terms || [],
      onRun: () => run(), onChange: () => updateDownload()})
    : textarea;

  function h(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = String(value);
      else node.setAttribute(key, String(value));
    }
    for (const child of [].concat(children || [])) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function status(text, error) {
    statusLine.textContent = text;
    statusLine.className = error ? 'bkg-error' : '';
  }

  /** bkg:supports rather than the full IRI, when a predeclared prefix fits. */
  function compact(iri) {
    for (const [prefix, base] of prefixes) {
      if (iri.startsWith(base)) {
        const local = iri.slice(base.length);
        if (/^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/.test(local)) return prefix + ':' + local;
      }
    }
    return iri;
  }

  /** Where an IRI leads: a document page for documents and evidence, else the explorer. */
  function linkFor(iri) {
    if (iri.startsWith(config.document_base)) {
      const rest = iri.slice(config.document_base.length);
      const [docId, kind, hash] = rest.split('/');
      if (kind === 'evidence' && hash) return '/document?id=' + encodeURIComponent(docId) + '#ev-' + encodeURIComponent(hash);
      if (!kind) return '/document?id=' + encodeURIComponent(docId);
    }
    return '/?focus=' + encodeURIComponent(iri);
  }

  function cell(term) {
    const td = h('td');
    if (!term) return td;
    if (term.type === 'uri') {
      td.appendChild(h('a', {href: linkFor(term.value), title: term.value, text: compact(term.value)}));
    } else if (term.type === 'bnode') {
      td.textContent = '_:' + term.value;
    } else if (term.type === 'triple') {
      td.textContent = '<< ' + [term.value.subject, term.value.predicate, term.value.object]
        .map((t) => t.type === 'uri' ? compact(t.value) : t.value).join(' ') + ' >>';
    } else if (NUMERIC.has(term.datatype)) {
      // A number reads as a number: 0.90, not "0.9"^^xsd:decimal.
      td.className = 'bkg-number';
      td.title = compact(term.datatype);
      td.textContent = term.datatype === XSD + 'decimal' ? decimalText(term.value) : term.value;
    } else {
      td.appendChild(document.createTextNode(term.value));
      if (term['xml:lang']) td.appendChild(h('span', {class: 'bkg-datatype', text: '@' + term['xml:lang']}));
      else if (term.datatype) td.appendChild(h('span', {class: 'bkg-datatype', text: compact(term.datatype)}));
    }
    return td;
  }

  /** At least two decimals, as the explorer shows confidences; never rounds digits away. */
  function decimalText(value) {
    const match = /^([+-]?\d*)(?:\.(\d*))?$/.exec(value);
    if (!match) return value;
    const fraction = (match[2] || '').padEnd(2, '0');
    return (match[1] || '0') + '.' + fraction;
  }

  /** How a cell sorts: numbers by value, everything else as text; empty cells last. */
  function sortKey(term) {
    if (!term) return null;
    if (term.type === 'literal' && NUMERIC.has(term.datatype)) {
      const number = Number(term.value);
      if (!Number.isNaN(number)) return number;
    }
    return term.type === 'uri' ? compact(term.value) : String(term.value);
  }

  function compareKeys(a, b) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'number') return -1;
    if (typeof b === 'number') return 1;
    return a.localeCompare(b, undefined, {numeric: true});
  }

  function showTable(data) {
    const vars = data.head.vars;
    const rows = data.results.bindings.map((binding, index) => ({binding, index}));
    const table = h('table', {class: 'bkg-results'});
    const headers = vars.map((v) => h('th', {scope: 'col', 'aria-sort': 'none'},
      h('button', {type: 'button', class: 'bkg-sort', title: 'Sort by ' + v, text: v})));
    table.appendChild(h('thead', null, h('tr', null, headers)));
    const body = h('tbody');
    const fill = () => {
      while (body.firstChild) body.removeChild(body.firstChild);
      for (const row of rows) body.appendChild(h('tr', null, vars.map((v) => cell(row.binding[v]))));
    };
    headers.forEach((th, column) => th.firstChild.addEventListener('click', () => {
      // First click ascending, the next descending, then back to the endpoint's order.
      const next = {none: 'ascending', ascending: 'descending', descending: 'none'}[th.getAttribute('aria-sort')];
      for (const other of headers) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', next);
      const v = vars[column], sign = next === 'descending' ? -1 : 1;
      rows.sort(next === 'none' ? (a, b) => a.index - b.index
        : (a, b) => sign * compareKeys(sortKey(a.binding[v]), sortKey(b.binding[v])) || a.index - b.index);
      fill();
    }));
    fill();
    table.appendChild(body);
    results.appendChild(h('div', {class: 'bkg-table-wrap'}, table));
  }

  function endpointUrl(chosen) {
    return '/sparql?query=' + encodeURIComponent(editor.value) + '&format=' + encodeURIComponent(chosen);
  }

  function updateDownload() {
    download.setAttribute('href', endpointUrl(format.value));
    document.getElementById('bkg-download-csv').setAttribute('href', endpointUrl('csv'));
    document.getElementById('bkg-download-json').setAttribute('href', endpointUrl('json'));
  }

  function run(event) {
    if (event) event.preventDefault();
    const query = editor.value;
    while (results.firstChild) results.removeChild(results.firstChild);
    status('Running…');
    const started = performance.now();
    const url = new URL(window.location.href);
    url.searchParams.set('query', query);
    url.searchParams.delete('example');
    // The address bar keeps the query run: a new history entry per changed query.
    if (new URLSearchParams(window.location.search).get('query') !== query) {
      window.history.pushState(null, '', url.pathname + url.search);
    }
    fetch('/sparql', {
      method: 'POST',
      headers: {'Content-Type': 'application/sparql-query',
        Accept: 'application/sparql-results+json, text/turtle;q=0.9'},
      body: query,
    }).then((response) => response.text().then((text) => {
      const took = Math.round(performance.now() - started);
      if (!response.ok) {
        status(`Error ${response.status} after ${took} ms`, true);
        results.appendChild(h('pre', {class: 'bkg-error-text', text: text}));
        return;
      }
      const type = response.headers.get('Content-Type') || '';
      const truncated = response.headers.get('X-Result-Truncated') === 'true';
      const limit = response.headers.get('X-Result-Limit');
      if (type.startsWith('text/turtle')) {
        const count = response.headers.get('X-Result-Count');
        status(`${count} triples in ${took} ms` + (truncated ? ` (cut at the limit of ${limit})` : ''));
        results.appendChild(h('pre', {class: 'bkg-rdf', text: text}));
        return;
      }
      const data = JSON.parse(text);
      if ('boolean' in data) {
        status(`ASK answered in ${took} ms`);
        results.appendChild(h('p', null, h('strong', {text: String(data.boolean)})));
        return;
      }
      const rows = data.results.bindings.length;
      status(`${rows} row${rows === 1 ? '' : 's'} in ${took} ms` + (truncated ? ` (cut at the limit of ${limit})` : ''));
      showTable(data);
    })).catch((error) => status(String(error), true));
  }

  document.getElementById('bkg-query-form').addEventListener('submit', run);
  if (editor === textarea) {
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run(event);
    });
    textarea.addEventListener('input', updateDownload);
  }
  format.addEventListener('change', updateDownload);
  for (const button of document.querySelectorAll('[data-example]')) {
    button.addEventListener('click', () => {
      const example = config.examples.find((e) => e.name === button.getAttribute('data-example'));
      if (!example) return;
      editor.value = example.query;
      updateDownload();
      run();
    });
  }
  // Back and forward through the queries run: show each again.
  window.addEventListener('popstate', () => {
    const query = new URLSearchParams(window.location.search).get('query');
    if (query === null) return;
    editor.value = query;
    run();
  });
  updateDownload();
  // A shared or reloaded address with a query shows its results straight away.
  if (new URLSearchParams(window.location.search).get('query') !== null) run();
  document.body.setAttribute('data-ready', 'true');
})();
