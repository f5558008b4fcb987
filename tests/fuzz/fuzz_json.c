/* A strict little JSON (RFC 8259) checker for the JSON writers' output. */
#include <string.h>

#include "fuzz.h"
#include "utf8.h"

typedef struct jp {
  const char *s;
  size_t n, i;
  int depth;
} jp;

static void ws(jp *p, int lines) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\r' ||
                         (!lines && p->s[p->i] == '\n')))
    p->i++;
}

static int lit(jp *p, const char *w) {
  size_t k = strlen(w);
  if (p->n - p->i < k || memcmp(p->s + p->i, w, k)) return 0;
  p->i += k;
  return 1;
}

static int hexd(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int string(jp *p) {
  if (p->i >= p->n || p->s[p->i] != '"') return 0;
  p->i++;
  while (p->i < p->n) {
    unsigned char c = (unsigned char)p->s[p->i];
    if (c == '"') {
      p->i++;
      return 1;
    }
    if (c < 0x20) return 0;
    if (c == '\\') {
      if (++p->i >= p->n) return 0;
      char e = p->s[p->i++];
      if (e == 'u') {
        for (int k = 0; k < 4; k++)
          if (p->i >= p->n || !hexd(p->s[p->i++])) return 0;
      } else if (!strchr("\"\\/bfnrt", e) || !e) {
        return 0;
      }
      continue;
    }
    uint32_t cp;
    size_t k = utf8_decode(p->s + p->i, p->n - p->i, &cp);
    if (!k) return 0;
    p->i += k;
  }
  return 0;
}

static int digits(jp *p) {
  size_t b = p->i;
  while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
  return p->i > b;
}

static int number(jp *p) {
  if (p->i < p->n && p->s[p->i] == '-') p->i++;
  if (p->i < p->n && p->s[p->i] == '0') p->i++;
  else if (!digits(p)) return 0;
  if (p->i < p->n && p->s[p->i] == '.') {
    p->i++;
    if (!digits(p)) return 0;
  }
  if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
    p->i++;
    if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
    if (!digits(p)) return 0;
  }
  return 1;
}

static int value(jp *p, int lines) {
  ws(p, lines);
  if (p->i >= p->n || ++p->depth > 200) return 0;
  int ok;
  char c = p->s[p->i];
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    p->i++;
    ws(p, lines);
    if (p->i < p->n && p->s[p->i] == close) {
      p->i++;
      p->depth--;
      return 1;
    }
    for (;;) {
      if (c == '{') {
        ws(p, lines);
        if (!string(p)) return 0;
        ws(p, lines);
        if (p->i >= p->n || p->s[p->i++] != ':') return 0;
      }
      if (!value(p, lines)) return 0;
      ws(p, lines);
      if (p->i >= p->n) return 0;
      char d = p->s[p->i++];
      if (d == close) break;
      if (d != ',') return 0;
    }
    ok = 1;
  } else if (c == '"') {
    ok = string(p);
  } else if (c == 't') {
    ok = lit(p, "true");
  } else if (c == 'f') {
    ok = lit(p, "false");
  } else if (c == 'n') {
    ok = lit(p, "null");
  } else {
    ok = number(p);
  }
  p->depth--;
  return ok;
}

int fuzz_json_valid(const char *s, size_t n, int lines) {
  jp p = {s, n, 0, 0};
  if (!lines) {
    if (!value(&p, 0)) return 0;
    ws(&p, 0);
    return p.i == n;
  }
  /* JSON Lines: each line (newline-terminated) holds one value */
  while (p.i < n) {
    if (!value(&p, 1)) return 0;
    ws(&p, 1);
    if (p.i >= n || s[p.i] != '\n') return 0;
    p.i++;
  }
  return 1;
}
