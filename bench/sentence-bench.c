/* Benchmark of the sentence and token splitters (core/sentence.c): MB/s of
 * sentence_split and sentence_tokens over the blocks of text files. Not
 * part of the CMake build; compile it (after a build, for lang_data.c) with
 *
 *   cc -std=gnu17 -O2 -Icore -Ibuild -o /tmp/sentence-bench bench/sentence-bench.c \
 *      core/sentence.c core/uchar.c core/lang.c build/lang_data.c core/casefold.c \
 *      core/utf8.c core/buf.c -lpthread
 *
 * (with -DOLD_API against a sentence.c from before the language option, the
 * one of commit 45c8515, to measure that one).
 *
 * Usage: sentence-bench [-l LANG] [-r N] FILE...   (or a list on stdin: -)
 * Every file is read into memory and cut into blocks (sentence_blocks, as a
 * text document's paragraphs); then all blocks are split N times (-r, 3),
 * and the best time counts. LANG: a language of data/lang (default en). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "sentence.h"
#ifndef OLD_API
#include "lang.h"
#endif

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct blocks {
  size_t (*v)[2];
  size_t n, cap;
} blocks;

static int on_block(void *ud, size_t s, size_t e) {
  blocks *b = ud;
  if (b->n == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 4096;
    b->v = realloc(b->v, b->cap * sizeof *b->v);
    if (!b->v) abort();
  }
  b->v[b->n][0] = s;
  b->v[b->n][1] = e;
  b->n++;
  return 0;
}

static size_t pieces;
static int count(void *ud, size_t s, size_t e) {
  (void)ud, (void)s, (void)e;
  pieces++;
  return 0;
}

static void add_file(buf *all, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(2);
  }
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(all, tmp, n);
  fclose(f);
  buf_adds(all, "\n\n"); /* files never share a block */
}

int main(int argc, char **argv) {
  int runs = 3, c;
  const char *code = "en";
  while ((c = getopt(argc, argv, "l:r:")) != -1) {
    if (c == 'l') code = optarg;
    else if (c == 'r') runs = atoi(optarg);
    else return 2;
  }
  buf all = BUF_INIT;
  for (int i = optind; i < argc; i++) {
    if (strcmp(argv[i], "-")) {
      add_file(&all, argv[i]);
      continue;
    }
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
      line[strcspn(line, "\n")] = '\0';
      if (*line) add_file(&all, line);
    }
  }
  if (!all.len) return 2;
  blocks b = {0};
  sentence_blocks(all.s, 0, all.len, on_block, &b);
#ifndef OLD_API
  sentence_opts o = {lang_get(code, NULL), NULL};
#else
  (void)code;
#endif
  const char *what[2] = {"sentences", "tokens"};
  printf("%.1f MB in %zu blocks\n", all.len / 1e6, b.n);
  for (int k = 0; k < 2; k++) {
    double best = 1e9;
    size_t got = 0;
    for (int r = 0; r < runs; r++) {
      pieces = 0;
      double t0 = now();
      for (size_t i = 0; i < b.n; i++) {
#ifdef OLD_API
        if (k == 0) sentence_split(all.s, b.v[i][0], b.v[i][1], count, NULL);
        else sentence_tokens(all.s, b.v[i][0], b.v[i][1], count, NULL);
#else
        if (k == 0) sentence_split(all.s, b.v[i][0], b.v[i][1], &o, count, NULL);
        else sentence_tokens(all.s, b.v[i][0], b.v[i][1], &o, count, NULL);
#endif
      }
      double t = now() - t0;
      if (t < best) best = t;
      got = pieces;
    }
    printf("%-9s %9zu  %6.3f s  %6.1f MB/s\n", what[k], got, best, all.len / 1e6 / best);
  }
  free(b.v);
  buf_free(&all);
  return 0;
}
