/* Unit tests of core/tokattr.c (tests/check.h): flags, lower, shape,
 * affixes. */
#include <string.h>

#include "buf.h"
#include "tokattr.h"

#include "../check.h"

static unsigned F(const char *s) { return tokattr_flags(s, strlen(s)); }

static const char *shape(const char *s) {
  static buf b;
  b.len = 0;
  tokattr_shape(&b, s, strlen(s));
  return b.s ? b.s : "";
}

static const char *lower(const char *s) {
  static buf b;
  b.len = 0;
  tokattr_lower(&b, s, strlen(s));
  return b.s ? b.s : "";
}

TEST(tokattr_flags) {
  CHECK_EQ(F("Putin"), TOKATTR_ALPHA | TOKATTR_TITLE);
  CHECK_EQ(F("NATO"), TOKATTR_ALPHA | TOKATTR_UPPER);
  CHECK_EQ(F("said"), TOKATTR_ALPHA | TOKATTR_LOWER);
  CHECK_EQ(F("McDonald"), TOKATTR_ALPHA);
  CHECK_EQ(F("Jean-Luc") & TOKATTR_TITLE, TOKATTR_TITLE);
  CHECK_EQ(F("2017"), TOKATTR_DIGIT | TOKATTR_LIKE_NUM);
  CHECK_EQ(F("٢٠١٧"), TOKATTR_DIGIT | TOKATTR_LIKE_NUM); /* Arabic-Indic digits */
  CHECK_EQ(F("1,000.5"), TOKATTR_LIKE_NUM);
  CHECK_EQ(F("-7"), TOKATTR_LIKE_NUM);
  CHECK_EQ(F("3/4"), TOKATTR_LIKE_NUM);
  CHECK_EQ(F("Million") & TOKATTR_LIKE_NUM, TOKATTR_LIKE_NUM);
  CHECK_EQ(F("1,"), 0);
  CHECK_EQ(F("1/2/3") & TOKATTR_LIKE_NUM, 0);
  CHECK_EQ(F("?!"), TOKATTR_PUNCT);
  CHECK_EQ(F("$"), TOKATTR_PUNCT);
  CHECK_EQ(F(" \t"), TOKATTR_SPACE);
  CHECK_EQ(F("Putin's") & TOKATTR_ALPHA, 0);
  CHECK_EQ(F("cafe\xCC\x81"), TOKATTR_ALPHA | TOKATTR_LOWER); /* a combining accent */
  CHECK_EQ(F("東京"), TOKATTR_ALPHA); /* uncased */
  CHECK_EQ(F(""), 0);
}

TEST(tokattr_lower) {
  CHECK_STR(lower("Straße"), "strasse");
  CHECK_STR(lower("ΣΊΣΥΦΟΣ"), "σίσυφοσ");
  CHECK_STR(lower("İstanbul"), "i\xCC\x87stanbul");
  CHECK_STR(lower("ﬁne"), "fine");
  CHECK_STR(lower("U.N."), "u.n.");
  CHECK_STR(lower("a\xFF" "B"), "a\xFF" "b"); /* an invalid byte stays */
}

TEST(tokattr_shape) {
  CHECK_STR(shape("Apple"), "Xxxxx");
  CHECK_STR(shape("Applesauce"), "Xxxxx");
  CHECK_STR(shape("U.N."), "X.X.");
  CHECK_STR(shape("2017"), "dddd");
  CHECK_STR(shape("1,000,000"), "d,ddd,ddd");
  CHECK_STR(shape("Putin’s"), "Xxxxx’x");
  CHECK_STR(shape("東京"), "xx");
}

TEST(tokattr_affixes) {
  const char *s = "Straße";
  size_t n = strlen(s);
  CHECK_EQ(tokattr_prefix(s, n, 3), 3);
  CHECK_EQ(tokattr_suffix(s, n, 3), n - 4); /* "aße": ß is two bytes */
  CHECK_EQ(tokattr_prefix(s, n, 99), n);
  CHECK_EQ(tokattr_suffix(s, n, 99), 0);
  CHECK_EQ(tokattr_prefix(s, n, 0), 0);
  CHECK_EQ(tokattr_suffix(s, n, 0), n);
}

int main(int argc, char **argv) { return check_main(argc, argv); }
