/* Unit tests of core/jsonread.c (tests/check.h): what strings decode to,
 * the grammar's edges, where errors are. */
#include <string.h>

#include "buf.h"
#include "jsonread.h"

#include "../check.h"

/* The string literal s decoded, or "ERR:<at>:<message>". */
static const char *decode(const char *s, buf *out) {
  static char e[200];
  jsonread r;
  jsonread_init(&r, s, strlen(s));
  out->len = 0;
  if (out->s) out->s[0] = '\0';
  if (jsonread_string(&r, out) || jsonread_end(&r)) {
    snprintf(e, sizeof e, "ERR:%zu:%s", r.err_at, r.err);
    return e;
  }
  return out->s ? out->s : "";
}

TEST(jsonread_strings) {
  buf b = BUF_INIT;
  CHECK_STR(decode("\"a\\\"b\\\\c\\/\\n\\t\"", &b), "a\"b\\c/\n\t");
  CHECK_STR(decode("\"\\u00e9\\u2019\\ud83d\\ude00\"", &b), "é’😀");
  /* a lone surrogate is U+FFFD; what follows it is read on its own */
  CHECK_STR(decode("\"\\ud83dx\"", &b), "\xEF\xBF\xBDx");
  CHECK_STR(decode("\"\\ude00\"", &b), "\xEF\xBF\xBD");
  CHECK_STR(decode("\"\\ud83d\\u0041\"", &b), "\xEF\xBF\xBD" "A");
  CHECK_STR(decode("\"\\ud83d\\ud83d\\ude00\"", &b), "\xEF\xBF\xBD😀");
  /* raw bytes are the caller's to check */
  CHECK_STR(decode("\"\xFF\"", &b), "\xFF");
  decode("\"a\\u0000b\"", &b);
  CHECK_EQ(b.len, 3);
  CHECK(b.s[1] == '\0');
  CHECK_STR(decode("\"a\tb\"", &b), "ERR:2:a control character inside a string (escape it as \\u00XX)");
  CHECK_STR(decode("\"\\u12G4\"", &b), "ERR:5:a bad \\u escape (4 hex digits are needed)");
  CHECK_STR(decode("\"\\q\"", &b), "ERR:2:a bad escape in a string");
  CHECK_STR(decode("\"abc", &b), "ERR:4:a string does not end");
  CHECK_STR(decode("\"a\" x", &b), "ERR:4:more after the JSON value");
  buf_free(&b);
}

/* The verdict of skipping s whole: "ok" or "<at>:<message>". */
static const char *skim(const char *s) {
  static char e[200];
  jsonread r;
  jsonread_init(&r, s, strlen(s));
  if (jsonread_skip(&r) || jsonread_end(&r)) {
    snprintf(e, sizeof e, "%zu:%s", r.err_at, r.err);
    return e;
  }
  return "ok";
}

TEST(jsonread_grammar) {
  CHECK_STR(skim(" [1, -0.5e-3, 1E+2, 0, true, false, null, \"x\", {}, [], {\"a\": [{}]}] "), "ok");
  CHECK_STR(skim("01"), "1:more after the JSON value");
  CHECK_STR(skim("-"), "1:a bad number");
  CHECK_STR(skim("1."), "2:a bad number (no digit after '.')");
  CHECK_STR(skim("1e+"), "3:a bad number (no digit in the exponent)");
  CHECK_STR(skim("-x"), "1:a bad number");
  CHECK_STR(skim("tru"), "0:a value was expected");
  CHECK_STR(skim("[1,]"), "3:a value was expected");
  CHECK_STR(skim("[1 2]"), "3:',' or ']' was expected");
  CHECK_STR(skim("{\"a\" 1}"), "5:':' was expected");
  CHECK_STR(skim("{a:1}"), "1:a key (a string) was expected");
  CHECK_STR(skim(""), "0:a value was expected");
  /* 128 levels are read, the 129th refused without recursing further */
  char deep[400];
  memset(deep, '[', 129);
  memset(deep + 129, ']', 129);
  deep[258] = '\0';
  CHECK_STR(skim(deep), "128:arrays and objects nested more than 128 deep");
  deep[128] = ']';
  deep[256] = '\0';
  CHECK_STR(skim(deep), "ok");
}

TEST(jsonread_members) {
  const char *s = "{\"id\": 7, \"t\\u0065xt\": \"hi\", \"x\": [1, {\"y\": 2}], \"k\\u0000\": 1}";
  jsonread r;
  jsonread_init(&r, s, strlen(s));
  buf key = BUF_INIT, v = BUF_INIT;
  size_t count = 0;
  int rc, seen = 0;
  while ((rc = jsonread_member(&r, &key, &count)) > 0) {
    if (jsonread_key_is(&key, "id")) {
      CHECK_EQ(jsonread_number(&r, &v, NULL), 0);
      CHECK_STR(v.s, "7");
      seen |= 1;
    } else if (jsonread_key_is(&key, "text")) {
      v.len = 0;
      CHECK_EQ(jsonread_string(&r, &v), 0);
      CHECK_STR(v.s, "hi");
      seen |= 2;
    } else {
      CHECK(!jsonread_key_is(&key, "k")); /* a NUL inside counts */
      CHECK_EQ(jsonread_skip(&r), 0);
    }
  }
  CHECK_EQ(rc, 0);
  CHECK_EQ(count, 4);
  CHECK_EQ(seen, 3);
  CHECK_EQ(jsonread_end(&r), 0);
  /* a missing ',' between members */
  jsonread_init(&r, "{\"a\":1 \"b\":2}", 13);
  count = 0;
  while ((rc = jsonread_member(&r, &key, &count)) > 0) jsonread_skip(&r);
  CHECK_EQ(rc, -1);
  CHECK_STR(r.err, "',' or '}' was expected");
  CHECK_EQ(r.err_at, 7);
  buf_free(&key);
  buf_free(&v);
}

TEST(jsonread_elements) {
  const char *s = "[1, \"two\", [3], {\"four\": 4}]";
  jsonread r;
  jsonread_init(&r, s, strlen(s));
  size_t count = 0;
  int rc;
  buf v = BUF_INIT;
  while ((rc = jsonread_element(&r, &count)) > 0) {
    if (count == 2) {
      CHECK_EQ(jsonread_string(&r, &v), 0);
      CHECK_STR(v.s, "two");
    } else {
      CHECK_EQ(jsonread_skip(&r), 0);
    }
  }
  CHECK_EQ(rc, 0);
  CHECK_EQ(count, 4);
  CHECK_EQ(jsonread_end(&r), 0);
  jsonread_init(&r, "[1 2]", 5);
  count = 0;
  while ((rc = jsonread_element(&r, &count)) > 0) jsonread_skip(&r);
  CHECK_EQ(rc, -1);
  CHECK_STR(r.err, "',' or ']' was expected");
  jsonread_init(&r, "[]", 2);
  count = 0;
  CHECK_EQ(jsonread_element(&r, &count), 0);
  buf_free(&v);
}

int main(int argc, char **argv) { return check_main(argc, argv); }
