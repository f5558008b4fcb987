/* Token attributes: one pass over the text's code points each. */
#include "tokattr.h"

#include <stdint.h>
#include <string.h>

#include "casefold.h"
#include "uchar.h"
#include "utf8.h"

/* The code point at s[i]: an invalid byte decodes as U+FFFD of length 1. */
static size_t next(const char *s, size_t n, size_t i, uint32_t *c) {
  size_t k = utf8_decode(s + i, n - i, c);
  if (!k) *c = 0xFFFD, k = 1;
  return k;
}

static int is_letter(uint32_t c) { return uchar_class(c) == UCHAR_ALNUM && !uchar_is_digit(c); }

/* English number words, sorted. */
static const char *const number_words[] = {
    "billion", "eight",    "eighteen", "eighty",  "eleven",    "fifteen",  "fifty",
    "five",    "forty",    "four",     "fourteen", "hundred",  "million",  "nine",
    "nineteen", "ninety",  "one",      "seven",   "seventeen", "seventy",  "six",
    "sixteen", "sixty",    "ten",      "thirteen", "thirty",   "thousand", "three",
    "trillion", "twelve",  "twenty",   "two",     "zero"};

static int number_word(const char *s, size_t n) {
  char low[16];
  if (n >= sizeof low) return 0;
  for (size_t i = 0; i < n; i++) {
    if (!((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) return 0;
    low[i] = (char)(s[i] | 0x20);
  }
  low[n] = '\0';
  size_t lo = 0, hi = sizeof number_words / sizeof *number_words;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(number_words[mid], low);
    if (!c) return 1;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/* Digits with , . separators between them (a sign first), or d/d. */
static int numeral(const char *s, size_t n) {
  size_t i = 0, digits = 0;
  if (n && (s[0] == '-' || s[0] == '+')) i++;
  int last_digit = 0, slash = 0;
  while (i < n) {
    uint32_t c;
    size_t k = next(s, n, i, &c);
    if (uchar_is_digit(c)) {
      digits++;
      last_digit = 1;
    } else if ((c == ',' || c == '.' || (c == '/' && !slash++)) && last_digit && i + k < n) {
      last_digit = 0;
    } else {
      return 0;
    }
    i += k;
  }
  return digits > 0 && last_digit;
}

unsigned tokattr_flags(const char *s, size_t n) {
  unsigned f = TOKATTR_ALPHA | TOKATTR_DIGIT | TOKATTR_PUNCT | TOKATTR_SPACE;
  int upper = 0, lower = 0, title = 1, prev_cased = 0;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    i += next(s, n, i, &c);
    int cls = uchar_class(c), letter = is_letter(c);
    if (cls == UCHAR_EXTEND) continue; /* a mark goes with what it follows */
    if (!letter) f &= ~(unsigned)TOKATTR_ALPHA;
    if (!uchar_is_digit(c)) f &= ~(unsigned)TOKATTR_DIGIT;
    if (cls != UCHAR_PUNCT) f &= ~(unsigned)TOKATTR_PUNCT;
    if (cls != UCHAR_SPACE) f &= ~(unsigned)TOKATTR_SPACE;
    int up = uchar_is_upper(c), lo = uchar_is_lower(c);
    upper |= up;
    lower |= lo;
    /* title case: upper case only after an uncased character, lower case
     * only after a cased one */
    if ((up && prev_cased) || (lo && !prev_cased)) title = 0;
    prev_cased = up || lo;
  }
  if (n == 0) return 0;
  if (upper && !lower) f |= TOKATTR_UPPER;
  if (lower && !upper) f |= TOKATTR_LOWER;
  if (title && upper) f |= TOKATTR_TITLE;
  if (numeral(s, n) || number_word(s, n)) f |= TOKATTR_LIKE_NUM;
  return f;
}

int tokattr_lower(buf *out, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t c, f[3];
    size_t k = next(s, n, i, &c);
    if (c < 0x80) {
      if (buf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c))) return -1;
    } else if (c == 0xFFFD && k == 1) {
      if (buf_add(out, s + i, 1)) return -1; /* kept as it was */
    } else {
      size_t m = casefold_full(c, f);
      for (size_t j = 0; j < m; j++) {
        char u[4];
        if (buf_add(out, u, utf8_encode(f[j], u))) return -1;
      }
    }
    i += k;
  }
  return 0;
}

int tokattr_shape(buf *out, const char *s, size_t n) {
  uint32_t last = 0;
  int run = 0;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = next(s, n, i, &c);
    uint32_t shape = uchar_is_digit(c) ? 'd' : is_letter(c) ? (uchar_is_upper(c) ? 'X' : 'x') : c;
    run = shape == last ? run + 1 : 0;
    last = shape;
    if (run < 4) {
      int rc;
      if (shape == c && (c >= 0x80 || k > 1 || c == 0xFFFD)) rc = buf_add(out, s + i, k);
      else rc = buf_addc(out, (char)shape);
      if (rc) return -1;
    }
    i += k;
  }
  return 0;
}

size_t tokattr_prefix(const char *s, size_t n, size_t k) {
  size_t i = 0;
  uint32_t c;
  while (i < n && k--) i += next(s, n, i, &c);
  return i;
}

size_t tokattr_suffix(const char *s, size_t n, size_t k) {
  size_t i = n;
  while (i > 0 && k) {
    i--;
    if (((unsigned char)s[i] & 0xC0) != 0x80) k--;
  }
  return i;
}
