// Anchors every annotation of glossa's -f json output in Apache Annotator
// (@apache-annotator/dom) running in headless Chromium: both the
// TextQuoteSelector and the TextPositionSelector must give exactly one Range
// whose toString() is the quote's exact text.
//
//   node anchor.mjs OUT.json SRCDIR [SUITEDIR]
//
// Each target source must be a file: URI. The scope the selectors are
// matched in is the one whose textContent glossa's text view equals:
// - .html: the file loaded as a page; scope document.body.
// - .txt: a blank page whose body holds one <pre> with the file's text set
//   through the DOM (no HTML parsing, so body.textContent is the text).
// - .xml: the file parsed as XML by Chromium's DOMParser inside the page;
//   scope its root element (DOM textContent of the root, as glossa's view).
// Chromium: $GLOSSA_CHROMIUM or /usr/bin/chromium, with a fresh profile and
// no network (every non-file: request is aborted).
// Exit 0: all anchor; 1: a failure (each named); 77: prerequisites missing.
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const [out] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const skip = (why) => { console.log(`SKIP: ${why}`); process.exit(77); };
const chromiumPath = process.env.GLOSSA_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromiumPath)) skip(`no Chromium at ${chromiumPath} (set GLOSSA_CHROMIUM)`);
const require = createRequire(import.meta.url);
let chromium, esbuild;
try {
  ({ chromium } = require('playwright-core'));
  esbuild = require('esbuild');
  require.resolve('@apache-annotator/dom');
} catch {
  skip(`npm packages are not installed: run npm ci in ${here}`);
}

const collection = JSON.parse(readFileSync(out, 'utf8'));
const items = collection.first?.items ?? [];
let failures = 0;
const fail = (msg) => { console.error(`FAIL: ${msg}`); failures++; };

// Apache Annotator as one script that sets globalThis.AA.
const bundle = (await esbuild.build({
  stdin: { contents: "export * from '@apache-annotator/dom';", resolveDir: here },
  bundle: true, format: 'iife', globalName: 'AA', write: false, logLevel: 'silent',
})).outputFiles[0].text + '\nglobalThis.AA = AA;\n';

// Items by target source, in order.
const bySource = new Map();
for (const [i, item] of items.entries()) {
  const src = item.target?.source;
  if (!bySource.has(src)) bySource.set(src, []);
  bySource.get(src).push({ i, item });
}

const profile = mkdtempSync(join(tmpdir(), 'glossa-anchor-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let anchored = 0;
try {
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
  for (const [src, list] of bySource) {
    if (!src?.startsWith('file:')) { fail(`source ${src} is not a file: URI`); continue; }
    const path = fileURLToPath(src);
    let kind;
    if (path.endsWith('.html') || path.endsWith('.htm')) {
      await page.goto(src);
      kind = 'html';
    } else {
      await page.setContent('<!DOCTYPE html><meta charset="utf-8"><body></body>');
      let text = readFileSync(path, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      kind = path.endsWith('.xml') ? 'xml' : 'txt';
      const ok = await page.evaluate(([kind, text]) => {
        if (kind === 'txt') {
          const pre = document.createElement('pre');
          pre.textContent = text;
          document.body.append(pre);
          globalThis.scope = document.body;
          return document.body.textContent === text;
        }
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        globalThis.scope = doc.documentElement;
        return !doc.getElementsByTagName('parsererror').length;
      }, [kind, text]);
      if (!ok) { fail(`${path}: the ${kind} scope could not be built`); continue; }
    }
    await page.evaluate(bundle);
    const results = await page.evaluate(async ([kind, annots]) => {
      const scope = kind === 'html' ? document.body : globalThis.scope;
      const all = async (matcher) => {
        const got = [];
        for await (const r of matcher(scope)) got.push(r.toString());
        return got;
      };
      const res = [];
      for (const { i, quote, position } of annots) {
        const q = quote ? await all(AA.createTextQuoteSelectorMatcher(quote)) : null;
        const p = position ? await all(AA.createTextPositionSelectorMatcher(position)) : null;
        res.push({ i, q, p });
      }
      return res;
    }, [kind, list.map(({ i, item }) => {
      const sel = [item.target?.selector ?? []].flat();
      return {
        i,
        quote: sel.find((s) => s.type === 'TextQuoteSelector'),
        position: sel.find((s) => s.type === 'TextPositionSelector'),
      };
    })]);
    for (const { i, q, p } of results) {
      const item = items[i];
      const exact = [item.target.selector].flat().find((s) => s.type === 'TextQuoteSelector')?.exact;
      const name = `annotation ${i} (${item.id}) ${JSON.stringify(exact)}`;
      const show = (a) => (a ? JSON.stringify(a.slice(0, 3)) + (a.length > 3 ? '…' : '') : 'no selector');
      let ok = true;
      if (!q || q.length !== 1 || q[0] !== exact) {
        fail(`${name}: TextQuoteSelector anchored ${q?.length ?? 0} time(s): ${show(q)}`);
        ok = false;
      }
      if (!p || p.length !== 1 || p[0] !== exact) {
        fail(`${name}: TextPositionSelector anchored to ${show(p)}`);
        ok = false;
      }
      anchored += ok;
    }
  }
  for (const e of consoleErrors) fail(`page error: ${e}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (!items.length) fail('no annotations to anchor');
if (failures) {
  console.error(`${failures} failure(s)`);
  process.exit(1);
}
console.log(`ok: ${anchored} annotations in ${bySource.size} documents anchored by both selectors`);
