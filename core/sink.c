#include "sink.h"

#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The open sinks that have a temporary file, and the held writing (brat).
 * A sink joins the list in the same critical section as the mkstemp that
 * makes its file, and leaves it in the same one as the rename or unlink that
 * ends it; sink_abandon removes the files and sets `abandoned` under the
 * same lock. So whatever the threads do, sink_abandon sees each file either
 * before its rename, removes it and the rename never happens (sink_close
 * finds `abandoned`), or after it, when the target is complete and there is
 * nothing left to remove: the target is always the old file or the whole new
 * one, and no temporary file outlives the process. */
static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t live_cv = PTHREAD_COND_INITIALIZER; /* held reached 0 */
static sink *live;
static int held;
static int abandoned;

static void unlist(sink *s) {
  for (sink **p = &live; *p; p = &(*p)->next)
    if (*p == s) {
      *p = s->next;
      break;
    }
  s->next = NULL;
}

int sink_open(sink *s, const char *target, buf *err) {
  s->target = target;
  s->tmp = NULL;
  s->f = NULL;
  s->next = NULL;
  if (!target || !strcmp(target, "-")) {
    s->f = stdout;
    return 0;
  }
  /* /dev/null, a FIFO, a terminal: written to as they are (a rename would
   * put a regular file in their place) */
  struct stat st;
  if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
    if (!(s->f = fopen(target, "w"))) {
      buf_printf(err, "glossa: %s: cannot write: %s", target, strerror(errno));
      return -1;
    }
    return 0;
  }
  char *copy = strdup(target);
  if (!copy) return buf_printf(err, "glossa: out of memory"), -1;
  const char *dir = dirname(copy);
  size_t n = strlen(dir) + 32;
  s->tmp = malloc(n);
  if (!s->tmp) {
    free(copy);
    return buf_printf(err, "glossa: out of memory"), -1;
  }
  snprintf(s->tmp, n, "%s/.glossa-out.XXXXXX", dir);
  free(copy);
  pthread_mutex_lock(&live_mu);
  if (abandoned) {
    pthread_mutex_unlock(&live_mu);
    buf_printf(err, "glossa: %s: not written: interrupted", target);
    free(s->tmp);
    s->tmp = NULL;
    return -1;
  }
  int fd = mkstemp(s->tmp);
  if (fd >= 0) {
    s->next = live;
    live = s;
  }
  pthread_mutex_unlock(&live_mu);
  if (fd < 0 || !(s->f = fdopen(fd, "w"))) {
    buf_printf(err, "glossa: %s: cannot write here: %s", target, strerror(errno));
    if (fd >= 0) {
      close(fd);
      pthread_mutex_lock(&live_mu);
      if (!abandoned) unlink(s->tmp);
      unlist(s);
      pthread_mutex_unlock(&live_mu);
    }
    free(s->tmp);
    s->tmp = NULL;
    return -1;
  }
  return 0;
}

int sink_close(sink *s, int keep, buf *err) {
  if (!s->f) return 0;
  if (!s->tmp) {
    int rc = (s->f == stdout ? fflush(s->f) : fclose(s->f)) == 0 ? 0 : -1;
    if (rc) buf_printf(err, "glossa: cannot write the output: %s", strerror(errno));
    s->f = NULL;
    return rc;
  }
  int rc = 0, gone = 0;
  if (fclose(s->f) != 0) rc = -1;
  int e = errno;
  s->f = NULL;
  pthread_mutex_lock(&live_mu);
  if (abandoned) {
    gone = 1; /* sink_abandon removed the file: never rename it now */
    rc = -1;
  } else if (keep && rc == 0) {
    struct stat st;
    mode_t mask = umask(0);
    umask(mask);
    chmod(s->tmp, stat(s->target, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask);
    if (rename(s->tmp, s->target) != 0) rc = -1, e = errno;
  }
  if ((!keep || rc) && !gone) unlink(s->tmp);
  unlist(s);
  pthread_mutex_unlock(&live_mu);
  if (gone) buf_printf(err, "glossa: %s: not written: interrupted", s->target);
  else if (rc) buf_printf(err, "glossa: %s: cannot write: %s", s->target, strerror(e));
  free(s->tmp);
  s->tmp = NULL;
  return rc;
}

int sink_hold(void) {
  pthread_mutex_lock(&live_mu);
  int rc = abandoned ? -1 : 0;
  if (!rc) held++;
  pthread_mutex_unlock(&live_mu);
  return rc;
}

void sink_release(void) {
  pthread_mutex_lock(&live_mu);
  if (--held == 0) pthread_cond_broadcast(&live_cv);
  pthread_mutex_unlock(&live_mu);
}

int sink_abandon(int wait_ms) {
  int n = 0;
  pthread_mutex_lock(&live_mu);
  abandoned = 1;
  for (sink *s = live; s; s = s->next)
    if (unlink(s->tmp) == 0) n++;
  live = NULL; /* their sink_close finds `abandoned` and leaves them be */
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += wait_ms / 1000;
  until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
  while (held > 0)
    if (pthread_cond_timedwait(&live_cv, &live_mu, &until) == ETIMEDOUT) break;
  pthread_mutex_unlock(&live_mu);
  return n;
}
