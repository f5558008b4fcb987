#include "doc.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "htmlstream.h"
#include "utf8.h"
#include "xmlmem.h"

static xmlParserInputPtr refuse_entity(const char *url, const char *id,
                                       xmlParserCtxtPtr ctxt);

static void quiet(void *ctx, const char *msg, ...) {
  (void)ctx, (void)msg; /* errors are read from the parser, not printed */
}

/* libxml2 reports some problems through no parser's handler but a
 * per-thread one, which prints to stderr naming no file: encoding errors
 * (an XML file that does not decode as it declares), I/O errors. During a
 * parse they go to the document's message (route_errors); elsewhere no
 * thread, workers included, prints them (the writers see to theirs). */
void doc_init(void) {
  xmlmem_install(); /* before libxml2 allocates anything */
  xmlInitParser();
  xmlSetExternalEntityLoader(refuse_entity);
  xmlThrDefSetGenericErrorFunc(NULL, quiet); /* threads made from now on */
  xmlSetGenericErrorFunc(NULL, quiet);       /* this one */
}

const char *doc_type_name(doc_type t) {
  switch (t) {
  case DOC_TEXT: return "text";
  case DOC_HTML: return "html";
  case DOC_XML: return "xml";
  default: return "auto";
  }
}

doc_type doc_type_parse(const char *s) {
  if (!strcmp(s, "text") || !strcmp(s, "txt")) return DOC_TEXT;
  if (!strcmp(s, "html") || !strcmp(s, "htm")) return DOC_HTML;
  if (!strcmp(s, "xml")) return DOC_XML;
  return DOC_AUTO;
}

static doc_type by_extension(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  if (!dot) return DOC_AUTO;
  static const struct { const char *ext; doc_type t; } map[] = {
      {".txt", DOC_TEXT},  {".text", DOC_TEXT},    {".md", DOC_TEXT},
      {".rst", DOC_TEXT},  {".html", DOC_HTML},    {".htm", DOC_HTML},
      {".xml", DOC_XML},   {".xhtml", DOC_XML},    {".tei", DOC_XML},
      {".page", DOC_XML},  {".docbook", DOC_XML},  {".dbk", DOC_XML},
      {".svg", DOC_XML},   {".rss", DOC_XML},      {".atom", DOC_XML},
  };
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (!strcasecmp(dot, map[i].ext)) return map[i].t;
  return DOC_AUTO;
}

static int starts_ci(const char *p, const char *end, const char *word) {
  size_t n = strlen(word);
  return (size_t)(end - p) >= n && !strncasecmp(p, word, n);
}

static doc_type by_content(const char *data, size_t len) {
  const char *p = data, *end = data + len;
  if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
  if (p == end || *p != '<') return DOC_TEXT;
  if (starts_ci(p, end, "<!doctype html") || starts_ci(p, end, "<html"))
    return DOC_HTML;
  if (starts_ci(p, end, "<?xml")) return DOC_XML;
  /* A fragment: HTML if it names common HTML elements early on. */
  size_t look = (size_t)(end - p) < 2048 ? (size_t)(end - p) : 2048;
  static const char *const tags[] = {"<head", "<body", "<p>", "<div", "<br",
                                     "<a href", "<span", "<table", NULL};
  for (const char *const *t = tags; *t; t++)
    for (const char *q = p; q + strlen(*t) <= p + look; q++)
      if (starts_ci(q, p + look, *t)) return DOC_HTML;
  return DOC_XML;
}

/* ---- source positions of text nodes -------------------------------------
 * libxml2 records no usable start position for text nodes, so the character
 * callbacks are wrapped: when one creates a new text node, the position of
 * its first byte in the input is worked out and packed into _private. */

typedef struct parse_state {
  charactersSAXFunc characters, cdata;
  startElementSAXFunc start_element;
  endElementSAXFunc end_element;
  char skip[48];  /* a reference's name, to drop when libxml2 sends it */
  int skip_len;
  text_posbuf pos;        /* source positions of text, for the view */
  int oom;
  const size_t *drops;    /* HTML: where NULs to leave out of the text are */
  size_t ndrops;
  xmlNodePtr last_text;   /* the text node the last chunk went to */
  size_t last_len;        /* its length then */
  const xmlChar *expect;  /* where a verbatim continuation would start */
  unsigned long prev_end; /* input offset where the last chunk ended */
  int have_prev;
  unsigned long noscript_from; /* input offset after <noscript>'s '>' */
  int noscript_depth;
  int error_line;      /* the first error's line, 0 when none */
  int error_col;       /* and its column when libxml2 gives one, else 0 */
  char error[512];     /* and its message */
  /* XML: entities are parsed in contexts of their own; main is the
   * document's, where the line of the reference being expanded is. */
  xmlParserCtxtPtr main;
  const char *name;    /* the document's, for messages */
  getEntitySAXFunc get_entity;
  getParameterEntitySAXFunc get_parameter_entity;
  size_t expanded;     /* bytes of text entity references produced */
  size_t expand_limit;
  int stopped;         /* expand_limit stopped the parser */
  xmlEntity text_entity; /* an entity handed on as a predefined one */
  xmlEntity param_entity; /* an external parameter entity, handed on empty */
  xmlEntityPtr chain[64]; /* the entity referenced at each parser depth */
  int chain_top;
  buf warnings;        /* "NAME:LINE: warning: ..." lines */
  buf warned;          /* "\nKEY\n..." what was warned about, once each */
  int nwarnings;
  size_t unlisted;     /* warnings past WARN_MAX */
} parse_state;

static unsigned long input_offset(xmlParserInputPtr in, const xmlChar *p) {
  return in->consumed + (unsigned long)(p - in->base);
}

/* Records where chunk ch[0..len), now at byte off of text node n, starts in
 * the input: the pointer given may be into the input, or the chunk is the
 * input just before the cursor, or it came from a reference ending there. A
 * chunk that continues the previous one verbatim needs no new anchor. */
static void record_position(xmlParserCtxtPtr ctxt, parse_state *ps, xmlNodePtr n,
                            size_t off, const xmlChar *ch, int len) {
  /* Text parsed from an entity's replacement (in a context of its own, whose
   * input is the entity's value) is placed at the reference in the file. */
  int nested = ps->main && ctxt != ps->main;
  xmlParserInputPtr in = nested ? ps->main->input : ctxt->input;
  if (!in || !in->base) return;
  const xmlChar *sp = NULL, *base = in->base, *cur = in->cur;
  int verbatim = 1;
  if (nested) verbatim = 0;
  else if (ch >= base && ch < in->end) sp = ch;
  else if (cur - base >= len && !memcmp(cur - len, ch, (size_t)len)) sp = cur - len;
  else verbatim = 0;
  if (!verbatim)
    for (const xmlChar *p = cur - 1; p >= base && cur - p < 48; p--)
      if (*p == '&') {
        sp = p;
        break;
      }
  const xmlChar *expect = ps->expect;
  ps->expect = sp && verbatim ? sp + len : NULL;
  if (off > 0 && verbatim && sp && sp == expect) return;
  if (!sp) sp = nested ? cur : cur - (cur - base >= len ? len : cur - base);
  const xmlChar *end = verbatim && sp + len > cur ? sp + len : cur;
  unsigned long nl = 0;
  for (const xmlChar *p = sp; p < end; p++) nl += *p == '\n';
  unsigned long line = in->line > 0 ? (unsigned long)in->line : 1;
  line = line > nl ? line - nl : 1;
  /* The column: from the parser's own count, which is at end (the cursor,
   * or the chunk's end when the XML parser reports a chunk before moving
   * the cursor past it), when the line goes on to there (libxml2 may have
   * dropped the line's start from its buffer); else by counting back to the
   * line's start. Counting back for every chunk of a long line would be
   * quadratic. */
  unsigned long col = 1;
  if (nl == 0 && sp < end && in->col > 0) {
    size_t back = 0;
    for (const xmlChar *p = sp; p < end; p++) back += (*p & 0xC0) != 0x80;
    col = (unsigned long)in->col > back ? (unsigned long)in->col - back : 1;
  } else {
    for (const xmlChar *p = sp; p > base && p[-1] != '\n'; p--) col += (p[-1] & 0xC0) != 0x80;
  }
  if (text_pos_add(&ps->pos, n, off, line, col)) ps->oom = 1;
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

/* The named references a browser decodes without their ';' (the HTML
 * standard's legacy list), longest match first: "&copy x", "&notit;". */
static const char *const legacy_names[] = {
    "AElig", "AMP", "Aacute", "Acirc", "Agrave", "Aring", "Atilde", "Auml", "COPY",
    "Ccedil", "ETH", "Eacute", "Ecirc", "Egrave", "Euml", "GT", "Iacute", "Icirc",
    "Igrave", "Iuml", "LT", "Ntilde", "Oacute", "Ocirc", "Ograve", "Oslash", "Otilde",
    "Ouml", "QUOT", "REG", "THORN", "Uacute", "Ucirc", "Ugrave", "Uuml", "Yacute",
    "aacute", "acirc", "acute", "aelig", "agrave", "amp", "aring", "atilde", "auml",
    "brvbar", "ccedil", "cedil", "cent", "copy", "curren", "deg", "divide", "eacute",
    "ecirc", "egrave", "eth", "euml", "frac12", "frac14", "frac34", "gt", "iacute",
    "icirc", "iexcl", "igrave", "iquest", "iuml", "laquo", "lt", "macr", "micro",
    "middot", "nbsp", "not", "ntilde", "oacute", "ocirc", "ograve", "ordf", "ordm",
    "oslash", "otilde", "ouml", "para", "plusmn", "pound", "quot", "raquo", "reg",
    "sect", "shy", "sup1", "sup2", "sup3", "szlig", "thorn", "times", "uacute",
    "ucirc", "ugrave", "uml", "uuml", "yacute", "yen", "yuml", NULL};

static unsigned legacy_value(const char *name) {
  static const struct { const char *n; unsigned v; } upper[] = {
      {"AMP", '&'}, {"COPY", 0xA9}, {"GT", '>'}, {"LT", '<'}, {"QUOT", '"'}, {"REG", 0xAE}};
  for (size_t i = 0; i < sizeof upper / sizeof upper[0]; i++)
    if (!strcmp(name, upper[i].n)) return upper[i].v;
  const htmlEntityDesc *e = htmlEntityLookup(BAD_CAST name);
  return e ? e->value : 0;
}

/* libxml2 gives an unknown or ';'-less reference as "&" then its name. On
 * the "&", decode the longest legacy prefix of the name (the source right
 * before the cursor) into out, and note the name chunk to drop next. */
static int legacy_reference(xmlParserCtxtPtr ctxt, parse_state *ps, const xmlChar *ch,
                            int len, char *out, size_t outsz) {
  if (!ctxt->html || len != 1 || ch[0] != '&') return 0;
  xmlParserInputPtr in = ctxt->input;
  const xmlChar *amp = NULL;
  for (const xmlChar *p = in->cur - 1; p >= in->base && in->cur - p <= 40; p--)
    if (*p == '&') {
      amp = p;
      break;
    }
  if (!amp) return 0;
  size_t n = (size_t)(in->cur - amp - 1);
  if (n < 2 || n >= outsz - 8) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((amp[1 + i] | 0x20) >= 'a' && (amp[1 + i] | 0x20) <= 'z') &&
        !(amp[1 + i] >= '0' && amp[1 + i] <= '9'))
      return 0;
  char name[48];
  for (size_t k = n < 6 ? n : 6; k >= 2; k--) {
    memcpy(name, amp + 1, k);
    name[k] = '\0';
    int legacy = 0;
    for (const char *const *l = legacy_names; *l && !legacy; l++) legacy = !strcmp(*l, name);
    unsigned v = legacy ? legacy_value(name) : 0;
    if (!v) continue;
    size_t w = utf8_encode(v, out);
    memcpy(out + w, amp + 1 + k, n - k);
    memcpy(ps->skip, amp + 1, n);
    ps->skip_len = (int)n;
    return (int)(w + n - k);
  }
  return 0;
}

static void wrapped(void *ctx, const xmlChar *ch, int len, int cdata);

/* Where the last character chunk ended in the input, so that the numeric
 * references libxml2 drops without a word (&#0;, &#xD800;, &#1;, and "&#"
 * without digits) can be found in the gap before the next chunk or tag and
 * given as a browser does: U+FFFD for 0, surrogates and values past
 * U+10FFFF, else the code point itself; "&#", "&#x" and a ';' after them
 * as they are. */
static void note_end(xmlParserCtxtPtr ctxt, parse_state *ps) {
  ps->prev_end = input_offset(ctxt->input, ctxt->input->cur);
  ps->have_prev = ctxt->html;
}

static void fill_gap(xmlParserCtxtPtr ctxt, parse_state *ps, const xmlChar *to) {
  if (!ps->have_prev) return;
  ps->have_prev = 0;
  xmlParserInputPtr in = ctxt->input;
  if (ps->prev_end < in->consumed) return;
  const xmlChar *p = in->base + (ps->prev_end - in->consumed);
  if (p >= to || to > in->end) return;
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
  size_t lo = 0, hi = ps->ndrops;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ps->drops[mid] < off) lo = mid + 1;
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
  if (k == ps->ndrops || ps->drops[k] >= off + (size_t)len) return 0;
  if (ps->have_prev && !cdata) fill_gap(ctxt, ps, src);
  size_t p = 0;
  while (p < (size_t)len) {
    size_t q = k < ps->ndrops && ps->drops[k] < off + (size_t)len ? ps->drops[k++] - off : (size_t)len;
    ps->have_prev = 0;
    if (q > p) wrapped(ctxt, src + p, (int)(q - p), cdata);
    p = q + 1;
  }
  if (!cdata) note_end(ctxt, ps);
  return 1;
}

static void wrapped(void *ctx, const xmlChar *ch, int len, int cdata) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  if (ps->ndrops && without_drops(ctxt, ps, ch, len, cdata)) return;
  if (ps->have_prev && !cdata && ctxt->input) {
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
  int skip = ps->skip_len;
  ps->skip_len = 0;
  if (skip && !cdata && len == skip && !memcmp(ch, ps->skip, (size_t)len)) return;
  int m;
  if (!cdata && is_c1_reference(ctxt, ch, len)) {
    len = (int)utf8_encode(htmlstream_c1[ch[1] - 0x80], mapped);
    ch = (const xmlChar *)mapped;
  } else if (!cdata && (m = legacy_reference(ctxt, ps, ch, len, mapped, sizeof mapped)) > 0) {
    len = m;
    ch = (const xmlChar *)mapped;
  }
  xmlNodePtr parent = ctxt->node;
  xmlNodePtr last = parent ? parent->last : NULL;
  if (!parent && ctxt->html && ctxt->myDoc) {
    /* libxml2 drops text after </html>; a browser appends it to body. It is
     * kept under the root here, where the view builder finds it. */
    parent = xmlDocGetRootElement(ctxt->myDoc);
    if (!parent) return;
    last = parent->last;
    xmlNodePtr t = xmlNewDocTextLen(ctxt->myDoc, ch, len);
    if (!t) return;
    xmlNodePtr saved = ctxt->node;
    xmlAddChild(parent, t); /* may merge into a text node already there */
    ctxt->node = saved;
  } else {
    (cdata ? ps->cdata : ps->characters)(ctx, ch, len);
    parent = ctxt->node;
  }
  xmlNodePtr t = parent ? parent->last : NULL;
  if (!t || (t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE)) {
    ps->last_text = NULL;
    return;
  }
  size_t off = t != last ? 0
               : t == ps->last_text ? ps->last_len
                                    : (size_t)xmlStrlen(t->content) - (size_t)len;
  ps->last_text = t;
  ps->last_len = off + (size_t)len;
  record_position(ctxt, ps, t, off, ch, len);
  if (!cdata) note_end(ctxt, ps);
}

static void fill_gap(xmlParserCtxtPtr ctxt, parse_state *ps, const xmlChar *to);

/* The '<' of the tag being reported: the last one before the cursor. */
static const xmlChar *tag_start(xmlParserCtxtPtr ctxt) {
  xmlParserInputPtr in = ctxt->input;
  const xmlChar *p = in->cur < in->end ? in->cur : in->end - 1;
  while (p > in->base && *p != '<') p--;
  return p;
}

/* With scripting on, a browser reads <noscript> as raw text: its content is
 * the markup as written. libxml2 parses it; put the raw text back. */
static void on_start_element(void *ctx, const xmlChar *name, const xmlChar **atts) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  fill_gap(ctxt, ps, tag_start(ctxt));
  ps->start_element(ctx, name, atts);
  if (!xmlStrEqual(name, BAD_CAST "noscript") || ps->noscript_depth++ > 0) return;
  xmlParserInputPtr in = ctxt->input;
  const xmlChar *p = in->cur;
  while (p < in->end && *p != '>') p++;
  ps->noscript_from = input_offset(in, p < in->end ? p + 1 : p);
}

static void on_end_element(void *ctx, const xmlChar *name) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  fill_gap(ctxt, ps, tag_start(ctxt));
  xmlNodePtr n = ctxt->node;
  if (xmlStrEqual(name, BAD_CAST "noscript") && ps->noscript_depth > 0 &&
      --ps->noscript_depth == 0 && n && xmlStrEqual(n->name, BAD_CAST "noscript")) {
    xmlParserInputPtr in = ctxt->input;
    if (ps->noscript_from >= in->consumed) {
      const xmlChar *from = in->base + (ps->noscript_from - in->consumed);
      const xmlChar *to = NULL;
      for (const xmlChar *p = in->cur - 1; p && p >= from && p + 10 <= in->end; p--)
        if (p[0] == '<' && p[1] == '/' && !xmlStrncasecmp(p + 2, BAD_CAST "noscript", 8)) {
          to = p;
          break;
        }
      xmlNodePtr t = to && from <= in->cur ? xmlNewDocTextLen(n->doc, from, (int)(to - from)) : NULL;
      if (t) {
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
        if (text_pos_add(&ps->pos, t, 0, line, col)) ps->oom = 1;
      }
    }
  }
  ps->end_element(ctx, name);
}

static void on_characters(void *ctx, const xmlChar *ch, int len) {
  wrapped(ctx, ch, len, 0);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len) {
  wrapped(ctx, ch, len, 1);
}

/* ---- what XML loading refuses ---------------------------------------------
 * External entities and DTDs are never read (on_get_entity and
 * on_get_parameter_entity answer for them, refuse_entity backs them up), and
 * entity references may add only so much. What that costs the document is
 * said on stderr: a refused entity is a warning (the document loads without
 * its text), a stopped expansion an error. */

/* The line of the reference being expanded: errors inside an entity's value
 * come from a context of its own, whose lines are the value's. */
static int reference_line(const parse_state *ps, xmlParserCtxtPtr ctxt, int line) {
  if (ps->main && ctxt != ps->main && ps->main->input) line = ps->main->input->line;
  return line > 0 ? line : 1;
}

/* One warning per entity (a document may reference one thousands of times),
 * and at most WARN_MAX per document; key names what is warned about. */
enum { WARN_MAX = 10 };

__attribute__((format(printf, 4, 5)))
static void warn_once(parse_state *ps, int line, const char *key, const char *fmt, ...) {
  buf k = BUF_INIT;
  if (buf_printf(&k, "\n%s\n", key)) {
    ps->oom = 1;
    return;
  }
  int seen = ps->warned.s && strstr(ps->warned.s, k.s);
  if (!seen && buf_add(&ps->warned, k.s + (ps->warned.len ? 1 : 0), k.len - (ps->warned.len ? 1 : 0)))
    ps->oom = 1;
  buf_free(&k);
  if (seen) return;
  if (ps->nwarnings == WARN_MAX) {
    ps->unlisted++;
    return;
  }
  ps->nwarnings++;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (buf_printf(&ps->warnings, "%s:%d: warning: %s\n", ps->name, line, msg)) ps->oom = 1;
}

/* An external entity (ent) or resource (url) glossa did not read. */
static void warn_refused(parse_state *ps, int line, xmlEntityPtr ent, const char *url) {
  const char *where = ent && ent->SystemID ? (const char *)ent->SystemID : url ? url : "?";
  char key[300];
  if (ent && ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY) {
    snprintf(key, sizeof key, "&%s", (const char *)ent->name);
    warn_once(ps, line, key,
              "external entity \"%s\" (%s) not loaded: glossa never reads files or URLs "
              "a document names, so the reference is left out of the text",
              (const char *)ent->name, where);
  } else if (ent && ent->etype == XML_EXTERNAL_PARAMETER_ENTITY) {
    snprintf(key, sizeof key, "%%%s", (const char *)ent->name);
    warn_once(ps, line, key,
              "external parameter entity \"%%%s\" (%s) not loaded: glossa never reads files "
              "or URLs a document names, so the declarations in it are missing",
              (const char *)ent->name, where);
  } else {
    snprintf(key, sizeof key, "<%s", where);
    warn_once(ps, line, key,
              "%s not loaded: glossa never reads files or URLs a document names", where);
  }
}

/* The loader libxml2 calls for every external resource: nothing is opened.
 * External entities do not get here (the wrappers below answer for them
 * before libxml2 would look the file up); this is the backstop. */
static xmlParserInputPtr refuse_entity(const char *url, const char *id,
                                       xmlParserCtxtPtr ctxt) {
  (void)id;
  parse_state *ps = ctxt ? ctxt->_private : NULL; /* only doc.c makes parsers */
  if (ps && ps->name)
    warn_refused(ps, reference_line(ps, ctxt, ctxt->input ? ctxt->input->line : 0), NULL, url);
  return NULL;
}

/* A reference to an entity the document does not declare is only a warning
 * in libxml2 when an external DTD or parameter entity (which glossa does
 * not read) might have declared it; the reference is left out. */
static void warn_undeclared(xmlParserCtxtPtr ctxt, parse_state *ps, xmlErrorPtr err) {
  const char *name = err->str1 ? err->str1 : "?";
  int pe = err->message && !strncmp(err->message, "PEReference", 11);
  char key[300];
  snprintf(key, sizeof key, "?%s%s", pe ? "%" : "", name);
  xmlDtdPtr dtd = ctxt->myDoc ? ctxt->myDoc->intSubset : NULL;
  const char *ext = dtd && dtd->SystemID ? (const char *)dtd->SystemID
                    : dtd && dtd->ExternalID ? (const char *)dtd->ExternalID : NULL;
  int line = reference_line(ps, ctxt, err->line);
  if (pe)
    warn_once(ps, line, key,
              "parameter entity \"%%%s\" is not declared in the document, so it is left out%s%s%s",
              name, ext ? ": glossa never reads the external DTD (" : "", ext ? ext : "",
              ext ? ") that may declare it" : "");
  else if (ext)
    warn_once(ps, line, key,
              "entity \"%s\" is not declared in the document, so it is left out: glossa never "
              "reads the external DTD (%s) that may declare it (declare it in the document, or "
              "use a character reference)",
              name, ext);
  else
    warn_once(ps, line, key,
              "entity \"%s\" is not declared in the document, so it is left out: it may be "
              "declared in an external parameter entity, which glossa never reads",
              name);
}

/* Entity references may add at most this much to a document, or as much as
 * the file itself holds if that is more. Below libxml2's 10 MB limit on a
 * text node, so that text from entities meets this limit first. */
#define EXPAND_MIN ((size_t)8 << 20)

/* What a reference to ent adds: its replacement's text and nodes once
 * libxml2 has parsed it (a node costs what its struct does: entities full
 * of empty elements amplify too), else its value (whose own references are
 * counted as they are expanded). */
static size_t expansion_size(xmlEntityPtr ent) {
  if (!ent->children) return ent->length > 0 ? (size_t)ent->length : 0;
  size_t n = 0;
  int depth = 0;
  for (xmlNodePtr c = ent->children; c;) {
    n += sizeof *c;
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      n += strlen((const char *)c->content);
    if (c->type == XML_ELEMENT_NODE && c->children) {
      c = c->children;
      depth++;
      continue;
    }
    while (!c->next && depth > 0) {
      c = c->parent;
      depth--;
    }
    c = c->next;
  }
  return n;
}

static void stop_expansion(xmlParserCtxtPtr ctxt, parse_state *ps) {
  ps->stopped = 1;
  snprintf(ps->error, sizeof ps->error,
           "entity expansion too large: the entity references add more than %zu MB to the "
           "document (glossa's limit: %zu MB, or the file's size if larger)",
           ps->expand_limit >> 20, EXPAND_MIN >> 20);
  ps->error_line = reference_line(ps, ctxt, ctxt->input ? ctxt->input->line : 0);
  /* stop the entity's context and the document's: both go on otherwise */
  ctxt->wellFormed = 0;
  xmlStopParser(ctxt);
  if (ps->main && ps->main != ctxt) {
    ps->main->wellFormed = 0;
    xmlStopParser(ps->main);
  }
}

/* libxml2 asks for each entity reference (also while reading the DTD and
 * attribute values). References in content and attributes are counted
 * against expand_limit. A text-only entity referenced in content is handed
 * back as a predefined entity, whose text libxml2 passes to the characters
 * callback: otherwise it copies the text and appends it to the text node,
 * re-measuring the whole node each time, which makes many references in
 * one paragraph quadratic. */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  if (ps->stopped) return NULL;
  xmlEntityPtr ent = ps->get_entity(ctx, name);
  int content = ctxt->instate == XML_PARSER_CONTENT;
  if (!ent || (!content && ctxt->instate != XML_PARSER_ATTRIBUTE_VALUE)) return ent;
  int d = ctxt->depth < 0 ? 0 : ctxt->depth > 63 ? 63 : ctxt->depth;
  for (int i = d + 1; i <= ps->chain_top; i++) ps->chain[i] = NULL;
  ps->chain[d] = ent;
  ps->chain_top = d;
  if (ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY && content) {
    /* Answered here: on the way to the loader libxml2 would stat the file
     * (an automounter may go to the network for that). A predefined entity
     * without content makes the reference nothing. */
    warn_refused(ps, reference_line(ps, ctxt, ctxt->input ? ctxt->input->line : 0), ent, NULL);
    memset(&ps->text_entity, 0, sizeof ps->text_entity);
    ps->text_entity.type = XML_ENTITY_DECL;
    ps->text_entity.etype = XML_INTERNAL_PREDEFINED_ENTITY;
    ps->text_entity.name = ent->name;
    return &ps->text_entity;
  }
  if (ent->etype != XML_INTERNAL_GENERAL_ENTITY) return ent;
  xmlNodePtr t = ent->children;
  int text_only = content && t && t == ent->last && t->type == XML_TEXT_NODE && t->content;
  /* text-only: its text is appended to the text node there, no node added */
  size_t n = text_only ? strlen((const char *)t->content) : expansion_size(ent);
  ps->expanded = n > SIZE_MAX - ps->expanded ? SIZE_MAX : ps->expanded + n;
  if (ps->expanded > ps->expand_limit) {
    stop_expansion(ctxt, ps);
    return NULL;
  }
  if (text_only) {
    memset(&ps->text_entity, 0, sizeof ps->text_entity);
    ps->text_entity.type = XML_ENTITY_DECL;
    ps->text_entity.etype = XML_INTERNAL_PREDEFINED_ENTITY;
    ps->text_entity.name = ent->name;
    ps->text_entity.content = t->content;
    ps->text_entity.length = (int)n;
    return &ps->text_entity;
  }
  /* libxml2 adds this one's nodes itself, past what wrapped has seen */
  if (content) ps->last_text = NULL;
  return ent;
}

/* An external parameter entity is answered as an empty internal one, for
 * the same reason. */
static xmlEntityPtr on_get_parameter_entity(void *ctx, const xmlChar *name) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  xmlEntityPtr ent = ps->get_parameter_entity(ctx, name);
  if (!ent || ent->etype != XML_EXTERNAL_PARAMETER_ENTITY) return ent;
  warn_refused(ps, reference_line(ps, ctxt, ctxt->input ? ctxt->input->line : 0), ent, NULL);
  memset(&ps->param_entity, 0, sizeof ps->param_entity);
  ps->param_entity.type = XML_ENTITY_DECL;
  ps->param_entity.etype = XML_INTERNAL_PARAMETER_ENTITY;
  ps->param_entity.name = ent->name;
  ps->param_entity.content = BAD_CAST "";
  return &ps->param_entity;
}

/* libxml2 says "Detected an entity reference loop" both for a loop and for
 * its amplification limit (billion laughs); tell them apart by the chain of
 * entities being expanded. */
static void entity_loop_message(const parse_state *ps, xmlParserCtxtPtr ctxt, char *out,
                                size_t outsz) {
  int top = ps->chain_top < ctxt->depth ? ps->chain_top : ctxt->depth;
  for (int i = 0; i <= top; i++)
    for (int j = i + 1; ps->chain[i] && j <= top; j++)
      if (ps->chain[j] == ps->chain[i]) {
        const xmlChar *via = NULL;
        for (int k = i + 1; k < j && !via; k++)
          if (ps->chain[k] && ps->chain[k] != ps->chain[i]) via = ps->chain[k]->name;
        snprintf(out, outsz, "entity reference loop: entity \"%s\" refers to itself%s%s%s",
                 (const char *)ps->chain[i]->name, via ? " through \"" : "",
                 via ? (const char *)via : "", via ? "\"" : "");
        return;
      }
  if (ctxt->depth >= 40)
    snprintf(out, outsz, "entity references nested too deep (libxml2's limit)");
  else
    snprintf(out, outsz,
             "entity expansion too large: the entities expand to far more text than the "
             "file holds (libxml2's limit on entity amplification)");
}

/* Keeps the first error: later ones are mostly consequences of it. */
/* libxml2's messages for the mistakes people make most in XML, worded for
 * them, with what to do: the message is kept, the hint follows. */
static const struct {
  const char *prefix, *hint;
} hints[] = {
    {"xmlParseEntityRef: no name",
     "a '&' that starts no entity: in XML write it as &amp; (or read the file as HTML: -t html)"},
    {"EntityRef: expecting ';'",
     "an entity reference without its ';': write &amp; for a lone '&', &name; for an entity "
     "(or read the file as HTML: -t html)"},
    {"Entity '", "XML knows only &amp; &lt; &gt; &quot; &apos; unless a DTD declares more: write "
                 "a character reference (&#160; for &nbsp;), or read the file as HTML: -t html"},
    {"StartTag: invalid element name",
     "a '<' that starts no tag: in XML text write it as &lt; (or read the file as HTML: -t html)"},
    {"Opening and ending tag mismatch",
     "XML closes elements in the order they were opened (<p><b>x</b></p>); HTML, which does "
     "not, reads with -t html"},
    {"Premature end of data in tag", "the file ends before this element is closed"},
    {"AttValue: \" or ' expected", "XML attribute values are quoted: a=\"1\" (HTML, which does not "
                                   "need it, reads with -t html)"},
    {"Extra content at the end of the document",
     "an XML document has one root element; this is more after it (HTML reads with -t html)"},
};

/* Writes libxml2's message msg into out, with its hint when one applies. */
static void explain(char *out, size_t size, const char *msg) {
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) n--;
  for (size_t i = 0; i < sizeof hints / sizeof *hints; i++)
    if (!strncmp(msg, hints[i].prefix, strlen(hints[i].prefix))) {
      snprintf(out, size, "%.*s: %s", (int)n, msg, hints[i].hint);
      return;
    }
  snprintf(out, size, "%.*s", (int)n, msg);
}

static void on_error(void *ctx, xmlErrorPtr err) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt ? ctxt->_private : NULL;
  if (!ps || !err) return;
  if (err->code == XML_WAR_UNDECLARED_ENTITY && ps->name && !ctxt->html) {
    warn_undeclared(ctxt, ps, err);
    return;
  }
  if (err->level < XML_ERR_ERROR || ps->error[0]) return;
  if (err->code == XML_ERR_ENTITY_LOOP && !ctxt->html)
    entity_loop_message(ps, ctxt, ps->error, sizeof ps->error);
  else if (err->code == XML_ERR_INTERNAL_ERROR && err->message &&
           !strncmp(err->message, "Excessive depth in document", 27))
    /* libxml2's hint names a parser option glossa does not offer: lifting
     * the limit would also lift libxml2's guards on entity expansion, and
     * it copies entity content recursively */
    snprintf(ps->error, sizeof ps->error,
             "elements nested more than %u deep: libxml2 reads XML only to that depth, "
             "so glossa cannot load this document",
             xmlParserMaxDepth);
  else if (err->code == XML_ERR_UNSUPPORTED_ENCODING && err->str1)
    snprintf(ps->error, sizeof ps->error,
             "the document declares the encoding %s, which iconv cannot decode: convert the "
             "file to UTF-8, or correct its encoding declaration",
             err->str1);
  else if (err->code == XML_ERR_NO_MEMORY && err->message && strstr(err->message, "huge text node"))
    /* not out of memory: libxml2's limit (XML_MAX_TEXT_LENGTH) */
    snprintf(ps->error, sizeof ps->error,
             "text too long: over 10 MB of text without markup in one place (libxml2's limit)");
  else
    explain(ps->error, sizeof ps->error, err->message ? err->message : "parse error");
  size_t n = strlen(ps->error);
  while (n && (ps->error[n - 1] == '\n' || ps->error[n - 1] == ' ')) ps->error[--n] = '\0';
  ps->error_line = reference_line(ps, ctxt, err->line);
  /* inside an entity's text the column is the entity's, not the file's */
  ps->error_col = ctxt == ps->main && err->domain == XML_FROM_PARSER && err->int2 > 0 ? err->int2 : 0;
}

/* What reaches the thread's handler during a parse (no parser context
 * with it): kept as the first error, if it is one, worded for the user. */
static void on_loose_error(void *ctx, xmlErrorPtr err) {
  parse_state *ps = ctx;
  if (!err || err->level < XML_ERR_ERROR || ps->error[0]) return;
  xmlParserCtxtPtr main = ps->main;
  const char *msg = err->message ? err->message : "parse error";
  const char *bytes = strstr(msg, "bytes ");
  const char *enc = main && main->input && main->input->encoding ? (const char *)main->input->encoding
                    : main && main->encoding                    ? (const char *)main->encoding
                                                                : NULL;
  if (err->domain == XML_FROM_I18N && bytes)
    snprintf(ps->error, sizeof ps->error,
             "the text does not decode as %s%s (%.*s cannot be read): convert the file to "
             "UTF-8, or correct its encoding declaration",
             enc ? enc : "the encoding it declares", enc ? ", the encoding it declares" : "",
             (int)strcspn(bytes, "\n"), bytes);
  else
    snprintf(ps->error, sizeof ps->error, "%s", msg);
  size_t n = strlen(ps->error);
  while (n && (ps->error[n - 1] == '\n' || ps->error[n - 1] == ' ')) ps->error[--n] = '\0';
  ps->error_line = main && main->input && main->input->line > 0 ? main->input->line : 1;
}

/* Routes the thread's libxml2 messages to ps while it parses. */
typedef struct loose {
  xmlStructuredErrorFunc fn;
  void *ctx;
} loose;

static loose route_errors(parse_state *ps) {
  loose saved = {xmlStructuredError, xmlStructuredErrorContext};
  xmlSetStructuredErrorFunc(ps, on_loose_error);
  return saved;
}

static void restore_errors(loose saved) { xmlSetStructuredErrorFunc(saved.ctx, saved.fn); }

static void hook(xmlParserCtxtPtr ctxt, parse_state *ps) {
  ps->characters = ctxt->sax->characters ? ctxt->sax->characters : xmlSAX2Characters;
  ps->cdata = ctxt->sax->cdataBlock ? ctxt->sax->cdataBlock : xmlSAX2CDataBlock;
  ctxt->sax->characters = on_characters;
  ctxt->sax->cdataBlock = on_cdata;
  if (ctxt->sax->ignorableWhitespace == ps->characters)
    ctxt->sax->ignorableWhitespace = on_characters;
  if (ctxt->html) {
    ps->start_element = ctxt->sax->startElement;
    ps->end_element = ctxt->sax->endElement;
    ctxt->sax->startElement = on_start_element;
    ctxt->sax->endElement = on_end_element;
  } else {
    ps->get_entity = ctxt->sax->getEntity ? ctxt->sax->getEntity : xmlSAX2GetEntity;
    ps->get_parameter_entity = ctxt->sax->getParameterEntity ? ctxt->sax->getParameterEntity
                                                             : xmlSAX2GetParameterEntity;
    ctxt->sax->getEntity = on_get_entity;
    ctxt->sax->getParameterEntity = on_get_parameter_entity;
  }
  ctxt->sax->serror = on_error;
  ctxt->sax->warning = NULL;
  ctxt->sax->error = NULL;
  ctxt->_private = ps;
  ps->main = ctxt;
}

static void set_parse_error(buf *err, const char *name, const parse_state *ps) {
  if (ps->error[0] && ps->error_col)
    buf_printf(err, "%s:%d:%d: %s", name, ps->error_line, ps->error_col, ps->error);
  else if (ps->error[0]) buf_printf(err, "%s:%d: %s", name, ps->error_line, ps->error);
  else buf_printf(err, "%s: not well-formed XML", name);
}

/* ---- plain text ---------------------------------------------------------- */

static int is_blank_line(const char *p, const char *end) {
  for (; p < end && *p != '\n'; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\f' && *p != '\v')
      return 0;
  return 1;
}

static int add_text_node(xmlNodePtr parent, const char *s, size_t n,
                         unsigned long line, unsigned long col, text_posbuf *pb) {
  xmlNodePtr t = xmlNewTextLen(BAD_CAST s, (int)n);
  if (!t) return -1;
  xmlAddChild(parent, t);
  return text_pos_add(pb, t, 0, line, col);
}

/* The tree <text><p>…</p>…</text>: paragraphs are runs of non-blank lines;
 * the newlines and blank lines between them are text nodes of <text>, so the
 * text nodes concatenate to the input byte for byte. */
static int build_text_tree(document *d, const char *s, size_t len, text_posbuf *pb) {
  d->xml = xmlNewDoc(BAD_CAST "1.0");
  if (!d->xml) return -1;
  xmlNodePtr root = xmlNewDocNode(d->xml, NULL, BAD_CAST "text", NULL);
  if (!root) return -1;
  xmlDocSetRootElement(d->xml, root);
  d->root = root;
  size_t pos = 0, sep = 0;
  unsigned long line = 1, sep_line = 1, sep_col = 1;
  while (pos < len) {
    const char *nl = memchr(s + pos, '\n', len - pos);
    size_t lend = nl ? (size_t)(nl - s) : len;
    if (is_blank_line(s + pos, s + lend)) {
      pos = nl ? lend + 1 : len;
      line += nl != NULL;
      continue;
    }
    size_t ps = pos, pe = lend, last = pos;
    unsigned long pline = line, lline = line;
    pos = nl ? lend + 1 : len;
    line += nl != NULL;
    while (pos < len) {
      nl = memchr(s + pos, '\n', len - pos);
      lend = nl ? (size_t)(nl - s) : len;
      if (is_blank_line(s + pos, s + lend)) break;
      last = pos, pe = lend, lline = line;
      pos = nl ? lend + 1 : len;
      line += nl != NULL;
    }
    if (ps > sep && add_text_node(root, s + sep, ps - sep, sep_line, sep_col, pb))
      return -1;
    xmlNodePtr para = xmlNewDocNode(d->xml, NULL, BAD_CAST "p", NULL);
    if (!para) return -1;
    para->line = pline < 65535 ? (unsigned short)pline : 65535;
    xmlAddChild(root, para);
    if (add_text_node(para, s + ps, pe - ps, pline, 1, pb)) return -1;
    sep = pe;
    sep_line = lline;
    sep_col = 1 + utf8_count(s + last, pe - last);
  }
  if (len > sep && add_text_node(root, s + sep, len - sep, sep_line, sep_col, pb))
    return -1;
  return 0;
}

/* Converts UTF-16 (after its BOM) to UTF-8 into out. */
static int from_utf16(const char *data, size_t len, const char *enc, buf *out) {
  iconv_t cd = iconv_open("UTF-8", enc);
  if (cd == (iconv_t)-1) return -1;
  int rc = 0;
  char *in = (char *)data;
  size_t inleft = len;
  while (inleft > 0) {
    if (buf_reserve(out, inleft * 2 + 16)) { rc = -1; break; }
    char *o = out->s + out->len;
    size_t oleft = out->cap - out->len - 1;
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    out->len = (size_t)(o - out->s);
    out->s[out->len] = '\0';
    if (r == (size_t)-1 && errno != E2BIG) { rc = -1; break; }
  }
  iconv_close(cd);
  return rc;
}

static int line_of(const char *s, size_t off) {
  int line = 1;
  for (size_t i = 0; i < off; i++) line += s[i] == '\n';
  return line;
}

static int parse_text(document *d, const char *data, size_t len, buf *err) {
  buf u = BUF_INIT;
  const char *s = data;
  if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
    s += 3;
    len -= 3;
  } else if (len >= 2 && (!memcmp(s, "\xFF\xFE", 2) || !memcmp(s, "\xFE\xFF", 2))) {
    const char *enc = s[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    if (from_utf16(s + 2, len - 2, enc, &u)) {
      buf_printf(err, "%s: not valid %s (it starts with a %s byte order mark)",
                 d->name, enc, enc);
      buf_free(&u);
      return -1;
    }
    s = u.s ? u.s : "";
    len = u.len;
  }
  size_t bad;
  int rc = -1;
  const char *nul = memchr(s, '\0', len);
  if (nul) {
    size_t off = (size_t)(nul - s);
    buf_printf(err, "%s:%d: NUL byte at byte offset %zu: this looks like a binary file, not text",
               d->name, line_of(s, off), off);
  } else if (!utf8_valid(s, len, &bad)) {
    buf_printf(err, "%s:%d: invalid UTF-8 at byte offset %zu (convert the file first, e.g. iconv -f latin1 -t utf-8)",
               d->name, line_of(s, bad), bad);
  } else {
    text_posbuf pb = {0};
    if (build_text_tree(d, s, len, &pb) == 0 && text_build(&d->view, d->root, TEXT_PLAIN, &pb) == 0)
      rc = 0;
    else
      buf_printf(err, "%s: out of memory", d->name);
    text_pos_free(&pb);
  }
  buf_free(&u);
  return rc;
}

/* ---- HTML and XML -------------------------------------------------------- */

static xmlNodePtr find_child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
      return c;
  return NULL;
}

/* libxml2 keeps in <head> the elements it does not know (custom elements,
 * main, header, svg, math) when no <body> tag came first, and their text
 * was lost to the view; a browser's head ends at the first element that
 * does not belong there, which starts the body. So that element and all
 * after it in head go to the start of body, in order. */
static void out_of_head(xmlNodePtr head, xmlNodePtr body) {
  static const char *const keep[] = {"base", "basefont", "bgsound", "link", "meta", "title",
                                     "noscript", "noframes", "style", "script", "template",
                                     NULL};
  xmlNodePtr c = head ? head->children : NULL;
  for (; c; c = c->next) {
    if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) continue;
    if (c->type == XML_TEXT_NODE) {
      const xmlChar *t = c->content;
      while (t && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\f' || *t == '\r')) t++;
      if (!t || !*t) continue;
      break;
    }
    if (c->type != XML_ELEMENT_NODE) continue;
    int ok = 0;
    for (const char *const *k = keep; *k && !ok; k++) ok = xmlStrEqual(c->name, BAD_CAST * k);
    if (!ok) break;
  }
  if (!c) return;
  /* unlink c .. head->last, then put the run before body's first child */
  xmlNodePtr first = c, last = head->last;
  if (first->prev) first->prev->next = NULL;
  else head->children = NULL;
  head->last = first->prev;
  first->prev = NULL;
  for (xmlNodePtr n = first; n; n = n->next) n->parent = body;
  last->next = body->children;
  if (body->children) body->children->prev = last;
  else body->last = last;
  body->children = first;
}

/* NUL bytes are no text, but a file holding them is damaged or not HTML:
 * say what became of them. */
static int nul_warning(buf *warn, const char *name, const htmlstream *hs) {
  return buf_printf(warn,
                    "%s:%lu: warning: %zu NUL byte%s, read as a browser reads %s: %zu left out "
                    "of the text, %zu replaced by U+FFFD (in tags, attributes, comments, raw "
                    "text, SVG and MathML)\n",
                    name, hs->nul_line, hs->nuls, hs->nuls == 1 ? "" : "s",
                    hs->nuls == 1 ? "it" : "them", hs->ndrops, hs->nuls - hs->ndrops);
}

/* Files that are not HTML whatever their name: libxml2 reads anything as
 * HTML, so a PNG or a gzip-compressed page named .html became a page of
 * junk text without a word. */
static const struct magic {
  const char *bytes;
  size_t len, at;
  const char *what;
} magics[] = {
  {"\x89PNG\r\n\x1a\n", 8, 0, "a PNG image, not HTML"},
  {"\xFF\xD8\xFF", 3, 0, "a JPEG image, not HTML"},
  {"GIF87a", 6, 0, "a GIF image, not HTML"},
  {"GIF89a", 6, 0, "a GIF image, not HTML"},
  {"WEBP", 4, 8, "a WebP image, not HTML"},
  {"%PDF-", 5, 0, "a PDF document, not HTML"},
  {"PK\x03\x04", 4, 0, "a ZIP archive (or a .docx, .odt or .epub), not HTML"},
  {"PK\x05\x06", 4, 0, "a ZIP archive, not HTML"},
  {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, 0, "a Microsoft Office (OLE) file, not HTML"},
  {"\x1F\x8B", 2, 0, "gzip-compressed data, not HTML: decompress it first (gunzip)"},
  {"\xFD" "7zXZ", 5, 0, "xz-compressed data, not HTML: decompress it first (unxz)"},
  {"\x28\xB5\x2F\xFD", 4, 0, "zstd-compressed data, not HTML: decompress it first (unzstd)"},
  {"BZh", 3, 0, NULL}, /* bzip2, checked further below */
  {"7z\xBC\xAF\x27\x1C", 6, 0, "a 7-Zip archive, not HTML"},
  {"\x7F" "ELF", 4, 0, "a program (ELF), not HTML"},
};

/* Refuses, with a message in err, an "HTML" file that is binary: one that
 * starts with a known file signature, or whose first KB holds many control
 * bytes (a page with a few NULs is damaged but HTML: htmlstream reads them
 * as a browser does). Returns -1 when refused. */
static int html_binary(const document *d, const char *data, size_t len, buf *err) {
  for (size_t i = 0; i < sizeof magics / sizeof *magics; i++) {
    const struct magic *m = &magics[i];
    if (len < m->at + m->len || memcmp(data + m->at, m->bytes, m->len)) continue;
    if (m->at == 8 && memcmp(data, "RIFF", 4)) continue;
    const char *what = m->what;
    if (!what) { /* "BZh" + block size digit + the block magic */
      if (len < 10 || data[3] < '1' || data[3] > '9' || memcmp(data + 4, "1AY&SY", 6)) continue;
      what = "bzip2-compressed data, not HTML: decompress it first (bunzip2)";
    }
    buf_printf(err, "%s: this is %s", d->name, what);
    return -1;
  }
  if (len >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2)))
    return 0; /* UTF-16, read as such */
  size_t look = len < 1024 ? len : 1024, nuls = 0, ctls = 0, first = SIZE_MAX;
  for (size_t i = 0; i < look; i++) {
    unsigned char c = (unsigned char)data[i];
    /* not text: C0 controls but tab, newlines, form feed, VT and ESC
     * (seen in pasted text and logs), and DEL */
    int ctl = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
               c != 0x1B) || c == 0x7F;
    if (!ctl) continue;
    if (first == SIZE_MAX) first = i;
    if (c) ctls++;
    else nuls++;
  }
  /* random bytes hold 10% controls and 0.4% NULs; the damaged pages of
   * tests/html/nul up to 8% NULs and no other control */
  if ((ctls >= 8 && ctls * 20 >= look) || (nuls >= 16 && nuls * 4 >= look)) {
    buf_printf(err, "%s:%d: %zu control bytes and %zu NUL bytes in its first %zu bytes (the first at "
                    "byte offset %zu): this looks like a binary file, not HTML",
               d->name, line_of(data, first), ctls, nuls, look, first);
    return -1;
  }
  return 0;
}

static int parse_html(document *d, char *data, size_t len, buf *err, buf *warn) {
  if (html_binary(d, data, len, err)) return -1;
  buf utf8 = BUF_INIT;
  htmlstream hs;
  /* d->src keeps the bytes as read; each source character is one code
   * point of what is parsed, on the same line */
  const char *text = htmlstream_prepare(data, &len, &utf8, &hs);
  if (!text) {
    buf_free(&utf8);
    buf_printf(err, "%s: out of memory", d->name);
    return -1;
  }
  parse_state ps;
  memset(&ps, 0, sizeof ps);
  ps.drops = hs.drops;
  ps.ndrops = hs.ndrops;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) goto oom;
  hook(ctxt, &ps);
  int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
             HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  /* RECOVER: script text ends only at its own end tag. HUGE: past 256 levels
   * libxml2 would drop the rest of the text without a word; the view builder
   * walks without recursion, so deep trees are fine. IGNORE_ENC: the text is
   * UTF-8 now, whatever its <meta> says. */
  loose saved = route_errors(&ps);
  if (len > 0) d->xml = htmlCtxtReadMemory(ctxt, text, (int)len, d->name, "UTF-8", opts);
  restore_errors(saved);
  htmlFreeParserCtxt(ctxt);
  buf_free(&utf8);
  if (ps.oom) goto oom;
  if (!d->xml) {
    /* an empty or all-junk file: an empty page, as a browser shows */
    d->xml = htmlNewDocNoDtD(NULL, NULL);
    if (!d->xml) goto oom;
  }
  if (hs.nuls && nul_warning(warn, d->name, &hs)) goto oom;
  htmlstream_free(&hs);
  xmlNodePtr html = xmlDocGetRootElement(d->xml);
  if (!html) {
    html = xmlNewDocNode(d->xml, NULL, BAD_CAST "html", NULL);
    if (!html) goto oom;
    xmlDocSetRootElement(d->xml, html);
  }
  d->root = find_child(html, "body");
  if (!d->root) {
    d->root = xmlNewChild(html, NULL, BAD_CAST "body", NULL);
    if (!d->root) goto oom;
  }
  out_of_head(find_child(html, "head"), d->root);
  if (text_build(&d->view, d->root, TEXT_HTML, &ps.pos)) goto oom;
  text_pos_free(&ps.pos);
  return 0;
oom:
  text_pos_free(&ps.pos);
  buf_free(&utf8);
  htmlstream_free(&hs);
  buf_printf(err, "%s: out of memory", d->name);
  return -1;
}

/* Hands the warnings of a parse on: into warn when the document loads, else
 * ahead of the error in err. */
static void pass_warnings(parse_state *ps, const char *name, buf *warn) {
  if (ps->unlisted)
    buf_printf(&ps->warnings, "%s: warning: %zu more entities not loaded or not declared (not listed)\n",
               name, ps->unlisted);
  if (ps->warnings.len && buf_add(warn, ps->warnings.s, ps->warnings.len)) ps->oom = 1;
  buf_free(&ps->warnings);
  buf_free(&ps->warned);
}

static int parse_xml(document *d, const char *data, size_t len, buf *err, buf *warn) {
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    buf_printf(err, "%s: out of memory", d->name);
    return -1;
  }
  parse_state ps;
  memset(&ps, 0, sizeof ps);
  hook(ctxt, &ps);
  ps.name = d->name;
  ps.expand_limit = len > EXPAND_MIN ? len : EXPAND_MIN;
  /* NOENT substitutes internal entities (within expand_limit, and libxml2's
   * amplification limits apply); external ones reach refuse_entity. */
  int opts = XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_NOWARNING;
  if (len == 0) {
    buf_printf(err, "%s:1: the file is empty, and an XML document needs a root element", d->name);
    xmlFreeParserCtxt(ctxt);
    return -1;
  }
  loose saved = route_errors(&ps);
  d->xml = xmlCtxtReadMemory(ctxt, data, (int)len, d->name, NULL, opts);
  restore_errors(saved);
  if (!d->xml || !ctxt->wellFormed || ps.stopped) {
    pass_warnings(&ps, d->name, err);
    set_parse_error(err, d->name, &ps);
    xmlFreeParserCtxt(ctxt);
    text_pos_free(&ps.pos);
    return -1;
  }
  xmlFreeParserCtxt(ctxt);
  pass_warnings(&ps, d->name, warn);
  d->root = xmlDocGetRootElement(d->xml);
  int rc = ps.oom ? -1 : text_build(&d->view, d->root, TEXT_XML, &ps.pos);
  text_pos_free(&ps.pos);
  if (rc) {
    buf_printf(err, "%s: out of memory", d->name);
    return -1;
  }
  return 0;
}

document *doc_parse(const char *path, const char *data, size_t len,
                    doc_type type, buf *err) {
  document *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  annot_init(&d->annots);
  d->path = strdup(path);
  d->name = strdup(strcmp(path, "-") ? path : "<stdin>");
  d->src = malloc(len + 1);
  if (!d->path || !d->name || !d->src) {
    buf_printf(err, "%s: out of memory", path);
    doc_free(d);
    return NULL;
  }
  memcpy(d->src, data, len);
  d->src[len] = '\0';
  d->srclen = len;
  if (len > INT32_MAX) {
    buf_printf(err, "%s: %zu bytes is more than one document can hold (2 GiB)", d->name, len);
    doc_free(d);
    return NULL;
  }
  if (type == DOC_AUTO) type = strcmp(path, "-") ? by_extension(path) : DOC_AUTO;
  if (type == DOC_AUTO) type = by_content(data, len);
  d->type = type;
  buf warn = BUF_INIT;
  d->mem = xmlmem_begin(len);
  int rc = type == DOC_TEXT   ? parse_text(d, d->src, len, err)
           : type == DOC_HTML ? parse_html(d, d->src, len, err, &warn)
                              : parse_xml(d, d->src, len, err, &warn);
  xmlmem_end(d->mem);
  if (rc == 0 && !utf8_valid(d->view.s, d->view.len, NULL)) {
    buf_printf(err, "%s: the parser produced invalid UTF-8", d->name);
    rc = -1;
  }
  /* A warning is no failure, so it is not left in err (which callers read
   * only when loading fails): the document keeps it for the caller to print
   * in its place among the documents of a run. */
  if (rc == 0 && warn.len) d->warnings = buf_detach(&warn, NULL);
  buf_free(&warn);
  if (rc) {
    doc_free(d);
    return NULL;
  }
  return d;
}

static int read_all(FILE *f, size_t max, buf *out) {
  for (;;) {
    if (buf_reserve(out, 65536)) return -1;
    size_t n = fread(out->s + out->len, 1, out->cap - out->len - 1, f);
    out->len += n;
    out->s[out->len] = '\0';
    if (out->len > max) return -2;
    if (n == 0) return ferror(f) ? -3 : 0;
  }
}

document *doc_load(const char *path, doc_type type, size_t max_size, buf *err) {
  int is_stdin = !strcmp(path, "-");
  const char *name = is_stdin ? "<stdin>" : path;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    buf_printf(err, "%s: cannot open: %s", name, strerror(errno));
    return NULL;
  }
  buf data = BUF_INIT;
  int rc = read_all(f, max_size, &data);
  int e = errno;
  if (!is_stdin) fclose(f);
  document *d = NULL;
  if (rc == -2)
    buf_printf(err, "%s: larger than the input limit of %zu bytes (raise it with --max-size)",
               name, max_size);
  else if (rc == -3)
    buf_printf(err, "%s: cannot read: %s", name, strerror(e));
  else if (rc)
    buf_printf(err, "%s: out of memory", name);
  else
    d = doc_parse(path, data.s ? data.s : "", data.len, type, err);
  buf_free(&data);
  return d;
}

void doc_free(document *d) {
  if (!d) return;
  text_free(&d->view);
  annot_free(&d->annots);
  if (d->xml) xmlFreeDoc(d->xml);
  xmlmem_free(d->mem); /* after the tree made in it */
  free(d->warnings);
  free(d->src);
  free(d->path);
  free(d->name);
  free(d);
}
