#define _GNU_SOURCE /* memmem */
/* -f json: the run's annotations as one W3C Web Annotation
 * AnnotationCollection (https://www.w3.org/TR/annotation-model/) whose
 * embedded first AnnotationPage holds every item, in document order and,
 * within a document, in output order (annot_sorted).
 *
 * Identifiers (all absolute, all deterministic):
 * - With a base URI B (--base-uri; F is B without its #fragment):
 *   collection B, page F#page1, annotation F#NAME/aSEQ (NAME: the document
 *   name percent-encoded as a fragment, SEQ: the annotation's creation seq),
 *   source: the document path as typed, percent-encoded, resolved against F
 *   as a relative reference (RFC 3986 5.2; standard input: F itself).
 * - Without: collection urn:glossa:collection, page
 *   urn:glossa:collection#page1, source the input's file: URI (its real
 *   absolute path, percent-encoded per RFC 3986; standard input:
 *   urn:glossa:stdin), annotation SOURCE#glossa-aSEQ.
 * - An annotation read in from W3C JSON (--annotations) keeps its IRI.
 * Percent-encoding keeps unreserved characters, sub-delims, ':', '@' and '/'
 * and encodes every other byte (so non-ASCII becomes UTF-8 %XX).
 *
 * Links (annotate{links = …}): one body per live target, after the label's,
 * {"type": "SpecificResource", "source": TARGET'S ID, "purpose": "linking",
 * "glossa:role": ROLE}: a W3C client keeps the reference to the other
 * annotation as a body; glossa:role is an extension term of the glossa
 * prefix in the item's @context.
 *
 * Layout: exactly JSON.stringify(value, null, 2) plus a final newline. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "output.h"
#include "utf8.h"

#define ANNO_CONTEXT "http://www.w3.org/ns/anno.jsonld"
#define GLOSSA_NS "https://glossa.dev/ns#"
#define NO_BASE_COLLECTION "urn:glossa:collection"
#define STDIN_URI "urn:glossa:stdin"
/* Context of a quote starts at this many code points a side and grows until
 * prefix + exact + suffix occurs exactly once in the text view. */
#define CONTEXT 32
/* Up to this many annotations a document's quotes are checked with memmem
 * (linear each); beyond it with a suffix array (built once). */
#define MEMMEM_MAX 16

/* An annotation's IRI: the one it had when it was read in (--annotations)
 * from W3C JSON, so that a client finds its annotation again after a
 * re-anchoring; else made from idbase. An id read in that is no absolute
 * IRI (brat's T3) is not one a W3C id may be. */
static int anno_id(buf *id, const char *idbase, const annot *a) {
  const char *s = a->source_id;
  size_t scheme = s ? strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") : 0;
  if (s && scheme > 0 && s[scheme] == ':' && ((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z') &&
      !strpbrk(s, " \t\n\r\"<>{}|\\^`"))
    return buf_adds(id, s);
  return buf_printf(id, "%sa%lu", idbase, a->seq);
}

/* ---- a pretty-printing JSON emitter (JSON.stringify(v, null, 2)) -------- */

typedef struct jw {
  buf *b;
  int depth;
  int empty[16]; /* per depth: nothing written in this container yet */
  int err;
} jw;

static void jw_nl(jw *w) {
  if (buf_addc(w->b, '\n')) w->err = 1;
  for (int i = 0; i < w->depth; i++)
    if (buf_adds(w->b, "  ")) w->err = 1;
}

/* Before a member or an element of the current container. */
static void jw_next(jw *w) {
  if (!w->empty[w->depth] && buf_addc(w->b, ',')) w->err = 1;
  w->empty[w->depth] = 0;
  jw_nl(w);
}

static void jw_open(jw *w, char c) {
  if (buf_addc(w->b, c)) w->err = 1;
  w->empty[++w->depth] = 1;
}

static void jw_close(jw *w, char c) {
  int was_empty = w->empty[w->depth--];
  if (!was_empty) jw_nl(w);
  if (buf_addc(w->b, c)) w->err = 1;
}

static void jw_key(jw *w, const char *k) {
  jw_next(w);
  if (json_cstr(w->b, k) || buf_adds(w->b, ": ")) w->err = 1;
}

static void jw_raw(jw *w, const char *s) {
  if (buf_adds(w->b, s)) w->err = 1;
}

static void jw_str(jw *w, const char *s, size_t n) {
  if (json_str(w->b, s, n)) w->err = 1;
}

static void jw_cstr(jw *w, const char *s) {
  if (json_cstr(w->b, s)) w->err = 1;
}

static void jw_kstr(jw *w, const char *k, const char *v) {
  jw_key(w, k);
  jw_cstr(w, v);
}

/* ---- IRIs ---------------------------------------------------------------- */

/* Appends s percent-encoded: unreserved, sub-delims, ':', '@' and '/' stay. */
static int pct(buf *b, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || (c && strchr("-._~!$&'()*+,;=:@/", c));
    if (keep ? buf_addc(b, (char)c)
             : buf_addc(b, '%') || buf_addc(b, hex[c >> 4]) || buf_addc(b, hex[c & 15]))
      return -1;
  }
  return 0;
}

/* Length of the base URI without its fragment. */
static size_t base_len(const char *base) { return strcspn(base, "#"); }

/* RFC 3986 5.2.4: appends path[0..n) without its "." and ".." segments. */
static int remove_dots(buf *out, const char *p, size_t n) {
  const char *end = p + n, *s = p;
  if (n && *p == '/') {
    if (buf_addc(out, '/')) return -1;
    s++;
  }
  size_t root = out->len; /* every segment kept is followed by '/' but the last */
  for (;;) {
    const char *e = memchr(s, '/', (size_t)(end - s));
    if (!e) e = end;
    size_t len = (size_t)(e - s);
    if (len == 2 && s[0] == '.' && s[1] == '.') {
      if (out->len > root) out->len--; /* the '/' after the last segment */
      while (out->len > root && out->s[out->len - 1] != '/') out->len--;
      out->s[out->len] = '\0';
    } else if (!(len == 1 && s[0] == '.')) {
      if (buf_add(out, s, len) || (e < end && buf_addc(out, '/'))) return -1;
    }
    if (e == end) return 0;
    s = e + 1;
  }
}

/* Appends the resolution of relative-path reference ref (no scheme, no
 * authority, no query or fragment) against base[0..n) (RFC 3986 5.2.2). */
static int resolve(buf *b, const char *base, size_t n, const char *ref) {
  const char *colon = memchr(base, ':', n);
  size_t scheme = colon ? (size_t)(colon - base) + 1 : 0;
  size_t auth = scheme; /* end of scheme ":" "//" authority */
  if (n - scheme >= 2 && !memcmp(base + scheme, "//", 2)) {
    auth = scheme + 2;
    while (auth < n && base[auth] != '/' && base[auth] != '?') auth++;
  }
  size_t pend = auth;
  while (pend < n && base[pend] != '?') pend++;
  if (!*ref) return buf_add(b, base, n); /* empty reference: the base */
  buf merged = BUF_INIT;
  int rc;
  if (*ref == '/') rc = buf_adds(&merged, ref);
  else {
    size_t last = pend;
    while (last > auth && base[last - 1] != '/') last--;
    if (last == auth && auth > scheme) rc = buf_addc(&merged, '/'); /* empty base path */
    else rc = buf_add(&merged, base + auth, last - auth);
    rc = rc || buf_adds(&merged, ref);
  }
  rc = rc || buf_add(b, base, auth) ||
       remove_dots(b, merged.s ? merged.s : "", merged.len);
  buf_free(&merged);
  return rc ? -1 : 0;
}

/* The document's IRI (target source) into b. */
static int doc_iri(buf *b, const document *d, const char *base) {
  int is_stdin = !strcmp(d->path, "-");
  if (base) {
    buf rel = BUF_INIT;
    int rc = is_stdin ? 0 : pct(&rel, d->path);
    rc = rc || resolve(b, base, base_len(base), rel.s ? rel.s : "");
    buf_free(&rel);
    return rc;
  }
  if (is_stdin) return buf_adds(b, STDIN_URI);
  char *abs = realpath(d->path, NULL);
  int rc = buf_adds(b, "file://");
  if (abs) {
    rc = rc || pct(b, abs);
  } else { /* gone since it was read: the path as typed, made absolute */
    char cwd[PATH_MAX];
    buf p = BUF_INIT;
    rc = rc || (d->path[0] != '/' && (!getcwd(cwd, sizeof cwd) ||
                                      buf_adds(&p, cwd) || buf_addc(&p, '/'))) ||
         buf_adds(&p, d->path);
    buf e = BUF_INIT;
    rc = rc || pct(&e, p.s) || remove_dots(b, e.s, e.len);
    buf_free(&p);
    buf_free(&e);
  }
  free(abs);
  return rc ? -1 : 0;
}

/* The collection's id and, with suffix, an IRI made from it into b. */
static int collection_iri(buf *b, const char *base, const char *frag) {
  if (!base) return buf_adds(b, NO_BASE_COLLECTION) || (frag && buf_adds(b, frag));
  if (!frag) return buf_adds(b, base);
  return buf_add(b, base, base_len(base)) || buf_adds(b, frag);
}

/* ---- unique quotes --------------------------------------------------------- */


/* Answers "does view[p..q) occur exactly once in the view?". Without a
 * suffix array by scanning with memmem; with one in O(1): the substring at p
 * is unique iff it is longer than the longest common prefix of suffix p with
 * its neighbours in suffix order. */
typedef struct uniq {
  const char *s;
  size_t n;
  uint32_t *rank; /* NULL: memmem */
  uint32_t *lcp;  /* lcp[r]: of the suffixes ranked r-1 and r; lcp[0] = lcp[n] = 0 */
} uniq;

static int uniq_is(const uniq *u, size_t p, size_t q) {
  if (u->rank) {
    uint32_t r = u->rank[p];
    size_t m = u->lcp[r] > u->lcp[r + 1] ? u->lcp[r] : u->lcp[r + 1];
    return q - p > m;
  }
  if (q == p) return u->n == 0;
  size_t count = 0;
  const char *at = u->s, *end = u->s + u->n;
  while (at < end && (at = memmem(at, (size_t)(end - at), u->s + p, q - p))) {
    if (++count > 1) return 0;
    at++;
  }
  return count == 1;
}

/* Builds the suffix array's rank and LCP arrays (prefix doubling with
 * radix sorts, then Kasai). Returns 0, or -1 out of memory. */
static int uniq_build(uniq *u) {
  size_t n = u->n;
  size_t m = n > 256 ? n : 256;
  uint32_t *sa = malloc(n * sizeof *sa), *rk = malloc(n * sizeof *rk),
           *tmp = malloc((n + 1) * sizeof *tmp), *cnt = malloc((m + 1) * sizeof *cnt);
  if (!sa || !rk || !tmp || !cnt) goto oom;
  const unsigned char *s = (const unsigned char *)u->s;
  size_t classes = 256;
  memset(cnt, 0, classes * sizeof *cnt);
  for (size_t i = 0; i < n; i++) cnt[rk[i] = s[i]]++;
  for (size_t c = 1; c < classes; c++) cnt[c] += cnt[c - 1];
  for (size_t i = n; i-- > 0;) sa[--cnt[rk[i]]] = (uint32_t)i;
  for (size_t k = 1; n > 1; k <<= 1) {
    size_t p = 0;
    for (size_t i = n - (k < n ? k : n); i < n; i++) tmp[p++] = (uint32_t)i;
    for (size_t i = 0; i < n; i++)
      if (sa[i] >= k) tmp[p++] = (uint32_t)(sa[i] - k);
    memset(cnt, 0, classes * sizeof *cnt);
    for (size_t i = 0; i < n; i++) cnt[rk[i]]++;
    for (size_t c = 1; c < classes; c++) cnt[c] += cnt[c - 1];
    for (size_t i = n; i-- > 0;) sa[--cnt[rk[tmp[i]]]] = tmp[i];
    tmp[sa[0]] = 0;
    p = 1;
    for (size_t i = 1; i < n; i++) {
      size_t a = sa[i - 1], b = sa[i];
      int same = rk[a] == rk[b] &&
                 (a + k < n ? (long long)rk[a + k] : -1) == (b + k < n ? (long long)rk[b + k] : -1);
      tmp[b] = (uint32_t)(same ? p - 1 : p++);
    }
    memcpy(rk, tmp, n * sizeof *rk);
    if (p == n) break;
    classes = p;
  }
  if (n == 1) rk[0] = sa[0] = 0;
  /* Kasai: lcp of each suffix with the one before it in suffix order. */
  uint32_t *lcp = tmp;
  lcp[0] = lcp[n] = 0;
  for (size_t i = 0, h = 0; i < n; i++) {
    if (rk[i] == 0) { h = 0; continue; }
    size_t j = sa[rk[i] - 1];
    while (i + h < n && j + h < n && s[i + h] == s[j + h]) h++;
    lcp[rk[i]] = (uint32_t)h;
    if (h) h--;
  }
  free(sa);
  free(cnt);
  u->rank = rk;
  u->lcp = lcp;
  return 0;
oom:
  free(sa);
  free(rk);
  free(tmp);
  free(cnt);
  return -1;
}

/* The smallest k >= CONTEXT for which k code points of context a side make
 * [start, end) unique: sets *pre and *post to the context's bounds. */
static void quote_context(const uniq *u, size_t start, size_t end, size_t *pre,
                          size_t *post) {
  size_t lo = 0, k = CONTEXT; /* uniqueness is monotone in k */
  for (;;) {
    size_t p = utf8_back(u->s, start, k), q = utf8_fwd(u->s, u->n, end, k);
    if (uniq_is(u, p, q) || (p == 0 && q == u->n)) break;
    lo = k;
    k *= 2;
  }
  while (lo && lo + 1 < k) { /* unique at k, not at lo */
    size_t mid = lo + (k - lo) / 2;
    if (uniq_is(u, utf8_back(u->s, start, mid), utf8_fwd(u->s, u->n, end, mid))) k = mid;
    else lo = mid;
  }
  *pre = utf8_back(u->s, start, k);
  *post = utf8_fwd(u->s, u->n, end, k);
}

/* ---- the writer -------------------------------------------------------------- */

static void attrs(jw *w, const annot_attrs *as) {
  jw_open(w, '{');
  for (size_t i = 0; i < as->n; i++) {
    const annot_attr *a = &as->v[i];
    jw_key(w, a->key);
    switch (a->type) {
    case ATTR_STRING: jw_cstr(w, a->s); break;
    case ATTR_NUMBER: if (json_num(w->b, a->n)) w->err = 1; break;
    case ATTR_INTEGER: if (buf_printf(w->b, "%lld", a->i)) w->err = 1; break;
    case ATTR_BOOL: jw_raw(w, a->i ? "true" : "false"); break;
    }
  }
  jw_close(w, '}');
}

static void textual_body(jw *w, const char *value, const char *purpose, int plain) {
  jw_next(w);
  jw_open(w, '{');
  jw_kstr(w, "type", "TextualBody");
  jw_kstr(w, "value", value);
  jw_kstr(w, "purpose", purpose);
  if (plain) jw_kstr(w, "format", "text/plain");
  jw_close(w, '}');
}

static void item(jw *w, const document *d, const annot *a, const char *source,
                 const char *idbase, const uniq *u, const out_opts *o) {
  const text_view *v = &d->view;
  int has_attrs = a->attrs && a->attrs->n;
  int explain = o && o->explain; /* glossa:script and glossa:matcher */
  size_t nlinks = 0; /* to live annotations */
  for (size_t i = 0; a->links && i < a->links->n; i++)
    nlinks += !d->annots.v[a->links->v[i].target].removed;
  jw_next(w);
  jw_open(w, '{');
  jw_key(w, "@context");
  if (has_attrs || explain || nlinks) {
    jw_open(w, '[');
    jw_next(w);
    jw_cstr(w, ANNO_CONTEXT);
    jw_next(w);
    jw_open(w, '{');
    jw_kstr(w, "glossa", GLOSSA_NS);
    if (has_attrs) { /* glossa:attrs holds a JSON literal (JSON-LD 1.1 @json) */
      jw_key(w, "glossa:attrs");
      jw_open(w, '{');
      jw_kstr(w, "@type", "@json");
      jw_close(w, '}');
    }
    jw_close(w, '}');
    jw_close(w, ']');
  } else {
    jw_cstr(w, ANNO_CONTEXT);
  }
  buf id = BUF_INIT;
  if (anno_id(&id, idbase, a)) w->err = 1;
  jw_kstr(w, "id", id.s ? id.s : "");
  buf_free(&id);
  jw_kstr(w, "type", "Annotation");
  jw_kstr(w, "motivation", a->note ? "commenting" : "tagging");
  if (o && o->created) jw_kstr(w, "created", o->created);
  jw_key(w, "body");
  jw_open(w, '[');
  if (a->note) textual_body(w, a->note, "commenting", 1);
  textual_body(w, a->label, "tagging", 0);
  /* a link: a body that is the other annotation (a SpecificResource whose
   * source is its IRI, purpose linking), its role in glossa:role */
  for (size_t i = 0; nlinks && i < a->links->n; i++) {
    const annot *t = &d->annots.v[a->links->v[i].target];
    if (t->removed) continue;
    buf tid = BUF_INIT;
    if (anno_id(&tid, idbase, t)) w->err = 1;
    jw_next(w);
    jw_open(w, '{');
    jw_kstr(w, "type", "SpecificResource");
    jw_kstr(w, "source", tid.s ? tid.s : "");
    jw_kstr(w, "purpose", "linking");
    jw_kstr(w, "glossa:role", a->links->v[i].role);
    jw_close(w, '}');
    buf_free(&tid);
  }
  jw_close(w, ']');
  if (has_attrs) {
    jw_key(w, "glossa:attrs");
    attrs(w, a->attrs);
  }
  if (explain) {
    buf by = BUF_INIT;
    if (buf_printf(&by, "%s:%ld", a->script, a->line)) w->err = 1;
    jw_kstr(w, "glossa:script", by.s ? by.s : "");
    buf_free(&by);
    if (a->matcher) jw_kstr(w, "glossa:matcher", a->matcher);
  }
  size_t pre, post;
  quote_context(u, a->start, a->end, &pre, &post);
  jw_key(w, "target");
  jw_open(w, '{');
  jw_kstr(w, "source", source);
  jw_key(w, "selector");
  jw_open(w, '[');
  jw_next(w);
  jw_open(w, '{');
  jw_kstr(w, "type", "TextQuoteSelector");
  jw_key(w, "exact");
  jw_str(w, v->s + a->start, a->end - a->start);
  jw_key(w, "prefix");
  jw_str(w, v->s + pre, a->start - pre);
  jw_key(w, "suffix");
  jw_str(w, v->s + a->end, post - a->end);
  jw_close(w, '}');
  jw_next(w);
  jw_open(w, '{');
  jw_kstr(w, "type", "TextPositionSelector");
  jw_key(w, "start");
  if (buf_printf(w->b, "%zu", text_cp(v, a->start))) w->err = 1;
  jw_key(w, "end");
  if (buf_printf(w->b, "%zu", text_cp(v, a->end))) w->err = 1;
  jw_close(w, '}');
  jw_close(w, ']');
  jw_close(w, '}');
  jw_close(w, '}');
}

int out_json_begin(buf *b, out_json *j, const out_opts *o) {
  const char *base = o ? o->base_uri : NULL;
  jw w = {.b = b};
  buf id = BUF_INIT, page = BUF_INIT;
  j->items = 0;
  if (collection_iri(&id, base, NULL) || collection_iri(&page, base, "#page1")) {
    buf_free(&id);
    buf_free(&page);
    return -1;
  }
  jw_open(&w, '{');
  jw_kstr(&w, "@context", ANNO_CONTEXT);
  jw_kstr(&w, "id", id.s);
  jw_kstr(&w, "type", "AnnotationCollection");
  if (o && o->created) jw_kstr(&w, "created", o->created);
  jw_key(&w, "first");
  jw_open(&w, '{');
  jw_kstr(&w, "id", page.s);
  jw_kstr(&w, "type", "AnnotationPage");
  jw_kstr(&w, "partOf", id.s);
  jw_key(&w, "startIndex");
  jw_raw(&w, "0");
  jw_key(&w, "items");
  jw_raw(&w, "[");
  buf_free(&id);
  buf_free(&page);
  return w.err ? -1 : 0;
}

int out_json_doc(buf *b, out_json *j, const document *d, const out_opts *o) {
  if (!d->annots.nlive) return 0;
  const char *base = o ? o->base_uri : NULL;
  const annot **order = annot_sorted(&d->annots);
  buf source = BUF_INIT, idbase = BUF_INIT;
  uniq u = {.s = d->view.s ? d->view.s : "", .n = d->view.len};
  int rc = !order || doc_iri(&source, d, base);
  if (!rc && base) /* F#NAME/a */
    rc = buf_add(&idbase, base, base_len(base)) || buf_addc(&idbase, '#') ||
         pct(&idbase, d->name) || buf_adds(&idbase, "/");
  else if (!rc)
    rc = buf_adds(&idbase, source.s) || buf_adds(&idbase, "#glossa-");
  if (!rc && d->annots.nlive > MEMMEM_MAX && u.n > 0 && u.n < UINT32_MAX)
    rc = uniq_build(&u);
  /* The items array is at depth 3: collection, first, items. */
  jw w = {.b = b, .depth = 3};
  w.empty[3] = j->items == 0;
  for (size_t i = 0; !rc && i < d->annots.nlive; i++) {
    item(&w, d, order[i], source.s, idbase.s, &u, o);
    rc = w.err;
  }
  if (!rc) j->items += d->annots.nlive;
  free(u.rank);
  free(u.lcp);
  free(order);
  buf_free(&source);
  buf_free(&idbase);
  return rc ? -1 : 0;
}

int out_json_end(buf *b, out_json *j, const out_opts *o) {
  (void)o;
  jw w = {.b = b, .depth = 3};
  w.empty[3] = j->items == 0;
  w.empty[2] = w.empty[1] = 0;
  jw_close(&w, ']');
  jw_close(&w, '}');
  jw_key(&w, "total");
  if (buf_printf(b, "%zu", j->items)) w.err = 1;
  jw_close(&w, '}');
  jw_raw(&w, "\n");
  return w.err ? -1 : 0;
}
