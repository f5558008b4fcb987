/* The targets' shared plumbing: failing checks, set-up, the byte consumer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "fuzz.h"
#include "utf8.h"

void fuzz_fail(const char *file, int line, const char *what) {
  fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  abort();
}

int fuzz_known(const char *id) {
  static const char *known;
  static int init;
  if (!init) known = getenv("GLOSSA_FUZZ_KNOWN"), init = 1;
  size_t n = strlen(id);
  for (const char *p = known; p && (p = strstr(p, id)); p += n)
    if ((p == known || p[-1] == ',') && (p[n] == ',' || !p[n])) return 1;
  return 0;
}

static void quiet(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr e) {
  (void)ctx;
  (void)e;
}

void fuzz_init(void) {
  doc_init();
  xmlSetGenericErrorFunc(NULL, quiet);
  xmlSetStructuredErrorFunc(NULL, quiet_structured);
}

unsigned fuzz_u8(fuzz_in *in) {
  if (!in->n) return 0;
  in->n--;
  return *in->p++;
}

unsigned fuzz_u16(fuzz_in *in) {
  unsigned hi = fuzz_u8(in);
  return hi << 8 | fuzz_u8(in);
}

char *fuzz_str(fuzz_in *in, size_t max) {
  size_t n = fuzz_u8(in) % (max + 1);
  if (n > in->n) n = in->n;
  char *s = malloc(n + 1);
  if (!s) abort();
  memcpy(s, in->p, n);
  in->p += n;
  in->n -= n;
  s[n] = '\0';
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (k == 0 || cp == 0) {
      s[i++] = '?';
      continue;
    }
    i += k;
  }
  return s;
}
