/* The checks of glossa's C test programs. Each failed check prints
 * FILE:LINE and what differed and adds to `failures`; a program's main
 * returns non-zero when any failed. One file per program includes this. */
#ifndef GLOSSA_TEST_CHECK_H
#define GLOSSA_TEST_CHECK_H

#include <stdio.h>
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

#endif
