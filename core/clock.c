/* clock.c: one reading of the monotonic clock, for timings and deadlines. */
#include "clock.h"
#include <time.h>

double clock_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
