/* render [-s SCRIPT | -e CODE]... FILE [OUT]
 *
 * Test driver for the -f html writer without the CLI: loads FILE, runs the
 * scripts in order (as glossa -s/-e would) and writes out_html's page to OUT
 * (default: standard output). Exit 0 done, 1 failure, 2 usage. */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "output.h"
#include "script.h"

static int usage(void) {
  fputs("usage: render [-s SCRIPT | -e CODE]... FILE [OUT]\n", stderr);
  return 2;
}

int main(int argc, char **argv) {
  doc_init();
  script_opts so = {0};
  script_set *ss = script_new(&so);
  buf err = BUF_INIT, page = BUF_INIT;
  int i = 1, rc = 1;
  document *d = NULL;
  if (!ss) return 1;
  for (; i + 1 < argc && (!strcmp(argv[i], "-s") || !strcmp(argv[i], "-e")); i += 2) {
    int bad = argv[i][1] == 's' ? script_add_file(ss, argv[i + 1], &err)
                                : script_add_code(ss, argv[i + 1], &err);
    if (bad) goto fail;
  }
  if (i >= argc || argc - i > 2) {
    script_free(ss);
    return usage();
  }
  d = doc_load(argv[i], DOC_AUTO, (size_t)64 << 20, &err);
  if (!d || script_run(ss, d, &err)) goto fail;
  out_opts oo = {0};
  if (out_html(&page, d, &oo)) {
    buf_adds(&err, "out of memory");
    goto fail;
  }
  FILE *f = argc - i == 2 ? fopen(argv[i + 1], "wb") : stdout;
  if (!f || fwrite(page.s, 1, page.len, f) != page.len || (f != stdout && fclose(f))) {
    perror(argc - i == 2 ? argv[i + 1] : "stdout");
    goto done;
  }
  rc = 0;
  goto done;
fail:
  fprintf(stderr, "render: %s\n", err.s ? err.s : "failed");
done:
  if (d) doc_free(d);
  script_free(ss);
  buf_free(&err);
  buf_free(&page);
  return rc;
}
