/* Page placement hints: on a virtual machine a page fault costs
 * microseconds, and a document run makes and frees many megabytes. No memory
 * is owned here; this only advises the kernel. */
#ifndef GLOSSA_PAGES_H
#define GLOSSA_PAGES_H

/* In each worker thread, before its first document: ask for transparent
 * huge pages in the thread's malloc heap. */
void pages_thread(void);

#endif
