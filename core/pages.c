#include "pages.h"
#include "sanitizer.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <sys/mman.h>
#endif


/* glibc's thread heaps: mappings of HEAP_MAX_SIZE (2 * 4 MiB * sizeof(long)),
 * aligned to their size; malloc grows a heap inside its mapping. */
extern char end; /* end(3): the first address past the program's data */

#define THREAD_HEAP ((uintptr_t)2 * 4 * 1024 * 1024 * sizeof(long))

void pages_thread(void) {
#if defined(__GLIBC__) && !defined(GLOSSA_SANITIZED) && defined(MADV_HUGEPAGE)
  char *p = malloc(64);
  if (!p) return;
  /* not the main heap, which lies between the program's data and the break */
  uintptr_t at = (uintptr_t)p;
  if (at < (uintptr_t)&end || at >= (uintptr_t)sbrk(0)) {
    uintptr_t heap = at & ~(THREAD_HEAP - 1);
    madvise((void *)heap, THREAD_HEAP, MADV_HUGEPAGE); /* a hint; may fail */
  }
  free(p);
#endif
}
