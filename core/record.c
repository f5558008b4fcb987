#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonread.h"

#define CHUNK (64 * 1024)

static int add_line(record_set *rs, size_t *cap, long long start, long long end, size_t lineno) {
  if (rs->n == *cap) {
    *cap = *cap ? *cap * 2 : 1024;
    long long *o = realloc(rs->off, *cap * sizeof *o);
    if (o) rs->off = o;
    size_t *l = o ? realloc(rs->len, *cap * sizeof *l) : NULL;
    if (l) rs->len = l;
    size_t *ln = l ? realloc(rs->line, *cap * sizeof *ln) : NULL;
    if (ln) rs->line = ln;
    if (!ln) return -1;
  }
  rs->off[rs->n] = start;
  rs->len[rs->n] = (size_t)(end - start);
  rs->line[rs->n] = lineno;
  rs->n++;
  return 0;
}

/* A regular file: the offset, length and line number of every record,
 * from where the descriptor stands (standard input may be part-read). */
static int index_file(record_set *rs, buf *err) {
  char *b = malloc(CHUNK);
  if (!b) return buf_printf(err, "%s: out of memory", rs->name), -1;
  long long pos = lseek(rs->fd, 0, SEEK_CUR), start;
  if (pos < 0) pos = 0;
  start = pos;
  size_t cap = 0, lineno = 0;
  int blank = 1, rc = 0;
  for (;;) {
    ssize_t got = read(rs->fd, b, CHUNK);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      buf_printf(err, "%s: cannot read: %s", rs->name, strerror(errno));
      rc = -1;
      break;
    }
    if (got == 0) break;
    for (ssize_t k = 0; k < got && !rc; k++, pos++) {
      char c = b[k];
      if (c == '\n') {
        lineno++;
        if (!blank) rc = add_line(rs, &cap, start, pos, lineno);
        start = pos + 1;
        blank = 1;
      } else if (c != ' ' && c != '\t' && c != '\r') blank = 0;
    }
    if (rc) {
      buf_printf(err, "%s: out of memory", rs->name);
      break;
    }
  }
  if (!rc && !blank && add_line(rs, &cap, start, pos, lineno + 1))
    rc = -1, buf_printf(err, "%s: out of memory", rs->name);
  free(b);
  return rc;
}

int record_open(record_set *rs, const char *path, buf *err) {
  memset(rs, 0, sizeof *rs);
  rs->fd = -1;
  rs->path = strdup(path);
  if (!rs->path) return buf_printf(err, "glossa: out of memory"), -1;
  int in = !strcmp(path, "-");
  rs->name = in ? "<stdin>" : rs->path;
  pthread_mutex_init(&rs->mu, NULL);
  pthread_cond_init(&rs->cv, NULL);
  rs->fd = in ? 0 : open(path, O_RDONLY | O_CLOEXEC);
  if (rs->fd < 0) {
    buf_printf(err, "%s: cannot open: %s", path, strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(rs->fd, &st) == 0 && S_ISREG(st.st_mode)) return index_file(rs, err);
  if (fstat(rs->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    buf_printf(err, "%s: is a directory, not a file of records", path);
    return -1;
  }
  /* a pipe, a FIFO, a terminal: records as they come */
  rs->stream = 1;
  rs->rbuf = malloc(CHUNK);
  if (!rs->rbuf) return buf_printf(err, "%s: out of memory", rs->name), -1;
  return 0;
}

void record_close(record_set *rs) {
  if (rs->fd > 0) close(rs->fd);
  if (rs->path) {
    pthread_mutex_destroy(&rs->mu);
    pthread_cond_destroy(&rs->cv);
  }
  free(rs->path);
  free(rs->off);
  free(rs->len);
  free(rs->line);
  free(rs->rbuf);
  memset(rs, 0, sizeof *rs);
  rs->fd = -1;
}

/* More of the stream into rbuf: 1 some, 0 the end, -1 a read error (errno),
 * -2 a stop. Before it waits it lets the run write what it has. */
static int fill(record_set *rs) {
  struct pollfd p = {.fd = rs->fd, .events = POLLIN};
  int pr = poll(&p, 1, 0);
  if (pr == 0 && rs->idle) rs->idle(rs->idle_arg);
  for (;;) {
    if (rs->stop && atomic_load(rs->stop)) return -2;
    if (pr > 0) {
      ssize_t got = read(rs->fd, rs->rbuf, CHUNK);
      if (got > 0) {
        rs->rpos = 0;
        rs->rlen = (size_t)got;
        return 1;
      }
      if (got == 0) return 0;
      if (errno != EINTR && errno != EAGAIN) return -1;
    } else if (pr < 0 && errno != EINTR) {
      return -1;
    }
    /* bounded waits, to see a stop */
    pr = poll(&p, 1, 200);
  }
}

/* The stream's next record: its line's bytes into out, at most cap of them
 * (*over when there were more). 1 a record, 0 the end, -1 a read error
 * (errno), -2 a stop. Blank lines are skipped. */
static int next_line(record_set *rs, buf *out, size_t cap, int *over) {
  int blank = 1, started = 0;
  out->len = 0;
  *over = 0;
  for (;;) {
    if (rs->rpos == rs->rlen) {
      int rc = rs->eof ? 0 : fill(rs);
      if (rc == 0) {
        rs->eof = 1;
        if (started) rs->lineno++;
        return started && !blank ? 1 : 0;
      }
      if (rc < 0) return rc;
    }
    const char *s = rs->rbuf + rs->rpos, *nl = memchr(s, '\n', rs->rlen - rs->rpos);
    size_t take = nl ? (size_t)(nl - s) : rs->rlen - rs->rpos;
    started = 1;
    for (size_t k = 0; k < take && blank; k++)
      if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r') blank = 0;
    if (!*over && out->len + take > cap) *over = 1;
    if (!*over && buf_add(out, s, take)) return errno = ENOMEM, -1;
    rs->rpos += take;
    if (!nl) continue;
    rs->rpos++;
    rs->lineno++;
    if (!blank) return 1;
    blank = 1, started = 0, *over = 0;
    out->len = 0;
  }
}

static document *parse(const char *name, size_t lineno, const char *line, size_t len, buf *err);

document *record_get(record_set *rs, size_t i, size_t max_size, int *end, size_t *line_no,
                     buf *err) {
  *end = 0;
  *line_no = 0;
  size_t cap = max_size + 1024;
  if (!rs->stream) {
    if (i >= rs->n) return *end = 1, NULL;
    size_t len = rs->len[i];
    *line_no = rs->line[i];
    if (len > cap) {
      buf_printf(err, "%s:%zu: the record is larger than the input limit of %zu bytes (raise it with --max-size)",
                 rs->name, rs->line[i], max_size);
      return NULL;
    }
    char *line = malloc(len + 1);
    if (!line) return buf_printf(err, "%s:%zu: out of memory", rs->name, rs->line[i]), NULL;
    ssize_t got = pread(rs->fd, line, len, (off_t)rs->off[i]);
    if (got != (ssize_t)len) {
      buf_printf(err, "%s:%zu: cannot read the record: %s", rs->name, rs->line[i],
                 got < 0 ? strerror(errno) : "the file changed");
      free(line);
      return NULL;
    }
    document *d = parse(rs->name, rs->line[i], line, len, err);
    free(line);
    return d;
  }
  /* a stream: records are read in turn, each by the call that asks for it */
  pthread_mutex_lock(&rs->mu);
  while (rs->n != i && !rs->ended) pthread_cond_wait(&rs->cv, &rs->mu);
  if (rs->ended) {
    pthread_mutex_unlock(&rs->mu);
    return *end = 1, NULL;
  }
  buf line = BUF_INIT;
  int over = 0, rc = next_line(rs, &line, cap, &over), e = errno;
  size_t lineno = rs->lineno;
  *line_no = lineno;
  if (rc == 1) rs->n++;
  else if (rc == -1) rs->n++, rs->ended = 1; /* this record fails; none after it */
  else rs->ended = 1;
  pthread_cond_broadcast(&rs->cv);
  pthread_mutex_unlock(&rs->mu);
  document *d = NULL;
  if (rc == 1 && over)
    buf_printf(err, "%s:%zu: the record is larger than the input limit of %zu bytes (raise it with --max-size)",
               rs->name, lineno, max_size);
  else if (rc == 1) d = parse(rs->name, lineno, line.s ? line.s : "", line.len, err);
  else if (rc == -1) buf_printf(err, "%s:%zu: cannot read: %s", rs->name, lineno + 1, strerror(e));
  else *end = 1;
  buf_free(&line);
  return d;
}

/* ---- one record: a JSON object with "id" and one of text/html/xml ------- */

static document *parse(const char *name, size_t lineno, const char *line, size_t len, buf *err) {
  jsonread r;
  buf key = BUF_INIT, id = BUF_INIT, content = BUF_INIT;
  doc_type type = DOC_AUTO;
  int has_id = 0, rc;
  size_t count = 0;
  jsonread_init(&r, line, len);
  if (!jsonread_peek(&r, '{')) jsonread_fail(&r, "a record must be a JSON object", 1);
  else
    while ((rc = jsonread_member(&r, &key, &count)) > 0) {
      doc_type kt = jsonread_key_is(&key, "text")   ? DOC_TEXT
                    : jsonread_key_is(&key, "html") ? DOC_HTML
                    : jsonread_key_is(&key, "xml")  ? DOC_XML
                                                    : DOC_AUTO;
      if (jsonread_key_is(&key, "id")) {
        id.len = 0;
        if (jsonread_peek(&r, '"')) rc = jsonread_string(&r, &id);
        else if (jsonread_peek(&r, '-') || (r.i < r.n && r.s[r.i] >= '0' && r.s[r.i] <= '9'))
          rc = jsonread_number(&r, &id, NULL);
        else rc = jsonread_fail(&r, "the record's \"id\" is not a string or a number", 0);
        has_id = 1;
      } else if (kt != DOC_AUTO) {
        if (type != DOC_AUTO)
          rc = jsonread_fail(&r, "a record has one of \"text\", \"html\" and \"xml\", not several", 0);
        else if (!jsonread_peek(&r, '"'))
          rc = jsonread_fail(&r, "a record's document (\"text\", \"html\" or \"xml\") is a string", 0);
        else rc = jsonread_string(&r, &content);
        type = kt;
      } else {
        rc = jsonread_skip(&r);
      }
      if (rc) break;
    }
  if (!r.err) jsonread_end(&r);
  if (!r.err && !has_id) jsonread_fail(&r, "the record has no \"id\"", 0);
  if (!r.err && type == DOC_AUTO)
    jsonread_fail(&r, "the record has none of \"text\", \"html\", \"xml\"", 0);
  document *d = NULL;
  if (r.err && r.syntax)
    buf_printf(err, "%s:%zu:%zu: bad JSON: %s", name, lineno, r.err_at + 1, r.err);
  else if (r.err)
    buf_printf(err, "%s:%zu: %s", name, lineno, r.err);
  else {
    size_t n;
    char *text = buf_detach(&content, &n); /* the document keeps the decoded text */
    if (text) d = doc_adopt(id.s && id.len ? id.s : "(empty id)", text, n, type, err);
    else buf_printf(err, "%s:%zu: out of memory", name, lineno);
  }
  buf_free(&key);
  buf_free(&id);
  buf_free(&content);
  return d;
}
