/* libFuzzer target: CSS selectors to XPath. A translation must compile with
 * libxml2 (both forms); a refusal must say what and where. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>

#include "css.h"
#include "fuzz.h"

static void check(const char *sel, int relative) {
  buf out = BUF_INIT, err = BUF_INIT;
  int rc = relative ? css_to_xpath_relative(sel, &out, &err) : css_to_xpath(sel, &out, &err);
  if (rc == 0) {
    FUZZ_CHECK(out.len > 0 && err.len == 0);
    xmlXPathCompExprPtr x = xmlXPathCompile(BAD_CAST out.s);
    FUZZ_CHECK(x != NULL);
    xmlXPathFreeCompExpr(x);
  } else {
    FUZZ_CHECK(rc == -1 && out.len == 0 && err.len > 0);
  }
  buf_free(&out);
  buf_free(&err);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536) return 0; /* selectors are short; the XPath grows with them */
  char *sel = malloc(size + 1);
  if (!sel) abort();
  memcpy(sel, data, size);
  sel[size] = '\0'; /* a NUL inside ends the selector, as in a C string */
  check(sel, 0);
  check(sel, 1);
  free(sel);
  return 0;
}
