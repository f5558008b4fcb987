/* Annotations read in from W3C Web Annotation JSON (core/import.h): an
 * Annotation, an array of them, an AnnotationPage (items, its next pages
 * embedded) or an AnnotationCollection (first, embedded). Arrays and pages
 * are read one annotation at a time.
 *
 * What becomes of an annotation:
 * - id: its "id";
 * - label: the value of its first TextualBody of purpose "tagging"; else its
 *   motivation (other than commenting); else "annotation";
 * - note: the value of its first TextualBody of purpose "commenting" or
 *   "describing", or of none when the label came from a tagging body or
 *   the motivation (a body that is a plain string counts as such a body);
 * - attrs: "glossa:attrs" (on a body or the annotation), as -f json writes;
 * - links: each SpecificResource body of purpose "linking": its
 *   "glossa:role" (else "linking") to the annotation its "source" names;
 * - where: the target's source (the document), its TextQuoteSelector (exact,
 *   prefix, suffix) and TextPositionSelector (start, end: code points), in
 *   a selector list or alone; the first target that has a selector. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "jsonval.h"

static char *dup_val(const jsonval *v, size_t *len) {
  char *s = malloc(v->len + 1);
  if (s) memcpy(s, v->s, v->len + 1);
  if (len) *len = v->len;
  return s;
}

#define OOM (buf_printf(err, "glossa: out of memory"), -1)

static const jsonval *first_of(const jsonval *v, size_t i) {
  if (!v) return NULL;
  if (v->type == JSONVAL_ARRAY) return i < v->n ? v->v[i] : NULL;
  return i == 0 ? v : NULL;
}

static int whole(const jsonval *v, size_t *out) {
  if (!v || v->type != JSONVAL_NUMBER || !v->integral || v->num > 9007199254740992.0) return 0;
  *out = (size_t)v->num;
  return 1;
}

/* glossa:attrs, a JSON object of strings, numbers and booleans. */
static int attrs_of(import_annot *a, const jsonval *o, const char *where, buf *err) {
  if (!o || o->type != JSONVAL_OBJECT || a->nattrs) return 0;
  if (!o->n) return 0;
  if (!(a->attrs = calloc(o->n, sizeof *a->attrs))) return OOM;
  for (size_t i = 0; i < o->n; i++) {
    const jsonval *x = o->v[i];
    import_attr *t = &a->attrs[a->nattrs];
    if (!(t->key = strdup(o->keys[i]))) return OOM;
    a->nattrs++;
    if (x->type == JSONVAL_STRING) {
      t->type = ATTR_STRING;
      if (!(t->s = dup_val(x, NULL))) return OOM;
    } else if (x->type == JSONVAL_NUMBER && !strpbrk(x->s, ".eE")) {
      t->type = ATTR_INTEGER;
      t->i = strtoll(x->s, NULL, 10);
    } else if (x->type == JSONVAL_NUMBER) {
      t->type = ATTR_NUMBER;
      t->n = x->num;
    } else if (x->type == JSONVAL_TRUE || x->type == JSONVAL_FALSE) {
      t->type = ATTR_BOOL;
      t->i = x->type == JSONVAL_TRUE;
    } else
      return buf_printf(err, "%s: glossa:attrs: \"%s\" is not a string, number or boolean", where,
                        o->keys[i]), -1;
  }
  return 0;
}

static int add_link(import_annot *a, const char *role, const char *target, buf *err) {
  import_link *l = realloc(a->links, (a->nlinks + 1) * sizeof *l);
  if (!l) return OOM;
  a->links = l;
  l = &a->links[a->nlinks];
  l->role = strdup(role);
  l->target = strdup(target);
  if (!l->role || !l->target) {
    free(l->role);
    free(l->target);
    return OOM;
  }
  a->nlinks++;
  return 0;
}

int import_w3c_annotation(import_set *s, const char *file, const jsonval *v, const char *where,
                          buf *err) {
  if (v->type != JSONVAL_OBJECT) return buf_printf(err, "%s: an annotation is a JSON object", where), -1;
  /* the target: its source and selectors */
  const jsonval *target = jsonval_get(v, "target"), *tg = NULL, *sel = NULL;
  for (size_t i = 0; (tg = first_of(target, i)) != NULL; i++)
    if ((sel = jsonval_get(tg, "selector"))) break;
  if (!target) return buf_printf(err, "%s: the annotation has no \"target\"", where), -1;
  if (!tg) tg = first_of(target, 0);
  const char *source = tg && tg->type == JSONVAL_STRING ? tg->s : jsonval_str(jsonval_get(tg, "source"));
  if (!source) return buf_printf(err, "%s: the annotation's target has no \"source\" (the document)", where), -1;
  if (!sel)
    return buf_printf(err, "%s: the annotation's target has no selector: glossa reads "
                           "TextQuoteSelector and TextPositionSelector", where), -1;
  import_group *g = import_group_for(s, file, source, where);
  import_annot *a = g ? import_annot_new(g) : NULL;
  if (!a || !(a->where = strdup(where))) return OOM;
  const jsonval *one;
  for (size_t i = 0; (one = first_of(sel, i)) != NULL; i++) {
    const char *type = jsonval_str(jsonval_get(one, "type"));
    if (!type) continue;
    if (!strcmp(type, "TextQuoteSelector")) {
      const jsonval *ex = jsonval_get(one, "exact"), *pre = jsonval_get(one, "prefix"),
                    *suf = jsonval_get(one, "suffix");
      if (!ex || ex->type != JSONVAL_STRING)
        return buf_printf(err, "%s: its TextQuoteSelector has no \"exact\" (a string)", where), -1;
      if (!a->exact && !(a->exact = dup_val(ex, &a->exact_len))) return OOM;
      if (pre && pre->type == JSONVAL_STRING && !a->prefix && !(a->prefix = dup_val(pre, &a->prefix_len)))
        return OOM;
      if (suf && suf->type == JSONVAL_STRING && !a->suffix && !(a->suffix = dup_val(suf, &a->suffix_len)))
        return OOM;
    } else if (!strcmp(type, "TextPositionSelector") && !a->has_pos) {
      size_t st, en;
      if (!whole(jsonval_get(one, "start"), &st) || !whole(jsonval_get(one, "end"), &en) || en < st)
        return buf_printf(err, "%s: its TextPositionSelector needs \"start\" and \"end\", whole "
                               "numbers, end not before start", where), -1;
      a->has_pos = 1;
      a->units = IMPORT_CODEPOINTS;
      a->start = st;
      a->end = en;
    }
  }
  if (!a->exact && !a->has_pos)
    return buf_printf(err, "%s: the annotation's target has neither a TextQuoteSelector nor a "
                           "TextPositionSelector", where), -1;
  const char *id = jsonval_str(jsonval_get(v, "id"));
  if (id && !(a->id = strdup(id))) return OOM;
  /* the bodies */
  const jsonval *body = jsonval_get(v, "body"), *b;
  const char *tag = NULL, *comment = NULL, *plain = NULL;
  if (attrs_of(a, jsonval_get(v, "glossa:attrs"), where, err)) return -1;
  for (size_t i = 0; (b = first_of(body, i)) != NULL; i++) {
    if (b->type == JSONVAL_STRING) {
      if (!plain) plain = b->s;
      continue;
    }
    const char *purpose = jsonval_str(jsonval_get(b, "purpose"));
    const char *type = jsonval_str(jsonval_get(b, "type"));
    const char *value = jsonval_str(jsonval_get(b, "value"));
    if (attrs_of(a, jsonval_get(b, "glossa:attrs"), where, err)) return -1;
    if (type && !strcmp(type, "SpecificResource") && purpose && !strcmp(purpose, "linking")) {
      const char *to = jsonval_str(jsonval_get(b, "source"));
      const char *role = jsonval_str(jsonval_get(b, "glossa:role"));
      if (to && add_link(a, role ? role : "linking", to, err)) return -1;
      continue;
    }
    if (!value) continue;
    if (purpose && !strcmp(purpose, "tagging")) {
      if (!tag) tag = value;
    } else if (purpose && (!strcmp(purpose, "commenting") || !strcmp(purpose, "describing"))) {
      if (!comment) comment = value;
    } else if (!purpose && !plain) plain = value;
  }
  const char *motivation = jsonval_str(first_of(jsonval_get(v, "motivation"), 0));
  const char *label = tag ? tag
                      : motivation && strcmp(motivation, "commenting") ? motivation
                                                                         : "annotation";
  const char *note = comment ? comment : plain;
  if (!*label) label = "annotation";
  if (!(a->label = strdup(label)) || (note && !(a->note = strdup(note)))) return OOM;
  return 0;
}

/* A syntax (or memory) problem of r, at its line and column. */
static int bad_json(const jsonread *r, const char *file, buf *err) {
  if (r->err && !strcmp(r->err, "out of memory")) return OOM;
  size_t line = 1, col = 1;
  for (size_t i = 0; i < r->err_at && i < r->n; i++) {
    if (r->s[i] == '\n') line++, col = 1;
    else if (((unsigned char)r->s[i] & 0xC0) != 0x80) col++;
  }
  buf_printf(err, "%s:%zu:%zu: %s", file, line, col, r->err ? r->err : "not JSON");
  return -1;
}

/* One annotation at r's position, read as a tree and freed once imported:
 * a collection is read one annotation at a time, so reading it takes the
 * memory of one annotation's tree, not of the whole file's. where: its JSON
 * pointer. */
static int one(import_set *s, const char *file, jsonread *r, const char *where, buf *err) {
  jsonval *v = jsonval_read(r);
  if (!v) return bad_json(r, file, err);
  buf w = BUF_INIT;
  int rc = buf_printf(&w, "%s: %s", file, where) ? OOM
                                                 : import_w3c_annotation(s, file, v, w.s, err);
  buf_free(&w);
  jsonval_free(v);
  return rc;
}

/* The page object at r's position, pointer ptr: its items, and its next
 * page when that is embedded (a page named by its IRI is not read: no
 * network), each read as it comes. */
static int page(import_set *s, const char *file, jsonread *r, buf *ptr, buf *err) {
  size_t base = ptr->len, count = 0;
  buf key = BUF_INIT;
  int more, rc = 0;
  while (!rc && (more = jsonread_member(r, &key, &count)) == 1) {
    if (jsonread_key_is(&key, "items")) {
      if (!jsonread_peek(r, '[')) {
        buf_printf(err, "%s: %s/items: not an array", file, ptr->s ? ptr->s : "");
        rc = -1;
        break;
      }
      size_t n = 0, i = 0;
      int el;
      while (!rc && (el = jsonread_element(r, &n)) == 1) {
        rc = buf_printf(ptr, "/items/%zu", i++) ? OOM : one(s, file, r, ptr->s, err);
        ptr->len = base;
        ptr->s[base] = '\0';
      }
      if (!rc && el < 0) rc = bad_json(r, file, err);
    } else if (jsonread_key_is(&key, "next") && jsonread_peek(r, '{')) {
      rc = buf_adds(ptr, "/next") ? OOM : page(s, file, r, ptr, err);
      ptr->len = base;
      ptr->s[base] = '\0';
    } else if (jsonread_skip(r)) {
      rc = bad_json(r, file, err);
    }
  }
  if (!rc && more < 0) rc = bad_json(r, file, err);
  buf_free(&key);
  return rc;
}

/* What the object at r's position is (r is not moved): its "type" (the
 * first, when a list; NULL when none) copied into *type, and whether it
 * has "items". Returns 0, or -1 with the problem in r. */
static int scan(jsonread r, char **type, int *items) {
  size_t count = 0;
  buf key = BUF_INIT;
  int more;
  *type = NULL;
  *items = 0;
  while ((more = jsonread_member(&r, &key, &count)) == 1) {
    if (jsonread_key_is(&key, "type") && !*type) {
      jsonval *v = jsonval_read(&r);
      const char *t = v ? jsonval_str(first_of(v, 0)) : NULL;
      if (t && !(*type = strdup(t))) jsonread_fail(&r, "out of memory", 0);
      jsonval_free(v);
      if (!v || r.err) break;
    } else {
      *items |= jsonread_key_is(&key, "items");
      if (jsonread_skip(&r)) break;
    }
  }
  buf_free(&key);
  if (r.err) {
    free(*type);
    *type = NULL;
    return -1;
  }
  return 0;
}

/* The collection at r's position: its first page, which must be embedded. */
static int collection(import_set *s, const char *file, jsonread *r, buf *ptr, buf *err) {
  size_t count = 0;
  buf key = BUF_INIT;
  int more, rc = 0;
  while (!rc && (more = jsonread_member(r, &key, &count)) == 1) {
    if (!jsonread_key_is(&key, "first")) {
      if (jsonread_skip(r)) rc = bad_json(r, file, err);
    } else if (!jsonread_peek(r, '{')) {
      buf_printf(err, "%s: /first: the collection's first page is not embedded (glossa reads no "
                      "network): give the pages' own files", file);
      rc = -1;
    } else {
      rc = buf_adds(ptr, "/first") ? OOM : page(s, file, r, ptr, err);
      ptr->len = 0;
      ptr->s[0] = '\0';
    }
  }
  if (!rc && more < 0) rc = bad_json(r, file, err);
  buf_free(&key);
  return rc;
}

int import_w3c(import_set *s, const char *file, const char *data, size_t len, buf *err) {
  jsonread r;
  jsonread_init(&r, data, len);
  buf ptr = BUF_INIT;
  if (buf_adds(&ptr, "") || buf_reserve(&ptr, 64)) return buf_free(&ptr), OOM;
  int rc = 0;
  if (jsonread_peek(&r, '[')) {
    size_t n = 0, i = 0;
    int el;
    char where[32];
    while (!rc && (el = jsonread_element(&r, &n)) == 1) {
      snprintf(where, sizeof where, "/%zu", i++);
      rc = one(s, file, &r, where, err);
    }
    if (!rc && el < 0) rc = bad_json(&r, file, err);
  } else if (jsonread_peek(&r, '{')) {
    char *type;
    int items;
    if (scan(r, &type, &items)) {
      jsonval_free(jsonval_read(&r)); /* to find the problem again, in r */
      rc = bad_json(&r, file, err);
    } else if (type && !strcmp(type, "AnnotationCollection"))
      rc = collection(s, file, &r, &ptr, err);
    else if ((type && !strcmp(type, "AnnotationPage")) || items)
      rc = page(s, file, &r, &ptr, err);
    else rc = one(s, file, &r, "/", err);
    free(type);
  } else {
    rc = one(s, file, &r, "/", err);
  }
  buf_free(&ptr);
  return rc;
}
