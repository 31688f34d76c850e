// Bundle editor.js into ../graph/static/bkg-editor.js (one minified IIFE, no imports at run
// time) and collect the licences of every bundled package into
// ../graph/static/bkg-editor.LICENSE.txt. The header names each package at the version
// package-lock.json pins; tests/graph/test_editor_bundle.py checks the two agree.
//   cd web && npm ci && npm run build
import {build} from 'esbuild';
import {readFileSync, writeFileSync, existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'graph', 'static', 'bkg-editor.js');
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'));

// The pages are served with the CSP style-src 'self', which blocks the <style> element that
// style-mod (CodeMirror's style injector) writes for a document. A constructed stylesheet
// (CSSOM, which CSP allows) is what style-mod already uses for shadow roots: use it for the
// document too. The build fails if a new style-mod no longer has the line this changes.
const ADOPT_FOR_DOCUMENTS = {
  name: 'style-mod-adopted-sheets',
  setup(bundler) {
    bundler.onLoad({filter: /style-mod[\\/]src[\\/]style-mod\.js$/}, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const from = 'if (!root.head && root.adoptedStyleSheets && win.CSSStyleSheet) {';
      if (!source.includes(from)) throw new Error('style-mod changed: review ADOPT_FOR_DOCUMENTS');
      return {contents: source.replace(from, 'if (root.adoptedStyleSheets && win.CSSStyleSheet) {'), loader: 'js'};
    });
  },
};

const result = await build({
  entryPoints: [join(here, 'editor.js')], bundle: true, minify: true, format: 'iife',
  target: ['es2020'], metafile: true, write: false, legalComments: 'none',
  plugins: [ADOPT_FOR_DOCUMENTS],
});
// The packages whose code is in the bundle, from esbuild's own account of its inputs.
const bundled = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) bundled.add(match[1]);
}
const packages = [...bundled].sort().map((name) => {
  const entry = lock.packages['node_modules/' + name];
  return {name, version: entry.version, license: entry.license};
});
const header = '/*! bkg-editor.js: the SPARQL editor of bilateral-kg, built by web/build.mjs.\n'
  + ' * Bundled packages (licences in bkg-editor.LICENSE.txt):\n'
  + packages.map((p) => ` *   ${p.name}@${p.version} (${p.license})\n`).join('')
  + ' * style-mod is changed at build time to style documents by a constructed stylesheet (CSP).\n */\n';
writeFileSync(out, header + result.outputFiles[0].text);

const licences = packages.map((p) => {
  const folder = join(here, 'node_modules', p.name);
  const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].map((f) => join(folder, f)).find(existsSync);
  return `==== ${p.name}@${p.version} (${p.license}) ====\n\n`
    + (file ? readFileSync(file, 'utf8').trim() : 'Licence: ' + p.license) + '\n';
});
writeFileSync(join(dirname(out), 'bkg-editor.LICENSE.txt'), licences.join('\n'));
console.log(`${out}: ${(header.length + result.outputFiles[0].contents.length) / 1000} kB, `
  + packages.map((p) => p.name + '@' + p.version).join(', '));
