#include "css.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* A recursive-descent parser over the selector's bytes that writes XPath as it
 * goes. The only re-entry is :not(), which cannot nest, so the C stack depth
 * is bounded whatever the input. */

typedef struct parser {
  const char *s;
  size_t n, i;     /* the selector is s[0..n); i is the read position */
  buf *err;
  int failed;      /* an error has been written to err */
  int oom;         /* a buf ran out of memory */
  size_t compounds;
} parser;

/* One compound selector: a plain element name (empty for `*` or when the name
 * needs a name() test) and conditions, each NUL-terminated in conds, each a
 * self-contained XPath boolean expression that may be an operand of `and`. */
typedef struct compound {
  buf name;
  buf conds;
  size_t nconds;
} compound;

enum comb { COMB_FIRST, COMB_DESCENDANT, COMB_CHILD, COMB_ADJACENT, COMB_SIBLING };

/* ---- output helpers: every failure to grow a buf sets p->oom ---- */

static void put(parser *p, buf *b, const char *s) {
  if (buf_adds(b, s)) p->oom = 1;
}

static void putn(parser *p, buf *b, const char *s, size_t n) {
  if (buf_add(b, s, n)) p->oom = 1;
}

/* Appends s[0..n) as an XPath 1.0 string literal: '...' or "...", or a
 * concat() of both kinds when s holds both quote characters. */
static void put_literal(parser *p, buf *b, const char *s, size_t n) {
  if (n == 0 || !memchr(s, '\'', n)) { /* (s may be NULL when n is 0) */
    put(p, b, "'");
    putn(p, b, s, n);
    put(p, b, "'");
    return;
  }
  if (!memchr(s, '"', n)) {
    put(p, b, "\"");
    putn(p, b, s, n);
    put(p, b, "\"");
    return;
  }
  put(p, b, "concat(");
  size_t i = 0;
  while (i < n) {
    int apos = s[i] == '\'';
    size_t j = i;
    while (j < n && (s[j] == '\'') == apos) j++;
    if (i) put(p, b, ", ");
    put(p, b, apos ? "\"" : "'");
    putn(p, b, s + i, j - i);
    put(p, b, apos ? "\"" : "'");
    i = j;
  }
  put(p, b, ")");
}

static void cond_end(parser *p, compound *c) {
  if (buf_add(&c->conds, "", 1)) p->oom = 1; /* the NUL after the condition */
  c->nconds++;
}

/* ---- errors ---- */

static size_t char_pos(const parser *p, size_t at) { return utf8_count(p->s, at) + 1; }

/* Writes "<message> at character N" to err; only the first error counts. */
static int fail(parser *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(parser *p, size_t at, const char *fmt, ...) {
  if (p->failed) return -1;
  p->failed = 1;
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
  if (msg) {
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    va_end(ap);
    buf_printf(p->err, "%s at character %zu", msg, char_pos(p, at));
    free(msg);
  } else {
    buf_adds(p->err, "out of memory");
  }
  return -1;
}

/* Length of the source excerpt s[from..to) to quote in a message: at most 60
 * bytes, cut on a character boundary. */
static int excerpt_len(const parser *p, size_t from, size_t to) {
  size_t n = to - from;
  if (n > 60) {
    n = 60;
    while (n && !utf8_boundary(p->s + from, to - from, n)) n--;
  }
  return (int)n;
}

static int unexpected(parser *p, size_t at) {
  if (at >= p->n) return fail(p, at, "unexpected end of selector");
  unsigned char c = (unsigned char)p->s[at];
  if (c == '\\') return fail(p, at, "invalid escape");
  if (c == '\'') return fail(p, at, "unexpected \"'\"");
  if (c >= 0x21 && c < 0x7F) return fail(p, at, "unexpected '%c'", c);
  uint32_t cp = 0;
  size_t k = utf8_decode(p->s + at, p->n - at, &cp);
  if (c >= 0x80 && k) return fail(p, at, "unexpected '%.*s'", (int)k, p->s + at);
  return fail(p, at, "unexpected U+%04X", (unsigned)cp);
}

/* ---- characters and tokens (CSS Syntax level 3) ---- */

static int at_end(const parser *p) { return p->i >= p->n; }

static int peek(const parser *p, size_t off) {
  return p->i + off < p->n ? (unsigned char)p->s[p->i + off] : -1;
}

static int is_ws(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static int skip_ws(parser *p) {
  size_t from = p->i;
  while (!at_end(p) && is_ws(peek(p, 0))) p->i++;
  return p->i > from;
}

static int is_name_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_name_char(int c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static int is_hex(int c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* True when a backslash at p->i + off starts a valid escape. */
static int is_escape(const parser *p, size_t off) {
  int next = peek(p, off + 1);
  return peek(p, off) == '\\' && next != -1 && next != '\n' && next != '\r' && next != '\f';
}

static int starts_ident(const parser *p) {
  int c = peek(p, 0);
  if (c == '-') {
    int d = peek(p, 1);
    return d == '-' || (d != -1 && is_name_start(d)) || is_escape(p, 1);
  }
  return (c != -1 && is_name_start(c)) || is_escape(p, 0);
}

static int starts_compound(const parser *p) {
  int c = peek(p, 0);
  return c == '*' || c == '#' || c == '.' || c == '[' || c == ':' || starts_ident(p);
}

/* Characters that may occur in an XML document. */
static int is_xml_char(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

static int add_cp(parser *p, buf *out, uint32_t cp, size_t at) {
  if (!is_xml_char(cp))
    return fail(p, at, "character U+%04X cannot occur in a document", (unsigned)cp);
  char enc[4];
  putn(p, out, enc, utf8_encode(cp, enc));
  return 0;
}

/* Consumes the escape at p->i (is_escape holds) and appends its character. */
static int consume_escape(parser *p, buf *out) {
  size_t at = p->i++;
  uint32_t cp;
  if (is_hex(peek(p, 0))) {
    cp = 0;
    for (int k = 0; k < 6 && is_hex(peek(p, 0)); k++) {
      int h = peek(p, 0);
      cp = cp * 16 + (uint32_t)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
      p->i++;
    }
    if (peek(p, 0) == '\r' && peek(p, 1) == '\n') p->i += 2;
    else if (is_ws(peek(p, 0))) p->i++;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  } else {
    size_t k = utf8_decode(p->s + p->i, p->n - p->i, &cp); /* the input is valid */
    p->i += k ? k : 1;
  }
  return add_cp(p, out, cp, at);
}

/* Consumes an identifier (starts_ident holds) and appends its decoded text. */
static int consume_ident(parser *p, buf *out) {
  while (!at_end(p)) {
    int c = peek(p, 0);
    if (is_escape(p, 0)) {
      if (consume_escape(p, out)) return -1;
    } else if (is_name_char(c)) {
      uint32_t cp = (uint32_t)c;
      size_t k = c < 0x80 ? 1 : utf8_decode(p->s + p->i, p->n - p->i, &cp);
      if (k == 0) k = 1; /* cannot happen: the input was validated */
      if (!is_xml_char(cp)) return add_cp(p, out, cp, p->i);
      putn(p, out, p->s + p->i, k);
      p->i += k;
    } else {
      break;
    }
  }
  return 0;
}

/* Consumes a quoted string at p->i and appends its decoded text. */
static int consume_string(parser *p, buf *out) {
  size_t open = p->i;
  int q = peek(p, 0);
  p->i++;
  for (;;) {
    int c = peek(p, 0);
    if (c == -1 || c == '\n' || c == '\r' || c == '\f') return fail(p, open, "unclosed string");
    if (c == q) {
      p->i++;
      return 0;
    }
    if (c == '\\') {
      int d = peek(p, 1);
      if (d == -1) {
        p->i++;
      } else if (d == '\n' || d == '\r' || d == '\f') { /* a line continuation */
        p->i += (d == '\r' && peek(p, 2) == '\n') ? 3 : 2;
      } else if (consume_escape(p, out)) {
        return -1;
      }
      continue;
    }
    uint32_t cp = (uint32_t)c;
    size_t k = c < 0x80 ? 1 : utf8_decode(p->s + p->i, p->n - p->i, &cp);
    if (k == 0) k = 1;
    if (!is_xml_char(cp)) return add_cp(p, out, cp, p->i);
    putn(p, out, p->s + p->i, k);
    p->i += k;
  }
}

/* True when name[0..n) can be written as an XPath name test as it is. */
static int is_plain_name(const char *name, size_t n) {
  if (n == 0 || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
                  name[0] == '_'))
    return 0;
  for (size_t i = 1; i < n; i++)
    if (!is_name_char((unsigned char)name[i]) || (unsigned char)name[i] >= 0x80) return 0;
  return 1;
}

static int has_ws(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (is_ws((unsigned char)s[i])) return 1;
  return 0;
}

static int ascii_ieq(const char *a, size_t n, const char *b) {
  if (strlen(b) != n) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != b[i]) return 0;
  }
  return 1;
}

/* ---- simple selectors ---- */

/* The condition "the whitespace-separated list in attribute expression attr
 * holds word", or false() when word cannot be a list item. */
static void put_word_cond(parser *p, compound *c, const char *attr, const buf *word) {
  buf *b = &c->conds;
  if (word->len == 0 || has_ws(word->s, word->len)) {
    put(p, b, "false()");
  } else {
    put(p, b, "contains(concat(' ', normalize-space(");
    put(p, b, attr);
    put(p, b, "), ' '), ");
    buf padded = BUF_INIT;
    if (buf_addc(&padded, ' ') || buf_add(&padded, word->s, word->len) || buf_addc(&padded, ' '))
      p->oom = 1;
    else
      put_literal(p, b, padded.s, padded.len);
    buf_free(&padded);
    put(p, b, ")");
  }
  cond_end(p, c);
}

/* `#id` or `.class`, with p->i on the '#' or '.'. */
static int parse_id_or_class(parser *p, compound *c) {
  int hash = peek(p, 0) == '#';
  p->i++;
  if (!starts_ident(p))
    return fail(p, p->i, hash ? "expected an id after '#'" : "expected a class name after '.'");
  buf name = BUF_INIT;
  int rc = consume_ident(p, &name);
  if (rc == 0 && hash) {
    put(p, &c->conds, "@id=");
    put_literal(p, &c->conds, name.s, name.len);
    cond_end(p, c);
  } else if (rc == 0) {
    put_word_cond(p, c, "@class", &name);
  }
  buf_free(&name);
  return rc;
}

/* `[attr]`, `[attr OP value]`, with p->i on the '['. */
static int parse_attribute(parser *p, compound *c) {
  size_t open = p->i++;
  skip_ws(p);
  if (at_end(p)) return fail(p, open, "unclosed '['");
  if (!starts_ident(p)) return fail(p, p->i, "expected an attribute name");
  buf name = BUF_INIT, attr = BUF_INIT, value = BUF_INIT;
  int rc = -1;
  if (consume_ident(p, &name)) goto done;
  if (is_plain_name(name.s, name.len)) {
    put(p, &attr, "@");
    putn(p, &attr, name.s, name.len);
  } else {
    put(p, &attr, "@*[name()=");
    put_literal(p, &attr, name.s, name.len);
    put(p, &attr, "]");
  }
  if (p->oom) goto done;
  skip_ws(p);
  if (peek(p, 0) == ']') {
    p->i++;
    put(p, &c->conds, attr.s);
    cond_end(p, c);
    rc = 0;
    goto done;
  }
  int op = peek(p, 0);
  if (op == -1) {
    fail(p, open, "unclosed '['");
    goto done;
  }
  if (op == '=') {
    p->i++;
  } else if (strchr("~^$*|", op) && peek(p, 1) == '=') {
    p->i += 2;
  } else {
    unexpected(p, p->i);
    goto done;
  }
  skip_ws(p);
  int q = peek(p, 0);
  if (q == '"' || q == '\'') {
    if (consume_string(p, &value)) goto done;
  } else if (starts_ident(p)) {
    if (consume_ident(p, &value)) goto done;
  } else if (q == -1) {
    fail(p, open, "unclosed '['");
    goto done;
  } else {
    fail(p, p->i, "expected an identifier or a quoted string");
    goto done;
  }
  skip_ws(p);
  if (peek(p, 0) != ']') {
    if (at_end(p))
      fail(p, open, "unclosed '['");
    else if (starts_ident(p))
      fail(p, p->i, "attribute selector flags are not supported");
    else
      unexpected(p, p->i);
    goto done;
  }
  p->i++;
  if (value.s == NULL && buf_reserve(&value, 0)) {
    p->oom = 1;
    goto done;
  }
  buf *b = &c->conds;
  rc = 0;
  switch (op) {
  case '=':
    put(p, b, attr.s);
    put(p, b, "=");
    put_literal(p, b, value.s, value.len);
    break;
  case '~':
    put_word_cond(p, c, attr.s, &value);
    goto done; /* put_word_cond ended the condition */
  case '|':
    put(p, b, "(");
    put(p, b, attr.s);
    put(p, b, "=");
    put_literal(p, b, value.s, value.len);
    put(p, b, " or starts-with(");
    put(p, b, attr.s);
    put(p, b, ", ");
    if (buf_addc(&value, '-')) p->oom = 1;
    put_literal(p, b, value.s, value.len);
    put(p, b, "))");
    break;
  default: /* ^= $= *= match nothing with an empty value */
    if (value.len == 0) {
      put(p, b, "false()");
    } else if (op == '^' || op == '*') {
      put(p, b, op == '^' ? "starts-with(" : "contains(");
      put(p, b, attr.s);
      put(p, b, ", ");
      put_literal(p, b, value.s, value.len);
      put(p, b, ")");
    } else { /* XPath 1.0 has no ends-with() */
      size_t len = utf8_count(value.s, value.len);
      put(p, b, "substring(");
      put(p, b, attr.s);
      put(p, b, ", string-length(");
      put(p, b, attr.s);
      put(p, b, ")");
      if (len > 1 && buf_printf(b, " - %zu", len - 1)) p->oom = 1;
      put(p, b, ")=");
      put_literal(p, b, value.s, value.len);
    }
    break;
  }
  cond_end(p, c);
done:
  buf_free(&name);
  buf_free(&attr);
  buf_free(&value);
  return p->failed || p->oom ? -1 : rc;
}

static int parse_compound(parser *p, compound *c, int in_not);

/* The argument of :nth-child(): an integer, odd or even, with p->i after '('. */
static int parse_nth(parser *p, compound *c, size_t paren) {
  skip_ws(p);
  buf *b = &c->conds;
  int ch = peek(p, 0);
  if (ch == -1) return fail(p, paren, "unclosed '('");
  if (starts_ident(p)) {
    size_t at = p->i;
    buf word = BUF_INIT;
    int rc = consume_ident(p, &word);
    int odd = rc == 0 && ascii_ieq(word.s, word.len, "odd");
    int even = rc == 0 && ascii_ieq(word.s, word.len, "even");
    buf_free(&word);
    if (rc) return -1;
    if (!odd && !even)
      return fail(p, at, "unsupported :nth-child() argument (only an integer, odd or even)");
    put(p, b, odd ? "count(preceding-sibling::*) mod 2=0" : "count(preceding-sibling::*) mod 2=1");
  } else {
    int neg = 0;
    if (ch == '+' || ch == '-') {
      neg = ch == '-';
      p->i++;
    }
    if (!(peek(p, 0) >= '0' && peek(p, 0) <= '9'))
      return fail(p, p->i, "unsupported :nth-child() argument (only an integer, odd or even)");
    long v = 0;
    while (peek(p, 0) >= '0' && peek(p, 0) <= '9') {
      if (v > 99999999) return fail(p, p->i, "number too large");
      v = v * 10 + (peek(p, 0) - '0');
      p->i++;
    }
    if (neg || v < 1)
      put(p, b, "false()");
    else if (buf_printf(b, "count(preceding-sibling::*)=%ld", v - 1))
      p->oom = 1;
  }
  skip_ws(p);
  if (peek(p, 0) != ')') {
    if (at_end(p)) return fail(p, paren, "unclosed '('");
    if (starts_ident(p))
      return fail(p, p->i, "unsupported :nth-child() argument (only an integer, odd or even)");
    return unexpected(p, p->i);
  }
  p->i++;
  cond_end(p, c);
  return 0;
}

/* Writes the conditions of compound inner as one negated condition of c. */
static void put_not(parser *p, compound *c, const compound *inner) {
  buf *b = &c->conds;
  size_t terms = inner->nconds + (inner->name.len ? 1 : 0);
  if (terms == 0) { /* :not(*) */
    put(p, b, "false()");
  } else {
    put(p, b, "not(");
    if (inner->name.len) {
      put(p, b, "self::");
      putn(p, b, inner->name.s, inner->name.len);
    }
    const char *cond = inner->conds.s;
    for (size_t k = 0; k < inner->nconds; k++) {
      if (k || inner->name.len) put(p, b, " and ");
      put(p, b, cond);
      cond += strlen(cond) + 1;
    }
    put(p, b, ")");
  }
  cond_end(p, c);
}

/* `:name` or `:name(...)`, with p->i on the ':'. */
static int parse_pseudo(parser *p, compound *c, int in_not) {
  size_t colon = p->i++;
  if (peek(p, 0) == ':') {
    p->i++;
    size_t end = p->i;
    while (end < p->n && (is_name_char((unsigned char)p->s[end]) || p->s[end] == '\\')) end++;
    return fail(p, colon, "pseudo-elements are not supported: '%.*s'",
                excerpt_len(p, colon, end), p->s + colon);
  }
  if (!starts_ident(p)) return fail(p, p->i, "expected a pseudo-class name after ':'");
  buf name = BUF_INIT;
  if (consume_ident(p, &name)) {
    buf_free(&name);
    return -1;
  }
  const char *nm = name.s ? name.s : "";
  size_t len = name.len;
  size_t end = p->i;
  int rc = 0;
  if (peek(p, 0) == '(') {
    size_t paren = p->i++;
    if (ascii_ieq(nm, len, "not")) {
      if (in_not) {
        rc = fail(p, colon, "nested :not() is not supported");
        goto done;
      }
      skip_ws(p);
      if (peek(p, 0) == ')') {
        rc = fail(p, p->i, "empty :not()");
        goto done;
      }
      if (at_end(p)) {
        rc = fail(p, paren, "unclosed '('");
        goto done;
      }
      compound inner = {BUF_INIT, BUF_INIT, 0};
      rc = parse_compound(p, &inner, 1);
      if (rc == 0) {
        int ws = skip_ws(p);
        int ch = peek(p, 0);
        if (ch == ')') {
          p->i++;
          put_not(p, c, &inner);
        } else if (ch == -1) {
          rc = fail(p, paren, "unclosed '('");
        } else if (ch == '>' || ch == '+' || ch == '~' || ch == ',' || (ws && starts_compound(p))) {
          rc = fail(p, p->i, "only a compound selector is supported inside :not()");
        } else {
          rc = unexpected(p, p->i);
        }
      }
      buf_free(&inner.name);
      buf_free(&inner.conds);
    } else if (ascii_ieq(nm, len, "nth-child")) {
      rc = parse_nth(p, c, paren);
    } else {
      rc = fail(p, colon, "unsupported pseudo-class '%.*s()'", excerpt_len(p, colon, end),
                p->s + colon);
    }
    goto done;
  }
  const char *cond = NULL;
  if (ascii_ieq(nm, len, "first-child"))
    cond = "not(preceding-sibling::*)";
  else if (ascii_ieq(nm, len, "last-child"))
    cond = "not(following-sibling::*)";
  else if (ascii_ieq(nm, len, "only-child"))
    cond = "not(preceding-sibling::*) and not(following-sibling::*)";
  else if (ascii_ieq(nm, len, "empty"))
    cond = "not(*|text())";
  else if (ascii_ieq(nm, len, "root"))
    cond = "not(parent::*)";
  if (cond) {
    put(p, &c->conds, cond);
    cond_end(p, c);
  } else if (ascii_ieq(nm, len, "not") || ascii_ieq(nm, len, "nth-child")) {
    rc = fail(p, colon, "'%.*s' needs an argument in parentheses", excerpt_len(p, colon, end),
              p->s + colon);
  } else {
    rc = fail(p, colon, "unsupported pseudo-class '%.*s'", excerpt_len(p, colon, end),
              p->s + colon);
  }
done:
  buf_free(&name);
  return p->failed || p->oom ? -1 : rc;
}

/* A compound selector: an optional type or `*`, then #id .class [attr] :pseudo
 * in any number, at least one thing in all. */
static int parse_compound(parser *p, compound *c, int in_not) {
  size_t start = p->i;
  if (!starts_compound(p)) return unexpected(p, p->i);
  if (++p->compounds > CSS_MAX_COMPOUNDS)
    return fail(p, p->i, "selector too long (more than %d compound selectors)", CSS_MAX_COMPOUNDS);
  if (peek(p, 0) == '*') {
    p->i++;
  } else if (starts_ident(p)) {
    buf name = BUF_INIT;
    if (consume_ident(p, &name)) {
      buf_free(&name);
      return -1;
    }
    if (is_plain_name(name.s, name.len)) {
      putn(p, &c->name, name.s, name.len);
    } else {
      put(p, &c->conds, "name()=");
      put_literal(p, &c->conds, name.s, name.len);
      cond_end(p, c);
    }
    buf_free(&name);
  }
  for (;;) {
    int ch = peek(p, 0);
    int rc = 0;
    if (ch == '#' || ch == '.')
      rc = parse_id_or_class(p, c);
    else if (ch == '[')
      rc = parse_attribute(p, c);
    else if (ch == ':')
      rc = parse_pseudo(p, c, in_not);
    else
      break;
    if (rc || p->oom) return -1;
  }
  if (p->i == start) return unexpected(p, p->i);
  return p->oom ? -1 : 0;
}

/* ---- complex selectors and groups ---- */

static void put_step(parser *p, buf *xp, enum comb comb, int relative, const compound *c) {
  switch (comb) {
  case COMB_FIRST: put(p, xp, relative ? ".//" : "//"); break;
  case COMB_DESCENDANT: put(p, xp, "//"); break;
  case COMB_CHILD: put(p, xp, "/"); break;
  case COMB_SIBLING: put(p, xp, "/following-sibling::"); break;
  case COMB_ADJACENT:
    put(p, xp, "/following-sibling::*[1]");
    if (c->name.len) {
      put(p, xp, "[self::");
      putn(p, xp, c->name.s, c->name.len);
      put(p, xp, "]");
    }
    break;
  }
  if (comb != COMB_ADJACENT) {
    if (c->name.len)
      putn(p, xp, c->name.s, c->name.len);
    else
      put(p, xp, "*");
  }
  const char *cond = c->conds.s;
  for (size_t k = 0; k < c->nconds; k++) {
    put(p, xp, "[");
    put(p, xp, cond);
    put(p, xp, "]");
    cond += strlen(cond) + 1;
  }
}

/* Compound selectors joined by combinators; stops before ',' or the end. */
static int parse_complex(parser *p, buf *xp, int relative) {
  enum comb comb = COMB_FIRST;
  for (;;) {
    compound c = {BUF_INIT, BUF_INIT, 0};
    int rc = parse_compound(p, &c, 0);
    if (rc == 0) put_step(p, xp, comb, relative, &c);
    buf_free(&c.name);
    buf_free(&c.conds);
    if (rc || p->oom) return -1;
    int ws = skip_ws(p);
    int ch = peek(p, 0);
    if (ch == '>' || ch == '+' || ch == '~') {
      size_t at = p->i++;
      comb = ch == '>' ? COMB_CHILD : ch == '+' ? COMB_ADJACENT : COMB_SIBLING;
      skip_ws(p);
      if (at_end(p) || peek(p, 0) == ',') return fail(p, at, "trailing combinator '%c'", ch);
      if (!starts_compound(p)) return unexpected(p, p->i);
    } else if (ws && starts_compound(p)) {
      comb = COMB_DESCENDANT;
    } else {
      return 0;
    }
  }
}

static int translate(const char *selector, buf *out, buf *err, int relative) {
  parser p = {selector ? selector : "", 0, 0, err, 0, 0, 0};
  p.n = strlen(p.s);
  size_t bad;
  if (!utf8_valid(p.s, p.n, &bad)) return fail(&p, bad, "invalid UTF-8");
  skip_ws(&p);
  if (at_end(&p)) {
    buf_adds(err, "empty selector");
    return -1;
  }
  buf xp = BUF_INIT;
  for (;;) {
    if (parse_complex(&p, &xp, relative)) break;
    skip_ws(&p);
    if (at_end(&p)) break;
    if (peek(&p, 0) != ',') {
      unexpected(&p, p.i);
      break;
    }
    size_t comma = p.i++;
    skip_ws(&p);
    if (at_end(&p)) {
      fail(&p, comma, "trailing ','");
      break;
    }
    put(&p, &xp, " | ");
  }
  int rc = -1;
  if (p.oom && !p.failed)
    buf_adds(err, "out of memory");
  else if (!p.failed && buf_add(out, xp.s, xp.len))
    buf_adds(err, "out of memory");
  else if (!p.failed)
    rc = 0;
  buf_free(&xp);
  return rc;
}

int css_to_xpath(const char *selector, buf *out, buf *err) {
  return translate(selector, out, err, 0);
}

int css_to_xpath_relative(const char *selector, buf *out, buf *err) {
  return translate(selector, out, err, 1);
}
