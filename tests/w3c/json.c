/* Tests of out_json.c: `glossa-test-w3c-json NAME [SRCDIR]` runs one case
 * (tests/check.h). json_samples also writes w3c-samples.json into the
 * working directory (ctest's: build/tests/w3c) for validate.mjs and
 * anchor.mjs.
 *
 * The checks read the writer's output back with their own small JSON
 * parser and recompute everything from the text view independently: code
 * point offsets by counting lead bytes, uniqueness by counting occurrences
 * of prefix + exact + suffix. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "buf.h"
#include "doc.h"
#include "jsonread.h"
#include "output.h"

#include "../check.h"

static const char SENTENCE[] = "It would appear there\xE2\x80\x99s some deal-making in the works.";

/* ---- JSON values as a tree, read with core/jsonread.c ------------------------ */

typedef enum jt { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jt;

typedef struct jv {
  jt t;
  double n;
  char *s; /* J_STR: decoded, NUL-terminated (slen bytes) */
  size_t slen;
  struct jv **v; /* J_ARR: elements; J_OBJ: values */
  char **k;      /* J_OBJ: keys */
  size_t len;
} jv;

static void jfree(jv *v) {
  if (!v) return;
  for (size_t i = 0; i < v->len; i++) {
    jfree(v->v[i]);
    if (v->k) free(v->k[i]);
  }
  free(v->v);
  free(v->k);
  free(v->s);
  free(v);
}

/* The value at r as a tree, read with core/jsonread.c; NULL on a problem
 * (in r). */
static jv *jvalue(jsonread *r) {
  jv *v = calloc(1, sizeof *v);
  buf b = BUF_INIT;
  size_t count = 0;
  int rc;
  if (!v) abort();
  if (jsonread_peek(r, '{') || jsonread_peek(r, '[')) {
    int obj = r->s[r->i] == '{';
    v->t = obj ? J_OBJ : J_ARR;
    while ((rc = obj ? jsonread_member(r, &b, &count) : jsonread_element(r, &count)) > 0) {
      v->v = realloc(v->v, (v->len + 1) * sizeof *v->v);
      v->k = obj ? realloc(v->k, (v->len + 1) * sizeof *v->k) : v->k;
      if (!v->v || (obj && !v->k)) abort();
      if (obj) v->k[v->len] = strdup(b.s ? b.s : "");
      v->v[v->len] = jvalue(r);
      if (!v->v[v->len++]) rc = -1;
      if (rc < 0) break;
    }
    if (rc < 0) goto bad;
  } else if (jsonread_peek(r, '"')) {
    v->t = J_STR;
    if (jsonread_string(r, &b)) goto bad;
    if (!b.s) buf_adds(&b, "");
    v->s = buf_detach(&b, &v->slen);
  } else if (jsonread_peek(r, '-') || (r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9')) {
    v->t = J_NUM;
    if (jsonread_number(r, &b, NULL)) goto bad;
    v->n = strtod(b.s, NULL);
  } else {
    size_t from = r->i;
    if (jsonread_skip(r)) goto bad;
    v->t = r->s[from] == 'n' ? J_NULL : J_BOOL;
    v->n = r->s[from] == 't';
  }
  buf_free(&b);
  return v;
bad:
  buf_free(&b);
  jfree(v);
  return NULL;
}

/* Parses all of s; NULL (and a message) when it is not one JSON value. */
static jv *jparse(const char *s, size_t n) {
  jsonread r;
  jsonread_init(&r, s, n);
  jv *v = jvalue(&r);
  if (v && jsonread_end(&r)) {
    jfree(v);
    v = NULL;
  }
  if (!v) fprintf(stderr, "invalid JSON at byte %zu: %s\n", r.err_at, r.err ? r.err : "?");
  return v;
}

static jv *jget(const jv *o, const char *key) {
  if (!o || o->t != J_OBJ) return NULL;
  for (size_t i = 0; i < o->len; i++)
    if (o->k[i] && !strcmp(o->k[i], key)) return o->v[i];
  return NULL;
}

static const char *jgets(const jv *o, const char *key) {
  jv *v = jget(o, key);
  return v && v->t == J_STR ? v->s : NULL;
}

/* ---- helpers ----------------------------------------------------------------- */

static size_t cps(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

static size_t occurrences(const char *hay, size_t n, const char *needle, size_t m,
                          size_t *first) {
  size_t count = 0;
  for (size_t i = 0; m && i + m <= n; i++)
    if (!memcmp(hay + i, needle, m)) {
      if (!count) *first = i;
      count++;
    }
  return count;
}

static document *load(const char *rel) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", check_srcdir, rel);
  buf err = BUF_INIT;
  document *d = doc_load(path, DOC_AUTO, 64u << 20, &err);
  if (!d) fprintf(stderr, "%s\n", err.s ? err.s : path);
  buf_free(&err);
  return d;
}

static document *parse_text(const char *path, const char *text) {
  buf err = BUF_INIT;
  document *d = doc_parse(path, text, strlen(text), DOC_TEXT, &err);
  if (!d) fprintf(stderr, "%s\n", err.s ? err.s : path);
  buf_free(&err);
  return d;
}

static annot *add(document *d, size_t start, size_t end, const char *label,
                  const char *note, annot_attrs *attrs) {
  annot_store *st = &d->annots;
  const annot_attrs *as = attrs ? annot_keep_attrs(st, attrs) : NULL;
  return annot_add(st, start, end, annot_intern(st, label),
                   note ? annot_intern(st, note) : NULL, annot_intern(st, "json_test"), 1,
                   as, NULL);
}

/* Annotates every occurrence of word in d; returns how many. */
static size_t add_all(document *d, const char *word, const char *label) {
  size_t n = 0, m = strlen(word);
  const char *s = d->view.s, *end = s + d->view.len, *at = s;
  while ((at = memmem(at, (size_t)(end - at), word, m))) {
    add(d, (size_t)(at - s), (size_t)(at - s) + m, label, NULL, NULL);
    at += m;
    n++;
  }
  return n;
}

static char *run(document **docs, size_t n, const out_opts *o, size_t *len) {
  buf b = BUF_INIT;
  out_json j;
  int rc = out_json_begin(&b, &j, o);
  for (size_t i = 0; i < n && !rc; i++) rc = out_json_doc(&b, &j, docs[i], o);
  rc = rc || out_json_end(&b, &j, o);
  CHECK(rc == 0);
  return buf_detach(&b, len);
}

static jv *items_of(const jv *coll) {
  jv *it = jget(jget(coll, "first"), "items");
  return it && it->t == J_ARR ? it : NULL;
}

static jv *selector(const jv *item, const char *type) {
  jv *sel = jget(jget(item, "target"), "selector");
  for (size_t i = 0; sel && sel->t == J_ARR && i < sel->len; i++)
    if (jgets(sel->v[i], "type") && !strcmp(jgets(sel->v[i], "type"), type)) return sel->v[i];
  return NULL;
}

/* Checks one item against the view of its document: the quote's
 * prefix + exact + suffix occurs exactly once, where the positions say; the
 * context is no longer than needed. Returns the start code point. */
static size_t check_item(const jv *item, const document *d) {
  const text_view *v = &d->view;
  jv *q = selector(item, "TextQuoteSelector"), *p = selector(item, "TextPositionSelector");
  CHECK(q && p);
  if (!q || !p) return 0;
  jv *ex = jget(q, "exact"), *pre = jget(q, "prefix"), *suf = jget(q, "suffix");
  jv *js = jget(p, "start"), *je = jget(p, "end");
  CHECK(ex && pre && suf && js && je && ex->t == J_STR && js->t == J_NUM);
  if (!ex || !pre || !suf || !js || !je) return 0;
  buf all = BUF_INIT;
  buf_add(&all, pre->s, pre->slen);
  buf_add(&all, ex->s, ex->slen);
  buf_add(&all, suf->s, suf->slen);
  size_t at = 0, count = occurrences(v->s, v->len, all.s, all.len, &at);
  if (count != 1)
    fprintf(stderr, "%s: quote \"%s\" with its context occurs %zu times\n",
            jgets(item, "id"), ex->s, count);
  CHECK_EQ(count, 1);
  size_t start = cps(v->s, at + pre->slen);
  CHECK_EQ((size_t)js->n, start);
  CHECK_EQ((size_t)je->n, start + cps(ex->s, ex->slen));
  /* Minimal: one code point less of context on each side (when neither side
   * is cut by the text's ends) is ambiguous. */
  size_t kp = cps(pre->s, pre->slen), ks = cps(suf->s, suf->slen);
  CHECK(kp >= 32 || at == 0);
  CHECK(ks >= 32 || at + all.len == v->len);
  if (kp == ks && kp > 32) {
    size_t a = 1, b = all.len - 1;
    while ((pre->s[a] & 0xC0) == 0x80) a++;
    while ((all.s[b] & 0xC0) == 0x80) b--;
    size_t dummy;
    CHECK(occurrences(v->s, v->len, all.s + a, b - a, &dummy) > 1);
  }
  buf_free(&all);
  return start;
}

/* The first item whose exact quote is s. */
static jv *find_exact(const jv *items, const char *s) {
  for (size_t i = 0; items && i < items->len; i++) {
    jv *q = selector(items->v[i], "TextQuoteSelector");
    if (q && jgets(q, "exact") && !strcmp(jgets(q, "exact"), s)) return items->v[i];
  }
  return NULL;
}

static int write_file(const char *path, const char *s, size_t n) {
  FILE *f = fopen(path, "wb");
  int bad = !f || fwrite(s, 1, n, f) != n;
  if ((f && fclose(f)) || bad) {
    fprintf(stderr, "cannot write %s\n", path);
    return -1;
  }
  return 0;
}

/* ---- tests --------------------------------------------------------------------- */

static const char *const SAMPLES[] = {"samples/trump-putin-call.txt",
                                      "samples/trump-putin-call.html",
                                      "samples/trump-putin-call.xml"};

/* The three samples, a few annotations each, in one collection. */
TEST(json_samples) {
  document *docs[3];
  size_t dealpos[3] = {0}, putins[3] = {0};
  for (int i = 0; i < 3; i++) {
    document *d = docs[i] = load(SAMPLES[i]);
    if (!d) { failures++; return; }
    const char *s = d->view.s;
    const char *deal = memmem(s, d->view.len, SENTENCE, sizeof SENTENCE - 1);
    CHECK(deal != NULL);
    if (!deal) continue;
    dealpos[i] = cps(s, (size_t)(deal - s));
    /* Created out of output order, so seq and order differ. */
    putins[i] = add_all(d, "Putin", "person");
    CHECK(putins[i] > 1);
    annot_attrs *as = malloc(sizeof *as + 3 * sizeof as->v[0]);
    as->n = 3;
    as->v[0] = (annot_attr){.key = annot_intern(&d->annots, "hedge"), .type = ATTR_STRING,
                            .s = annot_intern(&d->annots, "it would \"appear\"")};
    as->v[1] = (annot_attr){.key = annot_intern(&d->annots, "confidence"), .type = ATTR_NUMBER,
                            .n = 0.25};
    as->v[2] = (annot_attr){.key = annot_intern(&d->annots, "in_readout"), .type = ATTR_BOOL,
                            .i = 0};
    size_t off = (size_t)(deal - s);
    add(d, off, off + sizeof SENTENCE - 1, "speculation", "deal-making in the works", as);
    const char *syria = strstr(s, "Syria");
    CHECK(syria != NULL);
    if (syria) { /* linked to the first Putin (seq 1): a body that is that annotation */
      annot *pl = add(d, (size_t)(syria - s), (size_t)(syria - s) + 5, "place", NULL, NULL);
      annot_links *ls = malloc(sizeof *ls + sizeof ls->v[0]);
      ls->n = 1;
      ls->v[0] = (annot_link){.role = annot_intern(&d->annots, "near"), .target = 0};
      pl->links = annot_keep_links(&d->annots, ls);
    }
    add(d, 0, 4, "start", "the first four bytes\n\ttab\\", NULL); /* at the text's start */
    size_t e = d->view.len;
    add(d, e - 1, e, "end", NULL, NULL); /* and end */
  }
  CHECK_EQ(dealpos[0], 2438);
  size_t len;
  char *out = run(docs, 3, NULL, &len);
  CHECK(write_file("w3c-samples.json", out, len) == 0);
  jv *c = jparse(out, len);
  CHECK(c != NULL);
  CHECK_STR(jgets(c, "@context"), "http://www.w3.org/ns/anno.jsonld");
  CHECK_STR(jgets(c, "type"), "AnnotationCollection");
  CHECK_STR(jgets(c, "id"), "urn:glossa:collection");
  jv *first = jget(c, "first"), *items = items_of(c);
  CHECK_STR(jgets(first, "type"), "AnnotationPage");
  CHECK_STR(jgets(first, "partOf"), "urn:glossa:collection");
  CHECK(jget(first, "startIndex") && jget(first, "startIndex")->n == 0);
  size_t total = 0;
  for (int i = 0; i < 3; i++) total += docs[i]->annots.n;
  CHECK(items && items->len == total);
  CHECK(jget(c, "total") && jget(c, "total")->n == (double)total);
  CHECK(!strstr(out, "\"created\""));
  /* Items: in document order, each document's in output order. */
  size_t k = 0;
  for (int i = 0; i < 3 && items; i++) {
    document *d = docs[i];
    char *abs = realpath(d->path, NULL);
    buf src = BUF_INIT;
    buf_printf(&src, "file://%s", abs);
    free(abs);
    size_t prev = 0;
    for (size_t a = 0; a < d->annots.n && k < items->len; a++, k++) {
      jv *it = items->v[k];
      CHECK_STR(jgets(jget(it, "target"), "source"), src.s);
      size_t start = check_item(it, d);
      CHECK(start >= prev);
      prev = start;
      const char *id = jgets(it, "id");
      CHECK(id && !strncmp(id, src.s, src.len) && !strncmp(id + src.len, "#glossa-a", 9));
      CHECK_STR(jgets(it, "type"), "Annotation");
    }
    /* The sentence: positions, bodies, attrs. */
    jv *it = NULL;
    for (size_t j = k - d->annots.n; j < k; j++) {
      jv *q = selector(items->v[j], "TextQuoteSelector");
      if (q && !strcmp(jgets(q, "exact"), SENTENCE)) it = items->v[j];
    }
    CHECK(it != NULL);
    if (!it) continue;
    jv *p = selector(it, "TextPositionSelector");
    CHECK_EQ((size_t)jget(p, "start")->n, dealpos[i]);
    CHECK_EQ((size_t)jget(p, "end")->n, dealpos[i] + 54);
    jv *body = jget(it, "body");
    CHECK(body && body->t == J_ARR && body->len == 2);
    if (body && body->len == 2) {
      CHECK_STR(jgets(body->v[0], "type"), "TextualBody");
      CHECK_STR(jgets(body->v[0], "purpose"), "commenting");
      CHECK_STR(jgets(body->v[0], "value"), "deal-making in the works");
      CHECK_STR(jgets(body->v[0], "format"), "text/plain");
      CHECK_STR(jgets(body->v[1], "purpose"), "tagging");
      CHECK_STR(jgets(body->v[1], "value"), "speculation");
    }
    jv *ctx = jget(it, "@context");
    CHECK(ctx && ctx->t == J_ARR && ctx->len == 2 &&
          !strcmp(ctx->v[0]->s, "http://www.w3.org/ns/anno.jsonld"));
    /* Syria's link: after the label's body, the other annotation's IRI */
    jv *place = NULL;
    for (size_t j = k - d->annots.n; j < k; j++) {
      jv *q = selector(items->v[j], "TextQuoteSelector");
      if (q && !strcmp(jgets(q, "exact"), "Syria")) place = items->v[j];
    }
    jv *pb = place ? jget(place, "body") : NULL;
    CHECK(pb && pb->t == J_ARR && pb->len == 2);
    if (pb && pb->len == 2) {
      buf want = BUF_INIT;
      buf_printf(&want, "%s#glossa-a1", src.s);
      CHECK_STR(jgets(pb->v[1], "type"), "SpecificResource");
      CHECK_STR(jgets(pb->v[1], "source"), want.s);
      CHECK_STR(jgets(pb->v[1], "purpose"), "linking");
      CHECK_STR(jgets(pb->v[1], "glossa:role"), "near");
      buf_free(&want);
      jv *pc = jget(place, "@context");
      CHECK(pc && pc->t == J_ARR && pc->len == 2 && jgets(pc->v[1], "glossa"));
    }
    jv *at = jget(it, "glossa:attrs");
    CHECK_STR(jgets(at, "hedge"), "it would \"appear\"");
    CHECK(jget(at, "confidence") && jget(at, "confidence")->n == 0.25);
    CHECK(jget(at, "in_readout") && jget(at, "in_readout")->t == J_BOOL &&
          jget(at, "in_readout")->n == 0);
    buf_free(&src);
  }
  /* "Putin" is not unique: the context tells the occurrences apart. */
  jv *putin = find_exact(items, "Putin");
  CHECK(putin && jgets(selector(putin, "TextQuoteSelector"), "prefix")[0]);
  /* Deterministic. */
  size_t len2;
  char *again = run(docs, 3, NULL, &len2);
  CHECK(len2 == len && !memcmp(out, again, len));
  free(again);
  jfree(c);
  free(out);
  for (int i = 0; i < 3; i++) doc_free(docs[i]);
}

/* Many annotations (the suffix-array path) give the same selectors as each
 * one alone (the memmem path), also on highly repetitive text. */
static void check_same_alone(document *d, const char *path, const char *text) {
  size_t len;
  document *docs[1] = {d};
  char *out = run(docs, 1, NULL, &len);
  jv *c = jparse(out, len), *items = items_of(c);
  CHECK(items && items->len == d->annots.n);
  const annot **order = annot_sorted(&d->annots);
  for (size_t i = 0; items && i < items->len; i++) {
    check_item(items->v[i], d);
    if (i % 7 && i + 1 != items->len) continue; /* a sample of them alone */
    document *one = text ? parse_text(path, text) : load(path);
    if (!one) { failures++; break; }
    add(one, order[i]->start, order[i]->end, order[i]->label, NULL, NULL);
    document *ones[1] = {one};
    size_t l1;
    char *o1 = run(ones, 1, NULL, &l1);
    jv *c1 = jparse(o1, l1), *i1 = items_of(c1);
    CHECK(i1 && i1->len == 1);
    if (i1 && i1->len == 1) {
      jv *a = selector(items->v[i], "TextQuoteSelector"), *b = selector(i1->v[0], "TextQuoteSelector");
      CHECK_STR(jgets(a, "prefix"), jgets(b, "prefix"));
      CHECK_STR(jgets(a, "suffix"), jgets(b, "suffix"));
    }
    jfree(c1);
    free(o1);
    doc_free(one);
  }
  free(order);
  jfree(c);
  free(out);
}

TEST(json_many) {
  document *d = load("samples/trump-putin-call.html");
  if (!d) { failures++; return; }
  size_t n = add_all(d, "Putin", "person") + add_all(d, "the", "w") + add_all(d, "e", "e") +
             add_all(d, "\n", "nl");
  CHECK(n > 100);
  check_same_alone(d, "samples/trump-putin-call.html", NULL);
  doc_free(d);
  /* Repetitive: "abab…ab" (2000 bytes) with a marker; contexts must grow
   * until they reach an end of the text or the marker. */
  buf t = BUF_INIT;
  for (int i = 0; i < 1000; i++) buf_adds(&t, i == 600 ? "X" : "ab");
  d = parse_text("rep.txt", t.s);
  if (!d) { failures++; buf_free(&t); return; }
  for (size_t off = 0; off + 2 <= d->view.len; off += 37) add(d, off, off + 2, "ab", NULL, NULL);
  add(d, 0, 0, "empty", NULL, NULL);
  check_same_alone(d, "rep.txt", t.s);
  doc_free(d);
  buf_free(&t);
}

/* Identifiers with and without --base-uri, standard input, --created. */
TEST(json_ids) {
  document *a = parse_text("dir/../docs/./a b#\xC3\xA4.txt", "Putin met Putin.\n");
  document *s = parse_text("-", "Putin met Putin.\n");
  if (!a || !s) { failures++; return; }
  add(a, 10, 15, "person", NULL, NULL);
  add(s, 0, 5, "person", NULL, NULL);
  document *docs[2] = {a, s};
  out_opts o = {.base_uri = "https://example.org/runs/1?x=\"y\"#frag",
                .created = "2017-11-15T12:00:00Z"};
  size_t len;
  char *out = run(docs, 2, &o, &len);
  jv *c = jparse(out, len), *items = items_of(c);
  CHECK_STR(jgets(c, "id"), "https://example.org/runs/1?x=\"y\"#frag");
  CHECK_STR(jgets(c, "created"), "2017-11-15T12:00:00Z");
  CHECK_STR(jgets(jget(c, "first"), "id"), "https://example.org/runs/1?x=\"y\"#page1");
  CHECK(items && items->len == 2);
  if (items && items->len == 2) {
    CHECK_STR(jgets(items->v[0], "id"),
              "https://example.org/runs/1?x=\"y\"#dir/../docs/./a%20b%23%C3%A4.txt/a1");
    CHECK_STR(jgets(jget(items->v[0], "target"), "source"),
              "https://example.org/runs/docs/a%20b%23%C3%A4.txt");
    CHECK_STR(jgets(items->v[0], "created"), "2017-11-15T12:00:00Z");
    CHECK_STR(jgets(items->v[1], "id"), "https://example.org/runs/1?x=\"y\"#%3Cstdin%3E/a1");
    CHECK_STR(jgets(jget(items->v[1], "target"), "source"), "https://example.org/runs/1?x=\"y\"");
    CHECK_STR(jgets(items->v[0], "motivation"), "tagging");
    CHECK(jget(items->v[0], "glossa:attrs") == NULL);
    CHECK_STR(jgets(items->v[0], "@context"), "http://www.w3.org/ns/anno.jsonld");
    check_item(items->v[0], a);
  }
  jfree(c);
  free(out);
  /* Resolution against a base with a path, and dot segments. */
  const char *cases[][3] = {
      {"https://h.org/a/b/c", "x/../../y.txt", "https://h.org/a/y.txt"},
      {"https://h.org", "x.txt", "https://h.org/x.txt"},
      {"https://h.org/a/", "/abs/./p.txt", "https://h.org/abs/p.txt"},
      {"https://h.org/a/b", "../../../q.txt", "https://h.org/q.txt"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    document *d = parse_text(cases[i][1], "text");
    if (!d) { failures++; continue; }
    add(d, 0, 4, "t", NULL, NULL);
    out_opts ob = {.base_uri = cases[i][0]};
    document *ds[1] = {d};
    char *o2 = run(ds, 1, &ob, &len);
    jv *c2 = jparse(o2, len);
    jv *it = items_of(c2);
    CHECK_STR(it && it->len ? jgets(jget(it->v[0], "target"), "source") : NULL, cases[i][2]);
    jfree(c2);
    free(o2);
    doc_free(d);
  }
  /* Without a base: standard input is urn:glossa:stdin. */
  document *ss[1] = {s};
  out = run(ss, 1, NULL, &len);
  c = jparse(out, len);
  items = items_of(c);
  CHECK_STR(items && items->len ? jgets(items->v[0], "id") : NULL, "urn:glossa:stdin#glossa-a1");
  CHECK_STR(items && items->len ? jgets(jget(items->v[0], "target"), "source") : NULL,
            "urn:glossa:stdin");
  CHECK(!strstr(out, "created"));
  jfree(c);
  free(out);
  doc_free(a);
  doc_free(s);
}

/* No documents, or none with annotations: an empty page, exactly laid out. */
TEST(json_empty) {
  size_t len;
  char *out = run(NULL, 0, NULL, &len);
  CHECK_STR(out, "{\n"
                 "  \"@context\": \"http://www.w3.org/ns/anno.jsonld\",\n"
                 "  \"id\": \"urn:glossa:collection\",\n"
                 "  \"type\": \"AnnotationCollection\",\n"
                 "  \"first\": {\n"
                 "    \"id\": \"urn:glossa:collection#page1\",\n"
                 "    \"type\": \"AnnotationPage\",\n"
                 "    \"partOf\": \"urn:glossa:collection\",\n"
                 "    \"startIndex\": 0,\n"
                 "    \"items\": []\n"
                 "  },\n"
                 "  \"total\": 0\n"
                 "}\n");
  free(out);
  document *d = parse_text("x.txt", "");
  if (!d) { failures++; return; }
  document *ds[1] = {d};
  out = run(ds, 1, NULL, &len);
  CHECK(strstr(out, "\"items\": []") && strstr(out, "\"total\": 0"));
  free(out);
  /* An empty text with an empty annotation. */
  add(d, 0, 0, "empty", NULL, NULL);
  out = run(ds, 1, NULL, &len);
  jv *c = jparse(out, len);
  CHECK(c && items_of(c) && items_of(c)->len == 1);
  jfree(c);
  free(out);
  doc_free(d);
}

int main(int argc, char **argv) {
  doc_init();
  return check_main(argc, argv);
}
