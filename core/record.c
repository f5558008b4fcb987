#include "record.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "utf8.h"

int record_open(record_set *rs, const char *path, buf *err) {
  memset(rs, 0, sizeof *rs);
  rs->path = strdup(path);
  if (!rs->path) return buf_printf(err, "glossa: out of memory"), -1;
  FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!in) {
    buf_printf(err, "%s: cannot open: %s", path, strerror(errno));
    return -1;
  }
  /* standard input cannot be read twice: spool it to an unlinked file */
  FILE *f = in;
  if (in == stdin && !(f = tmpfile())) {
    buf_printf(err, "<stdin>: cannot spool the records: %s", strerror(errno));
    return -1;
  }
  rs->f = f;
  size_t cap = 0, lineno = 0;
  long long pos = 0, start = 0;
  int c, blank = 1;
  for (;;) {
    c = getc(in);
    if (c == EOF || c == '\n') {
      lineno++;
      if (!blank) {
        if (rs->n == cap) {
          cap = cap ? cap * 2 : 1024;
          long long *o = realloc(rs->off, cap * sizeof *o);
          size_t *l = o ? realloc(rs->len, cap * sizeof *l) : NULL;
          size_t *ln = l ? realloc(rs->line, cap * sizeof *ln) : NULL;
          if (o) rs->off = o;
          if (l) rs->len = l;
          if (ln) rs->line = ln;
          if (!o || !l || !ln) return buf_printf(err, "%s: out of memory", path), -1;
        }
        rs->off[rs->n] = start;
        rs->len[rs->n] = (size_t)(pos - start);
        rs->line[rs->n] = lineno;
        rs->n++;
      }
      if (c == EOF) break;
      pos++;
      start = pos;
      blank = 1;
      if (in != f) putc(c, f);
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\r') blank = 0;
    if (in != f) putc(c, f);
    pos++;
  }
  if (ferror(in) || (in != f && fflush(f))) {
    buf_printf(err, "%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  if (in != stdin && in != f) fclose(in);
  return 0;
}

void record_close(record_set *rs) {
  if (rs->f && rs->f != stdin) fclose(rs->f);
  free(rs->path);
  free(rs->off);
  free(rs->len);
  free(rs->line);
  memset(rs, 0, sizeof *rs);
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

document *record_load(const record_set *rs, size_t i, size_t max_size, buf *err) {
  const char *name = strcmp(rs->path, "-") ? rs->path : "<stdin>";
  size_t len = rs->len[i];
  if (len > max_size + 1024) {
    buf_printf(err, "%s:%zu: the record is larger than the input limit of %zu bytes (raise it with --max-size)",
               name, rs->line[i], max_size);
    return NULL;
  }
  char *line = malloc(len + 1);
  if (!line) return buf_printf(err, "%s:%zu: out of memory", name, rs->line[i]), NULL;
  ssize_t got = pread(fileno(rs->f), line, len, (off_t)rs->off[i]);
  if (got != (ssize_t)len) {
    buf_printf(err, "%s:%zu: cannot read the record: %s", name, rs->line[i],
               got < 0 ? strerror(errno) : "the file changed");
    free(line);
    return NULL;
  }
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
    buf_printf(err, "%s:%zu: %s (at byte %zu of the line)", name, rs->line[i], p.error,
               (size_t)(p.s - line) + 1);
  } else {
    d = doc_parse(id.s && id.len ? id.s : "(empty id)", content.s ? content.s : "", content.len,
                  type, err);
  }
  free(line);
  buf_free(&id);
  buf_free(&content);
  return d;
}
