/* Annotations read in from JSON lines (core/import.h): glossa's -f jsonl (an
 * annotation a line), spans lines (-f spans, Prodigy, doccano: a document a
 * line) and W3C annotations one a line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "jsonval.h"

static char *dup_str(const jsonval *v) {
  if (!v || v->type != JSONVAL_STRING) return NULL;
  char *s = malloc(v->len + 1);
  if (s) memcpy(s, v->s, v->len + 1);
  return s;
}

/* An offset: a whole number, not negative. */
static int offset(const jsonval *v, size_t *out) {
  if (!v || v->type != JSONVAL_NUMBER || !v->integral || v->num > 9007199254740992.0) return 0;
  *out = (size_t)v->num;
  return 1;
}

/* The attrs object of a glossa record or span: strings, numbers and
 * booleans, as glossa writes them (an integer: a whole number). */
static int read_attrs(import_annot *a, const jsonval *o, const char *where, buf *err) {
  if (!o || o->type == JSONVAL_NULL) return 0;
  if (o->type != JSONVAL_OBJECT)
    return buf_printf(err, "%s: \"attrs\" is not an object", where), -1;
  if (!o->n) return 0;
  if (!(a->attrs = calloc(o->n, sizeof *a->attrs))) return buf_printf(err, "glossa: out of memory"), -1;
  for (size_t i = 0; i < o->n; i++) {
    const jsonval *x = o->v[i];
    import_attr *t = &a->attrs[a->nattrs];
    if (!(t->key = strdup(o->keys[i]))) return buf_printf(err, "glossa: out of memory"), -1;
    a->nattrs++;
    switch (x->type) {
    case JSONVAL_STRING:
      t->type = ATTR_STRING;
      if (!(t->s = dup_str(x))) return buf_printf(err, "glossa: out of memory"), -1;
      break;
    case JSONVAL_NUMBER:
      if (x->integral || (x->num == floor(x->num) && fabs(x->num) < 9.2e18 && !strpbrk(x->s, ".eE"))) {
        t->type = ATTR_INTEGER;
        t->i = strtoll(x->s, NULL, 10);
      } else {
        t->type = ATTR_NUMBER;
        t->n = x->num;
      }
      break;
    case JSONVAL_TRUE:
    case JSONVAL_FALSE:
      t->type = ATTR_BOOL;
      t->i = x->type == JSONVAL_TRUE;
      break;
    default:
      return buf_printf(err, "%s: attribute \"%s\" is not a string, number or boolean", where,
                        o->keys[i]), -1;
    }
  }
  return 0;
}

/* "links": {"ROLE": "ID", …}. */
static int read_links(import_annot *a, const jsonval *o, const char *where, buf *err) {
  if (!o || o->type == JSONVAL_NULL) return 0;
  if (o->type != JSONVAL_OBJECT)
    return buf_printf(err, "%s: \"links\" is not an object of ROLE: ID", where), -1;
  if (!o->n) return 0;
  if (!(a->links = calloc(o->n, sizeof *a->links))) return buf_printf(err, "glossa: out of memory"), -1;
  for (size_t i = 0; i < o->n; i++) {
    if (o->v[i]->type != JSONVAL_STRING)
      return buf_printf(err, "%s: link \"%s\" is not an annotation's id (a string)", where,
                        o->keys[i]), -1;
    import_link *l = &a->links[a->nlinks];
    l->role = strdup(o->keys[i]);
    l->target = dup_str(o->v[i]);
    if (!l->role || !l->target) {
      free(l->role);
      free(l->target);
      return buf_printf(err, "glossa: out of memory"), -1;
    }
    a->nlinks++;
  }
  return 0;
}

static int set_str(char **to, size_t *len, const jsonval *v, const char *what, const char *where,
                   buf *err) {
  if (!v || v->type == JSONVAL_NULL) return 0;
  if (v->type != JSONVAL_STRING) return buf_printf(err, "%s: \"%s\" is not a string", where, what), -1;
  if (!(*to = dup_str(v))) return buf_printf(err, "glossa: out of memory"), -1;
  if (len) *len = v->len;
  return 0;
}

/* A line of glossa's -f jsonl. */
static int glossa_line(import_set *s, const char *file, const jsonval *v, const char *where,
                       buf *err) {
  const char *path = jsonval_str(jsonval_get(v, "path"));
  if (!path) return buf_printf(err, "%s: the annotation has no \"path\" (the document it is for)", where), -1;
  const char *label = jsonval_str(jsonval_get(v, "label"));
  if (!label || !*label) return buf_printf(err, "%s: the annotation has no \"label\"", where), -1;
  import_group *g = import_group_for(s, file, path, where);
  import_annot *a = g ? import_annot_new(g) : NULL;
  if (!a || !(a->where = strdup(where)) || !(a->label = strdup(label)))
    return buf_printf(err, "glossa: out of memory"), -1;
  if (set_str(&a->id, NULL, jsonval_get(v, "id"), "id", where, err) ||
      set_str(&a->note, NULL, jsonval_get(v, "note"), "note", where, err) ||
      set_str(&a->exact, &a->exact_len, jsonval_get(v, "exact"), "exact", where, err) ||
      set_str(&a->prefix, &a->prefix_len, jsonval_get(v, "prefix"), "prefix", where, err) ||
      set_str(&a->suffix, &a->suffix_len, jsonval_get(v, "suffix"), "suffix", where, err) ||
      read_attrs(a, jsonval_get(v, "attrs"), where, err) ||
      read_links(a, jsonval_get(v, "links"), where, err))
    return -1;
  /* the bytes, which --offsets does not change; else start and end, which
   * are code points unless the run that wrote them said otherwise */
  size_t st = 0, en = 0;
  if (offset(jsonval_get(v, "start_byte"), &st) && offset(jsonval_get(v, "end_byte"), &en)) {
    a->units = IMPORT_BYTES;
    a->has_pos = 1;
  } else if (offset(jsonval_get(v, "start"), &st) && offset(jsonval_get(v, "end"), &en)) {
    a->units = IMPORT_CODEPOINTS;
    a->has_pos = 1;
  }
  if (a->has_pos) {
    if (en < st) return buf_printf(err, "%s: the annotation ends before it starts", where), -1;
    a->start = st;
    a->end = en;
  } else if (!a->exact)
    return buf_printf(err, "%s: the annotation has neither a position (\"start\", \"end\") nor a "
                           "quote (\"exact\")", where), -1;
  return 0;
}

/* A spans line: {"text", "spans": [{"start", "end", "label", "glossa"?}],
 * "meta": {"path"}?}: a document's annotations, code points into text. */
static int spans_line(import_set *s, const char *file, const jsonval *v, const char *where,
                      buf *err) {
  const jsonval *text = jsonval_get(v, "text"), *spans = jsonval_get(v, "spans");
  if (!text || text->type != JSONVAL_STRING)
    return buf_printf(err, "%s: the line has \"spans\" but no \"text\" (a string)", where), -1;
  if (spans->type != JSONVAL_ARRAY) return buf_printf(err, "%s: \"spans\" is not an array", where), -1;
  const char *path = jsonval_str(jsonval_get(jsonval_get(v, "meta"), "path"));
  import_group *g = import_group_for(s, file, path, where);
  if (!g) return buf_printf(err, "glossa: out of memory"), -1;
  if (!g->text) {
    if (!(g->text = dup_str(text))) return buf_printf(err, "glossa: out of memory"), -1;
    g->textlen = text->len;
  }
  buf w = BUF_INIT;
  int rc = 0;
  for (size_t i = 0; i < spans->n && !rc; i++) {
    const jsonval *sp = spans->v[i], *gl = jsonval_get(sp, "glossa");
    w.len = 0;
    buf_printf(&w, "%s: spans[%zu]", where, i);
    size_t st, en;
    const char *label = jsonval_str(jsonval_get(sp, "label"));
    if (!offset(jsonval_get(sp, "start"), &st) || !offset(jsonval_get(sp, "end"), &en) || en < st) {
      buf_printf(err, "%s: a span needs \"start\" and \"end\", whole numbers, end not before start", w.s);
      rc = -1;
    } else if (!label || !*label) {
      buf_printf(err, "%s: the span has no \"label\"", w.s);
      rc = -1;
    } else {
      import_annot *a = import_annot_new(g);
      if (!a || !(a->where = strdup(w.s)) || !(a->label = strdup(label))) {
        buf_printf(err, "glossa: out of memory");
        rc = -1;
        break;
      }
      a->has_pos = 1;
      a->units = IMPORT_CODEPOINTS;
      a->start = st;
      a->end = en;
      rc = set_str(&a->id, NULL, jsonval_get(gl, "id"), "id", w.s, err) ||
                   set_str(&a->note, NULL, jsonval_get(gl, "note"), "note", w.s, err) ||
                   read_attrs(a, jsonval_get(gl, "attrs"), w.s, err) ||
                   read_links(a, jsonval_get(gl, "links"), w.s, err) ||
                   import_quote_from(a, g->text, g->textlen, err)
               ? -1
               : 0;
    }
  }
  buf_free(&w);
  return rc;
}

int import_jsonl(import_set *s, const char *file, const char *data, size_t len, buf *err) {
  size_t line = 0, at = 0;
  buf where = BUF_INIT;
  int rc = 0;
  while (at < len && !rc) {
    const char *nl = memchr(data + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - data) : len;
    line++;
    size_t ls = at, b = at;
    at = end + 1;
    while (b < end && (data[b] == ' ' || data[b] == '\t' || data[b] == '\r')) b++;
    if (b == end) continue; /* blank lines are no records */
    where.len = 0;
    buf_printf(&where, "%s:%zu", file, line);
    jsonread r;
    jsonread_init(&r, data + b, end - b);
    jsonval *v = jsonval_read(&r);
    if (v) jsonread_end(&r);
    if (r.err) {
      buf_printf(err, "%s:%zu:%zu: %s", file, line, b - ls + r.err_at + 1, r.err);
      rc = -1;
    } else if (v->type != JSONVAL_OBJECT) {
      buf_printf(err, "%s: an annotation line is a JSON object", where.s);
      rc = -1;
    } else if (jsonval_get(v, "target")) rc = import_w3c_annotation(s, file, v, where.s, err);
    else if (jsonval_get(v, "spans")) rc = spans_line(s, file, v, where.s, err);
    else rc = glossa_line(s, file, v, where.s, err);
    jsonval_free(v);
  }
  buf_free(&where);
  return rc;
}
