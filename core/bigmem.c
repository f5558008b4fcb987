#include "bigmem.h"
#include "sanitizer.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Below this, malloc's pages are as good. */
#define BIG (4u << 20)
#define HUGE (2u << 20)
/* The header before each block: its mapped size, 0 when malloc'd. Keeps the
 * block's alignment that of max_align_t. */
#define HEAD 64


void *bigmem_alloc(size_t n) {
  if (n > SIZE_MAX - HEAD - HUGE) return NULL;
  char *p;
  size_t mapped = 0;
#ifndef GLOSSA_SANITIZED
  if (n >= BIG) {
    mapped = (n + HEAD + HUGE - 1) / HUGE * HUGE;
    p = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, mapped, MADV_HUGEPAGE); /* a hint: without it, small pages */
#endif
  } else
#endif
  {
    p = malloc(n + HEAD);
    if (!p) return NULL;
  }
  *(size_t *)p = mapped;
  return p + HEAD;
}

void bigmem_shrink(void *q, size_t n) {
  if (!q) return;
  char *p = (char *)q - HEAD;
  size_t mapped = *(size_t *)p;
  if (!mapped) return; /* a malloc'd block is small: not worth a copy */
  size_t keep = (n + HEAD + HUGE - 1) / HUGE * HUGE;
  if (keep < mapped) {
    munmap(p + keep, mapped - keep);
    *(size_t *)p = keep;
  }
}

void bigmem_free(void *q) {
  if (!q) return;
  char *p = (char *)q - HEAD;
  size_t mapped = *(size_t *)p;
  if (mapped) munmap(p, mapped);
  else free(p);
}
