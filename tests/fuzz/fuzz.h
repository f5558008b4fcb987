/* Shared helpers of the libFuzzer targets: checks that abort with a message,
 * a byte consumer for structured inputs, and the view walk of the loaders. */
#ifndef GLOSSA_FUZZ_H
#define GLOSSA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* Inputs longer than this are ignored: memory stays bounded. */
#define FUZZ_MAX_INPUT (1u << 20)

/* A failed check is a finding: print it and abort so libFuzzer saves the input. */
#define FUZZ_CHECK(c) ((c) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #c))
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

/* A check for a finding reported but not fixed yet: skipped when the
 * environment variable GLOSSA_FUZZ_KNOWN names its id (comma-separated), so
 * a long run can get past it; replays and CI leave it on. */
#define FUZZ_CHECK_KNOWN(id, c) (fuzz_known(id) ? (void)0 : FUZZ_CHECK(c))
int fuzz_known(const char *id);

/* doc_init() and libxml2's error output silenced; call once. */
void fuzz_init(void);

/* Takes bytes off the front of an input; past its end everything is 0. */
typedef struct fuzz_in {
  const uint8_t *p;
  size_t n;
} fuzz_in;
unsigned fuzz_u8(fuzz_in *in);
unsigned fuzz_u16(fuzz_in *in);
/* Up to max bytes as a fresh NUL-terminated valid UTF-8 string (malloc'd;
 * invalid bytes and NULs become '?'); the length byte comes first. */
char *fuzz_str(fuzz_in *in, size_t max);

/* Checks a document's view and offset map for internal consistency. */
void fuzz_check_view(const document *d);

/* Checks that s[0..n) is one JSON value (or, lines: one per line), in UTF-8. */
int fuzz_json_valid(const char *s, size_t n, int lines);

#endif
