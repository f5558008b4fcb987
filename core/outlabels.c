/* --labels (core/outlabels.h). */
#include "outlabels.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static int is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int outlabels_parse(outlabels *l, const char *list, buf *err) {
  l->v = NULL;
  l->n = 0;
  if (!utf8_valid(list, strlen(list), NULL)) return buf_adds(err, "is not valid UTF-8"), -1;
  size_t cap = 0;
  for (const char *s = list; *s;) {
    const char *e = strchr(s, ',');
    if (!e) e = s + strlen(s);
    const char *a = s, *z = e;
    while (a < z && is_space(*a)) a++;
    while (z > a && is_space(z[-1])) z--;
    if (a < z) {
      if (l->n == cap) {
        cap = cap ? 2 * cap : 8;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) goto oom;
        l->v = v;
      }
      char *t = malloc((size_t)(z - a) + 1);
      if (!t) goto oom;
      memcpy(t, a, (size_t)(z - a));
      t[z - a] = '\0';
      l->v[l->n++] = t;
    }
    s = *e ? e + 1 : e;
  }
  if (!l->n) {
    outlabels_free(l);
    return buf_adds(err, "names no label"), -1;
  }
  qsort(l->v, l->n, sizeof *l->v, cmp);
  size_t u = 0;
  for (size_t i = 0; i < l->n; i++)
    if (!u || strcmp(l->v[u - 1], l->v[i])) l->v[u++] = l->v[i];
    else free(l->v[i]);
  l->n = u;
  return 0;
oom:
  outlabels_free(l);
  buf_adds(err, "out of memory");
  return -1;
}

void outlabels_free(outlabels *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

int outlabels_has(const outlabels *l, const char *label) {
  if (!l) return 1;
  return bsearch(&label, l->v, l->n, sizeof *l->v, cmp) != NULL;
}
