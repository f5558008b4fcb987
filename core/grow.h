/* Growing a malloc'd array: the caller owns the array and its capacity. */
#ifndef GLOSSA_GROW_H
#define GLOSSA_GROW_H

#include <stddef.h>

/* Makes *v (of *cap elements of size bytes) hold at least need elements,
 * doubling its capacity from 16; 0, or -1 out of memory or when the size
 * would overflow (*v and *cap unchanged). */
int grow_array(void **v, size_t *cap, size_t need, size_t size);

#endif
