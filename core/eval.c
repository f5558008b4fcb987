/* glossa eval: precision, recall and F1 of predicted annotations against
 * gold ones. The inputs, the matching rules and the output are described in
 * usage_text below; the code follows it section by section:
 *   reading   a file into documents of spans (brat .ann or JSON lines, the
 *             latter through a small validating JSON reader)
 *   pairing   gold documents with predicted ones
 *   matching  strict and lenient, per document and label
 *   report    the table or the JSON */
#include "eval.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#include "buf.h"
#include "import.h"
#include "json.h"
#include "jsonread.h"
#include "utf8.h"
#include "path.h"

static const char usage_text[] =
    "Usage: glossa eval --gold GOLD --pred PRED [--json] [--labels A,B,...]\n"
    "\n"
    "Scores the annotations in PRED against those in GOLD, per label and overall\n"
    "(micro-averaged over the labels): true positives, false positives, false\n"
    "negatives, precision, recall and F1, in two modes:\n"
    "  strict   same label, same start and same end\n"
    "  lenient  same label, overlapping spans (sharing at least one code point).\n"
    "           Each gold annotation matches at most one predicted one and vice\n"
    "           versa: identical spans pair first, then, greedily, the pairs with\n"
    "           the largest overlap (ties: the closer boundaries, then the\n"
    "           earlier gold span, then the earlier predicted one). An empty\n"
    "           span matches only an identical one.\n"
    "Precision is 0 when there are no predictions, recall 0 when there is no\n"
    "gold, F1 0 when there is no true positive.\n"
    "\n"
    "Inputs: brat standoff (.ann) or glossa's JSON lines (.jsonl, .json-lines);\n"
    "other files are JSON lines when their first non-blank character is '{',\n"
    "brat otherwise.\n"
    "  brat   the T lines, T<n><TAB>LABEL START END[;START END...]<TAB>TEXT, in\n"
    "         code points; a discontinuous annotation counts as the one span\n"
    "         from its fragments' least start to their greatest end. #, A, R,\n"
    "         E, M, N and * lines are ignored. The file is one document, named\n"
    "         by its base name without the extension (NAME.txt.ann: NAME.txt).\n"
    "  jsonl  one object a line (as glossa -f jsonl writes them) with \"label\",\n"
    "         \"start\" and \"end\" (code points, end exclusive) and \"path\" (the\n"
    "         document; \"\" when absent); other fields are ignored.\n"
    "Documents: two JSON lines files are compared document by document, paired\n"
    "by the same path, else by the same base name; the annotations of a\n"
    "document only one side has count as missed or as spurious. Against a brat\n"
    "file, the one document of the JSON lines file is compared; when it holds\n"
    "several, the one named like the brat file (with or without extension),\n"
    "with a warning. Two brat files, or two JSON lines files of one document\n"
    "each, are compared whatever their names (the latter with a warning).\n"
    "Both sides must be of the same text: where both give it (brat's TEXT and\n"
    "the NAME.txt beside NAME.ann; jsonl's \"exact\", \"prefix\" and \"suffix\"),\n"
    "a quote the other side's text contradicts stops the run (exit 1), as\n"
    "when predictions on a page's .html are scored against gold on its .txt.\n"
    "Labels are compared as brat writes them: each whitespace character is '_'\n"
    "(a brat label's -f brat escapes, __HEX_ as in deal__20_making, undone first).\n"
    "\n"
    "Options:\n"
    "  -g, --gold FILE       the reference annotations\n"
    "  -p, --pred FILE       the annotations to score\n"
    "      --json            JSON instead of the table: {\"strict\": {\"overall\":\n"
    "                        COUNTS, \"labels\": {LABEL: COUNTS...}}, \"lenient\":\n"
    "                        {...}}, COUNTS {\"tp\", \"fp\", \"fn\", \"precision\",\n"
    "                        \"recall\", \"f1\"} with 4 decimals, labels sorted\n"
    "      --labels A,B,...  score only these labels (and show them all)\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 scored, 1 an input could not be read or the texts differ,\n"
    "2 usage error.\n";

/* ---- reading ---------------------------------------------------------------- */

typedef struct span {
  char *label; /* owned; whitespace mapped to '_' (brat's escapes undone first) */
  size_t start, end;
  long lab; /* index into the label set; -1: not scored */
  /* owned, or NULL: text around the span the file gives (brat's text; jsonl
   * "prefix" "exact" "suffix"), from code point wstart; the quote is
   * text[qoff, qoff + qlen) */
  char *text;
  size_t wstart, qoff, qlen;
} span;

typedef struct edoc {
  char *path; /* owned */
  char *body; /* owned: the document's text when known (brat's NAME.txt), or NULL */
  size_t blen, bcps;  /* its bytes and code points */
  size_t at_cp, at_b; /* a code point of body and its byte offset: where text_at was last */
  span *v;
  size_t n, cap;
} edoc;

typedef struct afile {
  const char *file; /* as given */
  int jsonl;
  edoc *d;
  size_t n, cap;
} afile;

static void afile_free(afile *f) {
  for (size_t i = 0; i < f->n; i++) {
    for (size_t k = 0; k < f->d[i].n; k++) {
      free(f->d[i].v[k].label);
      free(f->d[i].v[k].text);
    }
    free(f->d[i].v);
    free(f->d[i].body);
    free(f->d[i].path);
  }
  free(f->d);
  f->d = NULL;
  f->n = f->cap = 0;
}

/* Returns the array v (*cap elements of sz bytes, n in use) with room for
 * one more, reallocated when needed; NULL when memory runs out (v is then
 * untouched). */
static void *grow(void *v, size_t *cap, size_t n, size_t sz) {
  if (n < *cap) return v;
  size_t c = *cap ? *cap * 2 : 8;
  if (c > SIZE_MAX / sz) return NULL;
  void *p = realloc(v, c * sz);
  if (p) *cap = c;
  return p;
}

static edoc *add_doc(afile *f, const char *path, size_t n) {
  edoc *nd = grow(f->d, &f->cap, f->n, sizeof *f->d);
  if (!nd) return NULL;
  f->d = nd;
  char *p = malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, path, n);
  p[n] = '\0';
  edoc *d = &f->d[f->n++];
  d->path = p;
  d->body = NULL;
  d->blen = d->bcps = d->at_cp = d->at_b = 0;
  d->v = NULL;
  d->n = d->cap = 0;
  return d;
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Adds a span with label s[0..n), its whitespace mapped to '_'. */
static int add_span(edoc *d, const char *s, size_t n, size_t start, size_t end) {
  span *nv = grow(d->v, &d->cap, d->n, sizeof *d->v);
  if (!nv) return -1;
  d->v = nv;
  char *l = malloc(n ? n + 1 : 2);
  if (!l) return -1;
  for (size_t i = 0; i < n; i++) l[i] = is_space(s[i]) ? '_' : s[i];
  if (n)
    l[n] = '\0';
  else
    strcpy(l, "_");
  d->v[d->n++] = (span){l, start, end, -1, NULL, 0, 0, 0};
  return 0;
}

/* Gives the last span added its text: the quote q[0..qn) with pre[0..pn)
 * before it and post[0..sn) after; -1 when memory runs out. */
static int set_text(edoc *d, const char *pre, size_t pn, const char *q, size_t qn,
                    const char *post, size_t sn) {
  span *v = &d->v[d->n - 1];
  size_t pcps = utf8_count(pre, pn);
  if (pcps > v->start) return 0; /* not a context this file could have */
  char *t = malloc(pn + qn + sn + 1);
  if (!t) return -1;
  memcpy(t, pre, pn);
  memcpy(t + pn, q, qn);
  memcpy(t + pn + qn, post, sn);
  t[pn + qn + sn] = '\0';
  v->text = t;
  v->wstart = v->start - pcps;
  v->qoff = pn;
  v->qlen = qn;
  return 0;
}

/* Length of name without its last extension (a leading dot is no extension). */
static size_t stem_len(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot && dot != name ? (size_t)(dot - name) : strlen(name);
}

static int has_ext(const char *path, const char *ext) {
  const char *name = path_base(path), *dot = strrchr(name, '.');
  return dot && dot != name && !strcasecmp(dot + 1, ext);
}

/* Parses the decimal digits at s[*i..n) into *v; 0, or -1 when there are none
 * or the value overflows. */
static int parse_size(const char *s, size_t n, size_t *i, size_t *v) {
  size_t k = *i, x = 0;
  if (k >= n || s[k] < '0' || s[k] > '9') return -1;
  for (; k < n && s[k] >= '0' && s[k] <= '9'; k++) {
    size_t dgt = (size_t)(s[k] - '0');
    if (x > (SIZE_MAX - dgt) / 10) return -1;
    x = x * 10 + dgt;
  }
  *i = k;
  *v = x;
  return 0;
}

/* One brat line s[0..n) into d; NULL, or what is wrong with it. */
static const char *brat_line(edoc *d, const char *s, size_t n, int *oom) {
  /* an id is its letter, digits (none for *) and a tab: a TSV or other text
   * whose lines happen to start with one of brat's letters is not brat */
  size_t id = 1;
  while (id < n && s[id] >= '0' && s[id] <= '9') id++;
  int bad_id = (id == 1) != (s[0] == '*') || id >= n || s[id] != '\t';
  if (s[0] == 'T' && bad_id) return "T line without a tab after its id (T<number><TAB>)";
  if (!strchr("T#ARENM*", s[0]) || bad_id)
    return "not a brat annotation line (an id such as T1, #1, A1, R1, E1, M1, N1 or *, "
           "then a tab)";
  if (s[0] != 'T') return NULL;
  const char *tab = memchr(s, '\t', n);
  if (!tab) return "T line without a tab after its id";
  size_t i = (size_t)(tab - s) + 1, fe = i;
  while (fe < n && s[fe] != '\t') fe++; /* the TYPE START END... field */
  size_t ls = i;
  while (i < fe && s[i] != ' ') i++;
  if (i == ls) return "T line without a label";
  size_t le = i, start = SIZE_MAX, end = 0;
  if (i >= fe) return "T line without offsets (LABEL START END[;START END...])";
  for (;;) {
    size_t a, b;
    while (i < fe && s[i] == ' ') i++;
    if (parse_size(s, fe, &i, &a)) return "T line: bad start offset";
    if (i >= fe || s[i] != ' ') return "T line: expected START END";
    while (i < fe && s[i] == ' ') i++;
    if (parse_size(s, fe, &i, &b)) return "T line: bad end offset";
    if (b < a) return "T line: a fragment ends before it starts";
    if (a < start) start = a;
    if (b > end) end = b;
    while (i < fe && s[i] == ' ') i++;
    if (i == fe) break;
    if (s[i] != ';') return "T line: expected ';' or a tab after START END";
    i++;
  }
  /* the label with -f brat's escapes undone (deal__20_making: "deal making"),
   * by import_brat's own decoder; the third field, the text covered
   * (fragments joined by a space) */
  char *label = import_brat_name(s + ls, le - ls);
  int bad = !label || add_span(d, label, strlen(label), start, end);
  free(label);
  if (bad ||
      (fe < n && !memchr(s + ls, ';', fe - ls) && set_text(d, "", 0, s + fe + 1, n - fe - 1, "", 0))) {
    *oom = 1;
    return "out of memory";
  }
  return NULL;
}

/* -- one jsonl line: the fields eval needs, read with the one JSON reader -- */

/* The value of "start" or "end": a non-negative integer. */
static int joffset(jsonread *p, const char *what, size_t *v) {
  size_t from;
  int integral;
  if (!(jsonread_peek(p, '-') || (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9'))) {
    if (jsonread_skip(p)) return -1; /* a syntax error says where */
    return jsonread_fail(p, what, 0);
  }
  from = p->i;
  if (jsonread_number(p, NULL, &integral)) return -1;
  if (!integral || parse_size(p->s, p->i, &from, v)) return jsonread_fail(p, what, 0);
  return 0;
}

/* A string field into t; a label or path holds no NUL (\u0000). */
static int jtext(jsonread *p, buf *t, const char *not_string) {
  if (!jsonread_peek(p, '"')) return jsonread_fail(p, not_string, 0);
  t->len = 0;
  if (jsonread_string(p, t)) return -1;
  if (t->len && memchr(t->s, '\0', t->len)) return jsonread_fail(p, "\\u0000 in a label or path", 0);
  return 0;
}

/* One JSON line into f (*last: the index of the document the line before
 * went to, or -1). Returns 0, or -1 with the problem in p. */
static int jsonl_line(afile *f, long *last, jsonread *p) {
  buf key = BUF_INIT, label = BUF_INIT, path = BUF_INIT, exact = BUF_INIT, prefix = BUF_INIT,
      suffix = BUF_INIT;
  int have_exact = 0, have_label = 0, have_start = 0, have_end = 0, rc;
  size_t start = 0, end = 0, count = 0;
  while ((rc = jsonread_member(p, &key, &count)) > 0) {
    if (jsonread_key_is(&key, "label")) {
      rc = jtext(p, &label, "\"label\" is not a string");
      have_label = 1;
    } else if (jsonread_key_is(&key, "path")) {
      rc = jtext(p, &path, "\"path\" is not a string");
    } else if ((jsonread_key_is(&key, "exact") || jsonread_key_is(&key, "prefix") ||
                jsonread_key_is(&key, "suffix")) &&
               jsonread_peek(p, '"')) {
      buf *t = key.s[0] == 'e' ? &exact : key.s[0] == 'p' ? &prefix : &suffix;
      t->len = 0;
      rc = jsonread_string(p, t);
      if (key.s[0] == 'e') have_exact = 1;
    } else if (jsonread_key_is(&key, "start")) {
      rc = joffset(p, "\"start\" is not a non-negative integer", &start);
      have_start = 1;
    } else if (jsonread_key_is(&key, "end")) {
      rc = joffset(p, "\"end\" is not a non-negative integer", &end);
      have_end = 1;
    } else {
      rc = jsonread_skip(p);
    }
    if (rc) break;
  }
  if (!p->err) jsonread_end(p);
  if (p->err) goto out;
  if (!have_label) jsonread_fail(p, "no \"label\"", 0);
  else if (!have_start) jsonread_fail(p, "no \"start\"", 0);
  else if (!have_end) jsonread_fail(p, "no \"end\"", 0);
  else if (end < start) jsonread_fail(p, "\"end\" is before \"start\"", 0);
  if (p->err) goto out;
  const char *ps = path.s ? path.s : "";
  if (*last < 0 || strcmp(f->d[*last].path, ps)) {
    size_t k = 0;
    while (k < f->n && strcmp(f->d[k].path, ps)) k++;
    if (k == f->n && !add_doc(f, ps, path.len)) {
      jsonread_fail(p, "out of memory", 0);
      goto out;
    }
    *last = (long)k;
  }
  if (add_span(&f->d[*last], label.s ? label.s : "", label.len, start, end) ||
      (have_exact && set_text(&f->d[*last], prefix.s ? prefix.s : "", prefix.len,
                              exact.s ? exact.s : "", exact.len, suffix.s ? suffix.s : "",
                              suffix.len)))
    jsonread_fail(p, "out of memory", 0);
out:
  buf_free(&exact);
  buf_free(&prefix);
  buf_free(&suffix);
  buf_free(&key);
  buf_free(&label);
  buf_free(&path);
  return p->err ? -1 : 0;
}

/* -- files -- */

static char *slurp(const char *file, size_t *len, FILE *err) {
  FILE *f = fopen(file, "rb");
  if (!f) {
    fprintf(err, "glossa eval: %s: %s\n", file, strerror(errno));
    return NULL;
  }
  buf b = BUF_INIT;
  char tmp[65536];
  size_t n;
  int bad = 0;
  while (!bad && (n = fread(tmp, 1, sizeof tmp, f)) > 0) bad = buf_add(&b, tmp, n);
  if (bad || ferror(f)) {
    fprintf(err, "glossa eval: %s: %s\n", file, bad ? "out of memory" : strerror(errno));
    fclose(f);
    buf_free(&b);
    return NULL;
  }
  fclose(f);
  char *s = buf_detach(&b, len);
  if (!s) fprintf(err, "glossa eval: %s: out of memory\n", file);
  return s;
}

/* Reads file into f; 0, or -1 after saying why on err. */
static int read_input(afile *f, const char *file, FILE *err) {
  size_t len;
  char *s = slurp(file, &len, err);
  if (!s) return -1;
  f->file = file;
  if (has_ext(file, "ann")) f->jsonl = 0;
  else if (has_ext(file, "jsonl") || has_ext(file, "json-lines")) f->jsonl = 1;
  else {
    size_t i = 0;
    while (i < len && is_space(s[i])) i++;
    f->jsonl = i < len && s[i] == '{';
  }
  int rc = 0;
  const char *name = path_base(file);
  if (!f->jsonl && !add_doc(f, name, stem_len(name))) {
    fprintf(err, "glossa eval: out of memory\n");
    rc = -1;
  }
  if (!f->jsonl && rc == 0) {
    /* brat's text beside its .ann, when there is one: the text the offsets
     * count in (one that is there but cannot be read is an error) */
    buf txt = BUF_INIT;
    size_t dir = (size_t)(name - file), tl, bad;
    struct stat st;
    if (buf_add(&txt, file, dir + stem_len(name)) || buf_adds(&txt, ".txt")) {
      fprintf(err, "glossa eval: out of memory\n");
      rc = -1;
    } else if (strcmp(txt.s, file) && stat(txt.s, &st) == 0 && S_ISREG(st.st_mode)) {
      char *body = slurp(txt.s, &tl, err);
      if (!body) rc = -1;
      else if (utf8_valid(body, tl, &bad) && !memchr(body, '\0', tl)) {
        f->d[0].body = body;
        f->d[0].blen = tl;
        f->d[0].bcps = utf8_count(body, tl);
      } else {
        free(body); /* not a text brat's offsets can count in */
      }
    }
    buf_free(&txt);
  }
  long last = -1;
  size_t lineno = 0;
  for (size_t i = 0; i < len && rc == 0;) {
    const char *ln = s + i, *nl = memchr(ln, '\n', len - i);
    size_t n = nl ? (size_t)(nl - ln) : len - i, bad;
    i += n + (nl != NULL);
    lineno++;
    if (n && ln[n - 1] == '\r') n--;
    size_t k = 0;
    while (k < n && is_space(ln[k])) k++;
    if (k == n) continue;
    rc = -1;
    if (!utf8_valid(ln, n, &bad)) {
      fprintf(err, "%s:%zu:%zu: invalid UTF-8\n", file, lineno, bad + 1);
    } else if (memchr(ln, '\0', n)) {
      fprintf(err, "%s:%zu: NUL byte in the line\n", file, lineno);
    } else if (f->jsonl) {
      jsonread p;
      jsonread_init(&p, ln, n);
      if (jsonl_line(f, &last, &p) == 0) rc = 0;
      else if (p.syntax) fprintf(err, "%s:%zu:%zu: bad JSON: %s\n", file, lineno, p.err_at + 1, p.err);
      else fprintf(err, "%s:%zu: %s\n", file, lineno, p.err);
    } else {
      int oom = 0;
      const char *why = brat_line(&f->d[0], ln, n, &oom);
      if (!why) rc = 0;
      else fprintf(err, "%s:%zu: %s\n", file, lineno, why);
    }
  }
  free(s);
  return rc;
}

/* ---- pairing ---------------------------------------------------------------- */

typedef struct dpair {
  edoc *g, *p; /* either may be NULL */
} dpair;

/* Whether a jsonl document's path names the brat document name. */
static int names(const char *path, const char *name, int pass) {
  const char *b = path_base(path);
  size_t bl = strlen(b), nl = strlen(name);
  switch (pass) {
  case 0: return !strcmp(b, name);
  case 1: return stem_len(b) == nl && !memcmp(b, name, nl);
  default: return bl == stem_len(name) && !memcmp(b, name, bl);
  }
}

/* Fills *out (*n pairs); 0, or -1 after saying why on err. */
static int pair_docs(afile *g, afile *p, dpair **out, size_t *n, FILE *err) {
  size_t cap = g->n + p->n + 1;
  dpair *v = calloc(cap, sizeof *v);
  char *used = calloc(p->n + 1, 1);
  if (!v || !used) {
    free(v);
    free(used);
    fprintf(err, "glossa eval: out of memory\n");
    return -1;
  }
  size_t k = 0;
  if (!g->jsonl || !p->jsonl) {
    afile *b = g->jsonl ? p : g, *j = g->jsonl ? g : p;
    edoc *bd = &b->d[0], *jd = NULL;
    if (!j->jsonl || j->n == 1) jd = &j->d[0];
    for (int pass = 0; j->n > 1 && !jd && pass < 3; pass++)
      for (size_t i = 0; i < j->n && !jd; i++)
        if (names(j->d[i].path, bd->path, pass)) jd = &j->d[i];
    if (j->n > 1 && !jd) {
      fprintf(err, "glossa eval: %s holds %zu documents and none is named like %s\n", j->file,
              j->n, b->file);
      free(v);
      free(used);
      return -1;
    }
    if (j->n > 1)
      fprintf(err, "glossa eval: warning: %s holds %zu documents; comparing only %s with %s\n",
              j->file, j->n, jd->path, b->file);
    v[k++] = g->jsonl ? (dpair){jd, bd} : (dpair){bd, jd};
  } else {
    size_t common = 0;
    for (size_t i = 0; i < g->n; i++) v[k++].g = &g->d[i];
    for (int pass = 0; pass < 2; pass++)
      for (size_t i = 0; i < k; i++)
        for (size_t m = 0; m < p->n && !v[i].p; m++) {
          const char *a = v[i].g->path, *b = p->d[m].path;
          if (!used[m] && (pass ? !strcmp(path_base(a), path_base(b)) : !strcmp(a, b))) {
            used[m] = 1;
            v[i].p = &p->d[m];
            common++;
          }
        }
    if (g->n == 1 && p->n == 1 && !common) { /* one document each: the same one, named apart */
      fprintf(err, "glossa eval: warning: %s names %s, %s names %s; comparing them\n", g->file,
              g->d[0].path, p->file, p->d[0].path);
      v[0].p = &p->d[0];
      used[0] = 1;
      common = 1;
    }
    for (size_t m = 0; m < p->n; m++)
      if (!used[m]) v[k++].p = &p->d[m];
    if (g->n && p->n && !common)
      fprintf(err, "glossa eval: warning: %s and %s have no document in common\n", g->file,
              p->file);
  }
  free(used);
  *out = v;
  *n = k;
  return 0;
}

/* ---- same document? ---------------------------------------------------------- */

/* The text of d at code points [start, end), from its body or from a span
 * of d at those offsets with a quote; NULL when unknown. Sets *n. */
static const char *text_at(edoc *d, size_t start, size_t end, size_t *n) {
  if (d->body) {
    if (end > d->bcps) return NULL; /* past the end */
    if (start < d->at_cp) d->at_cp = d->at_b = 0; /* spans come mostly in order */
    size_t a = utf8_fwd(d->body, d->blen, d->at_b, start - d->at_cp);
    size_t b = utf8_fwd(d->body, d->blen, a, end - start);
    d->at_cp = start;
    d->at_b = a;
    *n = b - a;
    return d->body + a;
  }
  for (size_t i = 0; i < d->n; i++) { /* a span whose text covers [start, end) */
    const span *s = &d->v[i];
    if (!s->text || start < s->wstart) continue;
    size_t tl = strlen(s->text), a = utf8_fwd(s->text, tl, 0, start - s->wstart);
    size_t b = utf8_fwd(s->text, tl, a, end - start);
    if (utf8_count(s->text + a, b - a) != end - start) continue; /* runs past it */
    if (a == tl && end > start) continue;
    *n = b - a;
    return s->text + a;
  }
  return NULL;
}

/* Quotes of a's spans that b's text contradicts: counted in *bad (of *seen
 * checked); the first one described in first. */
static int contradicted(const edoc *a, edoc *b, size_t *seen, size_t *bad, buf *first) {
  /* a thousand spans tell; the search through b's spans is linear */
  for (size_t i = 0; i < a->n && i < 1000; i++) {
    const span *s = &a->v[i];
    size_t n;
    const char *t = s->text ? text_at(b, s->start, s->end, &n) : NULL;
    if (!t && s->text && b->body) t = "", n = 0; /* offsets past b's text: contradicted */
    if (!t) continue;
    (*seen)++;
    if (n == s->qlen && !memcmp(t, s->text + s->qoff, n)) continue;
    if (!(*bad)++ &&
        buf_printf(first, "at %zu-%zu one has \"%.*s\", the other \"%.*s\"", s->start, s->end,
                   s->qlen > 60 ? 60 : (int)s->qlen, s->text + s->qoff, n > 60 ? 60 : (int)n, t))
      return -1;
  }
  return 0;
}

/* Scores are meaningless when gold and predictions are of two texts (the
 * .html's predictions against the .txt's gold): the quotes both files give
 * are compared where they overlap; any contradiction stops the run. 0, or -1
 * after saying why on err. */
static int same_texts(const afile *g, const afile *p, const dpair *v, size_t n, FILE *err) {
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    if (!v[i].g || !v[i].p) continue;
    size_t seen = 0, bad = 0;
    buf first = BUF_INIT;
    if (contradicted(v[i].p, v[i].g, &seen, &bad, &first) ||
        contradicted(v[i].g, v[i].p, &seen, &bad, &first)) {
      fprintf(err, "glossa eval: out of memory\n");
      rc = -1;
    } else if (bad) {
      fprintf(err,
              "glossa eval: %s (%s) and %s (%s) are not annotations of the same text: %zu of "
              "%zu quotes differ (%s); score predictions made on the document the gold was "
              "annotated on (for brat gold, its .txt)\n",
              g->file, v[i].g->path[0] ? v[i].g->path : "-", p->file,
              v[i].p->path[0] ? v[i].p->path : "-", bad, seen, first.s);
      rc = -1;
    }
    buf_free(&first);
  }
  return rc;
}

/* ---- matching --------------------------------------------------------------- */

typedef struct tally {
  size_t ng, np, tps, tpl; /* gold, predicted, strict and lenient true positives */
} tally;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* By label, start, end, then place in the document (spans of one array). */
static int cmp_span(const void *a, const void *b) {
  const span *x = *(const span *const *)a, *y = *(const span *const *)b;
  if (x->lab != y->lab) return x->lab < y->lab ? -1 : 1;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  return x < y ? -1 : x > y;
}

typedef struct cand {
  size_t ov, dist, g, p; /* overlap, boundary distance, indices in the group */
} cand;

static int cmp_cand(const void *a, const void *b) {
  const cand *x = a, *y = b;
  if (x->ov != y->ov) return x->ov > y->ov ? -1 : 1;
  if (x->dist != y->dist) return x->dist < y->dist ? -1 : 1;
  if (x->g != y->g) return x->g < y->g ? -1 : 1;
  return x->p < y->p ? -1 : x->p > y->p;
}

static size_t absdiff(size_t a, size_t b) { return a > b ? a - b : b - a; }

/* Matches the gold spans G[0..gn) and predicted P[0..pn) of one label (each
 * sorted by start and end) into t; 0 or -1 when memory runs out. */
static int match_group(const span *const *G, size_t gn, const span *const *P, size_t pn,
                       tally *t) {
  char *gu = calloc(gn + 1, 1), *pu = calloc(pn + 1, 1);
  size_t *act = malloc((pn + 1) * sizeof *act), na = 0, nc = 0, cc = 0;
  cand *c = NULL;
  int rc = -1;
  if (!gu || !pu || !act) goto out;
  t->ng += gn;
  t->np += pn;
  /* strict: a merge of the two sorted lists */
  for (size_t a = 0, b = 0; a < gn && b < pn;) {
    if (G[a]->start != P[b]->start ? G[a]->start < P[b]->start : G[a]->end < P[b]->end) a++;
    else if (G[a]->start != P[b]->start || G[a]->end != P[b]->end) b++;
    else {
      gu[a++] = pu[b++] = 1;
      t->tps++;
      t->tpl++;
    }
  }
  /* lenient: the remaining pairs that share a code point, sweeping by start
   * with the predictions that may still overlap a later gold span in act */
  for (size_t a = 0, b = 0; a < gn; a++) {
    size_t gs = G[a]->start, ge = G[a]->end;
    for (; b < pn && P[b]->start < ge; b++)
      if (!pu[b] && P[b]->end > P[b]->start) act[na++] = b;
    size_t keep = 0;
    for (size_t k = 0; k < na; k++)
      if (P[act[k]]->end > gs) act[keep++] = act[k];
    na = keep;
    if (gu[a] || gs == ge) continue;
    for (size_t k = 0; k < na; k++) {
      const span *q = P[act[k]];
      if (q->start >= ge) continue;
      cand *more = grow(c, &cc, nc, sizeof *c);
      if (!more) goto out;
      c = more;
      size_t lo = q->start > gs ? q->start : gs, hi = q->end < ge ? q->end : ge;
      c[nc++] = (cand){hi - lo, absdiff(q->start, gs) + absdiff(q->end, ge), a, act[k]};
    }
  }
  if (nc) qsort(c, nc, sizeof *c, cmp_cand);
  for (size_t k = 0; k < nc; k++)
    if (!gu[c[k].g] && !pu[c[k].p]) {
      gu[c[k].g] = pu[c[k].p] = 1;
      t->tpl++;
    }
  rc = 0;
out:
  free(gu);
  free(pu);
  free(act);
  free(c);
  return rc;
}

/* The spans of d that are scored, sorted by cmp_span, in *out (*n). */
static int scored(const edoc *d, const span ***out, size_t *n) {
  *out = NULL;
  *n = 0;
  if (!d || !d->n) return 0;
  const span **v = malloc(d->n * sizeof *v);
  if (!v) return -1;
  size_t k = 0;
  for (size_t i = 0; i < d->n; i++)
    if (d->v[i].lab >= 0) v[k++] = &d->v[i];
  if (k) qsort(v, k, sizeof *v, cmp_span);
  *out = v;
  *n = k;
  return 0;
}

/* Scores one pair of documents into t[label]. */
static int match_pair(const dpair *dp, tally *t) {
  const span **G, **P;
  size_t gn, pn;
  if (scored(dp->g, &G, &gn)) return -1;
  if (scored(dp->p, &P, &pn)) {
    free(G);
    return -1;
  }
  int rc = 0;
  for (size_t i = 0, j = 0; rc == 0 && (i < gn || j < pn);) {
    long lab = i < gn && (j >= pn || G[i]->lab <= P[j]->lab) ? G[i]->lab : P[j]->lab;
    size_t i0 = i, j0 = j;
    while (i < gn && G[i]->lab == lab) i++;
    while (j < pn && P[j]->lab == lab) j++;
    rc = match_group(G + i0, i - i0, P + j0, j - j0, &t[lab]);
  }
  free(G);
  free(P);
  return rc;
}

/* The sorted distinct labels of the paired documents, or those of the
 * --labels list when there is one; each span's lab set (-1 when not
 * scored). */
static int label_set(dpair *v, size_t n, char **filter, size_t nf, char ***out, size_t *nl) {
  char **labs = NULL;
  size_t k = 0, cap = 0;
  if (filter) {
    labs = filter;
    k = nf;
  } else {
    for (size_t i = 0; i < n; i++)
      for (int side = 0; side < 2; side++) {
        edoc *d = side ? v[i].p : v[i].g;
        for (size_t m = 0; d && m < d->n; m++) {
          char **more = grow(labs, &cap, k, sizeof *labs);
          if (!more) {
            free(labs);
            return -1;
          }
          labs = more;
          labs[k++] = d->v[m].label;
        }
      }
    if (k) qsort(labs, k, sizeof *labs, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
      if (!u || strcmp(labs[u - 1], labs[i])) labs[u++] = labs[i];
    k = u;
  }
  for (size_t i = 0; i < n; i++)
    for (int side = 0; side < 2; side++) {
      edoc *d = side ? v[i].p : v[i].g;
      for (size_t m = 0; d && m < d->n; m++) {
        char **hit = k ? bsearch(&d->v[m].label, labs, k, sizeof *labs, cmp_str) : NULL;
        d->v[m].lab = hit ? (long)(hit - labs) : -1;
      }
    }
  *out = labs;
  *nl = k;
  return 0;
}

/* ---- report ----------------------------------------------------------------- */

typedef struct score {
  double p, r, f1;
} score;

/* Precision 0 without predictions, recall 0 without gold, F1 0 without a
 * true positive. */
static score score_of(size_t tp, size_t ng, size_t np) {
  score s = {0, 0, 0};
  if (np) s.p = (double)tp / (double)np;
  if (ng) s.r = (double)tp / (double)ng;
  if (tp) s.f1 = 2.0 * (double)tp / (double)(ng + np);
  return s;
}

/* v rounded to 4 decimals, without trailing zeros. */
static int num4(buf *b, double v) {
  char t[64];
  snprintf(t, sizeof t, "%.4f", v);
  size_t n = strlen(t);
  while (n > 1 && t[n - 1] == '0') n--;
  if (t[n - 1] == '.') n--;
  return buf_add(b, t, n);
}

static int json_counts(buf *b, size_t tp, size_t ng, size_t np) {
  score s = score_of(tp, ng, np);
  return buf_printf(b, "{\"tp\":%zu,\"fp\":%zu,\"fn\":%zu,\"precision\":", tp, np - tp, ng - tp) ||
         num4(b, s.p) || buf_adds(b, ",\"recall\":") || num4(b, s.r) ||
         buf_adds(b, ",\"f1\":") || num4(b, s.f1) || buf_addc(b, '}');
}

static int report_json(buf *b, char **labs, size_t nl, const tally *t, const tally *all) {
  int rc = buf_addc(b, '{');
  for (int mode = 0; mode < 2 && !rc; mode++) {
    rc = buf_adds(b, mode ? ",\"lenient\":{\"overall\":" : "\"strict\":{\"overall\":") ||
         json_counts(b, mode ? all->tpl : all->tps, all->ng, all->np) ||
         buf_adds(b, ",\"labels\":{");
    for (size_t i = 0; i < nl && !rc; i++)
      rc = (i && buf_addc(b, ',')) || json_cstr(b, labs[i]) || buf_addc(b, ':') ||
           json_counts(b, mode ? t[i].tpl : t[i].tps, t[i].ng, t[i].np);
    rc = rc || buf_adds(b, "}}");
  }
  return rc || buf_adds(b, "}\n");
}

static int digits(size_t v) {
  int d = 1;
  while (v >= 10) v /= 10, d++;
  return d;
}

static int row(buf *b, const char *label, size_t w, int gw, int pw, const tally *t) {
  score s = score_of(t->tps, t->ng, t->np), l = score_of(t->tpl, t->ng, t->np);
  size_t cps = utf8_count(label, strlen(label));
  return buf_adds(b, label) || buf_printf(b, "%*s", (int)(w - cps), "") ||
         buf_printf(b, "  %*zu  %*zu  %.4f %.4f %.4f   %.4f %.4f %.4f\n", gw, t->ng, pw, t->np,
                    s.p, s.r, s.f1, l.p, l.r, l.f1);
}

static int report_table(buf *b, char **labs, size_t nl, const tally *t, const tally *all) {
  size_t w = strlen("overall");
  for (size_t i = 0; i < nl; i++) {
    size_t cps = utf8_count(labs[i], strlen(labs[i]));
    if (cps > w) w = cps;
  }
  int gw = digits(all->ng), pw = digits(all->np);
  if (gw < 4) gw = 4;
  if (pw < 4) pw = 4;
  int rc = buf_printf(b, "%*s%s%*s%s\n", (int)w + 2 + gw + 2 + pw + 2, "", "strict", 20 - 6 + 3,
                      "", "lenient") ||
           buf_printf(b, "%-*s  %*s  %*s  %-6s %-6s %-6s   %-6s %-6s %s\n", (int)w, "label", gw,
                      "gold", pw, "pred", "P", "R", "F1", "P", "R", "F1");
  int nopred = all->np == 0, nogold = all->ng == 0;
  for (size_t i = 0; i < nl && !rc; i++) {
    rc = row(b, labs[i], w, gw, pw, &t[i]);
    nopred |= t[i].np == 0;
    nogold |= t[i].ng == 0;
  }
  rc = rc || row(b, "overall", w, gw, pw, all);
  if (nopred) rc = rc || buf_adds(b, "note: P is 0 where pred is 0\n");
  if (nogold) rc = rc || buf_adds(b, "note: R is 0 where gold is 0\n");
  return rc;
}

/* ---- the command ------------------------------------------------------------ */

static int usage_error(FILE *err, const char *what, const char *arg) {
  fprintf(err, "glossa eval: %s%s\nTry 'glossa eval --help'.\n", what, arg ? arg : "");
  return 2;
}

/* Splits the --labels list s into sorted distinct labels (whitespace around
 * each trimmed, inside it mapped to '_'; empty items skipped). */
static int parse_labels(const char *s, char ***out, size_t *n) {
  char **v = NULL;
  size_t k = 0, cap = 0;
  while (*s) {
    const char *e = strchr(s, ',');
    if (!e) e = s + strlen(s);
    const char *a = s, *z = e;
    while (a < z && is_space(*a)) a++;
    while (z > a && is_space(z[-1])) z--;
    if (a < z) {
      char **nv = grow(v, &cap, k, sizeof *v), *l = NULL;
      if (nv) v = nv, l = malloc((size_t)(z - a) + 1);
      if (!l) goto oom;
      for (size_t i = 0; i < (size_t)(z - a); i++) l[i] = is_space(a[i]) ? '_' : a[i];
      l[z - a] = '\0';
      v[k++] = l;
    }
    s = *e ? e + 1 : e;
  }
  if (k) qsort(v, k, sizeof *v, cmp_str);
  size_t u = 0;
  for (size_t i = 0; i < k; i++)
    if (!u || strcmp(v[u - 1], v[i])) v[u++] = v[i];
    else free(v[i]);
  *out = v;
  *n = u;
  return 0;
oom:
  for (size_t i = 0; i < k; i++) free(v[i]);
  free(v);
  return -1;
}

int eval_run(int argc, char **argv, FILE *out, FILE *err) {
  const char *gold = NULL, *pred = NULL, *labels = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(usage_text, out);
      return 0;
    }
    if (!strcmp(a, "--json")) {
      json = 1;
      continue;
    }
    static const struct {
      const char *s, *l;
    } opts[] = {{"-g", "--gold"}, {"-p", "--pred"}, {NULL, "--labels"}};
    const char **dest[] = {&gold, &pred, &labels};
    int o = -1;
    const char *val = NULL;
    for (int k = 0; k < 3 && o < 0; k++) {
      size_t ll = strlen(opts[k].l);
      if ((opts[k].s && !strcmp(a, opts[k].s)) || !strcmp(a, opts[k].l)) o = k;
      else if (!strncmp(a, opts[k].l, ll) && a[ll] == '=') o = k, val = a + ll + 1;
    }
    if (o < 0)
      return usage_error(err, a[0] == '-' && a[1] ? "unknown option " : "unexpected argument ",
                         a);
    if (!val) {
      if (i + 1 >= argc) return usage_error(err, "a value is needed after ", a);
      val = argv[++i];
    }
    *dest[o] = val;
  }
  if (!gold) return usage_error(err, "no --gold FILE", NULL);
  if (!pred) return usage_error(err, "no --pred FILE", NULL);
  char **filter = NULL;
  size_t nf = 0;
  if (labels) {
    if (parse_labels(labels, &filter, &nf)) {
      fprintf(err, "glossa eval: out of memory\n");
      return 1;
    }
    if (!nf) {
      free(filter);
      return usage_error(err, "--labels names no label", NULL);
    }
    size_t bad;
    if (!utf8_valid(labels, strlen(labels), &bad)) {
      for (size_t i = 0; i < nf; i++) free(filter[i]);
      free(filter);
      return usage_error(err, "--labels is not valid UTF-8", NULL);
    }
  }

  afile g = {0}, p = {0};
  dpair *pairs = NULL;
  size_t np = 0, nl = 0;
  char **labs = NULL;
  tally *t = NULL, all = {0, 0, 0, 0};
  buf b = BUF_INIT;
  int rc = 1;
  if (read_input(&g, gold, err) || read_input(&p, pred, err) ||
      pair_docs(&g, &p, &pairs, &np, err) || same_texts(&g, &p, pairs, np, err))
    goto done;
  if (label_set(pairs, np, filter, nf, &labs, &nl) || !(t = calloc(nl + 1, sizeof *t))) goto oom;
  for (size_t i = 0; i < np; i++)
    if (match_pair(&pairs[i], t)) goto oom;
  for (size_t i = 0; i < nl; i++) {
    all.ng += t[i].ng;
    all.np += t[i].np;
    all.tps += t[i].tps;
    all.tpl += t[i].tpl;
  }
  if (json ? report_json(&b, labs, nl, t, &all) : report_table(&b, labs, nl, t, &all)) goto oom;
  fwrite(b.s, 1, b.len, out);
  if (fflush(out)) {
    fprintf(err, "glossa eval: cannot write the report: %s\n", strerror(errno));
    goto done;
  }
  rc = 0;
  goto done;
oom:
  fprintf(err, "glossa eval: out of memory\n");
done:
  buf_free(&b);
  free(t);
  if (labs != filter) free(labs);
  for (size_t i = 0; i < nf; i++) free(filter[i]);
  free(filter);
  free(pairs);
  afile_free(&g);
  afile_free(&p);
  return rc;
}

int eval_main(int argc, char **argv) { return eval_run(argc, argv, stdout, stderr); }
