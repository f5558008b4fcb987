#include "doc.h"

#include <errno.h>
#include <iconv.h>
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

#include "utf8.h"

static xmlParserInputPtr refuse_entity(const char *url, const char *id,
                                       xmlParserCtxtPtr ctxt) {
  (void)url, (void)id, (void)ctxt;
  return NULL;
}

void doc_init(void) {
  xmlInitParser();
  xmlSetExternalEntityLoader(refuse_entity);
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
  int error_line;      /* the first error's line, 0 when none */
  char error[256];     /* and its message */
} parse_state;

static void mark_position(xmlParserCtxtPtr ctxt, xmlNodePtr n,
                          const xmlChar *ch, int len) {
  xmlParserInputPtr in = ctxt->input;
  if (!in || !in->base) return;
  unsigned long nl = 0;
  for (int i = 0; i < len; i++) nl += ch[i] == '\n';
  unsigned long line = in->line > 0 ? (unsigned long)in->line : 1;
  line = line > nl ? line - nl : 1;
  /* Where does the chunk start in the input? Either the callback was given
   * a pointer into it, or the chunk is the bytes just before the cursor, or
   * it came from a character reference ending just before the cursor. */
  const xmlChar *sp = NULL, *base = in->base, *cur = in->cur;
  if (ch >= base && ch < in->end) sp = ch;
  else if (cur - base >= len && !memcmp(cur - len, ch, (size_t)len)) sp = cur - len;
  else
    for (const xmlChar *p = cur - 1; p >= base && cur - p < 48; p--)
      if (*p == '&') {
        sp = p;
        break;
      }
  unsigned long col = 1;
  if (sp) {
    for (const xmlChar *p = sp; p > base && p[-1] != '\n'; p--)
      col += (p[-1] & 0xC0) != 0x80;
  }
  n->_private = text_pos_pack(line, col);
}

static void wrapped(void *ctx, const xmlChar *ch, int len, int cdata) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  xmlNodePtr parent = ctxt->node;
  xmlNodePtr last = parent ? parent->last : NULL;
  if (!parent && ctxt->html && ctxt->myDoc) {
    /* libxml2 drops text after </html>; a browser appends it to body. It is
     * kept under the root here, where the view builder finds it. */
    parent = xmlDocGetRootElement(ctxt->myDoc);
    if (!parent) return;
    xmlNodePtr t = xmlNewTextLen(ch, len);
    if (!t) return;
    xmlNodePtr saved = ctxt->node;
    xmlAddChild(parent, t); /* may merge into a text node already there */
    ctxt->node = saved;
    if (parent->last == t) mark_position(ctxt, t, ch, len);
    return;
  }
  (cdata ? ps->cdata : ps->characters)(ctx, ch, len);
  parent = ctxt->node;
  if (parent && parent->last && parent->last != last &&
      (parent->last->type == XML_TEXT_NODE ||
       parent->last->type == XML_CDATA_SECTION_NODE))
    mark_position(ctxt, parent->last, ch, len);
}

static void on_characters(void *ctx, const xmlChar *ch, int len) {
  wrapped(ctx, ch, len, 0);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len) {
  wrapped(ctx, ch, len, 1);
}

/* Keeps the first error: later ones are mostly consequences of it. */
static void on_error(void *ctx, xmlErrorPtr err) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt ? ctxt->_private : NULL;
  if (!ps || !err || err->level < XML_ERR_ERROR || ps->error[0]) return;
  snprintf(ps->error, sizeof ps->error, "%s", err->message ? err->message : "parse error");
  size_t n = strlen(ps->error);
  while (n && (ps->error[n - 1] == '\n' || ps->error[n - 1] == ' ')) ps->error[--n] = '\0';
  ps->error_line = err->line > 0 ? err->line : 1;
}

static void hook(xmlParserCtxtPtr ctxt, parse_state *ps) {
  memset(ps, 0, sizeof *ps);
  ps->characters = ctxt->sax->characters ? ctxt->sax->characters : xmlSAX2Characters;
  ps->cdata = ctxt->sax->cdataBlock ? ctxt->sax->cdataBlock : xmlSAX2CDataBlock;
  ctxt->sax->characters = on_characters;
  ctxt->sax->cdataBlock = on_cdata;
  if (ctxt->sax->ignorableWhitespace == ps->characters)
    ctxt->sax->ignorableWhitespace = on_characters;
  ctxt->sax->serror = on_error;
  ctxt->sax->warning = NULL;
  ctxt->sax->error = NULL;
  ctxt->_private = ps;
}

static void set_parse_error(buf *err, const char *name, const parse_state *ps) {
  if (ps->error[0]) buf_printf(err, "%s:%d: %s", name, ps->error_line, ps->error);
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
                         unsigned long line, unsigned long col) {
  xmlNodePtr t = xmlNewTextLen(BAD_CAST s, (int)n);
  if (!t) return -1;
  t->_private = text_pos_pack(line, col);
  xmlAddChild(parent, t);
  return 0;
}

/* The tree <text><p>…</p>…</text>: paragraphs are runs of non-blank lines;
 * the newlines and blank lines between them are text nodes of <text>, so the
 * text nodes concatenate to the input byte for byte. */
static int build_text_tree(document *d, const char *s, size_t len) {
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
    if (ps > sep && add_text_node(root, s + sep, ps - sep, sep_line, sep_col))
      return -1;
    xmlNodePtr para = xmlNewDocNode(d->xml, NULL, BAD_CAST "p", NULL);
    if (!para) return -1;
    para->line = pline < 65535 ? (unsigned short)pline : 65535;
    xmlAddChild(root, para);
    if (add_text_node(para, s + ps, pe - ps, pline, 1)) return -1;
    sep = pe;
    sep_line = lline;
    sep_col = 1 + utf8_count(s + last, pe - last);
  }
  if (len > sep && add_text_node(root, s + sep, len - sep, sep_line, sep_col))
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
  } else if (build_text_tree(d, s, len) == 0 && text_build(&d->view, d->root, TEXT_PLAIN) == 0) {
    rc = 0;
  } else {
    buf_printf(err, "%s: out of memory", d->name);
  }
  buf_free(&u);
  return rc;
}

/* ---- HTML and XML -------------------------------------------------------- */

/* libxml2 falls back to Latin-1 when an HTML file declares no charset;
 * browsers sniff, and the web is UTF-8. Without a declaration, valid UTF-8 is
 * read as UTF-8 and anything else as windows-1252, as browsers do. */
static const char *html_encoding(const char *data, size_t len) {
  if (len >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2)))
    return NULL;
  if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) return "UTF-8";
  size_t look = len < 1024 ? len : 1024;
  for (size_t i = 0; i + 7 <= look; i++)
    if (!strncasecmp(data + i, "charset", 7)) return NULL;
  return utf8_valid(data, len, NULL) ? "UTF-8" : "windows-1252";
}

static xmlNodePtr find_child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
      return c;
  return NULL;
}

/* A browser's input stream turns CRLF and lone CR into LF before parsing
 * (so &#13; still gives a CR). Done in place; UTF-16 input is left alone. */
static size_t normalize_newlines(char *s, size_t len) {
  if (len >= 2 && (!memcmp(s, "\xFF\xFE", 2) || !memcmp(s, "\xFE\xFF", 2))) return len;
  char *cr = memchr(s, '\r', len);
  if (!cr) return len;
  size_t w = (size_t)(cr - s);
  for (size_t r = w; r < len; r++) {
    if (s[r] == '\r') {
      s[w++] = '\n';
      if (r + 1 < len && s[r + 1] == '\n') r++;
    } else {
      s[w++] = s[r];
    }
  }
  s[w] = '\0';
  return w;
}

static int parse_html(document *d, char *data, size_t len, buf *err) {
  len = normalize_newlines(data, len);
  d->srclen = len;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) goto oom;
  parse_state ps;
  hook(ctxt, &ps);
  int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
             HTML_PARSE_RECOVER; /* RECOVER: script text ends only at its own end tag */
  if (len > 0)
    d->xml = htmlCtxtReadMemory(ctxt, data, (int)len, d->name,
                                html_encoding(data, len), opts);
  htmlFreeParserCtxt(ctxt);
  if (!d->xml) {
    /* an empty or all-junk file: an empty page, as a browser shows */
    d->xml = htmlNewDocNoDtD(NULL, NULL);
    if (!d->xml) goto oom;
  }
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
  if (text_build(&d->view, d->root, TEXT_HTML)) goto oom;
  return 0;
oom:
  buf_printf(err, "%s: out of memory", d->name);
  return -1;
}

static int parse_xml(document *d, const char *data, size_t len, buf *err) {
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    buf_printf(err, "%s: out of memory", d->name);
    return -1;
  }
  parse_state ps;
  hook(ctxt, &ps);
  /* NOENT substitutes internal entities (libxml2's amplification limits
   * apply); external ones reach refuse_entity and fail. */
  int opts = XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_NOWARNING;
  if (len == 0) {
    buf_printf(err, "%s:1: the file is empty, and an XML document needs a root element", d->name);
    xmlFreeParserCtxt(ctxt);
    return -1;
  }
  d->xml = xmlCtxtReadMemory(ctxt, data, (int)len, d->name, NULL, opts);
  if (!d->xml || !ctxt->wellFormed) {
    set_parse_error(err, d->name, &ps);
    xmlFreeParserCtxt(ctxt);
    return -1;
  }
  xmlFreeParserCtxt(ctxt);
  d->root = xmlDocGetRootElement(d->xml);
  if (text_build(&d->view, d->root, TEXT_XML)) {
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
  int rc = type == DOC_TEXT   ? parse_text(d, d->src, len, err)
           : type == DOC_HTML ? parse_html(d, d->src, len, err)
                              : parse_xml(d, d->src, len, err);
  if (rc == 0 && !utf8_valid(d->view.s, d->view.len, NULL)) {
    buf_printf(err, "%s: the parser produced invalid UTF-8", d->name);
    rc = -1;
  }
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
  free(d->src);
  free(d->path);
  free(d->name);
  free(d);
}
