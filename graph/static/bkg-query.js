/*
 * bilateral-kg: the SPARQL page. Runs the editor's query against /sparql and shows the
 * results as a table; every IRI links into the explorer. Results are inserted with
 * textContent only.
 */
(function () {
  'use strict';

  const config = JSON.parse(document.getElementById('bkg-query-config').textContent);
  const editor = document.getElementById('bkg-sparql');
  const results = document.getElementById('bkg-results');
  const statusLine = document.getElementById('bkg-query-status');
  const download = document.getElementById('bkg-download');
  const format = document.getElementById('bkg-format');
  const prefixes = Object.entries(config.prefixes).sort((a, b) => b[1].length - a[1].length);

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
    } else {
      td.appendChild(document.createTextNode(term.value));
      if (term['xml:lang']) td.appendChild(h('span', {class: 'bkg-datatype', text: '@' + term['xml:lang']}));
      else if (term.datatype) td.appendChild(h('span', {class: 'bkg-datatype', text: compact(term.datatype)}));
    }
    return td;
  }

  function showTable(data) {
    const vars = data.head.vars;
    const table = h('table', {class: 'bkg-results'});
    table.appendChild(h('thead', null, h('tr', null, vars.map((v) => h('th', {text: v})))));
    const body = h('tbody');
    for (const binding of data.results.bindings) {
      body.appendChild(h('tr', null, vars.map((v) => cell(binding[v]))));
    }
    table.appendChild(body);
    results.appendChild(h('div', {class: 'bkg-table-wrap'}, table));
  }

  function updateDownload() {
    download.setAttribute('href', '/sparql?query=' + encodeURIComponent(editor.value) + '&format=' + encodeURIComponent(format.value));
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
    window.history.replaceState(null, '', url.pathname + url.search);
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
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run(event);
  });
  editor.addEventListener('input', updateDownload);
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
  updateDownload();
})();
