/* Unit tests of core/json.c (tests/check.h): strings and numbers written. */
#include <string.h>

#include "buf.h"
#include "json.h"

#include "../check.h"

TEST(json) {
  buf b = BUF_INIT;
  json_str(&b, "a\"b\\c\n\x01’", 10);
  CHECK(!strcmp(b.s, "\"a\\\"b\\\\c\\n\\u0001’\""));
  b.len = 0;
  /* any bytes give valid JSON: each ill-formed sequence is U+FFFD */
  b.len = 0;
  json_str(&b, "caf\xE9 \xE2\x80 x\xFF\xE2\x80\x99\x7F", 14);
  CHECK_STR(b.s, "\"caf\xEF\xBF\xBD \xEF\xBF\xBD x\xEF\xBF\xBD’\\u007f\"");
  b.len = 0;
  json_num(&b, 3.0);
  json_num(&b, 0.5);
  CHECK(!strcmp(b.s, "30.5"));
  buf_free(&b);
}

int main(int argc, char **argv) { return check_main(argc, argv); }
