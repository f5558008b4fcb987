/* Large arrays (the dictionary automaton) in transparent huge pages: on a
 * virtual machine every page fault is dear, and a 2 MiB page takes one fault
 * where 4 KiB pages take 512. The caller owns each block from bigmem_alloc
 * until bigmem_free. */
#ifndef GLOSSA_BIGMEM_H
#define GLOSSA_BIGMEM_H

#include <stddef.h>

/* n bytes, uninitialised (malloc'd when small or under a sanitizer, so the
 * sanitizer still sees them); NULL out of memory. */
void *bigmem_alloc(size_t n);

/* Gives back all but the first n bytes; p stays valid and keeps its place. */
void bigmem_shrink(void *p, size_t n);

void bigmem_free(void *p);

#endif
