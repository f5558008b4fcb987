#include "utf8.h"

#include <string.h>

size_t utf8_decode(const char *str, size_t n, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  if (n == 0) return 0;
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2; v = c & 0x1F; min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3; v = c & 0x0F; min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4; v = c & 0x07; min = 0x10000;
  } else {
    return 0;
  }
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

size_t utf8_bad_len(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned char c = s[0];
  size_t need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
  unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  size_t k = 1;
  for (; k <= need && k < n; k++) {
    if (s[k] < lo || s[k] > hi) break;
    lo = 0x80, hi = 0xBF;
  }
  return k;
}

int utf8_valid(const char *s, size_t n, size_t *bad) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    /* ASCII runs, sixteen bytes at a time (most text is mostly ASCII) */
    while (i + 16 <= n) {
      uint64_t w[2];
      memcpy(w, s + i, 16);
      if ((w[0] | w[1]) & 0x8080808080808080ull) break;
      i += 16;
    }
    if (i >= n) break;
    unsigned char c = u[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    /* the common 2- and 3-byte forms in line; the rest by utf8_decode */
    if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
      i += 2;
      continue;
    }
    if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && i + 2 < n &&
        (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (k == 0) {
      if (bad) *bad = i;
      return 0;
    }
    i += k;
  }
  return 1;
}

/* Eight bytes at a time: in word w, a byte's bit 7 in w & ~(w << 1) is set
 * for a continuation byte (10xxxxxx), in w & w<<1 & w<<2 & w<<3 for a
 * 4-byte lead (11110xxx); the shifts move a byte's own lower bits to its
 * bit 7 (what crosses from the byte below lands lower and is masked off). */
#define HIGH_BITS 0x8080808080808080ull

/* How many bytes of w have bit 7 set, for w with no other bit set. */
static size_t high_bits(uint64_t w) {
  return (size_t)(((w >> 7) * 0x0101010101010101ull) >> 56);
}

static uint64_t word_at(const char *s) {
  uint64_t w;
  memcpy(&w, s, sizeof w);
  return w;
}

size_t utf8_count(const char *s, size_t n) {
  size_t c = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = word_at(s + i);
    c += 8 - high_bits(w & ~(w << 1) & HIGH_BITS);
  }
  for (; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

size_t utf8_count16(const char *s, size_t n) {
  size_t c = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = word_at(s + i);
    if (!(w & HIGH_BITS)) {
      c += 8;
      continue;
    }
    c += 8 - high_bits(w & ~(w << 1) & HIGH_BITS);
    c += high_bits(w & (w << 1) & (w << 2) & (w << 3) & HIGH_BITS);
  }
  for (; i < n; i++) {
    unsigned char b = (unsigned char)s[i];
    c += (b & 0xC0) != 0x80;
    c += b >= 0xF0; /* a 4-byte sequence is a surrogate pair in UTF-16 */
  }
  return c;
}

int utf8_boundary(const char *s, size_t n, size_t off) {
  return off >= n || ((unsigned char)s[off] & 0xC0) != 0x80;
}

size_t utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

size_t utf8_back(const char *s, size_t off, size_t k) {
  while (k > 0 && off > 0) {
    off--;
    while (off > 0 && ((unsigned char)s[off] & 0xC0) == 0x80) off--;
    k--;
  }
  return off;
}

size_t utf8_fwd(const char *s, size_t len, size_t off, size_t k) {
  while (k > 0 && off < len) {
    off++;
    while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80) off++;
    k--;
  }
  return off;
}
