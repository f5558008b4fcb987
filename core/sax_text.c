/* Source positions of text nodes: libxml2 records no usable start position
 * for text nodes, so the character callbacks are wrapped: when one creates a
 * new text node, the position of its first byte in the input is worked out
 * and kept in the parse's text_posbuf. The same wrappers make the text what
 * a browser's is where libxml2's HTML parser differs. */
#define _GNU_SOURCE /* memrchr */
#include "sax_text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "htmlref.h"
#include "htmlstream.h"
#include "utf8.h"


static unsigned long input_offset(xmlParserInputPtr in, const xmlChar *p) {
  return in->consumed + (unsigned long)(p - in->base);
}

static unsigned long newlines(const xmlChar *p, const xmlChar *end) {
  unsigned long nl = 0;
  for (; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) nl++;
  return nl;
}

/* The column reached from column col at p, at end (on one line or more). */
static unsigned long column_on(unsigned long col, const xmlChar *p, const xmlChar *end) {
  const xmlChar *lf = p < end ? memrchr(p, '\n', (size_t)(end - p)) : NULL;
  if (lf) col = 1, p = lf + 1;
  return col + utf8_count((const char *)p, (size_t)(end - p));
}

/* Records where chunk ch[0..len), now at byte off of text node n, starts in
 * the input: the pointer given may be into the input, or the chunk is the
 * input just before the cursor, or it came from a reference ending there. A
 * chunk that continues the previous one verbatim needs no new anchor. For
 * HTML the whole input is at hand (ps->text.src): libxml2's own buffer may
 * have let go of a long chunk's start by the time it is reported. */
static void record_position(xmlParserCtxtPtr ctxt, parse_state *ps, xmlNodePtr n,
                            size_t off, const xmlChar *ch, int len) {
  /* Text parsed from an entity's replacement (in a context of its own, whose
   * input is the entity's value) is placed at the reference in the file. */
  int nested = ps->main && ctxt != ps->main;
  xmlParserInputPtr in = nested ? ps->main->input : ctxt->input;
  if (!in || !in->base) return;
  const xmlChar *base = in->base, *cur = in->cur, *iend = in->end, *inside = NULL;
  unsigned long consumed = in->consumed, col_now = in->col > 0 ? (unsigned long)in->col : 0;
  unsigned long line_now = in->line > 0 ? (unsigned long)in->line : 1;
  if (ch >= in->base && ch < in->end) inside = ch;
  unsigned long cur_off = input_offset(in, in->cur);
  if (!nested && ps->text.src && cur_off <= ps->text.srclen) {
    if (inside) inside = ps->text.src + input_offset(in, inside);
    base = ps->text.src, cur = base + cur_off, iend = base + ps->text.srclen, consumed = 0;
    /* libxml2 hands text over in pieces of 1000 bytes from a buffer of its
     * own, reporting each before it steps past its last character: the
     * cursor is on that character, not after it */
    int cdata = n->type == XML_CDATA_SECTION_NODE;
    if (!inside && len >= 1000 && cur < iend && !(cdata ? cur + 1 < iend && cur[0] == '<' && cur[1] == '/'
                                                       : *cur == '<' || *cur == '&')) {
      size_t k = 1;
      while (cur + k < iend && k < 4 && (cur[k] & 0xC0) == 0x80) k++;
      if ((size_t)(cur + k - base) >= (size_t)len && !memcmp(cur + k - len, ch, (size_t)len)) {
        if (*cur == '\n') line_now++; /* (not yet counted) */
        cur += k;
        if (col_now) col_now++;
      }
    }
  }
  const xmlChar *sp = NULL;
  int verbatim = 1;
  if (nested) verbatim = 0;
  else if (inside) sp = inside;
  else if (cur - base >= len && !memcmp(cur - len, ch, (size_t)len)) sp = cur - len;
  else verbatim = 0;
  if (!verbatim)
    for (const xmlChar *p = cur - 1; p >= base && cur - p < 48; p--)
      if (*p == '&') {
        sp = p;
        break;
      }
  const xmlChar *expect = ps->text.expect;
  ps->text.expect = sp && verbatim ? sp + len : NULL;
  if (off > 0 && verbatim && sp && sp == expect) return;
  if (!sp) sp = nested ? cur : cur - (cur - base >= len ? len : cur - base);
  const xmlChar *end = verbatim && sp + len > cur ? sp + len : cur;
  unsigned long nl = newlines(sp, end);
  unsigned long line = line_now > nl ? line_now - nl : 1;
  /* The column: from the parser's own count, which is at end (the cursor,
   * or the chunk's end when the XML parser reports a chunk before moving
   * the cursor past it), when the line goes on to there (libxml2 may have
   * dropped the line's start from its buffer); else by counting back to the
   * line's start. Counting back for every chunk of a long line would be
   * quadratic. */
  unsigned long col = 1;
  unsigned long at = consumed + (unsigned long)(sp - base);
  if (nl == 0 && sp < end && col_now > 0) {
    size_t back = utf8_count((const char *)sp, (size_t)(end - sp));
    col = col_now > back ? col_now - back : 1;
  } else if (!nested && ps->text.col_known && ps->text.col_off <= at &&
             ps->text.col_off >= consumed) {
    /* on from the last column found (chunks come in input order: counting
     * on is linear in all, where counting back is not) */
    col = column_on(ps->text.col_at, base + (ps->text.col_off - consumed), sp);
  } else {
    for (const xmlChar *p = sp; p > base && p[-1] != '\n'; p--) col += (p[-1] & 0xC0) != 0x80;
  }
  if (!nested) ps->text.col_known = 1, ps->text.col_off = at, ps->text.col_at = col;
  if (text_pos_add(&ps->text.pos, n, off, line, col)) ps->oom = 1;
}

/* HTML maps numeric references to C1 controls (&#150;) through
 * windows-1252, as browsers do (htmlstream_c1); libxml2 gives the control
 * character. */
static int is_c1_reference(xmlParserCtxtPtr ctxt, const xmlChar *ch, int len) {
  if (!ctxt->html || len != 2 || ch[0] != 0xC2 || ch[1] < 0x80 || ch[1] > 0x9F) return 0;
  xmlParserInputPtr in = ctxt->input;
  for (const xmlChar *p = in->cur - 1; p >= in->base && in->cur - p <= 12; p--)
    if (*p == '&') return p[1] == '#';
  return 0;
}

static int is_alnum(unsigned char c) {
  return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
}

/* In the last text of the input, libxml2 gives a reference's "&" before it
 * reads the name, then the name with the text after it as one chunk
 * ("FOO&gtBAR": "FOO", "&", "gtBAR"). The expansion goes into out, and
 * the name (and ';') it took is cut from the front of the next chunk. */
static int reference_at_end(parse_state *ps, const xmlChar *amp, const xmlChar *end, char *out,
                            size_t outsz) {
  size_t avail = (size_t)(end - amp - 1), an = 0;
  while (an < avail && is_alnum(amp[1 + an])) an++;
  if (!an) return 0;
  size_t k;
  const htmlref *r = htmlref_match((const char *)amp + 1, an < avail ? an + 1 : an, &k);
  if (!r || k >= sizeof ps->text.skip || outsz < 8) return 0;
  memcpy(ps->text.skip, amp + 1, k);
  ps->text.skip_prefix = (int)k;
  return (int)htmlref_utf8(r, out);
}

/* libxml2 knows HTML 4's named references only, with their ';': it gives
 * any other (&Kopf;, &check;, &copy without ';') as "&" then its name, and
 * leaves the ';' for the text after. On the "&", match the source after it
 * against the HTML standard's table (core/htmlref.h) as a browser's
 * tokenizer does, longest name first: the expansion and what of the name
 * is left go into out, the name chunk is dropped when it comes, and the ';'
 * too when the name took it. Returns the bytes in out, or 0. */
static int named_reference(xmlParserCtxtPtr ctxt, parse_state *ps, const xmlChar *ch, int len,
                           char *out, size_t outsz) {
  if (!ctxt->html || len != 1 || ch[0] != '&') return 0;
  xmlParserInputPtr in = ctxt->input;
  const xmlChar *amp = NULL;
  for (const xmlChar *p = in->cur - 1; p >= in->base && in->cur - p <= 40; p--)
    if (*p == '&') {
      amp = p;
      break;
    }
  if (!amp) return 0;
  size_t n = (size_t)(in->cur - amp - 1); /* the name libxml2 read */
  if (n == 0) return reference_at_end(ps, amp, in->end, out, outsz);
  if (n + 8 >= outsz || n >= sizeof ps->text.skip) return 0;
  /* a name is letters and digits; libxml2's may go on ("&pound_id": "£_id") */
  size_t an = 0;
  while (an < n && (((amp[1 + an] | 0x20) >= 'a' && (amp[1 + an] | 0x20) <= 'z') ||
                    (amp[1 + an] >= '0' && amp[1 + an] <= '9')))
    an++;
  /* a ';' read with it: a reference libxml2 knew and expanded itself */
  if (!an || (an < n && amp[1 + an] == ';')) return 0;
  size_t k, avail = (size_t)(in->end - amp - 1);
  const htmlref *r = htmlref_match((const char *)amp + 1, an < n ? an : avail < n + 1 ? avail : n + 1, &k);
  if (!r) return 0;
  size_t w = htmlref_utf8(r, out);
  if (k <= n) { /* what of the name is left is text: "&notit;" is "¬it;",
                  given after the expansion from where it is in the input */
    ps->text.rest = amp + 1 + k;
    ps->text.rest_len = (int)(n - k);
  } else {
    ps->text.skip_semi = 1;
  }
  memcpy(ps->text.skip, amp + 1, n);
  ps->text.skip_len = (int)n;
  return (int)w;
}

/* libxml2 expands the HTML 4 names it knows itself, and two of them as
 * HTML 4 had them (&lang; &rang;: U+2329 U+232A, where the HTML standard
 * has U+27E8 U+27E9). A chunk that is such an expansion (the source right
 * before the cursor is "&NAME;") gets the HTML standard's value in out.
 * Returns its bytes, or 0 when the chunk is right as it is. */
static int html4_reference(xmlParserCtxtPtr ctxt, const xmlChar *ch, int len, char *out) {
  if (!ctxt->html || len > 4) return 0;
  xmlParserInputPtr in = ctxt->input;
  if (in->cur <= in->base || in->cur[-1] != ';') return 0;
  const xmlChar *amp = NULL;
  for (const xmlChar *p = in->cur - 2; p >= in->base && in->cur - p <= HTMLREF_LONGEST_NAME + 1; p--)
    if (*p == '&' || *p == ';') {
      if (*p == '&') amp = p;
      break;
    }
  if (!amp || amp[1] == '#') return 0;
  const htmlref *r = htmlref_find((const char *)amp + 1, (size_t)(in->cur - amp - 1));
  if (!r) return 0;
  size_t w = htmlref_utf8(r, out);
  return w == (size_t)len && !memcmp(out, ch, w) ? 0 : (int)w;
}

static void wrapped(void *ctx, const xmlChar *ch, int len, int cdata);

/* Where the last character chunk ended in the input, so that the numeric
 * references libxml2 drops without a word (&#0;, &#xD800;, &#1;, and "&#"
 * without digits) can be found in the gap before the next chunk or tag and
 * given as a browser does: U+FFFD for 0, surrogates and values past
 * U+10FFFF, else the code point itself; "&#", "&#x" and a ';' after them
 * as they are. */
static void note_end(xmlParserCtxtPtr ctxt, parse_state *ps) {
  ps->text.prev_end = input_offset(ctxt->input, ctxt->input->cur);
  ps->text.have_prev = ctxt->html;
}

/* Whether the gap after the last chunk may hold such a reference: it can
 * only when it starts with '&' (else there is nothing to fill, ever). */
static int gap_open(xmlParserCtxtPtr ctxt, parse_state *ps) {
  if (!ps->text.have_prev) return 0;
  xmlParserInputPtr in = ctxt->input;
  if (in && ps->text.prev_end >= in->consumed &&
      ps->text.prev_end - in->consumed < (unsigned long)(in->end - in->base) &&
      in->base[ps->text.prev_end - in->consumed] != '&') {
    ps->text.have_prev = 0;
    return 0;
  }
  return 1;
}

static void fill_gap(xmlParserCtxtPtr ctxt, parse_state *ps, const xmlChar *to) {
  if (!ps->text.have_prev) return;
  xmlParserInputPtr in = ctxt->input;
  const xmlChar *p = ps->text.prev_end >= in->consumed ? in->base + (ps->text.prev_end - in->consumed) : NULL;
  /* a tag whose '<' is not after the text (an end tag libxml2 makes at
   * the end of the file) leaves the gap for what comes next: the end of
   * the document, at the latest */
  if (p && p >= to) return;
  ps->text.have_prev = 0;
  if (!p || p >= to || to > in->end) return;
  uint32_t cps[16];
  int n = 0;
  while (p < to) {
    if (p[0] != '&' || p + 2 > to || p[1] != '#' || n == 16) return;
    const xmlChar *q = p + 2;
    int hex = q < to && (*q == 'x' || *q == 'X');
    q += hex;
    uint64_t v = 0;
    const xmlChar *digits = q;
    for (; q < to; q++) {
      int d = *q >= '0' && *q <= '9' ? *q - '0'
              : hex && (*q | 0x20) >= 'a' && (*q | 0x20) <= 'f' ? (*q | 0x20) - 'a' + 10 : -1;
      if (d < 0) break;
      v = v * (hex ? 16 : 10) + (unsigned)d;
      if (v > 0x10FFFF) v = 0x110000;
    }
    if (q < to && *q == ';') q++;
    if (q - p > 16 - n) return;
    if (q == digits || (q == digits + 1 && *digits == ';')) {
      /* no digits: a browser keeps "&#", "&#x" (and what follows) as text */
      while (p < q) cps[n++] = *p++;
      continue;
    }
    cps[n++] = (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD : (uint32_t)v;
    p = q;
  }
  for (int i = 0; i < n; i++) {
    char out[4];
    int k = (int)utf8_encode(cps[i], out);
    wrapped(ctxt, (const xmlChar *)out, k, 0);
  }
}

/* The first NUL to drop (htmlstream.h) at or after input offset off. */
static size_t next_drop(const parse_state *ps, size_t off) {
  size_t lo = 0, hi = ps->text.ndrops;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ps->text.drops[mid] < off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Where chunk ch[0..len) is in the input, or NULL: given there, or copied
 * from just before the cursor (libxml2's HTML parser gathers text in a
 * buffer of its own). */
static const xmlChar *chunk_source(xmlParserCtxtPtr ctxt, const xmlChar *ch, int len) {
  xmlParserInputPtr in = ctxt->input;
  if (!in || !in->base) return NULL;
  if (ch >= in->base && ch < in->end) return ch;
  if (in->cur - in->base >= len && !memcmp(in->cur - len, ch, (size_t)len)) return in->cur - len;
  return NULL;
}

/* Chunk ch[0..len) with the '<' and '&' of raw text that htmlstream held
 * back (htmlstream.h: HTMLSTREAM_HELD at ps->text.held) given back: ch
 * itself when it holds none, else a copy, in small or in *heap (malloc'd,
 * the caller frees it; out of memory: ch as it is, and oom noted). */
static const xmlChar *held_back(xmlParserCtxtPtr ctxt, parse_state *ps, const xmlChar *ch,
                                int len, xmlChar *small, size_t smallsz, xmlChar **heap) {
  const xmlChar *src = chunk_source(ctxt, ch, len);
  if (!src) return ch;
  size_t off = input_offset(ctxt->input, src), lo = 0, hi = ps->text.nheld;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ps->text.held[mid] < off) lo = mid + 1;
    else hi = mid;
  }
  if (lo == ps->text.nheld || ps->text.held[lo] >= off + (size_t)len) return ch;
  xmlChar *copy = (size_t)len <= smallsz ? small : (*heap = malloc((size_t)len));
  if (!copy) {
    ps->oom = 1;
    return ch;
  }
  memcpy(copy, ch, (size_t)len);
  for (size_t k = lo; k < ps->text.nheld && ps->text.held[k] < off + (size_t)len; k++)
    copy[ps->text.held[k] - off] = (xmlChar)ps->text.held_c[k];
  return copy;
}

/* A chunk holding NULs that browsers drop (spaces to libxml2): its pieces
 * between them, each placed in the input where it is, so that the text
 * after a dropped NUL is anchored at its own column. Returns 0 when the
 * chunk holds none. */
static int without_drops(xmlParserCtxtPtr ctxt, parse_state *ps, const xmlChar *ch, int len,
                         int cdata) {
  const xmlChar *src = chunk_source(ctxt, ch, len);
  if (!src) return 0;
  xmlParserInputPtr in = ctxt->input;
  size_t off = input_offset(in, src), k = next_drop(ps, off);
  if (k == ps->text.ndrops || ps->text.drops[k] >= off + (size_t)len) return 0;
  if (ps->text.have_prev && !cdata) fill_gap(ctxt, ps, src);
  size_t p = 0;
  while (p < (size_t)len) {
    size_t q = k < ps->text.ndrops && ps->text.drops[k] < off + (size_t)len ? ps->text.drops[k++] - off : (size_t)len;
    ps->text.have_prev = 0;
    if (q > p) wrapped(ctxt, src + p, (int)(q - p), cdata);
    p = q + 1;
  }
  if (!cdata) note_end(ctxt, ps);
  return 1;
}

static int is_blank(xmlChar c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Whether node n, where libxml2 puts text, is a body libxml2 implied with
 * nothing in it yet, or the <p> it implied for that text there. */
static int before_body(const parse_state *ps, xmlNodePtr n) {
  if (n && n == ps->text.implied_p && !n->children) {
    for (xmlNodePtr c = n->prev; c; c = c->prev)
      if (c->type != XML_COMMENT_NODE) return 0;
    n = n->parent;
  } else if (n && n->children) {
    return 0;
  }
  return n && n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, "body") &&
         (!n->children || n->children == ps->text.implied_p);
}

static void wrapped(void *ctx, const xmlChar *ch, int len, int cdata) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  if (ps->text.plain) goto place;
  if (ps->text.ndrops && without_drops(ctxt, ps, ch, len, cdata)) return;
  if (!cdata && ctxt->input && gap_open(ctxt, ps)) {
    xmlParserInputPtr in = ctxt->input;
    const xmlChar *start = in->cur;
    if (in->cur - in->base >= len && !memcmp(in->cur - len, ch, (size_t)len)) start = in->cur - len;
    else
      for (const xmlChar *p = in->cur - 1; p >= in->base && in->cur - p < 48; p--)
        if (*p == '&') {
          start = p;
          break;
        }
    fill_gap(ctxt, ps, start);
  }
  char mapped[64];
  int skip = ps->text.skip_len;
  ps->text.skip_len = 0;
  if (skip && !cdata && len == skip && !memcmp(ch, ps->text.skip, (size_t)len)) return;
  int prefix = ps->text.skip_prefix;
  ps->text.skip_prefix = 0;
  if (prefix && !cdata && len >= prefix && !memcmp(ch, ps->text.skip, (size_t)prefix)) {
    ch += prefix, len -= prefix;
    if (!len) return;
  }
  if (ps->text.skip_semi && !cdata) { /* the ';' a named reference took */
    ps->text.skip_semi = 0;
    if (len && ch[0] == ';') {
      ch++, len--;
      if (!len) return;
    }
  }
  int m;
  if (!cdata && is_c1_reference(ctxt, ch, len)) {
    len = (int)utf8_encode(htmlstream_c1[ch[1] - 0x80], mapped);
    ch = (const xmlChar *)mapped;
  } else if (!cdata && (m = named_reference(ctxt, ps, ch, len, mapped, sizeof mapped)) > 0) {
    len = m;
    ch = (const xmlChar *)mapped;
  } else if (!cdata && (m = html4_reference(ctxt, ch, len, mapped)) > 0) {
    len = m;
    ch = (const xmlChar *)mapped;
  }
place:
  /* white space before the first content of a body no <body> tag opened
   * is the head's (or nobody's) to a browser: "<title>t</title> hello" */
  if (!cdata && ctxt->html && !ps->text.body_tag && len > 0 && is_blank(ch[0]) &&
      before_body(ps, ctxt->node)) {
    while (len > 0 && is_blank(ch[0])) ch++, len--;
    if (!len) return;
  }
  /* the raw text's '<' and '&' htmlstream held back, given back; the
   * chunk is still placed where it is in the input (at) */
  const xmlChar *at = ch;
  xmlChar small[256], *heap = NULL;
  if (ps->text.nheld && ch != (const xmlChar *)mapped) /* script and style: CDATA */
    ch = held_back(ctxt, ps, ch, len, small, sizeof small, &heap);
  xmlNodePtr parent = ctxt->node;
  xmlNodePtr last = parent ? parent->last : NULL;
  if (!parent && ctxt->html && ctxt->myDoc) {
    /* libxml2 drops text after </html>; a browser appends it to body. It is
     * kept under the root here, where the view builder finds it. */
    parent = xmlDocGetRootElement(ctxt->myDoc);
    if (!parent) {
      /* no element yet: white space goes (as in a browser's "before html"),
       * other text ("&#" alone, given at the file's end) into a body, as a
       * browser's tree has it */
      int blank = 1;
      for (int i = 0; i < len && blank; i++) blank = is_blank(ch[i]);
      if (blank) goto done;
      xmlNodePtr html = xmlNewDocNode(ctxt->myDoc, NULL, BAD_CAST "html", NULL);
      if (!html) goto oom;
      xmlDocSetRootElement(ctxt->myDoc, html);
      parent = xmlNewChild(html, NULL, BAD_CAST "body", NULL);
      if (!parent) goto oom;
    }
    last = parent->last;
    xmlNodePtr t = xmlNewDocTextLen(ctxt->myDoc, ch, len);
    if (!t) goto done;
    xmlNodePtr saved = ctxt->node;
    xmlAddChild(parent, t); /* may merge into a text node already there */
    ctxt->node = saved;
  } else {
    (cdata ? ps->text.cdata : ps->text.characters)(ctx, ch, len);
    parent = ctxt->node;
  }
  xmlNodePtr t = parent ? parent->last : NULL;
  if (!t || (t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE)) {
    ps->text.last_text = NULL;
    goto done;
  }
  size_t off = t != last ? 0
               : t == ps->text.last_text ? ps->text.last_len
                                    : (size_t)xmlStrlen(t->content) - (size_t)len;
  ps->text.last_text = t;
  ps->text.last_len = off + (size_t)len;
  record_position(ctxt, ps, t, off, at, len);
  if (!cdata) note_end(ctxt, ps);
done:
  free(heap);
  if (ps->text.rest && !ps->text.plain) {
    /* what of a reference's name is text, as it is (no reference, no
     * skipping in it), placed where it is; now, while it is in the input */
    const xmlChar *rest = ps->text.rest;
    int rest_len = ps->text.rest_len;
    ps->text.rest = NULL;
    ps->text.plain = 1;
    wrapped(ctx, rest, rest_len, 0);
    ps->text.plain = 0;
  }
  return;
oom:
  ps->oom = 1;
  ps->text.rest = NULL;
  free(heap);
}

/* (first the letter: every tag asks) */
static int is_noscript(const xmlChar *name) {
  return name && name[0] == 'n' && !strcmp((const char *)name, "noscript");
}

/* The '<' of the tag being reported: the last one before the cursor. */
static const xmlChar *tag_start(xmlParserCtxtPtr ctxt) {
  xmlParserInputPtr in = ctxt->input;
  const xmlChar *p = in->cur < in->end ? in->cur : in->end - 1;
  while (p > in->base && *p != '<') p--;
  return p;
}

/* Whether the tag being reported is written as tag (a '<' and the name,
 * any case), not implied by libxml2. */
static int tag_is(xmlParserCtxtPtr ctxt, const char *tag) {
  const xmlChar *p = tag_start(ctxt);
  size_t n = strlen(tag);
  return ctxt->input->end - p > (ptrdiff_t)n && !xmlStrncasecmp(p, BAD_CAST tag, (int)n) &&
         !is_alnum(p[n]);
}

/* A <noscript> before anything of the body (no <body> or </head> tag yet,
 * nothing but white space and comments before it in the body libxml2
 * implied) is head content to a browser: it goes into the head. -1 out of
 * memory. */
static int to_head(parse_state *ps, xmlNodePtr ns) {
  xmlNodePtr body = ns->parent;
  if (ps->text.body_tag || ps->text.head_end_tag || !body || !body->name ||
      strcmp((const char *)body->name, "body") || !body->parent)
    return 0;
  for (xmlNodePtr c = ns->prev; c; c = c->prev) {
    if (c->type == XML_COMMENT_NODE) continue;
    if (c->type != XML_TEXT_NODE) return 0;
    for (const xmlChar *t = c->content; t && *t; t++)
      if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\f' && *t != '\r') return 0;
  }
  xmlNodePtr html = body->parent, head = NULL;
  for (xmlNodePtr c = html->children; c && !head; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "head")) head = c;
  if (!head) {
    head = xmlNewDocNode(html->doc, NULL, BAD_CAST "head", NULL);
    if (!head) return -1;
    if (!xmlAddPrevSibling(body, head)) {
      xmlFreeNode(head);
      return -1;
    }
  }
  xmlUnlinkNode(ns);
  xmlAddChild(head, ns);
  return 0;
}

/* With scripting on, a browser reads <noscript> as raw text: its content is
 * the markup as written. libxml2 parses it; put the raw text back. */
static void on_start_element(void *ctx, const xmlChar *name, const xmlChar **atts) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  if (gap_open(ctxt, ps)) fill_gap(ctxt, ps, tag_start(ctxt));
  ps->text.start_element(ctx, name, atts);
  if (name[0] == 'b' && !strcmp((const char *)name, "body") && tag_is(ctxt, "<body"))
    ps->text.body_tag = 1;
  /* (the first <p> of a page without <body>: written, or made for text) */
  if (!ps->text.body_tag && !ps->text.implied_p && name[0] == 'p' && !name[1])
    ps->text.implied_p = tag_is(ctxt, "<p") ? (void *)ps /* none: written */ : ctxt->node;
  if (!is_noscript(name) || ps->text.noscript_depth++ > 0) return;
  xmlParserInputPtr in = ctxt->input;
  const xmlChar *p = in->cur;
  while (p < in->end && *p != '>') p++;
  ps->text.noscript_from = input_offset(in, p < in->end ? p + 1 : p);
}

static void on_end_element(void *ctx, const xmlChar *name) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  if (gap_open(ctxt, ps)) fill_gap(ctxt, ps, tag_start(ctxt));
  xmlNodePtr n = ctxt->node;
  if (name[0] == 'h' && !strcmp((const char *)name, "head") && tag_is(ctxt, "</head"))
    ps->text.head_end_tag = 1;
  if (ps->text.noscript_depth > 0 && is_noscript(name) &&
      --ps->text.noscript_depth == 0 && n && xmlStrEqual(n->name, BAD_CAST "noscript")) {
    xmlParserInputPtr in = ctxt->input;
    if (ps->text.noscript_from >= in->consumed) {
      const xmlChar *from = in->base + (ps->text.noscript_from - in->consumed);
      const xmlChar *to = NULL;
      /* the end tag's "</noscript" is the last one before the cursor (it
       * may end the input: look from 10 bytes before the end at the most) */
      const xmlChar *last = in->end - in->base >= 10 ? in->end - 10 : in->base;
      if (in->cur > in->base && in->cur - 1 < last) last = in->cur - 1;
      for (const xmlChar *p = last; !to && p >= from; p--) {
        if (p[0] == '<' && p[1] == '/' && !xmlStrncasecmp(p + 2, BAD_CAST "noscript", 8)) to = p;
        if (p == from) break;
      }
      xmlNodePtr t = to && from <= in->cur ? xmlNewDocTextLen(n->doc, from, (int)(to - from)) : NULL;
      if (t) {
        /* the '<'s htmlstream held in it (htmlstream.c: noscript) back */
        unsigned long off = ps->text.noscript_from, tlen = (unsigned long)(to - from);
        size_t lo = 0, hi = ps->text.nheld;
        while (lo < hi) {
          size_t mid = lo + (hi - lo) / 2;
          if (ps->text.held[mid] < off) lo = mid + 1;
          else hi = mid;
        }
        for (; lo < ps->text.nheld && ps->text.held[lo] < off + tlen; lo++)
          t->content[ps->text.held[lo] - off] = (xmlChar)ps->text.held_c[lo];
        xmlNodePtr kids = n->children;
        n->children = n->last = NULL;
        for (xmlNodePtr k = kids; k; k = k->next) k->parent = NULL;
        xmlFreeNodeList(kids);
        xmlAddChild(n, t);
        unsigned long nl = 0;
        for (const xmlChar *p = from; p < in->cur; p++) nl += *p == '\n';
        unsigned long line = (unsigned long)in->line > nl ? (unsigned long)in->line - nl : 1;
        unsigned long col = 1;
        for (const xmlChar *p = from; p > in->base && p[-1] != '\n'; p--) col += (p[-1] & 0xC0) != 0x80;
        if (text_pos_add(&ps->text.pos, t, 0, line, col)) ps->oom = 1;
        if (to_head(ps, n)) ps->oom = 1;
      }
    }
  }
  ps->text.end_element(ctx, name);
}

static void on_characters(void *ctx, const xmlChar *ch, int len) {
  wrapped(ctx, ch, len, 0);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len) {
  wrapped(ctx, ch, len, 1);
}

/* The end of the file: the numeric references libxml2 dropped after the
 * last chunk ("&#", "FOO&#11111111111"), as everywhere else. */
static void on_end_document(void *ctx) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  if (ctxt->input) fill_gap(ctxt, ps, ctxt->input->end);
  if (ps->text.end_document) ps->text.end_document(ctx);
}

void sax_text_hook(xmlParserCtxtPtr ctxt, parse_state *ps) {
  ps->text.characters = ctxt->sax->characters ? ctxt->sax->characters : xmlSAX2Characters;
  ps->text.cdata = ctxt->sax->cdataBlock ? ctxt->sax->cdataBlock : xmlSAX2CDataBlock;
  ctxt->sax->characters = on_characters;
  ctxt->sax->cdataBlock = on_cdata;
  if (ctxt->sax->ignorableWhitespace == ps->text.characters)
    ctxt->sax->ignorableWhitespace = on_characters;
  if (ctxt->html) {
    ps->text.start_element = ctxt->sax->startElement;
    ps->text.end_element = ctxt->sax->endElement;
    ctxt->sax->startElement = on_start_element;
    ctxt->sax->endElement = on_end_element;
    ps->text.end_document = ctxt->sax->endDocument;
    ctxt->sax->endDocument = on_end_document;
    ps->text.have_prev = 1, ps->text.prev_end = 0; /* a gap from the file's start too */
  }
}
