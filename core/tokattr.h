/* Token attributes, as spaCy's lexical ones: what a token's text is (its
 * case, shape, whether it is a number), computed from the text alone; the
 * caller owns the bufs they write to. */
#ifndef GLOSSA_TOKATTR_H
#define GLOSSA_TOKATTR_H

#include <stddef.h>

#include "buf.h"

enum {
  TOKATTR_ALPHA = 1 << 0,    /* letters only (with their marks) */
  TOKATTR_DIGIT = 1 << 1,    /* decimal digits only, of any script */
  TOKATTR_PUNCT = 1 << 2,    /* punctuation and symbols only */
  TOKATTR_SPACE = 1 << 3,    /* white space only */
  TOKATTR_UPPER = 1 << 4,    /* cased letters, all upper case */
  TOKATTR_LOWER = 1 << 5,    /* cased letters, all lower case */
  TOKATTR_TITLE = 1 << 6,    /* title case: "Hello", "Jean-Luc" (Python's str.istitle) */
  TOKATTR_LIKE_NUM = 1 << 7  /* "10", "1,000", "3.5", "-7", "1/2", "ten", "million" */
};

/* The attributes of the text s[0..n) (UTF-8; an invalid byte counts as a
 * symbol). Number words for like_num are English. */
unsigned tokattr_flags(const char *s, size_t n);

/* Appends the text's full case folding ("Straße" -> "strasse"); 0, or -1
 * out of memory. */
int tokattr_lower(buf *out, const char *s, size_t n);

/* Appends the text's shape: upper-case letters as X, other letters as x,
 * digits as d, anything else as itself, a run of one kind cut after four:
 * "Apple" -> "Xxxxx", "Putin's" -> "Xxxxx'x", "U.N." -> "X.X.", "2017" ->
 * "dddd"; 0, or -1 out of memory. */
int tokattr_shape(buf *out, const char *s, size_t n);

/* The bytes of the first k code points of s[0..n), and where its last k
 * start. */
size_t tokattr_prefix(const char *s, size_t n, size_t k);
size_t tokattr_suffix(const char *s, size_t n, size_t k);

#endif
