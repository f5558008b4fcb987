/* Annotations read in: the set, which document each group is for, and
 * attaching a group to its document where its text now is (core/import.h). */
#define _GNU_SOURCE /* memmem */
#include "import.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "anchor.h"
#include "grow.h"
#include "jsonread.h"
#include "path.h"
#include "utf8.h"

void import_init(import_set *s) { memset(s, 0, sizeof *s); }

static void annot_free_fields(import_annot *a) {
  free(a->id);
  free(a->label);
  free(a->note);
  for (size_t i = 0; i < a->nattrs; i++) {
    free(a->attrs[i].key);
    free(a->attrs[i].s);
  }
  free(a->attrs);
  for (size_t i = 0; i < a->nlinks; i++) {
    free(a->links[i].role);
    free(a->links[i].target);
  }
  free(a->links);
  free(a->exact);
  free(a->prefix);
  free(a->suffix);
  free(a->where);
}

void import_free(import_set *s) {
  for (size_t i = 0; i < s->n; i++) {
    import_group *g = &s->g[i];
    for (size_t k = 0; k < g->n; k++) annot_free_fields(&g->v[k]);
    free(g->v);
    free(g->key);
    free(g->text);
    free(g->where);
  }
  free(s->g);
  for (size_t i = 0; i < s->nfiles; i++) {
    free(s->files[i]);
    free(s->for_doc[i]);
  }
  free(s->files);
  free(s->for_doc);
  buf_free(&s->warn);
  free(s->slots);
  memset(s, 0, sizeof *s);
}

static size_t slot_hash(const char *file, const char *key) {
  size_t h = (size_t)(uintptr_t)file * 0x9E3779B97F4A7C15u;
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 0x100000001B3u;
  return h;
}

/* The slot of (file, key): its group's, or the empty one it would take. */
static size_t *slot_of(import_set *s, const char *file, const char *key) {
  size_t m = s->nslots - 1, i = slot_hash(file, key) & m;
  while (s->slots[i]) {
    const import_group *g = &s->g[s->slots[i] - 1];
    if (g->file == file && !strcmp(g->key, key)) break;
    i = (i + 1) & m;
  }
  return &s->slots[i];
}

/* Keeps the table under half full; 0, or -1 out of memory. */
static int slots_grow(import_set *s) {
  if (s->nslots && 2 * (s->n + 1) <= s->nslots) return 0;
  size_t n = s->nslots ? s->nslots * 2 : 64, *old = s->slots, on = s->nslots;
  if (!(s->slots = calloc(n, sizeof *s->slots))) return s->slots = old, -1;
  s->nslots = n;
  for (size_t i = 0; i < on; i++)
    if (old[i]) *slot_of(s, s->g[old[i] - 1].file, s->g[old[i] - 1].key) = old[i];
  free(old);
  return 0;
}

import_group *import_group_for(import_set *s, const char *file, const char *key, const char *where) {
  if (key) {
    if (slots_grow(s)) return NULL;
    size_t *sl = slot_of(s, file, key);
    if (*sl) return &s->g[*sl - 1];
  }
  if (grow_array((void **)&s->g, &s->cap, s->n + 1, sizeof *s->g)) return NULL;
  import_group *g = &s->g[s->n];
  memset(g, 0, sizeof *g);
  g->file = file;
  g->input = -1;
  if ((key && !(g->key = strdup(key))) || !(g->where = strdup(where ? where : file))) {
    free(g->key);
    return NULL;
  }
  s->n++;
  if (key) *slot_of(s, file, key) = s->n; /* room made by slots_grow */
  return g;
}

import_annot *import_annot_new(import_group *g) {
  if (grow_array((void **)&g->v, &g->cap, g->n + 1, sizeof *g->v)) return NULL;
  import_annot *a = &g->v[g->n++];
  memset(a, 0, sizeof *a);
  return a;
}

static const import_group *sort_group; /* for by_id: qsort has no context */

static int by_id(const void *x, const void *y) {
  const size_t *a = x, *b = y;
  int c = strcmp(sort_group->v[*a].id, sort_group->v[*b].id);
  return c ? c : (*a > *b) - (*a < *b);
}

size_t *import_ids(const import_group *g, size_t *n) {
  size_t *v = malloc((g->n ? g->n : 1) * sizeof *v), k = 0;
  if (!v) return NULL;
  for (size_t i = 0; i < g->n; i++)
    if (g->v[i].id) v[k++] = i;
  /* the readers run before the run's threads: one sort at a time */
  static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&mu);
  sort_group = g;
  qsort(v, k, sizeof *v, by_id);
  pthread_mutex_unlock(&mu);
  *n = k;
  return v;
}

size_t import_id_find(const import_group *g, const size_t *ids, size_t n, const char *id, size_t len) {
  /* ids are C strings: none has a NUL byte, and strncmp below stops at one */
  if (memchr(id, '\0', len)) return SIZE_MAX;
  size_t lo = 0, hi = n;
  while (lo < hi) { /* the first whose id is not below id[0..len) */
    size_t mid = lo + (hi - lo) / 2;
    const char *m = g->v[ids[mid]].id;
    int c = strncmp(m, id, len);
    if (c == 0 && m[len]) c = 1;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo < n) {
    const char *m = g->v[ids[lo]].id;
    if (!strncmp(m, id, len) && !m[len]) return ids[lo];
  }
  return SIZE_MAX;
}

/* ---- reading ------------------------------------------------------------- */

static int read_all(const char *path, buf *out, buf *err) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    buf_printf(err, "glossa: --annotations %s: %s", path, strerror(errno));
    return -1;
  }
  char chunk[65536];
  size_t n;
  int rc = 0;
  struct stat st; /* a file's size known: read into a buffer of it, not one doubled up to it */
  if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      (uintmax_t)st.st_size < SIZE_MAX - 1)
    buf_reserve(out, (size_t)st.st_size + 1); /* a hint: on failure, the loop grows it */
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (buf_add(out, chunk, n)) {
      buf_printf(err, "glossa: --annotations %s: out of memory", path);
      rc = -1;
      break;
    }
  if (!rc && ferror(f)) {
    buf_printf(err, "glossa: --annotations %s: %s", path, strerror(errno));
    rc = -1;
  }
  if (f != stdin) fclose(f);
  if (!rc && buf_reserve(out, 1)) rc = -1;
  if (!rc) out->s[out->len] = '\0';
  return rc;
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && !strcmp(s + a - b, suf);
}

/* Whether s[0..n) is one JSON value that is W3C's: an array, or an object
 * with a "type", "@context" or "target" (glossa's lines have none). Read
 * without building it: a collection can be most of the file. */
static int one_w3c_value(const char *s, size_t n) {
  jsonread r;
  jsonread_init(&r, s, n);
  if (jsonread_peek(&r, '[')) return !jsonread_skip(&r) && !jsonread_end(&r);
  if (!jsonread_peek(&r, '{')) return 0;
  size_t count = 0;
  buf key = BUF_INIT;
  int more, w3c = 0;
  while ((more = jsonread_member(&r, &key, &count)) == 1) {
    w3c |= jsonread_key_is(&key, "type") || jsonread_key_is(&key, "@context") ||
           jsonread_key_is(&key, "target");
    if (jsonread_skip(&r)) {
      more = -1;
      break;
    }
  }
  buf_free(&key);
  return more == 0 && w3c && !jsonread_end(&r);
}

int import_read(import_set *s, const char *path, const char *for_doc, buf *err) {
  size_t cap = s->filecap; /* files and for_doc side by side */
  if (grow_array((void **)&s->files, &cap, s->nfiles + 1, sizeof *s->files) ||
      grow_array((void **)&s->for_doc, &s->filecap, s->nfiles + 1, sizeof *s->for_doc))
    return buf_printf(err, "glossa: out of memory"), -1;
  const char *name = strcmp(path, "-") ? path : "<stdin>";
  s->files[s->nfiles] = strdup(name);
  s->for_doc[s->nfiles] = for_doc ? strdup(for_doc) : NULL;
  if (!s->files[s->nfiles] || (for_doc && !s->for_doc[s->nfiles])) {
    free(s->files[s->nfiles]);
    return buf_printf(err, "glossa: out of memory"), -1;
  }
  const char *file = s->files[s->nfiles++];
  buf data = BUF_INIT;
  if (read_all(path, &data, err)) return buf_free(&data), -1;
  size_t first = s->n;
  int rc;
  const char *kind = "jsonl";
  if (ends_with(path, ".ann")) kind = "brat", rc = import_brat(s, file, data.s, data.len, err);
  else if (!utf8_valid(data.s, data.len, NULL)) {
    size_t bad = 0;
    utf8_valid(data.s, data.len, &bad);
    size_t line = 1;
    for (size_t i = 0; i < bad; i++) line += data.s[i] == '\n';
    buf_printf(err, "%s:%zu: not UTF-8 (byte %zu); annotations are read as UTF-8", file, line,
               bad + 1);
    rc = -1;
  } else {
    /* one JSON value (W3C, pretty-printed), or a value per line */
    if (one_w3c_value(data.s, data.len)) {
      kind = "json";
      rc = import_w3c(s, file, data.s, data.len, err);
    } else {
      rc = import_jsonl(s, file, data.s, data.len, err);
      if (s->n > first && s->g[first].text) kind = "spans"; /* only spans lines hold the text */
    }
  }
  if (!s->kind) s->kind = kind;
  buf_free(&data);
  if (!rc && s->n == first)
    buf_printf(err, "glossa: --annotations %s: no annotations in it", file), rc = -1;
  return rc;
}

/* ---- which document ------------------------------------------------------ */

/* The file as --annotations-for names it: standard input is "-". */
static const char *as_arg(const char *file) { return strcmp(file, "<stdin>") ? file : "-"; }

/* The path a file: URI names (percent-decoded), or NULL: not one. */
static char *uri_path(const char *key) {
  const char *p = NULL;
  if (!strncmp(key, "file://", 7)) p = key + 7;
  else if (!strncmp(key, "file:", 5)) p = key + 5;
  if (!p) return NULL;
  if (*p != '/') { /* file://host/path */
    p = strchr(p, '/');
    if (!p) return NULL;
  }
  char *out = malloc(strlen(p) + 1), *o = out;
  if (!out) return NULL;
  for (; *p && *p != '#' && *p != '?'; p++) {
    int h, l;
    if (*p == '%' && (h = p[1]) && (l = p[2]) && strchr("0123456789abcdefABCDEF", h) &&
        strchr("0123456789abcdefABCDEF", l)) {
      char hex[3] = {(char)h, (char)l, 0};
      *o++ = (char)strtol(hex, NULL, 16);
      p += 2;
    } else *o++ = *p;
  }
  *o = '\0';
  return out;
}

/* The file name the key ends in: its last path segment (a URI's too,
 * without query or fragment), percent-decoded; "" when it has none. */
static void key_base(const char *key, buf *out) {
  size_t end = strcspn(key, "?#");
  if (strstr(key, "://") == NULL && strncmp(key, "file:", 5)) end = strlen(key); /* a path */
  size_t start = end;
  while (start > 0 && key[start - 1] != '/') start--;
  out->len = 0;
  for (size_t i = start; i < end; i++) {
    if (key[i] == '%' && i + 2 < end && strchr("0123456789abcdefABCDEF", key[i + 1]) &&
        strchr("0123456789abcdefABCDEF", key[i + 2])) {
      char hex[3] = {key[i + 1], key[i + 2], 0};
      buf_addc(out, (char)strtol(hex, NULL, 16));
      i += 2;
    } else buf_addc(out, key[i]);
  }
  buf_addc(out, '\0');
  out->len--;
}

/* A name without its last extension, in out. */
static void stem(const char *name, buf *out) {
  out->len = 0;
  const char *dot = strrchr(name, '.');
  size_t n = dot && dot != name ? (size_t)(dot - name) : strlen(name);
  buf_add(out, name, n);
  buf_addc(out, '\0');
  out->len--;
}

int import_resolve(import_set *s, char *const *inputs, size_t n, buf *err) {
  char **real = calloc(n ? n : 1, sizeof *real);
  if (!real) return buf_printf(err, "glossa: out of memory"), -1;
  for (size_t i = 0; i < n; i++) real[i] = strcmp(inputs[i], "-") ? realpath(inputs[i], NULL) : NULL;
  buf kb = BUF_INIT, ib = BUF_INIT;
  int rc = 0;
  for (size_t gi = 0; gi < s->n && !rc; gi++) {
    import_group *g = &s->g[gi];
    const char *for_doc = NULL;
    for (size_t f = 0; f < s->nfiles; f++)
      if (s->files[f] == g->file) for_doc = s->for_doc[f];
    if (for_doc) {
      for (size_t i = 0; i < n && g->input < 0; i++)
        if (!strcmp(inputs[i], for_doc)) g->input = (long)i;
      if (g->input < 0) {
        buf_printf(err, "glossa: --annotations-for %s=%s: %s is not a document of this run",
                   as_arg(g->file), for_doc, for_doc);
        rc = -1;
      }
      continue;
    }
    if (!g->key) continue; /* by its text, when attached */
    char *kp = uri_path(g->key);
    for (size_t i = 0; i < n && g->input < 0; i++)
      if (!strcmp(inputs[i], g->key) || (kp && real[i] && !strcmp(real[i], kp))) g->input = (long)i;
    free(kp);
    if (g->input >= 0) continue;
    key_base(g->key, &kb);
    if (!kb.len) continue;
    long found = -1;
    for (size_t i = 0; i < n && !rc; i++) {
      const char *base = path_base(inputs[i]);
      if (g->by_stem) stem(base, &ib); /* brat: NAME.ann is for NAME or NAME.EXT */
      if (strcmp(base, kb.s) && (!g->by_stem || strcmp(ib.s, kb.s))) continue;
      if (found >= 0) {
        buf_printf(err, "glossa: %s: the annotations for %s fit both %s and %s: say which with "
                        "--annotations-for %s=DOC", g->where, g->key, inputs[found], inputs[i],
                   as_arg(g->file));
        rc = -1;
      }
      found = (long)i;
    }
    g->input = found;
  }
  for (size_t i = 0; i < n; i++) free(real[i]);
  free(real);
  buf_free(&kb);
  buf_free(&ib);
  return rc;
}

/* ---- attaching ----------------------------------------------------------- */

static int fits(const import_group *g, const document *d, size_t index, int record) {
  if (g->input >= 0) return !record && (size_t)g->input == index;
  if (record) return g->key && !strcmp(g->key, d->path);
  return !g->key && g->text && g->textlen == d->view.len &&
         !memcmp(g->text, d->view.s, d->view.len);
}

/* Whether id is a glossa id, "a" and a number from 1 (*n). */
static int glossa_id(const char *id, unsigned long *n) {
  if (!id || id[0] != 'a' || id[1] < '1' || id[1] > '9') return 0;
  char *end;
  errno = 0;
  unsigned long v = strtoul(id + 1, &end, 10);
  if (*end || errno || v > (unsigned long)LONG_MAX) return 0;
  *n = v;
  return 1;
}

static size_t to_byte(const text_view *v, size_t off, import_units u) {
  if (u == IMPORT_BYTES) return off;
  return text_byte_at(v, off, u == IMPORT_UTF16);
}

static const annot_attrs *keep_attrs(annot_store *st, const import_annot *ia, int *oom) {
  if (!ia->nattrs) return NULL;
  annot_attrs *as = malloc(sizeof *as + ia->nattrs * sizeof as->v[0]);
  if (!as) return *oom = 1, NULL;
  as->n = ia->nattrs;
  for (size_t i = 0; i < ia->nattrs; i++) {
    const import_attr *x = &ia->attrs[i];
    annot_attr *a = &as->v[i];
    memset(a, 0, sizeof *a);
    a->type = x->type;
    a->n = x->n;
    a->i = x->i;
    if (!(a->key = annot_intern(st, x->key)) || (x->s && !(a->s = annot_intern(st, x->s)))) {
      free(as);
      return *oom = 1, NULL;
    }
  }
  const annot_attrs *kept = annot_keep_attrs(st, as);
  if (!kept) *oom = 1;
  return kept;
}

/* A quote for a message: its first 40 code points, one line. */
static void quote_of(buf *b, const char *s, size_t n) {
  size_t cut = utf8_fwd(s, n, 0, 40);
  buf_addc(b, '"');
  for (size_t i = 0; i < cut; i++) buf_addc(b, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
  if (cut < n) buf_adds(b, "…");
  buf_addc(b, '"');
}

static int by_glossa_id(const void *x, const void *y) {
  const size_t *a = x, *b = y; /* pairs: (id number or ULONG_MAX, index) */
  if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* Where one annotation read in was found (anchor_find's result) and, when
 * it is an orphan only because another one holds the place, that one. */
typedef struct found {
  anchor_result r;
  const import_annot *over;
  int over_moved;
} found;

/* Anchors each annotation of g on v into fs[0..g->n); 0, or -1 out of memory. */
static int anchor_group(const import_group *g, const text_view *v, found *fs) {
  for (size_t i = 0; i < g->n; i++) {
    const import_annot *ia = &g->v[i];
    anchor_quote q = {.exact = ia->exact, .exact_len = ia->exact_len,
                      .prefix = ia->prefix, .prefix_len = ia->prefix_len,
                      .suffix = ia->suffix, .suffix_len = ia->suffix_len,
                      .has_pos = ia->has_pos};
    if (ia->has_pos) {
      q.start = to_byte(v, ia->start, ia->units);
      q.end = to_byte(v, ia->end, ia->units);
    }
    fs[i].over = NULL;
    fs[i].over_moved = 0;
    if (anchor_find(v->s ? v->s : "", v->len, &q, &fs[i].r)) return -1;
  }
  return 0;
}

/* An exact or moved annotation's place and label, for fuzzy_on_another. */
typedef struct held {
  size_t start, end;
  const char *label;
  const found *f;
  const import_annot *ia;
} held;

static int by_place(const void *x, const void *y) {
  const held *a = x, *b = y;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end < b->end ? -1 : 1;
  return strcmp(a->label, b->label);
}

/* A fuzzy match on exactly the span of another annotation read in for the
 * document with the same label, itself found exact or moved, is that one's
 * text, not this one's: its own text is gone (a deleted item of a list of
 * near-identical ones lands on its neighbour, "8-bit" on "64-bit" at 0.86).
 * Such a match becomes an orphan (score 0, over: the other). fs[0..nf) are
 * the results of the groups gs[0..ng) of s, in that order. 0, or -1 out of
 * memory. O(nf log nf). */
static int fuzzy_on_another(const import_set *s, const size_t *gs, size_t ng, found *fs, size_t nf) {
  size_t nh = 0, nfuzzy = 0;
  for (size_t i = 0; i < nf; i++) {
    nh += fs[i].r.kind == ANCHOR_EXACT || fs[i].r.kind == ANCHOR_MOVED;
    nfuzzy += fs[i].r.kind == ANCHOR_FUZZY;
  }
  if (!nh || !nfuzzy) return 0;
  held *h = malloc(nh * sizeof *h);
  if (!h) return -1;
  nh = 0;
  for (size_t k = 0, at = 0; k < ng; k++) {
    const import_group *g = &s->g[gs[k]];
    for (size_t i = 0; i < g->n; i++) {
      const found *f = &fs[at + i];
      if (f->r.kind == ANCHOR_EXACT || f->r.kind == ANCHOR_MOVED)
        h[nh++] = (held){f->r.start, f->r.end, g->v[i].label, f, &g->v[i]};
    }
    at += g->n;
  }
  qsort(h, nh, sizeof *h, by_place);
  for (size_t k = 0, at = 0; k < ng; k++) {
    const import_group *g = &s->g[gs[k]];
    for (size_t i = 0; i < g->n; i++) {
      found *f = &fs[at + i];
      if (f->r.kind != ANCHOR_FUZZY) continue;
      held key = {f->r.start, f->r.end, g->v[i].label, NULL, NULL};
      const held *o = bsearch(&key, h, nh, sizeof *h, by_place);
      if (!o) continue;
      f->over = o->ia;
      f->over_moved = o->f->r.kind == ANCHOR_MOVED;
      f->r = (anchor_result){ANCHOR_ORPHAN, 0, 0, 0};
    }
    at += g->n;
  }
  free(h);
  return 0;
}

static int attach_group(import_group *g, const found *fs, document *d, buf *msg, import_tally *t) {
  annot_store *st = &d->annots;
  /* glossa ids keep their numbers: added in the order of them, the rest after */
  size_t *ord = malloc((g->n ? g->n : 1) * 2 * sizeof *ord);
  size_t *made = malloc((g->n ? g->n : 1) * sizeof *made); /* index in st, or SIZE_MAX */
  if (!ord || !made) return free(ord), free(made), -1;
  for (size_t i = 0; i < g->n; i++) {
    unsigned long num;
    ord[2 * i] = glossa_id(g->v[i].id, &num) ? num : ULONG_MAX;
    ord[2 * i + 1] = i;
  }
  qsort(ord, g->n, 2 * sizeof *ord, by_glossa_id);
  const char *script = annot_intern(st, g->file), *matcher = annot_intern(st, "--annotations");
  int rc = script && matcher ? 0 : -1;
  for (size_t k = 0; k < g->n && !rc; k++) {
    size_t i = ord[2 * k + 1];
    import_annot *ia = &g->v[i];
    made[i] = SIZE_MAX;
    const found *f = &fs[i];
    anchor_result res = f->r;
    t->n[res.kind]++;
    if (res.kind == ANCHOR_ORPHAN) {
      buf_printf(msg, "%s: annotation %s ", d->name, ia->id ? ia->id : ia->label);
      if (ia->exact) quote_of(msg, ia->exact, ia->exact_len);
      else buf_printf(msg, "[%zu, %zu)", ia->start, ia->end);
      if (f->over)
        buf_printf(msg, ": not found (%s; its closest match is where %s is, found %s)\n", ia->where,
                   f->over->id ? f->over->id : f->over->label, f->over_moved ? "moved" : "unchanged");
      else buf_printf(msg, ": not found (%s)\n", ia->where);
      const import_annot **o = realloc(d->orphans, (d->norphans + 1) * sizeof *o);
      if (!o) {
        rc = -1;
        break;
      }
      d->orphans = o;
      d->orphans[d->norphans++] = ia;
      continue;
    }
    int oom = 0;
    const char *label = annot_intern(st, ia->label);
    const char *note = ia->note ? annot_intern(st, ia->note) : NULL;
    const annot_attrs *attrs = keep_attrs(st, ia, &oom);
    const char *sid = NULL;
    unsigned long num = ord[2 * k];
    if (num != ULONG_MAX && num > st->last_seq) st->last_seq = num - 1;
    else if (ia->id && !(sid = annot_intern(st, ia->id))) oom = 1;
    long line = 0;
    const char *colon = strrchr(ia->where, ':');
    if (colon) line = strtol(colon + 1, NULL, 10);
    annot *a = oom || !label || (ia->note && !note)
                   ? NULL
                   : annot_add(st, res.start, res.end, label, note, script, line, attrs, matcher);
    if (!a) {
      rc = -1;
      break;
    }
    a->anchor = (unsigned char)(1 + res.kind);
    a->anchor_score = res.score;
    a->source_id = sid;
    made[i] = (size_t)(a - st->v);
  }
  /* links, by the ids of the group's annotations */
  size_t nids = 0, *ids = rc ? NULL : import_ids(g, &nids);
  if (!ids) rc = -1;
  for (size_t i = 0; i < g->n && !rc; i++) {
    import_annot *ia = &g->v[i];
    if (!ia->nlinks || made[i] == SIZE_MAX) continue;
    annot_links *ls = malloc(sizeof *ls + ia->nlinks * sizeof ls->v[0]);
    if (!ls) {
      rc = -1;
      break;
    }
    ls->n = 0;
    for (size_t l = 0; l < ia->nlinks && !rc; l++) {
      const char *tid = ia->links[l].target;
      size_t to = import_id_find(g, ids, nids, tid, strlen(tid));
      if (to == SIZE_MAX || made[to] == SIZE_MAX) {
        buf_printf(msg, "%s: annotation %s: its link %s to %s is left out: %s (%s)\n", d->name,
                   ia->id ? ia->id : ia->label, ia->links[l].role, ia->links[l].target,
                   to == SIZE_MAX ? "no annotation of that id was read" : "that one was not found",
                   ia->where);
        continue;
      }
      const char *role = annot_intern(st, ia->links[l].role);
      if (!role) rc = -1;
      else ls->v[ls->n++] = (annot_link){role, made[to]};
    }
    if (rc || !ls->n) {
      free(ls);
      continue;
    }
    const annot_links *kept = annot_keep_links(st, ls);
    if (!kept) rc = -1;
    else st->v[made[i]].links = kept;
  }
  free(ids);
  free(ord);
  free(made);
  return rc;
}

int import_attach(import_set *s, document *d, size_t index, int record, buf *msg,
                  import_tally *t) {
  /* every group of d anchored first, so that a fuzzy match is weighed
   * against what all of them found, then added */
  size_t ng = 0, nf = 0;
  for (size_t i = 0; i < s->n; i++)
    if (fits(&s->g[i], d, index, record)) ng++, nf += s->g[i].n;
  if (!ng) return 0;
  size_t *gs = malloc(ng * sizeof *gs);
  found *fs = malloc((nf ? nf : 1) * sizeof *fs);
  int rc = gs && fs ? 0 : -1;
  for (size_t i = 0, k = 0, at = 0; i < s->n && !rc; i++) {
    import_group *g = &s->g[i];
    if (!fits(g, d, index, record)) continue;
    gs[k++] = i;
    rc = anchor_group(g, &d->view, fs + at);
    at += g->n;
  }
  if (!rc) rc = fuzzy_on_another(s, gs, ng, fs, nf);
  for (size_t k = 0, at = 0; k < ng && !rc; k++) {
    import_group *g = &s->g[gs[k]];
    atomic_store(&g->used, 1);
    rc = attach_group(g, fs + at, d, msg, t);
    at += g->n;
  }
  free(gs);
  free(fs);
  return rc;
}

size_t import_unused(const import_set *s, buf *msg) {
  size_t n = 0;
  for (size_t i = 0; i < s->n; i++) {
    const import_group *g = &s->g[i];
    if (atomic_load(&g->used)) continue;
    n++;
    if (g->key)
      buf_printf(msg, "glossa: %s: %zu annotation%s for %s fit no document of the run: not read "
                      "in (give the document, or say which it is with --annotations-for %s=DOC)\n",
                 g->where, g->n, g->n == 1 ? "" : "s", g->key, as_arg(g->file));
    else
      buf_printf(msg, "glossa: %s: %zu annotation%s for a text that is no document's of the run: "
                      "not read in (say which it is with --annotations-for %s=DOC)\n",
                 g->where, g->n, g->n == 1 ? "" : "s", as_arg(g->file));
  }
  return n;
}

void import_hide(document *d) {
  annot_store *st = &d->annots;
  for (size_t i = 0; i < st->n; i++)
    if (st->v[i].anchor && !st->v[i].removed) {
      st->v[i].removed = 1;
      st->nlive--;
    }
  d->norphans = 0;
}

/* The byte offset of code point cp in s[0..n), or SIZE_MAX past its end. */
static size_t cp_byte(const char *s, size_t n, size_t cp) {
  size_t off = 0;
  for (size_t c = 0; c < cp; c++) {
    if (off >= n) return SIZE_MAX;
    off++;
    while (off < n && ((unsigned char)s[off] & 0xC0) == 0x80) off++;
  }
  return off;
}

static char *dupn(const char *s, size_t n) { /* NUL bytes inside kept */
  char *d = malloc(n + 1);
  if (d) memcpy(d, s, n), d[n] = '\0';
  return d;
}

#define QUOTE_CONTEXT 32 /* code points a side, as -f jsonl writes */

int import_quote_from(import_annot *a, const char *text, size_t len, buf *err) {
  size_t s = cp_byte(text, len, a->start), e = s == SIZE_MAX ? SIZE_MAX : cp_byte(text, len, a->end);
  if (s == SIZE_MAX || e == SIZE_MAX)
    return buf_printf(err, "%s: [%zu, %zu) is past the end of the text it was made on (%zu code "
                           "points)", a->where, a->start, a->end, utf8_count(text, len)), -1;
  size_t pre = utf8_back(text, s, QUOTE_CONTEXT), post = utf8_fwd(text, len, e, QUOTE_CONTEXT);
  a->exact = dupn(text + s, e - s);
  a->prefix = dupn(text + pre, s - pre);
  a->suffix = dupn(text + e, post - e);
  if (!a->exact || !a->prefix || !a->suffix) return buf_printf(err, "glossa: out of memory"), -1;
  a->exact_len = e - s;
  a->prefix_len = s - pre;
  a->suffix_len = post - e;
  return 0;
}
