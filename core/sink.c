#include "sink.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sink_open(sink *s, const char *target, buf *err) {
  s->target = target;
  s->tmp = NULL;
  s->f = NULL;
  if (!target || !strcmp(target, "-")) {
    s->f = stdout;
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
  int fd = mkstemp(s->tmp);
  if (fd < 0 || !(s->f = fdopen(fd, "w"))) {
    buf_printf(err, "glossa: %s: cannot write here: %s", target, strerror(errno));
    if (fd >= 0) close(fd), unlink(s->tmp);
    free(s->tmp);
    s->tmp = NULL;
    return -1;
  }
  return 0;
}

int sink_close(sink *s, int keep, buf *err) {
  if (!s->f) return 0;
  if (!s->tmp) {
    int rc = fflush(s->f) == 0 ? 0 : -1;
    if (rc) buf_printf(err, "glossa: cannot write the output: %s", strerror(errno));
    s->f = NULL;
    return rc;
  }
  int rc = 0;
  if (fclose(s->f) != 0) rc = -1;
  s->f = NULL;
  if (keep && rc == 0) {
    struct stat st;
    mode_t mask = umask(0);
    umask(mask);
    chmod(s->tmp, stat(s->target, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask);
    if (rename(s->tmp, s->target) != 0) rc = -1;
  }
  if (!keep || rc) unlink(s->tmp);
  if (rc) buf_printf(err, "glossa: %s: cannot write: %s", s->target, strerror(errno));
  free(s->tmp);
  s->tmp = NULL;
  return rc;
}
