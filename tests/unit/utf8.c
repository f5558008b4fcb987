/* Unit tests of core/utf8.c (tests/check.h): decoding, validation, counting,
 * boundaries, encoding, the maximal subpart of an ill-formed sequence. */
#include <string.h>

#include "utf8.h"

#include "../check.h"

TEST(utf8) {
  uint32_t cp;
  CHECK_EQ(utf8_decode("A", 1, &cp), 1);
  CHECK_EQ(cp, 'A');
  CHECK_EQ(utf8_decode("\xE2\x80\x99", 3, &cp), 3); /* ’ */
  CHECK_EQ(cp, 0x2019);
  CHECK_EQ(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
  CHECK_EQ(cp, 0x1F600);
  CHECK_EQ(utf8_decode("\xC0\xAF", 2, &cp), 0);         /* overlong */
  CHECK_EQ(utf8_decode("\xED\xA0\x80", 3, &cp), 0);     /* surrogate */
  CHECK_EQ(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
  CHECK_EQ(utf8_decode("\xE2\x80", 2, &cp), 0);         /* truncated */
  size_t bad = 99;
  CHECK(utf8_valid("ok \xE2\x80\x94 fine", 10, &bad));
  CHECK(!utf8_valid("ab\xFF", 3, &bad));
  CHECK_EQ(bad, 2);
  const char *s = "a\xE2\x80\x9C\xF0\x9F\x98\x80z"; /* a “ 😀 z */
  CHECK_EQ(utf8_count(s, strlen(s)), 4);
  CHECK_EQ(utf8_count16(s, strlen(s)), 5);
  CHECK(utf8_boundary(s, strlen(s), 1));
  CHECK(!utf8_boundary(s, strlen(s), 2));
  char out[4];
  CHECK_EQ(utf8_encode(0x2666, out), 3); /* ♦ */
  CHECK(!memcmp(out, "\xE2\x99\xA6", 3));
  /* the maximal subpart of an ill-formed sequence (one U+FFFD each) */
  CHECK_EQ(utf8_bad_len("\xFF", 1), 1);
  CHECK_EQ(utf8_bad_len("\xC0\xAF", 2), 1);       /* overlong lead: alone */
  CHECK_EQ(utf8_bad_len("\xE2\x80", 2), 2);       /* cut off */
  CHECK_EQ(utf8_bad_len("\xE2\x80z", 3), 2);
  CHECK_EQ(utf8_bad_len("\xED\xA0\x80", 3), 1);   /* surrogate: ED, then A0, then 80 */
  CHECK_EQ(utf8_bad_len("\xF0\x9F\x98z", 4), 3);
  CHECK_EQ(utf8_bad_len("\xF4\x90\x80\x80", 4), 1);
}

int main(int argc, char **argv) { return check_main(argc, argv); }
