/* Page placement hints for the allocator: on a virtual machine a page fault
 * costs microseconds, and a document run makes and frees many megabytes. No
 * memory is owned here; these only advise glibc's malloc and the kernel. */
#ifndef GLOSSA_PAGES_H
#define GLOSSA_PAGES_H

/* Once, before the threads start: keep freed memory for the next document
 * instead of handing it back to the kernel and faulting it in again. */
void pages_process(void);

/* In each worker thread, before its first document: ask for transparent
 * huge pages in the thread's malloc heap. */
void pages_thread(void);

#endif
