/* Benchmark of the dictionary matcher (core/dict.c): build time, memory and
 * scan throughput. Not part of the CMake build; compile it with
 *
 *   cc -std=gnu17 -O2 -Wall -Wextra -Icore -o /tmp/dict-bench bench/dict-bench.c \
 *      core/dict.c core/bigmem.c core/casefold.c core/utf8.c core/buf.c
 *
 * Usage: dict-bench [-i] [-w] [-a] [-r N] [-m MB] (DICT | -g COUNT) [TEXT]
 *   -i nocase, -w whole words, -a all hits (default leftmost-longest);
 *   -g COUNT builds from COUNT generated names instead of the file DICT
 *   (the generator of tests/dict_test.c); TEXT is scanned N times (-r, 5),
 *   at most its first MB megabytes (-m, 50). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "dict.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double peak_rss_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0; /* kB on Linux */
}

static size_t gen_name(unsigned long i, char *out) {
  static const char cons[] = "bcdfghjklmnprstv", vow[] = "aeio";
  unsigned long x = (i * 2654435761ul) & 0x3FFFFFFFul;
  size_t n = 0;
  for (int s = 0; s < 5; s++) {
    unsigned v = (unsigned)(x >> (6 * s)) & 63;
    if (s == 2) out[n++] = ' ';
    char c = cons[v >> 2];
    out[n++] = (s == 0 || s == 2) ? (char)(c - 32) : c;
    out[n++] = vow[v & 3];
  }
  if (i % 3 == 1) {
    memcpy(out + n, "son", 3);
    n += 3;
  }
  out[n] = '\0';
  return n;
}

static int count_hit(void *ud, size_t start, size_t end, size_t entry) {
  (void)start, (void)end, (void)entry;
  ++*(size_t *)ud;
  return 0;
}

int main(int argc, char **argv) {
  dict_opts o = {0, 0, 0};
  long gen = 0, reps = 5;
  double maxmb = 50;
  int c;
  while ((c = getopt(argc, argv, "iwag:r:m:")) != -1) {
    switch (c) {
    case 'i': o.nocase = 1; break;
    case 'w': o.words = 1; break;
    case 'a': o.all = 1; break;
    case 'g': gen = atol(optarg); break;
    case 'r': reps = atol(optarg); break;
    case 'm': maxmb = atof(optarg); break;
    default: return 2;
    }
  }
  const char *dpath = gen ? NULL : (optind < argc ? argv[optind++] : NULL);
  const char *tpath = optind < argc ? argv[optind] : NULL;
  if (!gen && !dpath) {
    fprintf(stderr, "usage: dict-bench [-i] [-w] [-a] [-r N] [-m MB] (DICT | -g COUNT) [TEXT]\n");
    return 2;
  }

  double t0 = now();
  dict *d = dict_new(&o);
  if (gen) {
    char name[64];
    for (long i = 0; i < gen; i++) dict_add(d, name, gen_name((unsigned long)i, name), NULL, 0);
  } else {
    buf err = BUF_INIT;
    if (dict_load_file(d, dpath, &err)) {
      fprintf(stderr, "%s\n", err.s);
      return 1;
    }
    buf_free(&err);
  }
  double t1 = now();
  if (dict_build(d)) {
    fprintf(stderr, "dict_build: out of memory\n");
    return 1;
  }
  double t2 = now();
  printf("dict: %s%s, %zu entries, %zu states\n", gen ? "generated" : dpath,
         o.nocase ? " (nocase)" : "", dict_count(d), dict_states(d));
  printf("build: load/add %.3f s + build %.3f s = %.3f s; dict_memory %.1f MB; peak RSS %.1f MB\n",
         t1 - t0, t2 - t1, t2 - t0, dict_memory(d) / 1e6, peak_rss_mb());

  if (tpath) {
    FILE *f = fopen(tpath, "rb");
    if (!f) {
      perror(tpath);
      return 1;
    }
    size_t cap = (size_t)(maxmb * 1e6);
    char *text = malloc(cap + 1);
    size_t len = fread(text, 1, cap, f);
    fclose(f);
    text[len] = '\0';
    size_t hits = 0;
    double best = 1e30;
    for (long r = 0; r < reps; r++) {
      size_t h = 0;
      double s0 = now();
      dict_scan(d, text, len, 0, len, count_hit, &h);
      double s = now() - s0;
      if (s < best) best = s;
      hits = h;
    }
    printf("scan: %s, %.1f MB, %zu hits, best of %ld: %.3f s = %.1f MB/s\n", tpath, len / 1e6,
           hits, reps, best, len / 1e6 / best);
    free(text);
  }
  dict_free(d);
  return 0;
}
