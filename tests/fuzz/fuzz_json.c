/* The JSON writers' output checked with the one JSON reader (core/jsonread.c,
 * fuzzed on its own by fuzz_jsonread) and for UTF-8, which JSON text must be. */
#include <string.h>

#include "fuzz.h"
#include "jsonread.h"
#include "utf8.h"

static int one_value(const char *s, size_t n) {
  jsonread r;
  jsonread_init(&r, s, n);
  return !jsonread_skip(&r) && !jsonread_end(&r);
}

int fuzz_json_valid(const char *s, size_t n, int lines) {
  size_t bad;
  if (!utf8_valid(s, n, &bad)) return 0;
  if (!lines) return one_value(s, n);
  /* JSON Lines: each line, newline-terminated, holds one value */
  for (size_t i = 0; i < n;) {
    const char *nl = memchr(s + i, '\n', n - i);
    if (!nl || !one_value(s + i, (size_t)(nl - (s + i)))) return 0;
    i = (size_t)(nl - s) + 1;
  }
  return 1;
}
