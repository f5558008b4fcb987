#include "srcpos.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/entities.h>

#include "grow.h"
#include "htmlref.h"
#include "htmlstream.h"

#include "utf8.h"

/* The CDATA sections of HTML source s[0..n) (m->cd): each "<![CDATA[" to
 * its "]]>" (or the end). One in HTML content is a bogus comment, and one
 * in raw text is text: neither is in the view, so no view offset asks.
 * Returns 0, or -1 out of memory. */
static int find_cdata(srcpos *m, const char *s, size_t n) {
  const char *end = s + n;
  size_t cap = 0;
  for (const char *p = s; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
    if (end - p < 9 || memcmp(p, "<![CDATA[", 9)) continue;
    const char *q = p + 9;
    while (q + 3 <= end && memcmp(q, "]]>", 3)) q++;
    if (q + 3 > end) q = end;
    if (grow_array((void **)&m->cd, &cap, 2 * m->ncd + 2, sizeof *m->cd)) return -1;
    m->cd[2 * m->ncd] = (size_t)(p + 9 - s);
    m->cd[2 * m->ncd + 1] = (size_t)(q - s);
    m->ncd++;
    if (q == end) break;
    p = q;
  }
  return 0;
}

int srcpos_in_cdata(const srcpos *m, size_t at, size_t *start, size_t *end) {
  size_t lo = 0, hi = m->ncd;
  while (lo < hi) { /* the last section starting at or before at */
    size_t mid = lo + (hi - lo) / 2;
    if (m->cd[2 * mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  if (!lo || at > m->cd[2 * (lo - 1) + 1]) return 0;
  *start = m->cd[2 * (lo - 1)];
  *end = m->cd[2 * (lo - 1) + 1];
  return 1;
}

int srcpos_init(srcpos *m, const document *d) {
  memset(m, 0, sizeof *m);
  m->d = d;
  m->html = d->type == DOC_HTML;
  m->last = SIZE_MAX;
  const char *s = d->src ? d->src : "";
  size_t n = d->src ? d->srclen : 0;
  /* UTF-16 (by its order mark, or XML's "<" as two bytes): not followed */
  if (n >= 2 && (!memcmp(s, "\xFF\xFE", 2) || !memcmp(s, "\xFE\xFF", 2) ||
                 !memcmp(s, "\0<", 2) || !memcmp(s, "<\0", 2)))
    return 1;
  if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) m->bom = 3;
  /* bytes past ASCII in another encoding than UTF-8: the view's text is
   * not the bytes' */
  int ascii = 1;
  for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
  if (!ascii) {
    const char *enc = m->html ? htmlstream_encoding(s, n)
                              : d->xml && d->xml->encoding ? (const char *)d->xml->encoding : "UTF-8";
    if (strcasecmp(enc, "UTF-8") && strcasecmp(enc, "UTF8")) return 1;
  }
  size_t nl = 1;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))) nl++;
  m->lines = malloc(nl * sizeof *m->lines);
  if (!m->lines) return -1;
  m->lines[m->nlines++] = m->bom;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
      m->lines[m->nlines++] = i + 1;
  return m->html ? find_cdata(m, s, n) : 0;
}

void srcpos_free(srcpos *m) {
  free(m->lines);
  free(m->u);
  free(m->cd);
  memset(m, 0, sizeof *m);
}

/* Bytes of the source character at s[i] (an ill-formed sequence: its
 * maximal subpart, which the view has as one U+FFFD). */
static size_t char_len(const char *s, size_t n, size_t i) {
  if ((unsigned char)s[i] < 0x80) return 1;
  uint32_t cp;
  size_t k = utf8_decode(s + i, n - i, &cp);
  return k ? k : utf8_bad_len(s + i, n - i);
}

static int is_newline(char c) { return c == '\n' || c == '\r'; }

/* The source offset of line:col (col in characters), or SIZE_MAX. */
static size_t offset_of(srcpos *m, unsigned long line, unsigned long col) {
  if (line == 0 || line > m->nlines || col == 0) return SIZE_MAX;
  const char *s = m->d->src;
  size_t n = m->d->srclen, i;
  unsigned long c;
  if (line == m->cline && col >= m->ccol) {
    i = m->coff, c = m->ccol;
  } else {
    i = m->lines[line - 1], c = 1;
  }
  while (c < col && i < n && !is_newline(s[i])) i += char_len(s, n, i), c++;
  if (c < col) return SIZE_MAX;
  m->cline = line, m->ccol = col, m->coff = i;
  return i;
}

static int known_ref(const srcpos *m, size_t i);

/* One view character at v[p] against the source at s[*i]: advances both
 * (*i past the source's form of it) and returns its view length, or 0 when
 * the source holds something else there. */
static size_t step(const srcpos *m, const char *v, size_t p, size_t q, size_t *i) {
  const char *s = m->d->src;
  size_t n = m->d->srclen, j = *i;
  if (m->html)
    while (j < n && s[j] == '\0') j++; /* NULs a browser drops */
  if (j >= n) return 0;
  /* a reference is no verbatim text, even one that stands for itself */
  if (s[j] == '&' && !m->cdata && known_ref(m, j)) return 0;
  if (v[p] == '\n') {
    if (s[j] == '\r') j += 1 + (j + 1 < n && s[j + 1] == '\n');
    else if (s[j] == '\n') j++;
    else return 0;
    *i = j;
    return 1;
  }
  size_t k = (unsigned char)v[p] < 0x80 ? 1 : 0;
  if (!k) {
    uint32_t cp;
    k = utf8_decode(v + p, q - p, &cp);
    if (!k) return 0;
  }
  if (j + k <= n && !memcmp(s + j, v + p, k)) {
    *i = j + k;
    return k;
  }
  uint32_t cp;
  if (k == 3 && !memcmp(v + p, "\xEF\xBF\xBD", 3) && (unsigned char)s[j] >= 0x80 &&
      !utf8_decode(s + j, n - j, &cp)) {
    *i = j + utf8_bad_len(s + j, n - j);
    return 3;
  }
  return 0;
}

/* How much of view [p, q) is the source from byte *i on: the view offset
 * where they part (q: all of it), *i moved to there. */
static size_t verbatim_upto(const srcpos *m, size_t *i, size_t p, size_t q) {
  const char *v = m->d->view.s;
  size_t j = *i;
  while (p < q) {
    size_t k = step(m, v, p, q, &j);
    if (!k) break;
    p += k;
    *i = j;
  }
  return p;
}

/* Whether view [p, q) is the source from byte i on; *end: where it ends. */
static int verbatim(const srcpos *m, size_t i, size_t p, size_t q, size_t *end) {
  const char *v = m->d->view.s;
  while (p < q) {
    size_t k = step(m, v, p, q, &i);
    if (!k) return 0;
    p += k;
  }
  *end = i;
  return 1;
}

/* The end of the reference at s[i] ('&'): "&#" and digits, "&#x" and hex
 * digits, or '&' and a name, then an optional ';'. */
static size_t name_end(const char *s, size_t n, size_t i) {
  size_t j = i + 1;
  while (j < n && (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z') || (s[j] >= '0' && s[j] <= '9') ||
                   s[j] == '#' || s[j] == '_' || s[j] == ':' || s[j] == '.' || s[j] == '-' ||
                   (unsigned char)s[j] >= 0x80))
    j++;
  return j < n && s[j] == ';' ? j + 1 : j;
}

/* The same, where m reads it: in HTML a named reference is the longest name
 * of the HTML standard's table there, as a browser's tokenizer (and
 * sax_text.c) reads it ("&notit;" is "&not" and text). */
static size_t reference_end(const srcpos *m, size_t i) {
  const char *s = m->d->src;
  size_t n = m->d->srclen, k;
  if (m->html && i + 1 < n && s[i + 1] != '#' && htmlref_match(s + i + 1, n - i - 1, &k))
    return i + 1 + k;
  return name_end(s, n, i);
}

/* How far ahead a chunk whose column is off is looked for. */
#define SRCPOS_WINDOW (1u << 20)

static int add_unit(srcpos *m, srcpos_unit u) {
  if (m->nu == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 16;
    srcpos_unit *v = realloc(m->u, cap * sizeof *v);
    if (!v) return -1;
    m->u = v, m->cap = cap;
  }
  m->u[m->nu++] = u;
  return 0;
}

/* The first anchor at or after off. */
static size_t anchor_from(const text_view *v, size_t off) {
  size_t lo = 0, hi = v->nanchors;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v->anchors[mid].off < off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* A segment whose text is not found where its anchors say (or that has
 * none: text of an XML entity's replacement, whose nodes libxml2 made and
 * merged away while parsing) stands at one point: where the text before
 * it ended in the source (outside a CDATA section that ends there). */
static int degrade(srcpos *m, const text_seg *sg) {
  if (m->last == SIZE_MAX) return 1;
  size_t p = m->last;
  if (p + 3 <= m->d->srclen && !memcmp(m->d->src + p, "]]>", 3)) p += 3;
  m->nu = 0;
  if (add_unit(m, (srcpos_unit){sg->start, sg->start + sg->len, p, p, 1})) return -1;
  m->degraded++;
  m->vp = sg->start;
  m->sp = p;
  return 0;
}

/* What the reference s[i, e) stands for, when this map can tell: a
 * character reference, one of XML's five, or (XML) an internal entity whose
 * replacement is plain text. Returns its length in out, or 0. */
static size_t expansion(const srcpos *m, size_t i, size_t e, char *out, size_t outsz,
                        const char **text) {
  const char *s = m->d->src;
  *text = out;
  const char *name = s + i + 1;
  if (m->html && e - i >= 2 && name[0] != '#') { /* the HTML standard's names */
    const htmlref *r = htmlref_find(name, e - i - 1);
    return r && outsz >= 8 ? htmlref_utf8(r, out) : 0;
  }
  if (e - i < 3 || s[e - 1] != ';') return 0;
  size_t len = e - i - 2;
  if (name[0] == '#') {
    int hex = len > 1 && (name[1] == 'x' || name[1] == 'X');
    uint32_t v = 0;
    for (size_t k = 1 + hex; k < len; k++) {
      char c = name[k];
      int dgt = c >= '0' && c <= '9' ? c - '0'
                : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
      if (dgt < 0 || v > 0x10FFFF) return 0;
      v = v * (hex ? 16 : 10) + (uint32_t)dgt;
    }
    if (outsz < 4) return 0;
    if (m->html) {
      /* as a browser reads it (sax_text.c): C1 through windows-1252, the
       * impossible ones U+FFFD */
      if (v >= 0x80 && v <= 0x9F) v = htmlstream_c1[v - 0x80];
      if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    } else if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
      return 0;
    }
    return utf8_encode(v, out);
  }
  static const struct { const char *n; char c; } five[] = {
      {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
  for (size_t k = 0; k < 5; k++)
    if (strlen(five[k].n) == len && !memcmp(name, five[k].n, len)) {
      out[0] = five[k].c;
      return 1;
    }
  char nm[128];
  if (len >= sizeof nm) return 0;
  memcpy(nm, name, len);
  nm[len] = '\0';
  xmlEntityPtr ent = xmlGetDocEntity(m->d->xml, BAD_CAST nm);
  if (!ent || ent->etype != XML_INTERNAL_GENERAL_ENTITY || !ent->content ||
      strchr((const char *)ent->content, '<') || strchr((const char *)ent->content, '&'))
    return 0;
  *text = (const char *)ent->content;
  return strlen(*text);
}

static int known_ref(const srcpos *m, size_t i) {
  char out[8];
  const char *t;
  return expansion(m, i, reference_end(m, i), out, sizeof out, &t) > 0;
}

/* Maps view [vs, ve), which the anchor places at source byte ss: verbatim
 * runs and references, as far as they can be told apart; a reference whose
 * expansion cannot be told takes the rest of the range (up to next, where
 * the next chunk starts in the source, if that is before the reference's
 * end). Returns 0 (units added, *end: the source end), 1 when the source
 * at ss is not the range's text, -1 out of memory. */
static int map_range(srcpos *m, size_t ss, size_t vs, size_t ve, size_t next, size_t *end) {
  const char *s = m->d->src;
  size_t n = m->d->srclen;
  while (vs < ve) {
    size_t i = ss, p = verbatim_upto(m, &i, vs, ve);
    if (p > vs && add_unit(m, (srcpos_unit){vs, p, ss, i, 0})) return -1;
    if (p == ve) {
      *end = i;
      return 0;
    }
    /* a reference: '&', a name or '#', and (XML) a ';'; none in CDATA */
    if (m->cdata || i + 1 >= n || s[i] != '&' ||
        !(((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') || s[i + 1] == '#' ||
          s[i + 1] == '_' || s[i + 1] == ':'))
      return 1;
    size_t re = reference_end(m, i);
    if (!m->html && s[re - 1] != ';') return 1;
    char buf8[8];
    const char *t;
    size_t k = expansion(m, i, re, buf8, sizeof buf8, &t);
    if (k) {
      /* a reference the view does not have here: the anchor is off */
      if (k > ve - p || memcmp(m->d->view.s + p, t, k)) return 1;
      if (add_unit(m, (srcpos_unit){p, p + k, i, re, 1})) return -1;
      vs = p + k, ss = re;
      continue;
    }
    if (next != SIZE_MAX && next > i && next < re) re = next;
    /* a reference an earlier segment took already (the text nodes of an
     * entity's replacement holding markup): this one is its end */
    if (m->last != SIZE_MAX && i < m->last && m->last <= re) i = re;
    if (add_unit(m, (srcpos_unit){p, ve, i, re, 1})) return -1;
    *end = re;
    return 0;
  }
  *end = ss;
  return 0;
}

int srcpos_segment(srcpos *m, const text_seg *sg) {
  const text_view *v = &m->d->view;
  size_t n = m->d->srclen;
  size_t from = sg->start, to = sg->start + sg->len;
  m->nu = m->ui = 0;
  m->cdata = sg->node && sg->node->type == XML_CDATA_SECTION_NODE;
  size_t a = anchor_from(v, from);
  if (a == v->nanchors || v->anchors[a].off != from || from == to) return degrade(m, sg);
  size_t prev_end = 0, first = a;
  while (a < v->nanchors && v->anchors[a].off < to) {
    const text_anchor *an = &v->anchors[a];
    int more = a + 1 < v->nanchors && v->anchors[a + 1].off < to;
    size_t vs = an->off, ve = more ? v->anchors[a + 1].off : to;
    size_t ss = offset_of(m, an->line, an->col), se = 0;
    size_t next = SIZE_MAX;
    if (more) next = offset_of(m, v->anchors[a + 1].line, v->anchors[a + 1].col);
    size_t mark = m->nu;
    size_t c0, c1; /* HTML: text of a CDATA section holds no references */
    if (m->html) m->cdata = ss != SIZE_MAX && srcpos_in_cdata(m, ss, &c0, &c1);
    int rc = ss != SIZE_MAX && ss >= prev_end ? map_range(m, ss, vs, ve, next, &se) : 1;
    if (rc < 0) return -1;
    /* libxml2's line for the chunk may be one off (a text node after a
     * newline the HTML parser has already counted), its column off (a
     * second CDATA section merged into the node) */
    for (int dl = -1; rc == 1 && dl <= 1; dl += 2) {
      unsigned long line = an->line + (unsigned long)(long)dl;
      size_t alt = line >= 1 ? offset_of(m, line, an->col) : SIZE_MAX;
      m->nu = mark;
      if (alt != SIZE_MAX && alt >= prev_end) rc = map_range(m, alt, vs, ve, next, &se);
      if (rc < 0) return -1;
    }
    if (rc) {
      /* then the text itself, found ahead of the previous chunk's end, or
       * of the previous segment's */
      m->nu = mark;
      size_t j = prev_end;
      if (a == first && m->last != SIZE_MAX && m->last > j) j = m->last;
      else if (a == first && an->line >= 2 && an->line <= m->nlines && m->lines[an->line - 2] > j)
        j = m->lines[an->line - 2];
      size_t stop = j + SRCPOS_WINDOW < n ? j + SRCPOS_WINDOW : n;
      char c0 = v->s[vs];
      for (; j < stop; j++) {
        if (c0 != '\n' && m->d->src[j] != c0) {
          const char *hit = memchr(m->d->src + j, c0, stop - j);
          if (!hit) {
            j = stop;
            break;
          }
          j = (size_t)(hit - m->d->src);
        }
        if (verbatim(m, j, vs, ve, &se)) break;
      }
      if (j >= stop) return degrade(m, sg);
      if (add_unit(m, (srcpos_unit){vs, ve, j, se, 0})) return -1;
    }
    prev_end = se;
    a++;
  }
  m->vp = from;
  m->sp = m->u[0].ss;
  m->last = m->u[m->nu - 1].se;
  return 0;
}

size_t srcpos_at(srcpos *m, size_t off) {
  if (!m->nu) return 0;
  if (off < m->vp && m->ui < m->nu && off < m->u[m->ui].vs) m->ui = 0, m->vp = m->u[0].vs, m->sp = m->u[0].ss;
  while (m->ui + 1 < m->nu && m->u[m->ui + 1].vs <= off) {
    m->ui++;
    m->vp = m->u[m->ui].vs;
    m->sp = m->u[m->ui].ss;
  }
  const srcpos_unit *u = &m->u[m->ui];
  if (off >= u->ve) return u->se;
  if (u->atomic) return off - u->vs < u->ve - off ? u->ss : u->se;
  if (off < m->vp) m->vp = u->vs, m->sp = u->ss;
  const char *v = m->d->view.s;
  while (m->vp < off) {
    size_t k = step(m, v, m->vp, u->ve, &m->sp);
    if (!k) break; /* cannot happen: the unit was walked */
    m->vp += k;
  }
  return m->sp;
}
