/* JSON values as trees over the one reader (core/jsonval.h). */
#include "jsonval.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static jsonval *node(jsonread *r, jsonval_type t) {
  jsonval *v = calloc(1, sizeof *v);
  if (!v) jsonread_fail(r, "out of memory", 0);
  else v->type = t;
  return v;
}

/* Appends x to v's children (key: the member's name, or NULL). */
static int add(jsonread *r, jsonval *v, jsonval *x, char *key) {
  if ((v->n & (v->n - 1)) == 0 || v->n == 0) { /* 0, 1, 2, 4, …: double */
    size_t cap = v->n ? v->n * 2 : 4;
    jsonval **nv = realloc(v->v, cap * sizeof *nv);
    if (nv) v->v = nv;
    char **nk = nv && key ? realloc(v->keys, cap * sizeof *nk) : NULL;
    if (nk) v->keys = nk;
    if (!nv || (key && !nk)) {
      jsonval_free(x);
      free(key);
      return jsonread_fail(r, "out of memory", 0);
    }
  }
  v->v[v->n] = x;
  if (key) v->keys[v->n] = key;
  v->n++;
  return 0;
}

static char *take(buf *b) {
  if (!b->s && buf_reserve(b, 1)) return NULL;
  b->s[b->len] = '\0';
  size_t n;
  return buf_detach(b, &n);
}

jsonval *jsonval_read(jsonread *r) {
  if (r->err) return NULL;
  jsonread_peek(r, ' '); /* for the blanks it skips */
  size_t at = r->i;
  char c = r->i < r->n ? r->s[r->i] : '\0';
  jsonval *v = NULL;
  buf b = BUF_INIT;
  if (c == '{' || c == '[') {
    if (!(v = node(r, c == '{' ? JSONVAL_OBJECT : JSONVAL_ARRAY))) return NULL;
    size_t count = 0;
    int more;
    buf key = BUF_INIT;
    for (;;) {
      more = c == '{' ? jsonread_member(r, &key, &count) : jsonread_element(r, &count);
      if (more <= 0) break;
      jsonval *x = jsonval_read(r); /* the reader bounds the nesting: 128 */
      if (!x) break;
      char *k = NULL;
      if (c == '{' && !(k = take(&key))) {
        jsonval_free(x);
        jsonread_fail(r, "out of memory", 0);
        break;
      }
      if (add(r, v, x, k)) break;
    }
    buf_free(&key);
    if (r->err) {
      jsonval_free(v);
      return NULL;
    }
  } else if (c == '"') {
    if (jsonread_string(r, &b) || !(v = node(r, JSONVAL_STRING))) {
      buf_free(&b);
      return NULL;
    }
    v->len = b.len;
    if (!(v->s = take(&b))) {
      free(v);
      jsonread_fail(r, "out of memory", 0);
      return NULL;
    }
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    int integral = 0;
    if (jsonread_number(r, &b, &integral) || !(v = node(r, JSONVAL_NUMBER))) {
      buf_free(&b);
      return NULL;
    }
    v->len = b.len;
    v->integral = integral;
    if (!(v->s = take(&b))) {
      free(v);
      jsonread_fail(r, "out of memory", 0);
      return NULL;
    }
    v->num = strtod(v->s, NULL);
  } else {
    static const struct { const char *lit; jsonval_type t; } words[] = {
        {"null", JSONVAL_NULL}, {"true", JSONVAL_TRUE}, {"false", JSONVAL_FALSE}};
    for (size_t k = 0; k < 3 && !v; k++) {
      size_t l = strlen(words[k].lit);
      if (r->n - r->i >= l && !memcmp(r->s + r->i, words[k].lit, l)) {
        if (!(v = node(r, words[k].t))) return NULL;
        r->i += l;
      }
    }
    if (!v) {
      jsonread_fail(r, c ? "not a JSON value" : "a JSON value was expected, not the end", 1);
      return NULL;
    }
  }
  v->at = at;
  return v;
}

void jsonval_free(jsonval *v) {
  if (!v) return;
  for (size_t i = 0; i < v->n; i++) {
    jsonval_free(v->v[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->v);
  free(v->keys);
  free(v->s);
  free(v);
}

const jsonval *jsonval_get(const jsonval *v, const char *key) {
  if (!v || v->type != JSONVAL_OBJECT) return NULL;
  for (size_t i = 0; i < v->n; i++)
    if (!strcmp(v->keys[i], key)) return v->v[i];
  return NULL;
}

const char *jsonval_str(const jsonval *v) {
  return v && v->type == JSONVAL_STRING ? v->s : NULL;
}
