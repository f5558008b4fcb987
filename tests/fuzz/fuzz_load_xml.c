/* libFuzzer target: the input parsed as an XML document, then its text view
 * and offset map walked and checked (fuzz_view.c). */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FUZZ_MAX_INPUT) return 0;
  buf err = BUF_INIT;
  document *d = doc_parse("fuzz.xml", (const char *)data, size, DOC_XML, &err);
  if (d) {
    FUZZ_CHECK(d->type == DOC_XML);
    fuzz_check_view(d);
  } else {
    FUZZ_CHECK(err.len > 0); /* a failure always says why */
  }
  doc_free(d);
  buf_free(&err);
  return 0;
}
