/* The checks and cases of glossa's C test programs. Each failed check prints
 * FILE:LINE and what differed and adds to `failures`; a program's main
 * returns non-zero when any failed. One file per program includes this.
 *
 * A program defines its cases as `TEST(name) { ... }` and its main calls
 * check_main: `PROG` lists the cases, `PROG NAME [SRCDIR]` runs one. The
 * names are written once, there: glossa_c_tests (tests/CMakeLists.txt) reads
 * the TEST(...) lines of the file and registers one ctest SUITE/NAME each.
 * TEST_BY_HAND(name) is a case the program runs but ctest does not (a
 * benchmark). */
#ifndef GLOSSA_TEST_CHECK_H
#define GLOSSA_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                          \
    }                                                                      \
  } while (0)

#define CHECK_EQ(a, b)                                                     \
  do {                                                                     \
    unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b); \
    if (a_ != b_) {                                                        \
      fprintf(stderr, "%s:%d: %s == %llu, expected %s == %llu\n", __FILE__, \
              __LINE__, #a, a_, #b, b_);                                   \
      failures++;                                                          \
    }                                                                      \
  } while (0)

/* Strings: equal, and neither is NULL. */
#define CHECK_STR(a, b)                                                    \
  do {                                                                     \
    const char *a_ = (a), *b_ = (b);                                       \
    if (!a_ || !b_ || strcmp(a_, b_)) {                                    \
      fprintf(stderr, "%s:%d: %s is \"%s\",\n    expected \"%s\"\n", __FILE__, \
              __LINE__, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");       \
      failures++;                                                          \
    }                                                                      \
  } while (0)

/* ---- cases --------------------------------------------------------------- */

typedef struct check_case {
  const char *name;
  void (*fn)(void);
} check_case;

/* Filled before main by the constructors TEST defines, in file order. */
__attribute__((unused)) static check_case check_cases[64];
__attribute__((unused)) static int check_ncases;

/* The source tree (SRCDIR, default "."): where check_slurp reads. */
__attribute__((unused)) static const char *check_srcdir = ".";

static inline void check_add(const char *name, void (*fn)(void)) {
  if (check_ncases == (int)(sizeof check_cases / sizeof check_cases[0])) {
    fprintf(stderr, "check.h: more than %d cases\n", check_ncases);
    abort();
  }
  check_cases[check_ncases].name = name;
  check_cases[check_ncases++].fn = fn;
}

#define CHECK_CASE_(name)                                                  \
  static void test_##name(void);                                           \
  __attribute__((constructor)) static void check_register_##name(void) {   \
    check_add(#name, test_##name);                                         \
  }                                                                        \
  static void test_##name(void)
#define TEST(name) CHECK_CASE_(name)
#define TEST_BY_HAND(name) CHECK_CASE_(name)

/* No NAME: print the names, one a line. NAME [SRCDIR]: run that case; 0 when
 * all its checks held, 1 when some failed, 2 when there is no such case. */
static inline int check_main(int argc, char **argv) {
  if (argc < 2) {
    for (int i = 0; i < check_ncases; i++) puts(check_cases[i].name);
    return 0;
  }
  if (argc > 2) check_srcdir = argv[2];
  for (int i = 0; i < check_ncases; i++) {
    if (strcmp(argv[1], check_cases[i].name)) continue;
    check_cases[i].fn();
    if (failures) fprintf(stderr, "%s: %d checks failed\n", argv[1], failures);
    return failures ? 1 : 0;
  }
  fprintf(stderr, "no test named %s\n", argv[1]);
  return 2;
}

/* The file SRCDIR/REL, NUL-terminated (its length in *len), or NULL (said
 * on stderr) when it cannot be read. The caller frees it. */
static inline char *check_slurp(const char *rel, size_t *len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", check_srcdir, rel);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return NULL;
  }
  size_t n = 0, cap = 4096;
  char *s = malloc(cap);
  for (size_t got; s && (got = fread(s + n, 1, cap - n - 1, f)) > 0;) {
    n += got;
    if (cap - n - 1 == 0) {
      char *t = realloc(s, cap *= 2);
      if (!t) free(s);
      s = t;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (!s || bad) {
    fprintf(stderr, "cannot read %s\n", path);
    free(s);
    return NULL;
  }
  s[n] = '\0';
  if (len) *len = n;
  return s;
}

#endif
