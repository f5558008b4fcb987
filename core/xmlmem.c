#include "xmlmem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

#include "sanitizer.h"
#ifdef GLOSSA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Every arena's chunks are carved from one reserved range of addresses, so
 * that xmlFree can tell an arena block (nothing to do) from a malloc'd one
 * by its address alone, whatever its header says: a pointer into an arena
 * already given back is never passed to free(). */
#define REGION ((size_t)16 << 30)
#define SMALL_REGION ((size_t)1 << 30)
#define FIRST_CHUNK ((size_t)2 << 20)
#define MAX_STEP ((size_t)64 << 20) /* an arena grows by at most this */
#define CLASSES 24       /* chunk sizes FIRST_CHUNK << 0 .. 23 */
#define KEEP ((size_t)64 << 20) /* pooled pages beyond this go back to the kernel */
#define LARGE ((size_t)256 << 10) /* documents parsed with malloc */

/* Before each arena block: its size and its room (malloc'd blocks have no
 * header: their address tells them apart). 16 bytes keep the blocks aligned
 * as malloc's are. */
typedef struct head {
  size_t size;
  size_t room;
} head;

typedef struct chunk {
  struct chunk *next;
  size_t size; /* bytes, this header included */
  int kept;    /* pooled with its pages (counted in pooled) */
} chunk;

#define FREE_CLASSES 40

struct xmlmem {
  chunk *chunks;
  char *p, *end; /* free room in the newest chunk */
  char *last;    /* the newest block, which realloc may grow in place */
  /* blocks freed while parsing, by room: class k has room >= 16 << k */
  void *freed[FREE_CLASSES];
};

static char *base;
static size_t region;
static _Atomic size_t carved;
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static chunk *pool[CLASSES];
static size_t pooled; /* bytes of pooled chunks whose pages are kept */
static int installed;
static _Thread_local xmlmem *cur;

static int in_region(const void *p) {
  return (uintptr_t)p - (uintptr_t)base < region;
}

/* At least 16: a freed block holds a link. */
static size_t round16(size_t n) { return n ? (n + 15) & ~(size_t)15 : 16; }

/* The class a block of room r is filed under (room >= 16 << class)... */
static int floor_class(size_t r) {
  int k = 0;
  while (k + 1 < FREE_CLASSES && ((size_t)16 << (k + 1)) <= r) k++;
  return k;
}

/* ...and the class whose every block has room for n bytes. */
static int ceil_class(size_t n) {
  int k = 0;
  while (k < FREE_CLASSES && ((size_t)16 << k) < n) k++;
  return k;
}

static int owns(const xmlmem *a, const void *p) {
  for (const chunk *k = a->chunks; k; k = k->next)
    if ((uintptr_t)p - (uintptr_t)k < k->size) return 1;
  return 0;
}

static int class_of(size_t size) {
  int c = 0;
  while ((FIRST_CHUNK << c) < size) c++;
  return c;
}

/* A chunk of at least n bytes: a pooled one, or fresh from the region. */
static chunk *chunk_get(size_t n) {
  int c = class_of(n);
  if (c >= CLASSES) return NULL;
  size_t size = FIRST_CHUNK << c;
  pthread_mutex_lock(&pool_mu);
  chunk *k = pool[c];
  if (k) {
    pool[c] = k->next;
    if (k->kept) pooled -= k->size;
  }
  pthread_mutex_unlock(&pool_mu);
  if (!k) {
    size_t at = atomic_fetch_add(&carved, size);
    if (at > region || region - at < size) return NULL;
    k = (chunk *)(base + at);
    if (mprotect(k, size, PROT_READ | PROT_WRITE)) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(k, size, MADV_HUGEPAGE); /* a hint: fewer page faults */
#endif
  }
  UNPOISON(k, size);
  k->size = size;
  k->next = NULL;
  k->kept = 0;
  return k;
}

static void chunk_put(chunk *k) {
  int c = class_of(k->size);
  /* under ASan, a block used after its document is gone is reported */
  POISON((char *)k + sizeof *k, k->size - sizeof *k);
  pthread_mutex_lock(&pool_mu);
  k->kept = pooled + k->size <= KEEP;
  if (k->kept) pooled += k->size;
  /* pages over the budget go back; the addresses stay for reuse */
  else madvise((char *)k + 4096, k->size - 4096, MADV_DONTNEED);
  k->next = pool[c];
  pool[c] = k;
  pthread_mutex_unlock(&pool_mu);
}

static void *from_arena(xmlmem *a, size_t n) {
  if (n > REGION) return NULL;
  int c = ceil_class(n);
  if (c < FREE_CLASSES && a->freed[c]) { /* one freed earlier */
    void *p = a->freed[c];
    memcpy(&a->freed[c], p, sizeof(void *));
    ((head *)p - 1)->size = n;
    return p;
  }
  size_t need = sizeof(head) + round16(n);
  if ((size_t)(a->end - a->p) < need) {
    size_t want = !a->chunks ? FIRST_CHUNK
                  : a->chunks->size < MAX_STEP ? 2 * a->chunks->size : MAX_STEP;
    if (want < need + sizeof(chunk) + 16) want = need + sizeof(chunk) + 16;
    chunk *k = chunk_get(want);
    if (!k) return NULL;
    k->next = a->chunks;
    a->chunks = k;
    a->p = (char *)k + round16(sizeof *k);
    a->end = (char *)k + k->size;
    a->last = NULL;
  }
  head *h = (head *)a->p;
  h->size = n;
  h->room = round16(n);
  a->p += need;
  a->last = (char *)(h + 1);
  return h + 1;
}

static void *mem_malloc(size_t n) {
  xmlmem *a = cur;
  void *p = a ? from_arena(a, n) : NULL;
  return p ? p : malloc(n);
}

static void mem_free(void *p) {
  if (!p) return;
  if (in_region(p)) {
    /* while its arena is being filled, the room is used again; else
     * nothing: the arena goes as a whole */
    head *h = (head *)p - 1;
    xmlmem *a = cur;
    if (!a || !owns(a, p)) return;
    if (a->last == p) {
      a->p = (char *)h;
      a->last = NULL;
      return;
    }
    int c = floor_class(h->room);
    memcpy(p, &a->freed[c], sizeof(void *));
    a->freed[c] = p;
    return;
  }
  free(p);
}

static void *mem_realloc(void *p, size_t n) {
  if (!p) return mem_malloc(n);
  if (!in_region(p)) return realloc(p, n);
  head *h = (head *)p - 1;
  if (n <= h->room) { /* there is room */
    h->size = n;
    return p;
  }
  xmlmem *a = cur;
  if (a && a->last == p && (size_t)(a->end - (char *)p) >= round16(n)) {
    a->p = (char *)p + round16(n); /* the newest block grows in place */
    h->size = n;
    h->room = round16(n);
    return p;
  }
  void *q = mem_malloc(n);
  if (!q) return NULL;
  memcpy(q, p, h->size < n ? h->size : n);
  mem_free(p);
  return q;
}

static char *mem_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *q = mem_malloc(n);
  if (q) memcpy(q, s, n);
  return q;
}

void xmlmem_install(void) {
  if (installed) return;
  if (xmlMemSetup(mem_free, mem_malloc, mem_realloc, mem_strdup) != 0) return;
  installed = 1;
  /* addresses only: no access, no memory, until a chunk is carved */
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
  for (size_t size = REGION; size >= SMALL_REGION && !base; size /= 4) {
    void *p = mmap(NULL, size, PROT_NONE, flags, -1, 0);
    if (p == MAP_FAILED) continue;
    base = p;
    region = size;
  }
}

xmlmem *xmlmem_begin(size_t size) {
  if (!base || size > LARGE) return NULL;
  xmlmem *a = calloc(1, sizeof *a);
  if (a) cur = a;
  return a;
}

void xmlmem_end(xmlmem *a) {
  if (a && cur == a) cur = NULL;
}

void xmlmem_free(xmlmem *a) {
  if (!a) return;
  if (cur == a) cur = NULL;
  /* the thread's last error may hold strings of this arena */
  xmlResetLastError();
  for (chunk *k = a->chunks, *next; k; k = next) {
    next = k->next;
    chunk_put(k);
  }
  free(a);
}
