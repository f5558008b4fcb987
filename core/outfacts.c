/* The facts of run files, sorted and unique (core/outfacts.h). */
#include "outfacts.h"

#include <stdlib.h>
#include <string.h>

static int cmp_line(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char **outfacts_sorted(const char *s, size_t len, char **store, size_t *n) {
  *n = 0;
  *store = malloc(len + 1);
  if (!*store) return NULL;
  memcpy(*store, s, len);
  (*store)[len] = '\0';
  size_t cap = 1;
  for (size_t i = 0; i < len; i++) cap += s[i] == '\n';
  char **v = malloc(cap * sizeof *v);
  if (!v) {
    free(*store);
    return NULL;
  }
  for (char *p = *store, *nl; *p && (nl = strchr(p, '\n')); p = nl + 1) {
    *nl = '\0';
    v[(*n)++] = p;
  }
  if (*n) qsort(v, *n, sizeof *v, cmp_line);
  size_t k = 0;
  for (size_t i = 0; i < *n; i++)
    if (!k || strcmp(v[k - 1], v[i])) v[k++] = v[i];
  *n = k;
  return v;
}

int outfacts_compact(buf *sum, size_t from) {
  if (from >= sum->len) return 0; /* nothing added (sum->s may be NULL) */
  char *store;
  size_t n;
  char **v = outfacts_sorted(sum->s + from, sum->len - from, &store, &n);
  if (!v) return -1;
  sum->len = from;
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) rc = buf_adds(sum, v[i]) || buf_addc(sum, '\n');
  free(v);
  free(store);
  return rc ? -1 : 0;
}
