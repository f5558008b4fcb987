/* Unicode character classes for splitting text into words (uchar.c):
 * pure functions of a code point, safe from any thread. */
#ifndef GLOSSA_UCHAR_H
#define GLOSSA_UCHAR_H

#include <stdint.h>

enum { UCHAR_SPACE, UCHAR_ALNUM, UCHAR_EXTEND, UCHAR_PUNCT };

/* White space, U+00A0 and the other Unicode spaces included. */
int uchar_is_space(uint32_t c);
/* The class of a code point past ASCII: punctuation and symbols are
 * UCHAR_PUNCT, marks and joiners UCHAR_EXTEND, every other non-space a
 * letter or digit (good enough for word boundaries in any script). */
int uchar_class_hi(uint32_t c);

/* The class of any code point; ASCII inline, for the splitters' loops. */
static inline int uchar_class(uint32_t c) {
  if (c < 0x80) {
    if ((c | 0x20) - 'a' < 26 || c - '0' < 10) return UCHAR_ALNUM;
    return c == ' ' || (c >= '\t' && c <= '\r') ? UCHAR_SPACE : UCHAR_PUNCT;
  }
  return uchar_class_hi(c);
}

/* Case, for the cased blocks of Latin, Greek, Cyrillic and Armenian;
 * letters of other scripts are neither. */
int uchar_is_lower(uint32_t c);
int uchar_is_upper(uint32_t c);

/* A decimal digit of any script (Unicode's Nd: 0-9, ٠-٩, ०-९, ０-９, …). */
int uchar_is_digit(uint32_t c);

#endif
