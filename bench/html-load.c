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
 * Every file is read into memory first; each pass loads all of them, one
 * after the other, both ways, N times (-r, default 5), interleaved; the
 * best pass of each counts. Prints MB/s of both and their ratio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "buf.h"
#include "doc.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
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
  double best_x = 1e30, best_g = 1e30;
  int only = getenv("HTML_LOAD_ONLY") ? atoi(getenv("HTML_LOAD_ONLY")) : 0; /* 1: libxml2, 2: glossa (profiling) */
  size_t failed = 0;
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    for (size_t i = 0; i < n && only != 2; i++) {
      xmlDocPtr x = htmlReadMemory(fs[i].data, (int)fs[i].len, fs[i].name, "UTF-8", opts);
      if (x) xmlFreeDoc(x);
    }
    double t1 = now();
    for (size_t i = 0; i < n && only != 1; i++) {
      buf err = BUF_INIT;
      document *d = doc_parse(fs[i].name, fs[i].data, fs[i].len, DOC_HTML, &err);
      if (d) doc_free(d);
      else if (r == 0) failed++;
      buf_free(&err);
    }
    double t2 = now();
    if (t1 - t0 < best_x) best_x = t1 - t0;
    if (t2 - t1 < best_g) best_g = t2 - t1;
  }
  double mb = (double)bytes / 1e6;
  printf("%zu files, %.1f MB (%zu glossa could not load); best of %d passes:\n", n, mb, failed,
         runs);
  printf("  htmlReadMemory alone:        %.3f s  %.1f MB/s\n", best_x, mb / best_x);
  printf("  glossa (parse + text view):  %.3f s  %.1f MB/s\n", best_g, mb / best_g);
  printf("  ratio: %.3f\n", best_g / best_x);
  return 0;
}
