/*
 * The SPARQL editor of the query page: CodeMirror 6 with the SPARQL mode, highlighting by
 * CSS classes (tok-keyword, ...; styled in bkg.css, so a strict style-src CSP suffices) and
 * completion of keywords, the predeclared prefixes and the vocabulary's terms.
 * Built into graph/static/bkg-editor.js by build.mjs; the page's own logic stays in
 * bkg-query.js, which uses window.bkgEditor when this bundle loaded.
 */
import {EditorState} from '@codemirror/state';
import {EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, placeholder} from '@codemirror/view';
import {defaultKeymap, history, historyKeymap, indentWithTab} from '@codemirror/commands';
import {StreamLanguage, syntaxHighlighting, bracketMatching, indentOnInput} from '@codemirror/language';
import {autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap} from '@codemirror/autocomplete';
import {classHighlighter} from '@lezer/highlight';
import {sparql} from '@codemirror/legacy-modes/mode/sparql';

const KEYWORDS = ['SELECT', 'DISTINCT', 'WHERE', 'FILTER', 'OPTIONAL', 'UNION', 'GRAPH', 'PREFIX',
  'ORDER BY', 'GROUP BY', 'HAVING', 'LIMIT', 'OFFSET', 'ASK', 'CONSTRUCT', 'DESCRIBE', 'VALUES',
  'BIND', 'MINUS', 'NOT EXISTS', 'EXISTS', 'COUNT', 'SAMPLE', 'GROUP_CONCAT', 'CONTAINS',
  'STRSTARTS', 'LANG', 'LANGMATCHES', 'REGEX', 'STR', 'DESC', 'ASC', 'AS', 'SERVICE'];

/** Completions for the word before the cursor: `pre:loc` offers terms, `pre` prefixes. */
function sparqlCompletions(prefixes, terms) {
  const prefixOptions = Object.entries(prefixes).map(([name, iri]) => ({
    label: name + ':', type: 'namespace', detail: iri, boost: name === 'bkg' ? 2 : 0}));
  const keywordOptions = KEYWORDS.map((word) => ({label: word, type: 'keyword'}));
  const termOptions = {};
  for (const term of terms) {
    (termOptions[term.prefix] = termOptions[term.prefix] || []).push({
      label: term.prefix + ':' + term.name, type: term.kind === 'class' ? 'class' : 'property',
      detail: term.label || '', info: term.definition || undefined});
  }
  return (context) => {
    const word = context.matchBefore(/[A-Za-z_][\w.-]*:[\w.-]*|[A-Za-z_][\w-]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const colon = word.text.indexOf(':');
    if (colon >= 0) {
      const options = termOptions[word.text.slice(0, colon)];
      return options ? {from: word.from, options, validFor: /^[A-Za-z_][\w.-]*:[\w.-]*$/} : null;
    }
    return {from: word.from, options: prefixOptions.concat(keywordOptions), validFor: /^[\w-]*$/};
  };
}

/**
 * Replace ``textarea`` by an editor; the textarea keeps the text (for a plain form submit).
 *
 * options: prefixes {name: iri}, terms [{prefix, name, kind, label, definition}],
 * onRun() for Ctrl/Cmd+Enter, onChange(text).
 */
function create(textarea, options) {
  const run = () => { if (options.onRun) options.onRun(); return true; };
  const view = new EditorView({
    parent: textarea.parentNode,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), indentOnInput(),
        bracketMatching(), closeBrackets(), placeholder('SELECT ...'),
        StreamLanguage.define(sparql), syntaxHighlighting(classHighlighter),
        autocompletion({override: [sparqlCompletions(options.prefixes || {}, options.terms || [])]}),
        keymap.of([{key: 'Mod-Enter', run, preventDefault: true}, ...closeBracketsKeymap,
          ...completionKeymap, ...historyKeymap, indentWithTab, ...defaultKeymap]),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          if (options.onChange) options.onChange(textarea.value);
        }),
        EditorView.contentAttributes.of({'aria-label': 'SPARQL query', spellcheck: 'false'}),
      ],
    }),
  });
  textarea.parentNode.insertBefore(view.dom, textarea);
  textarea.hidden = true;
  return {
    view,
    get value() { return view.state.doc.toString(); },
    set value(text) { view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}}); },
    focus() { view.focus(); },
  };
}

window.bkgEditor = {create};
