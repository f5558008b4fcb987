#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Pending records are written once there are this many bytes of them (and
 * at every sink_flush): few system calls, and a stop never waits long. */
#define SINK_BATCH (64 * 1024)

/* The open sinks that have a temporary file, and the stream writes
 * under way. A sink joins the list in the same critical
 * section as the mkstemp that makes its file, and leaves it in the same one
 * as the rename or unlink that ends it; sink_abandon removes the files and
 * sets `abandoned` under the same lock. So whatever the threads do,
 * sink_abandon sees each file either before its rename, removes it and the
 * rename never happens (sink_close finds `abandoned`), or after it, when the
 * target is complete and there is nothing left to remove: the target is
 * always the old file or the whole new one, and no temporary file outlives
 * the process. A stream's batch of records counts in `busy` from its first
 * sink_put to the end of its write; none starts once `abandoned` is set, so
 * a process that waits for busy to reach 0 before it exits leaves whole
 * records behind. */
/* The umask, read once: reading it means setting it, and a umask of 0 for
 * a moment would give a file or directory another thread makes then the
 * wrong mode. */
static pthread_once_t mask_once = PTHREAD_ONCE_INIT;
static mode_t file_mask;
static void read_mask(void) {
  file_mask = umask(0);
  umask(file_mask);
}

void sink_init(void) { pthread_once(&mask_once, read_mask); }

static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t live_cv = PTHREAD_COND_INITIALIZER; /* busy reached 0 */
static sink *live;
static int busy;
static int abandoned;

static void unlist(sink *s) {
  for (sink **p = &live; *p; p = &(*p)->next)
    if (*p == s) {
      *p = s->next;
      break;
    }
  s->next = NULL;
}

static const char *shown(const sink *s) {
  return s->target ? s->target : "standard output";
}

static void fail(sink *s, int e, buf *err) {
  s->failed = 1;
  if (err) buf_printf(err, "glossa: %s: cannot write: %s", shown(s), strerror(e));
}

int sink_open(sink *s, const char *target, buf *err) {
  memset(s, 0, sizeof *s);
  s->fd = -1;
  if (!target || !strcmp(target, "-")) {
    struct stat st;
    s->fd = 1;
    s->regular = fstat(1, &st) == 0 && S_ISREG(st.st_mode);
    return 0;
  }
  s->target = target;
  /* /dev/null, a FIFO, a terminal: written to as they are (a rename would
   * put a regular file in their place) */
  struct stat st;
  if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
    s->fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (s->fd < 0) {
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
    fcntl(fd, F_SETFD, FD_CLOEXEC); /* not for a program a --trusted script runs */
    s->next = live;
    live = s;
  }
  pthread_mutex_unlock(&live_mu);
  if (fd < 0) {
    buf_printf(err, "glossa: %s: cannot write here: %s", target, strerror(errno));
    free(s->tmp);
    s->tmp = NULL;
    return -1;
  }
  s->fd = fd;
  return 0;
}

/* Waits (bounded by nothing: the caller's thread may block in write too)
 * until fd takes more, for a descriptor some other program made
 * non-blocking. */
static int wait_writable(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLOUT};
  while (poll(&p, 1, -1) < 0)
    if (errno != EINTR) return -1;
  return 0;
}

/* All of data, through short writes (a pipe, a signal); 0 or -1 with errno,
 * *done the bytes written. */
static int write_all(int fd, const char *data, size_t len, size_t *done) {
  *done = 0;
  while (*done < len) {
    ssize_t w = write(fd, data + *done, len - *done);
    if (w > 0) {
      *done += (size_t)w;
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_writable(fd) == 0) continue;
    if (w == 0) errno = EIO;
    return -1;
  }
  return 0;
}

/* Writes data (whole records) to s; on a failure part-way through, cuts a
 * directly written regular file back to where the records began, when
 * nobody else has written after them. */
static int write_records(sink *s, const char *data, size_t len, buf *err) {
  off_t at = s->regular ? lseek(s->fd, 0, SEEK_CUR) : -1;
  size_t done;
  if (write_all(s->fd, data, len, &done) == 0) return 0;
  int e = errno;
  if (at >= 0 && done > 0 && lseek(s->fd, 0, SEEK_CUR) == at + (off_t)done &&
      ftruncate(s->fd, at) == 0)
    lseek(s->fd, at, SEEK_SET);
  fail(s, e, err);
  return -1;
}

/* The end of a stream's batch: a stop need not wait for it any more. */
static void batch_done(sink *s) {
  if (!s->writing) return;
  pthread_mutex_lock(&live_mu);
  s->writing = 0;
  if (--busy == 0) pthread_cond_broadcast(&live_cv);
  pthread_mutex_unlock(&live_mu);
}

int sink_flush(sink *s, buf *err) {
  int rc = 0;
  if (s->pending.len && !s->failed) rc = write_records(s, s->pending.s, s->pending.len, err);
  else if (s->failed) rc = -1;
  s->pending.len = 0;
  batch_done(s);
  return rc;
}

int sink_put(sink *s, const void *data, size_t len, buf *err) {
  if (s->fd < 0 || s->failed) return -1;
  if (!len) return 0;
  if (!s->tmp && !s->writing) {
    /* a new batch on a stream: none once a stop has begun (sink_abandon) */
    pthread_mutex_lock(&live_mu);
    int stopped = abandoned;
    if (!stopped) {
      busy++;
      s->writing = 1;
    }
    pthread_mutex_unlock(&live_mu);
    if (stopped) {
      s->failed = 1;
      if (err) buf_printf(err, "glossa: %s: not written further: interrupted", shown(s));
      return -1;
    }
  }
  if (s->pending.len + len < SINK_BATCH && buf_add(&s->pending, data, len) == 0) return 0;
  /* a large record goes out as it is, after what was pending */
  if (s->pending.len && write_records(s, s->pending.s, s->pending.len, err)) {
    s->pending.len = 0;
    batch_done(s);
    return -1;
  }
  s->pending.len = 0;
  int rc = write_records(s, data, len, err);
  batch_done(s);
  return rc;
}

int sink_close(sink *s, int keep, buf *err) {
  if (s->fd < 0) return 0;
  if (s->tmp && !keep) s->pending.len = 0; /* thrown away: no need to write it */
  int rc = sink_flush(s, err) ? -1 : 0, reported = rc != 0;
  buf_free(&s->pending);
  if (!s->tmp) {
    if (s->fd != 1 && close(s->fd) != 0 && !rc) rc = -1, fail(s, errno, err), reported = 1;
    s->fd = -1;
    return rc;
  }
  int gone = 0, e = 0;
  if (close(s->fd) != 0 && !rc) rc = -1, e = errno;
  s->fd = -1;
  pthread_mutex_lock(&live_mu);
  if (abandoned) {
    gone = 1; /* sink_abandon removed the file: never rename it now */
    rc = -1;
  } else if (keep && rc == 0) {
    struct stat st;
    pthread_once(&mask_once, read_mask);
    chmod(s->tmp, stat(s->target, &st) == 0 ? st.st_mode & 07777 : 0666 & ~file_mask);
    if (rename(s->tmp, s->target) != 0) rc = -1, e = errno;
  }
  if ((!keep || rc) && !gone) unlink(s->tmp);
  unlist(s);
  pthread_mutex_unlock(&live_mu);
  if (gone) buf_printf(err, "glossa: %s: not written: interrupted", s->target);
  else if (rc && !reported) buf_printf(err, "glossa: %s: cannot write: %s", s->target, strerror(e));
  free(s->tmp);
  s->tmp = NULL;
  return rc;
}

int sink_file(const char *path, const void *data, size_t len, buf *err) {
  sink s;
  if (sink_open(&s, path, err)) return -1;
  int bad = sink_put(&s, data, len, err);
  buf ignored = BUF_INIT; /* after a failed write, its message is the one */
  int rc = sink_close(&s, !bad, bad ? &ignored : err);
  buf_free(&ignored);
  return rc || bad ? -1 : 0;
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
  while (busy > 0)
    if (pthread_cond_timedwait(&live_cv, &live_mu, &until) == ETIMEDOUT) break;
  pthread_mutex_unlock(&live_mu);
  return n;
}

int sink_busy(void) {
  pthread_mutex_lock(&live_mu);
  int b = busy > 0;
  pthread_mutex_unlock(&live_mu);
  return b;
}
