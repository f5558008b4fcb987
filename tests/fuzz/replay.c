/* A libFuzzer-free driver for the fuzz targets: runs LLVMFuzzerTestOneInput
 * on the empty input, then on every file named, or in each directory named
 * (not recursively), so the seed corpora and regression inputs replay in the
 * normal build. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs a copy of exactly n bytes, so ASan sees reads past the end (of the
 * empty input too: malloc(0) is a block of no bytes to it). */
static int run(const uint8_t *p, size_t n) {
  static uint8_t none;
  uint8_t *q = malloc(n);
  if (!q && n) return -1;
  if (n) memcpy(q, p, n);
  LLVMFuzzerTestOneInput(q ? q : &none, n);
  free(q);
  return 0;
}

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "%s: cannot open\n", path);
    return -1;
  }
  size_t cap = 4096, n = 0, k;
  uint8_t *p = malloc(cap);
  while (p && (k = fread(p + n, 1, cap - n, f)) > 0)
    if ((n += k) == cap) {
      uint8_t *g = realloc(p, cap *= 2);
      if (!g) free(p);
      p = g;
    }
  fclose(f);
  if (!p) return -1;
  int r = run(p, n);
  free(p);
  return r;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  /* libFuzzer runs the empty input before any corpus (FuzzerLoop.cpp,
   * ReadAndExecuteSeedCorpora), so the replay does too, and no corpus needs
   * an empty file */
  int bad = run(NULL, 0) != 0;
  size_t runs = 1;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st)) {
      fprintf(stderr, "%s: no such file or directory\n", argv[i]);
      bad = 1;
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      bad |= run_file(argv[i]) != 0;
      runs++;
      continue;
    }
    DIR *d = opendir(argv[i]);
    if (!d) continue;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.') continue;
      names = realloc(names, (n + 1) * sizeof *names);
      size_t l = strlen(argv[i]) + strlen(e->d_name) + 2;
      names[n] = malloc(l);
      snprintf(names[n++], l, "%s/%s", argv[i], e->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, by_name);
    for (size_t k = 0; k < n; k++) {
      if (!stat(names[k], &st) && S_ISREG(st.st_mode)) {
        bad |= run_file(names[k]) != 0;
        runs++;
      }
      free(names[k]);
    }
    free(names);
  }
  printf("%zu inputs replayed\n", runs);
  return bad;
}
