/* The one JSON reader: strict RFC 8259 syntax, lenient where the RFC leaves
 * meaning open (a lone surrogate escape decodes to U+FFFD, as glossa treats
 * any ill-formed text, rather than failing a whole record). */
#include "jsonread.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

void jsonread_init(jsonread *r, const char *s, size_t n) {
  r->s = s;
  r->n = n;
  r->i = 0;
  r->err = NULL;
  r->err_at = 0;
  r->syntax = 0;
  r->depth = 0;
}

int jsonread_fail(jsonread *r, const char *what, int syntax) {
  if (!r->err) {
    r->err = what;
    r->err_at = r->i;
    r->syntax = syntax;
  }
  return -1;
}

static void ws(jsonread *r) {
  while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' || r->s[r->i] == '\r' ||
                         r->s[r->i] == '\n'))
    r->i++;
}

static int at(const jsonread *r, char c) { return r->i < r->n && r->s[r->i] == c; }

int jsonread_peek(jsonread *r, char c) {
  ws(r);
  return at(r, c);
}

static int hex4(jsonread *r, uint32_t *v) {
  uint32_t x = 0;
  for (int k = 0; k < 4; k++) {
    char c = r->i < r->n ? r->s[r->i] : '\0';
    uint32_t d;
    if (c >= '0' && c <= '9') d = (uint32_t)(c - '0');
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') d = (uint32_t)((c | 0x20) - 'a' + 10);
    else return jsonread_fail(r, "a bad \\u escape (4 hex digits are needed)", 1);
    x = x << 4 | d;
    r->i++;
  }
  *v = x;
  return 0;
}

/* A \u escape at r->i (after the 'u'), a surrogate pair taken whole. */
static int uescape(jsonread *r, uint32_t *cp) {
  if (hex4(r, cp)) return -1;
  if (*cp >= 0xDC00 && *cp <= 0xDFFF) {
    *cp = 0xFFFD;
  } else if (*cp >= 0xD800 && *cp <= 0xDBFF) {
    size_t back = r->i;
    uint32_t lo;
    if (r->n - r->i >= 6 && r->s[r->i] == '\\' && r->s[r->i + 1] == 'u') {
      r->i += 2;
      if (hex4(r, &lo)) return -1;
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
        return 0;
      }
    }
    r->i = back; /* what follows is read on its own */
    *cp = 0xFFFD;
  }
  return 0;
}

int jsonread_string(jsonread *r, buf *out) {
  ws(r);
  if (!at(r, '"')) return jsonread_fail(r, "a string was expected", 1);
  r->i++;
  for (;;) {
    size_t run = r->i;
    while (r->i < r->n && r->s[r->i] != '"' && r->s[r->i] != '\\' &&
           (unsigned char)r->s[r->i] >= 0x20)
      r->i++;
    if (out && buf_add(out, r->s + run, r->i - run)) return jsonread_fail(r, "out of memory", 0);
    if (r->i >= r->n) return jsonread_fail(r, "a string does not end", 1);
    char c = r->s[r->i];
    if (c == '"') {
      r->i++;
      return 0;
    }
    if (c != '\\')
      return jsonread_fail(r, "a control character inside a string (escape it as \\u00XX)", 1);
    r->i++;
    char e = r->i < r->n ? r->s[r->i] : '\0', ch;
    switch (e) {
    case '"': ch = '"'; break;
    case '\\': ch = '\\'; break;
    case '/': ch = '/'; break;
    case 'b': ch = '\b'; break;
    case 'f': ch = '\f'; break;
    case 'n': ch = '\n'; break;
    case 'r': ch = '\r'; break;
    case 't': ch = '\t'; break;
    case 'u': {
      uint32_t cp;
      r->i++;
      if (uescape(r, &cp)) return -1;
      char u[4];
      if (out && buf_add(out, u, utf8_encode(cp, u))) return jsonread_fail(r, "out of memory", 0);
      continue;
    }
    default: return jsonread_fail(r, "a bad escape in a string", 1);
    }
    if (out && buf_addc(out, ch)) return jsonread_fail(r, "out of memory", 0);
    r->i++;
  }
}

static int digit(const jsonread *r) { return r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9'; }

int jsonread_number(jsonread *r, buf *out, int *integral) {
  ws(r);
  size_t from = r->i;
  int in = 1;
  if (at(r, '-')) r->i++, in = 0;
  if (at(r, '0')) r->i++;
  else if (digit(r)) while (digit(r)) r->i++;
  else return jsonread_fail(r, from == r->i ? "a value was expected" : "a bad number", 1);
  if (at(r, '.')) {
    r->i++, in = 0;
    if (!digit(r)) return jsonread_fail(r, "a bad number (no digit after '.')", 1);
    while (digit(r)) r->i++;
  }
  if (at(r, 'e') || at(r, 'E')) {
    r->i++, in = 0;
    if (at(r, '+') || at(r, '-')) r->i++;
    if (!digit(r)) return jsonread_fail(r, "a bad number (no digit in the exponent)", 1);
    while (digit(r)) r->i++;
  }
  if (integral) *integral = in;
  if (out && buf_add(out, r->s + from, r->i - from)) return jsonread_fail(r, "out of memory", 0);
  return 0;
}

static int skip(jsonread *r, int depth);

static int skip_members(jsonread *r, char open, int depth) {
  char close = open == '{' ? '}' : ']';
  if (depth >= JSONREAD_MAX_DEPTH)
    return jsonread_fail(r, "arrays and objects nested more than 128 deep", 1);
  r->i++;
  if (jsonread_peek(r, close)) {
    r->i++;
    return 0;
  }
  for (;;) {
    if (open == '{') {
      if (!jsonread_peek(r, '"')) return jsonread_fail(r, "a key (a string) was expected", 1);
      if (jsonread_string(r, NULL)) return -1;
      if (!jsonread_peek(r, ':')) return jsonread_fail(r, "':' was expected", 1);
      r->i++;
    }
    if (skip(r, depth + 1)) return -1;
    ws(r);
    if (at(r, ',')) {
      r->i++;
      continue;
    }
    if (at(r, close)) {
      r->i++;
      return 0;
    }
    return jsonread_fail(r, open == '{' ? "',' or '}' was expected" : "',' or ']' was expected", 1);
  }
}

static int skip(jsonread *r, int depth) {
  ws(r);
  if (r->i >= r->n) return jsonread_fail(r, "a value was expected", 1);
  char c = r->s[r->i];
  if (c == '{' || c == '[') return skip_members(r, c, depth);
  if (c == '"') return jsonread_string(r, NULL);
  if (c == '-' || (c >= '0' && c <= '9')) return jsonread_number(r, NULL, NULL);
  static const char *const lit[] = {"true", "false", "null"};
  for (int k = 0; k < 3; k++) {
    size_t l = strlen(lit[k]);
    if (r->n - r->i >= l && !memcmp(r->s + r->i, lit[k], l)) {
      r->i += l;
      return 0;
    }
  }
  return jsonread_fail(r, "a value was expected", 1);
}

int jsonread_skip(jsonread *r) { return skip(r, r->depth); }

int jsonread_member(jsonread *r, buf *key, size_t *count) {
  ws(r);
  if (*count == 0) {
    if (!at(r, '{')) return jsonread_fail(r, "a JSON object was expected", 1);
    if (r->depth >= JSONREAD_MAX_DEPTH)
      return jsonread_fail(r, "arrays and objects nested more than 128 deep", 1);
    r->i++;
    if (jsonread_peek(r, '}')) {
      r->i++;
      return 0;
    }
    r->depth++;
  } else if (at(r, '}')) {
    r->i++;
    r->depth--;
    return 0;
  } else if (at(r, ',')) {
    r->i++;
  } else {
    return jsonread_fail(r, "',' or '}' was expected", 1);
  }
  if (!jsonread_peek(r, '"')) return jsonread_fail(r, "a key (a string) was expected", 1);
  key->len = 0;
  if (key->s) key->s[0] = '\0';
  if (jsonread_string(r, key)) return -1;
  if (!jsonread_peek(r, ':')) return jsonread_fail(r, "':' was expected", 1);
  r->i++;
  ws(r);
  (*count)++;
  return 1;
}

int jsonread_element(jsonread *r, size_t *count) {
  ws(r);
  if (*count == 0) {
    if (!at(r, '[')) return jsonread_fail(r, "a JSON array was expected", 1);
    if (r->depth >= JSONREAD_MAX_DEPTH)
      return jsonread_fail(r, "arrays and objects nested more than 128 deep", 1);
    r->i++;
    if (jsonread_peek(r, ']')) {
      r->i++;
      return 0;
    }
    r->depth++;
  } else if (at(r, ']')) {
    r->i++;
    r->depth--;
    return 0;
  } else if (at(r, ',')) {
    r->i++;
  } else {
    return jsonread_fail(r, "',' or ']' was expected", 1);
  }
  ws(r);
  (*count)++;
  return 1;
}

int jsonread_end(jsonread *r) {
  ws(r);
  return r->i < r->n ? jsonread_fail(r, "more after the JSON value", 1) : 0;
}

int jsonread_key_is(const buf *key, const char *lit) {
  size_t l = strlen(lit);
  return key->len == l && (l == 0 || !memcmp(key->s, lit, l));
}
