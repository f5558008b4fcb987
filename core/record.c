#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utf8.h"

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

/* ---- a JSON reader just large enough for one record ----------------------- */

typedef struct jp {
  const char *s, *end;
  const char *error;
} jp;

static void ws(jp *p) {
  while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\r' || *p->s == '\n')) p->s++;
}

static int hex4(const char *s, uint32_t *v) {
  *v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
    if (d < 0) return -1;
    *v = *v * 16 + (uint32_t)d;
  }
  return 0;
}

/* A string at p->s (after ws); its unescaped bytes into out when out. */
static int string(jp *p, buf *out) {
  if (p->s >= p->end || *p->s != '"') return p->error = "a string was expected", -1;
  p->s++;
  while (p->s < p->end && *p->s != '"') {
    const char *run = p->s;
    while (p->s < p->end && *p->s != '"' && *p->s != '\\' && (unsigned char)*p->s >= 0x20) p->s++;
    if (out && buf_add(out, run, (size_t)(p->s - run))) return p->error = "out of memory", -1;
    if (p->s >= p->end || *p->s == '"') break;
    if ((unsigned char)*p->s < 0x20) return p->error = "a control character inside a string", -1;
    p->s++; /* backslash */
    if (p->s >= p->end) break;
    char e = *p->s++, c = 0;
    uint32_t cp;
    switch (e) {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u':
      if (p->end - p->s < 4 || hex4(p->s, &cp)) return p->error = "a bad \\u escape", -1;
      p->s += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t lo;
        if (p->end - p->s >= 6 && p->s[0] == '\\' && p->s[1] == 'u' && !hex4(p->s + 2, &lo) &&
            lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          p->s += 6;
        } else {
          cp = 0xFFFD;
        }
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = 0xFFFD;
      }
      if (out) {
        char u[4];
        if (buf_add(out, u, utf8_encode(cp, u))) return p->error = "out of memory", -1;
      }
      continue;
    default: return p->error = "a bad escape in a string", -1;
    }
    if (out && buf_addc(out, c)) return p->error = "out of memory", -1;
  }
  if (p->s >= p->end) return p->error = "a string does not end", -1;
  p->s++;
  return 0;
}

/* Skips any value; copies a number's or string's text into out when out. */
static int value(jp *p, buf *out, int depth) {
  ws(p);
  if (p->s >= p->end) return p->error = "a value was expected", -1;
  if (depth > 64) return p->error = "values nested too deep", -1;
  char c = *p->s;
  if (c == '"') return string(p, out);
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    p->s++;
    ws(p);
    if (p->s < p->end && *p->s == close) return p->s++, 0;
    for (;;) {
      if (c == '{') {
        ws(p);
        if (string(p, NULL)) return -1;
        ws(p);
        if (p->s >= p->end || *p->s++ != ':') return p->error = "':' was expected", -1;
      }
      if (value(p, NULL, depth + 1)) return -1;
      ws(p);
      if (p->s < p->end && *p->s == ',') { p->s++; continue; }
      if (p->s < p->end && *p->s == close) return p->s++, 0;
      return p->error = "',' or a closing bracket was expected", -1;
    }
  }
  const char *start = p->s;
  while (p->s < p->end && (strchr("+-.eE", *p->s) || (*p->s >= '0' && *p->s <= '9') ||
                           (*p->s >= 'a' && *p->s <= 'z')))
    p->s++;
  if (p->s == start) return p->error = "a value was expected", -1;
  size_t n = (size_t)(p->s - start);
  if (!(n == 4 && !memcmp(start, "true", 4)) && !(n == 5 && !memcmp(start, "false", 5)) &&
      !(n == 4 && !memcmp(start, "null", 4)) && !((*start >= '0' && *start <= '9') || *start == '-'))
    return p->error = "not a JSON value", -1;
  if (out && buf_add(out, start, n)) return p->error = "out of memory", -1;
  return 0;
}

static document *parse(const char *name, size_t lineno, const char *line, size_t len, buf *err) {
  jp p = {line, line + len, NULL};
  buf id = BUF_INIT, content = BUF_INIT;
  doc_type type = DOC_AUTO;
  int has_id = 0;
  ws(&p);
  if (p.s >= p.end || *p.s != '{') p.error = "a record must be a JSON object";
  else {
    p.s++;
    ws(&p);
    if (p.s < p.end && *p.s == '}') p.s++;
    else
      for (;;) {
        buf key = BUF_INIT;
        ws(&p);
        if (string(&p, &key)) { buf_free(&key); break; }
        ws(&p);
        if (p.s >= p.end || *p.s++ != ':') { p.error = "':' was expected"; buf_free(&key); break; }
        const char *k = key.s ? key.s : "";
        doc_type kt = !strcmp(k, "text") ? DOC_TEXT : !strcmp(k, "html") ? DOC_HTML
                      : !strcmp(k, "xml") ? DOC_XML : DOC_AUTO;
        int rc;
        if (!strcmp(k, "id")) {
          id.len = 0;
          rc = value(&p, &id, 0);
          has_id = 1;
        } else if (kt != DOC_AUTO) {
          ws(&p);
          if (type != DOC_AUTO) p.error = "a record has one of text, html and xml, not several";
          type = kt;
          rc = p.error ? -1 : string(&p, &content);
        } else {
          rc = value(&p, NULL, 0);
        }
        buf_free(&key);
        if (rc) break;
        ws(&p);
        if (p.s < p.end && *p.s == ',') { p.s++; continue; }
        if (p.s < p.end && *p.s == '}') { p.s++; break; }
        p.error = "',' or '}' was expected";
        break;
      }
    ws(&p);
    if (!p.error && p.s != p.end) p.error = "more after the record's object";
  }
  document *d = NULL;
  if (!p.error && !has_id) p.error = "the record has no \"id\"";
  if (!p.error && type == DOC_AUTO) p.error = "the record has none of \"text\", \"html\", \"xml\"";
  if (p.error) {
    buf_printf(err, "%s:%zu: %s (at byte %zu of the line)", name, lineno, p.error,
               (size_t)(p.s - line) + 1);
  } else {
    d = doc_parse(id.s && id.len ? id.s : "(empty id)", content.s ? content.s : "", content.len,
                  type, err);
  }
  buf_free(&id);
  buf_free(&content);
  return d;
}
