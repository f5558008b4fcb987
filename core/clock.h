#ifndef GLOSSA_CLOCK_H
#define GLOSSA_CLOCK_H
/* The monotonic clock in seconds; no state, nothing owned. */

double clock_now(void);

#endif
