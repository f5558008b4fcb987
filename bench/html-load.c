/* Benchmark of HTML loading (issue 16): glossa's whole load of each page
 * (doc_parse: the input stream as a browser's, libxml2's parse with
 * glossa's fix-ups, the text view) against libxml2's htmlReadMemory alone
 * on the same bytes, with the options glossa gives it. Not part of the
 * CMake build; compile it after a Release build with
 *
 *   cc -std=gnu17 -O2 -Icore -o /tmp/html-load bench/html-load.c \
 *      build-release/libglossa.a $(pkg-config --cflags --libs libxml-2.0 \
 *      lua5.4 libpcre2-8 lua5.4-lpeg sqlite3 libedit) -lpthread -lm
 *
 * Usage: html-load [-r N] FILE...   (or - : a list on stdin)
 * Every file is read into memory first; then N passes (-r, default 5) load
 * each file both ways, one right after the other; each file's best time
 * each way counts, summed over the files. Prints MB/s of both and their
 * ratio. HTML_LOAD_ONLY=1 (libxml2) or 2 (glossa) loads one way only, for
 * profiling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "buf.h"
#include "doc.h"
#include "xmlmem.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* glibc frees small blocks to its fast bins, which the next large
 * malloc (or the free of a large block) consolidates: one load's garbage
 * would be paid for by whatever comes next, the other load when the two
 * alternate. A large malloc and free in each load's time settles its own
 * garbage there. */
static void settle(void) {
  void *volatile p = malloc(1 << 16);
  free(p);
}

typedef struct file {
  char *name, *data;
  size_t len;
} file;

static int load(file *f, const char *name) {
  FILE *fp = fopen(name, "rb");
  if (!fp) return -1;
  buf b = BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_add(&b, chunk, n);
  fclose(fp);
  f->name = strdup(name);
  f->len = b.len;
  f->data = b.s ? b.s : strdup("");
  return 0;
}

int main(int argc, char **argv) {
  /* as glossa's main does first: libxml2 allocates through glossa's
   * allocator (core/xmlmem.h: a document's nodes in an arena of its own up
   * to 256 KB, malloc otherwise and outside a parse, htmlReadMemory's
   * included) */
  doc_init();
  int runs = 5, a = 1;
  if (a + 1 < argc && !strcmp(argv[a], "-r")) runs = atoi(argv[a + 1]), a += 2;
  file *fs = NULL;
  size_t n = 0, cap = 0, bytes = 0;
  char line[4096];
  for (; a < argc; a++) {
    int list = !strcmp(argv[a], "-");
    for (;;) {
      const char *name = argv[a];
      if (list) {
        if (!fgets(line, sizeof line, stdin)) break;
        line[strcspn(line, "\n")] = '\0';
        name = line;
      }
      if (n == cap) fs = realloc(fs, (cap = cap ? 2 * cap : 256) * sizeof *fs);
      if (load(&fs[n], name) == 0) bytes += fs[n++].len;
      else fprintf(stderr, "html-load: %s: cannot read\n", name);
      if (!list) break;
    }
  }
  if (!n) {
    fprintf(stderr, "usage: html-load [-r N] FILE... (or - for a list on stdin)\n");
    return 2;
  }
  int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
             HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  /* HTML_LOAD_ONLY: 1, 2 or 3 loads that way only (profiling) */
  int only = getenv("HTML_LOAD_ONLY") ? atoi(getenv("HTML_LOAD_ONLY")) : 0;
  size_t failed = 0;
  /* Each file's best time each way, the loads of a file next to each other
   * (in an order that turns by pass), summed over the files: on a shared
   * machine a burst of load then costs only the files it falls on, where
   * whole-pass timing lost the pass. The ways: 0 htmlReadMemory with
   * malloc (libxml2 as it comes), 1 htmlReadMemory in an arena of
   * glossa's (what glossa's parse starts from), 2 glossa's load. */
  enum { WAYS = 3 };
  double *best = malloc(n * WAYS * sizeof *best);
  if (!best) return 2;
  for (size_t i = 0; i < n * WAYS; i++) best[i] = 1e30;
  for (int r = 0; r < runs; r++) {
    for (size_t i = 0; i < n; i++) {
      for (int k = 0; k < WAYS; k++) {
        int way = (k + r) % WAYS;
        if (only && way != only - 1) continue;
        double t0 = now();
        if (way < 2) {
          xmlmem *a = way == 1 ? xmlmem_begin(fs[i].len) : NULL;
          xmlDocPtr x = htmlReadMemory(fs[i].data, (int)fs[i].len, fs[i].name, "UTF-8", opts);
          xmlmem_end(a);
          if (x) xmlFreeDoc(x);
          xmlmem_free(a);
        } else {
          buf err = BUF_INIT;
          document *d = doc_parse(fs[i].name, fs[i].data, fs[i].len, DOC_HTML, &err);
          if (d) doc_free(d);
          else if (r == 0) failed++;
          buf_free(&err);
        }
        settle();
        double t = now() - t0;
        if (t < best[i * WAYS + way]) best[i * WAYS + way] = t;
      }
    }
  }
  double sum[WAYS] = {0};
  for (size_t i = 0; i < n; i++)
    for (int w = 0; w < WAYS; w++)
      if (!only || w == only - 1) sum[w] += best[i * WAYS + w];
  double mb = (double)bytes / 1e6;
  printf("%zu files, %.1f MB (%zu glossa could not load); each file's best of %d, summed:\n", n, mb,
         failed, runs);
  printf("  htmlReadMemory, malloc:            %.3f s  %.1f MB/s\n", sum[0], mb / sum[0]);
  printf("  htmlReadMemory, glossa's arena:    %.3f s  %.1f MB/s\n", sum[1], mb / sum[1]);
  printf("  glossa (parse + text view):        %.3f s  %.1f MB/s\n", sum[2], mb / sum[2]);
  printf("  ratio to htmlReadMemory, malloc:   %.3f\n", sum[2] / sum[0]);
  printf("  ratio to htmlReadMemory, arena:    %.3f\n", sum[2] / sum[1]);
  free(best);
  return 0;
}
