// Validates glossa's -f json output against the MUST assertions of the W3C
// Web Annotation test suite, the way its runner (annotation-model/scripts/
// JSONtest.js) does: Ajv 6, draft-04, allErrors, validateSchema off, the
// definitions/ schemas added so that their $refs resolve.
//
//   node validate.mjs OUT.json SRCDIR SUITEDIR
//
// SUITEDIR is shared/w3c-annotation-tests (its schemas/ folder). Each item
// is checked against annotations/annotationMusts.test (which lists the body,
// target and specific-resource MUSTs too), the collection against
// collections/collectionMusts.test and, as the suite does for a collection
// with an embedded page, collections/pages/pageMusts.test. Every assertion
// runs twice: with Ajv's default "fast" formats (as the suite) and with
// "full" (RFC 3986 URIs, RFC 3339 date-times). A negative control proves the
// checks can fail. The file must also be laid out exactly as
// JSON.stringify(value, null, 2) + "\n".
// Exit 0: all pass; 1: a failure (each named); 77: prerequisites missing.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';

const [out, , suite] = process.argv.slice(2);
const skip = (why) => { console.log(`SKIP: ${why}`); process.exit(77); };
const schemas = join(suite ?? '', 'schemas');
if (!suite || !existsSync(join(schemas, 'definitions')))
  skip(`the W3C suite is not at ${schemas} (shared/ must sit beside the checkout)`);
const require = createRequire(import.meta.url);
let Ajv;
try { Ajv = require('ajv'); } catch {
  skip(`ajv is not installed: run npm ci in ${dirname(new URL(import.meta.url).pathname)}`);
}

const readJSON = (p) => JSON.parse(readFileSync(p, 'utf8'));
const text = readFileSync(out, 'utf8');
const collection = JSON.parse(text);
let failures = 0;
const fail = (msg) => { console.error(`FAIL: ${msg}`); failures++; };

if (text !== JSON.stringify(collection, null, 2) + '\n')
  fail(`${out} is not laid out as JSON.stringify(value, null, 2)`);

function makeAjv(format) {
  // Ajv's notes on the suite's schemas ("$ref: keywords ignored") are not
  // failures: the suite's runner ignores them the same way.
  const logger = { log() {}, warn() {}, error: console.error };
  const ajv = new Ajv({ allErrors: true, validateSchema: false, schemaId: 'id', format,
    meta: false, logger });
  const draft4 = require('ajv/lib/refs/json-schema-draft-04.json');
  ajv.addMetaSchema(draft4);
  ajv._opts.defaultMeta = draft4.id;
  for (const f of readdirSync(join(schemas, 'definitions')).filter((f) => f.endsWith('.json')))
    ajv.addSchema(readJSON(join(schemas, 'definitions', f)));
  return ajv;
}

// The assertions of a .test file, compiled by each Ajv: [{file, title, message, validators}].
function assertions(ajvs, testFile) {
  const test = readJSON(join(schemas, testFile));
  return test.assertions.map((rel) => {
    if (typeof rel !== 'string') throw new Error(`${testFile}: unsupported assertion ${JSON.stringify(rel)}`);
    const schema = readJSON(join(schemas, rel));
    if (schema.assertionType !== 'must') throw new Error(`${rel} is not a MUST assertion`);
    return {
      file: rel,
      expected: schema.expectedResult ?? 'valid',
      message: schema.errorMessage ?? schema.title,
      validators: ajvs.map((a) => [a._opts.format, a.compile(schema)]),
    };
  });
}

// Failures of value against the assertions: ["file [format]: message (errors)"].
function check(list, value) {
  const bad = [];
  for (const a of list)
    for (const [format, validate] of a.validators) {
      const valid = validate(value);
      if ((valid ? 'valid' : 'invalid') !== a.expected)
        bad.push(`${a.file} [${format} formats]: ${a.message}` +
          (validate.errors ? ` (${validate.errors.slice(0, 3).map((e) => `${e.dataPath || '/'} ${e.message}`).join('; ')})` : ''));
    }
  return bad;
}

const ajvs = [makeAjv('fast'), makeAjv('full')];
const annoMusts = assertions(ajvs, 'annotations/annotationMusts.test');
const collMusts = assertions(ajvs, 'collections/collectionMusts.test');
const pageMusts = assertions(ajvs, 'collections/pages/pageMusts.test');

const items = collection?.first?.items;
if (!Array.isArray(items) || items.length === 0) fail('the collection has no first.items');
for (const [i, item] of (items ?? []).entries())
  for (const b of check(annoMusts, item)) fail(`annotation ${i} (${item.id}): ${b}`);
for (const b of check(collMusts, collection)) fail(`collection (${collection.id}): ${b}`);
for (const b of check(pageMusts, collection)) fail(`collection's page (${collection.first?.id}): ${b}`);
if (collection.total !== items?.length) fail(`total ${collection.total} but ${items?.length} items`);
const ids = new Set((items ?? []).map((x) => x.id));
if (ids.size !== items?.length) fail('annotation ids are not unique');

// Negative control: a broken annotation and collection must be rejected.
if (items?.length) {
  const broken = structuredClone(items[0]);
  broken.id = 'not a uri';
  delete broken.target;
  broken.body = [{ type: 'TextualBody', value: 'x', created: 'yesterday' }];
  const bad = check(annoMusts, broken);
  for (const want of ['3.1-annotationIdValidated', '3.1-targetKeyFound', '3.3.1-bodyCreatedValidated'])
    if (!bad.some((b) => b.includes(want))) fail(`negative control: ${want} did not fail`);
  if (!check(collMusts, { ...collection, total: -1 }).length) fail('negative control: total -1 passed');
}

const n = annoMusts.length + collMusts.length + pageMusts.length;
if (failures) {
  console.error(`${failures} failure(s)`);
  process.exit(1);
}
console.log(`ok: ${items.length} annotations x ${annoMusts.length} MUST assertions, ` +
  `collection x ${collMusts.length + pageMusts.length} (${n} assertions, fast and full formats)`);
