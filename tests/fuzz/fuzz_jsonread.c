/* libFuzzer target: the one JSON reader (core/jsonread.c). Whatever the
 * bytes, it stops inside them with a verdict; reading an object member by
 * member, or an array element by element, agrees with skipping it whole; a decoded string of valid UTF-8
 * input is valid UTF-8 and survives the writer (json_str) and the reader
 * again unchanged. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "json.h"
#include "jsonread.h"
#include "utf8.h"

/* The decoded string s[0..n) written as JSON and read back is s again. */
static void round_trip(const char *s, size_t n) {
  buf j = BUF_INIT, back = BUF_INIT;
  FUZZ_CHECK(json_str(&j, s, n) == 0);
  jsonread r;
  jsonread_init(&r, j.s, j.len);
  FUZZ_CHECK(jsonread_string(&r, &back) == 0 && jsonread_end(&r) == 0);
  FUZZ_CHECK(back.len == n && (n == 0 || !memcmp(back.s, s, n)));
  buf_free(&j);
  buf_free(&back);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FUZZ_MAX_INPUT) return 0;
  const char *s = (const char *)data;
  size_t bad;
  int valid = utf8_valid(s, size, &bad);

  jsonread whole;
  jsonread_init(&whole, s, size);
  int ok = !jsonread_skip(&whole) && !jsonread_end(&whole);
  FUZZ_CHECK(whole.i <= size && (ok ? whole.err == NULL : whole.err != NULL));
  FUZZ_CHECK(!whole.err || whole.err_at <= size);

  jsonread r;
  jsonread_init(&r, s, size);
  if (jsonread_peek(&r, '[')) { /* an array read element by element */
    size_t count = 0;
    int rc;
    while ((rc = jsonread_element(&r, &count)) > 0)
      if (jsonread_skip(&r)) break;
    FUZZ_CHECK((rc == 0 && !r.err && !jsonread_end(&r)) == ok);
    return 0;
  }
  /* an object read member by member: keys and string values decoded */
  if (!jsonread_peek(&r, '{')) return 0;
  buf key = BUF_INIT, val = BUF_INIT;
  size_t count = 0;
  int rc;
  while ((rc = jsonread_member(&r, &key, &count)) > 0) {
    if (valid) {
      FUZZ_CHECK(utf8_valid(key.s ? key.s : "", key.len, &bad));
      round_trip(key.s ? key.s : "", key.len);
    }
    if (jsonread_peek(&r, '"')) {
      val.len = 0;
      if (jsonread_string(&r, &val)) break;
      if (valid) round_trip(val.s ? val.s : "", val.len);
    } else if (jsonread_skip(&r)) {
      break;
    }
  }
  int by_member = rc == 0 && !r.err && !jsonread_end(&r);
  FUZZ_CHECK(by_member == ok);
  buf_free(&key);
  buf_free(&val);
  return 0;
}
