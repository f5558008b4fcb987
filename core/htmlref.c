/* Named character references (core/htmlref.h): binary search over the
 * generated table (core/htmlref_data.h, tools/gen-htmlref.py). */
#include "htmlref.h"

#include <string.h>

#include "utf8.h"

#include "htmlref_data.h"

_Static_assert(HTMLREF_LONGEST <= HTMLREF_LONGEST_NAME, "htmlref.h: HTMLREF_LONGEST_NAME");

static int cmp(const char *name, size_t n, const char *key) {
  int c = strncmp(name, key, n);
  if (c) return c;
  return key[n] ? -1 : 0; /* name is a proper prefix of key: before it */
}

const htmlref *htmlref_find(const char *name, size_t n) {
  size_t lo = 0, hi = HTMLREF_COUNT;
  if (memchr(name, '\0', n)) return NULL;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = cmp(name, n, htmlref_table[mid].name);
    if (!c) return &htmlref_table[mid];
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return NULL;
}

static int alnum(char c) {
  return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
}

const htmlref *htmlref_match(const char *s, size_t n, size_t *len) {
  /* every name is letters and digits, then perhaps a ';' */
  size_t m = 0;
  while (m < n && m < HTMLREF_LONGEST && alnum(s[m])) m++;
  const htmlref *r;
  if (m < n && s[m] == ';' && (r = htmlref_find(s, m + 1))) {
    *len = m + 1;
    return r;
  }
  for (size_t k = m; k > 0; k--)
    if ((r = htmlref_find(s, k))) {
      *len = k;
      return r;
    }
  return NULL;
}

size_t htmlref_utf8(const htmlref *r, char *out) {
  size_t k = utf8_encode(r->cp[0], out);
  if (r->cp[1]) k += utf8_encode(r->cp[1], out + k);
  return k;
}
