/* libxml2's memory, a document at a time. While a document is parsed, what
 * libxml2 allocates (nodes, names, text, the parser's buffers) comes from an
 * arena the document owns: no malloc per node, no free per node when the
 * tree goes, and the arena's pages, handed to the next document, are not
 * faulted in again. Everything libxml2 allocates at other times goes to
 * malloc. The document owns its arena (doc_free gives it back after freeing
 * the tree); the pool of released arenas belongs to this file. */
#ifndef GLOSSA_XMLMEM_H
#define GLOSSA_XMLMEM_H

#include <stddef.h>

typedef struct xmlmem xmlmem;

/* Puts glossa's allocator under libxml2 (xmlMemSetup). Must come before any
 * other libxml2 call of the process, so that every block libxml2 frees was
 * allocated by it. Without it the arenas stay unused. */
void xmlmem_install(void);

/* A new arena for parsing a document of size bytes, which is this thread's
 * until xmlmem_end: libxml2's allocations on this thread come from it. NULL
 * when arenas are not available, or for a document over 256 KB, whose arena
 * would hold tens of megabytes of slack where malloc reuses what the parser
 * frees (then malloc serves, and NULL may be passed on). */
xmlmem *xmlmem_begin(size_t size);

/* This thread stops allocating from a (its blocks stay valid). */
void xmlmem_end(xmlmem *a);

/* Every block of a becomes invalid: call after the tree made in it is
 * freed. The pages are kept for the next arena. */
void xmlmem_free(xmlmem *a);

#endif
