/* Unicode character classes for splitting text into words: white space,
 * letters and digits, marks that extend what they follow, punctuation; and
 * letter case in the cased scripts. Tables in code, no allocation. */
#include "uchar.h"

static int in(uint32_t c, uint32_t lo, uint32_t hi) { return c >= lo && c <= hi; }

int uchar_is_space(uint32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return c == 0x85 || c == 0xA0 || c == 0x1680 || in(c, 0x2000, 0x200B) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

/* Non-ASCII punctuation and symbols; every other non-space code point is a
 * letter, digit or mark (good enough for word boundaries in any script). */
static int is_punct_hi(uint32_t c) {
  if (c < 0x2000) {
    if (c < 0xC0)
      return c < 0xA0 || (c >= 0xA1 && c != 0xAA && c != 0xB2 && c != 0xB3 &&
                          c != 0xB5 && c != 0xB9 && c != 0xBA &&
                          !in(c, 0xBC, 0xBE));
    return c == 0xD7 || c == 0xF7 || c == 0x37E || c == 0x387 ||
           in(c, 0x55A, 0x55F) || c == 0x589 || c == 0x5BE || c == 0x5C0 ||
           c == 0x5C3 || in(c, 0x5F3, 0x5F4) || c == 0x60C || c == 0x61B ||
           c == 0x61F || in(c, 0x66A, 0x66D) || c == 0x6D4 ||
           in(c, 0x964, 0x965) || c == 0xE4F || in(c, 0xE5A, 0xE5B) ||
           in(c, 0x104A, 0x104B) || c == 0x10FB || in(c, 0x1361, 0x1368) ||
           in(c, 0x166D, 0x166E) || in(c, 0x17D4, 0x17DA) ||
           in(c, 0x1800, 0x180A);
  }
  if (c < 0x3000)
    return !in(c, 0x2070, 0x209F) && !in(c, 0x2150, 0x218F) &&
           !in(c, 0x2C00, 0x2DFF) && c < 0x2E80;
  if (c < 0x3040)
    return !in(c, 0x3005, 0x3007) && !in(c, 0x3021, 0x3029) &&
           !in(c, 0x3031, 0x3035) && !in(c, 0x303B, 0x303C);
  return c == 0x30FB || in(c, 0xE000, 0xF8FF) || in(c, 0xFD3E, 0xFD3F) ||
         in(c, 0xFE10, 0xFE19) || in(c, 0xFE30, 0xFE6F) ||
         in(c, 0xFF01, 0xFF0F) || in(c, 0xFF1A, 0xFF20) ||
         in(c, 0xFF3B, 0xFF40) || in(c, 0xFF5B, 0xFF65) ||
         in(c, 0xFFE0, 0xFFFD) || (in(c, 0x1F000, 0x1FBFF) && !in(c, 0x1F3FB, 0x1F3FF)) ||
         c >= 0xF0000;
}

/* Marks and joiners that extend whatever token they follow. */
static int is_extend(uint32_t c) {
  return in(c, 0x300, 0x36F) || in(c, 0x1AB0, 0x1AFF) || in(c, 0x1DC0, 0x1DFF) ||
         in(c, 0x200C, 0x200D) || c == 0x2060 || in(c, 0x20D0, 0x20FF) ||
         in(c, 0xFE00, 0xFE0F) || in(c, 0xFE20, 0xFE2F) ||
         in(c, 0x1F3FB, 0x1F3FF) || in(c, 0xE0000, 0xE01EF);
}

int uchar_class_hi(uint32_t c) {
  if (uchar_is_space(c)) return UCHAR_SPACE;
  if (is_extend(c)) return UCHAR_EXTEND;
  return is_punct_hi(c) ? UCHAR_PUNCT : UCHAR_ALNUM;
}

/* Case, for the cased blocks of Latin, Greek, Cyrillic and Armenian. Letters
 * of other scripts are neither (and so may start a sentence). */
int uchar_is_lower(uint32_t c) {
  if (c < 0x80) return c - 'a' < 26;
  if (c < 0x100) return c == 0xB5 || (c >= 0xDF && c != 0xF7);
  if (c < 0x180) {
    if (c <= 0x137 || in(c, 0x14A, 0x177)) return c & 1;
    if (in(c, 0x139, 0x148) || in(c, 0x179, 0x17E)) return !(c & 1);
    return c != 0x178; /* ĸ ŉ ſ */
  }
  if (c < 0x250) return 0;
  if (c < 0x2B0) return 1; /* IPA */
  if (c < 0x400) return in(c, 0x3AC, 0x3CE);
  if (c < 0x530) {
    if (c < 0x460) return c >= 0x430;
    if (in(c, 0x460, 0x481) || in(c, 0x48A, 0x4BF) || in(c, 0x4D0, 0x52F))
      return c & 1;
    if (in(c, 0x4C1, 0x4CE)) return !(c & 1);
    return c == 0x4CF;
  }
  if (c < 0x590) return in(c, 0x561, 0x587);
  if (in(c, 0x1D00, 0x1DBF)) return 1;
  if (in(c, 0x1E00, 0x1EFF))
    return (c & 1) || in(c, 0x1E96, 0x1E9D);
  if (in(c, 0x1F00, 0x1FFF)) return (c & 0xF) < 8 || in(c, 0x1F70, 0x1F7D);
  return in(c, 0x2170, 0x217F) || in(c, 0xFF41, 0xFF5A);
}

int uchar_is_upper(uint32_t c) {
  if (c < 0x80) return c - 'A' < 26;
  if (c < 0x100) return c >= 0xC0 && c <= 0xDE && c != 0xD7;
  if (c < 0x180) return !uchar_is_lower(c);
  if (in(c, 0x386, 0x3AB)) return c != 0x387 && c != 0x38B && c != 0x38D;
  if (in(c, 0x400, 0x42F)) return 1;
  if (in(c, 0x460, 0x52F)) return !uchar_is_lower(c) && !in(c, 0x482, 0x489);
  if (in(c, 0x531, 0x556)) return 1;
  if (in(c, 0x1E00, 0x1EFF)) return !uchar_is_lower(c) && c != 0x1E9F;
  return in(c, 0x2160, 0x216F) || in(c, 0xFF21, 0xFF3A);
}

