/* HTML loading: libxml2's HTML parser over the text htmlstream prepared,
 * with the SAX text layer (sax_text.c) hooked in, and the tree mended where
 * libxml2 leaves content in <head>. */
#include "doc_html.h"

#include <stdint.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include "doc_text.h"
#include "htmlstream.h"
#include "parse_error.h"
#include "sax_text.h"

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

static int in_names(const xmlChar *name, const char *const *list) {
  for (; *list; list++)
    if (xmlStrEqual(name, BAD_CAST * list)) return 1;
  return 0;
}

/* Whether a text node of body before a frameset leaves the "frameset-ok"
 * flag set: white space, or (when the file held NULs) the U+FFFD of a NUL
 * in SVG or MathML, which a browser inserts without clearing the flag. */
static int frameset_ok_text(xmlNodePtr n, size_t nuls) {
  const unsigned char *t = n->content;
  int fffd = 0;
  for (; t && *t; t++) {
    if (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\f' || *t == '\r') continue;
    if (!nuls || t[0] != 0xEF || t[1] != 0xBF || t[2] != 0xBD) return 0;
    fffd = 1, t += 2;
  }
  if (!fffd) return 1;
  for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
    if (xmlStrEqual(p->name, BAD_CAST "svg") || xmlStrEqual(p->name, BAD_CAST "math")) return 1;
  return 0;
}

/* Whether element n (under body) is in SVG or MathML content, not HTML:
 * an svg or math element holds it, nearer than an integration point. */
static int in_foreign(xmlNodePtr n) {
  static const char *const ips[] = {"foreignobject", "desc", "title", "mi", "mo", "mn", "ms",
                                    "mtext", "annotation-xml", NULL};
  for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
    if (xmlStrEqual(p->name, BAD_CAST "svg") || xmlStrEqual(p->name, BAD_CAST "math")) return 1;
    for (const char *const *k = ips; *k; k++)
      if (!xmlStrcasecmp(p->name, BAD_CAST * k)) return 0;
  }
  return 0;
}

/* Whether a <body> start tag comes before the first <frameset> one in s:
 * it clears the frameset-ok flag. Read only for a page with a frameset. */
static int body_tag_first(const char *s, size_t len) {
  const char *end = s + len;
  for (const char *p = s; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
    for (int k = 0; k < 2; k++) {
      const char *name = k ? "frameset" : "body";
      size_t n = strlen(name);
      if ((size_t)(end - p) > n + 1 && !strncasecmp(p + 1, name, n) &&
          strchr(" \t\n\f\r/>", p[1 + n]))
        return !k;
    }
  }
  return 0;
}

/* The <frameset> a browser makes the body of the page, or NULL: the
 * WHATWG "frameset-ok" rules. After the head a <frameset> is the body
 * (libxml2: a child of html before any body); in the body it replaces the
 * body if nothing came before it but white space, comments, raw text
 * (script, style, title, noframes, noembed, noscript) and elements that
 * leave the flag set (libxml2: inside body, the first element after such a
 * start). This looks at body only up to its first text: nothing on
 * ordinary pages. */
static xmlNodePtr frameset_body(xmlNodePtr html, const char *s, size_t len, size_t nuls) {
  static const char *const raw[] = {"script", "style", "title", "noframes", "noembed",
                                    "noscript", NULL};
  static const char *const not_ok[] = {
      "applet", "area", "br", "button", "dd", "dt", "embed", "hr", "iframe", "image", "img",
      "keygen", "li", "listing", "marquee", "object", "pre", "select", "table", "template",
      "textarea", "wbr", "xmp", "body", "html", NULL};
  xmlNodePtr c = html->children, fs = NULL;
  for (; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE &&
        (xmlStrEqual(c->name, BAD_CAST "body") || xmlStrEqual(c->name, BAD_CAST "frameset")))
      break;
  if (!c) return NULL;
  if (c->name[0] == 'f') {
    fs = c;
  } else {
    xmlNodePtr body = c, n = body->children;
    while (n && !fs) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (!frameset_ok_text(n, nuls)) return NULL;
      } else if (n->type == XML_ELEMENT_NODE) {
        /* (in SVG or MathML, a frameset is a foreign element) */
        if (xmlStrEqual(n->name, BAD_CAST "frameset") && !in_foreign(n)) {
          fs = n;
          break;
        }
        if (in_names(n->name, not_ok)) return NULL;
        if (xmlStrEqual(n->name, BAD_CAST "input")) {
          xmlChar *type = xmlGetProp(n, BAD_CAST "type");
          int hidden = type && !xmlStrcasecmp(type, BAD_CAST "hidden");
          xmlFree(type);
          if (!hidden) return NULL;
        }
        if (n->children && !in_names(n->name, raw)) {
          n = n->children;
          continue;
        }
      }
      while (!n->next) {
        n = n->parent;
        if (n == body) return NULL;
      }
      n = n->next;
    }
  }
  return fs && !body_tag_first(s, len) ? fs : NULL;
}

/* NUL bytes are no text, but a file holding them is damaged or not HTML:
 * say what became of them. */
static int nul_warning(buf *warn, const char *name, const htmlstream *hs) {
  return buf_printf(warn,
                    "%s:%lu: warning: %zu NUL byte%s, read as a browser reads %s: %zu left out "
                    "of the text, %zu replaced by U+FFFD (in tags, attributes, comments, raw "
                    "text, SVG and MathML)\n",
                    name, hs->nul_line, hs->nuls, hs->nuls == 1 ? "" : "s",
                    hs->nuls == 1 ? "it" : "them", hs->nul_drops, hs->nuls - hs->nul_drops);
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
    buf_printf(err, "%s: this is %s", d->shown, what);
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
               d->shown, doc_text_line(data, first), ctls, nuls, look, first);
    return -1;
  }
  return 0;
}

int doc_html_parse(document *d, char *data, size_t len, buf *err, buf *warn) {
  if (html_binary(d, data, len, err)) return -1;
  buf utf8 = BUF_INIT;
  htmlstream hs;
  /* d->src keeps the bytes as read (-f inline writes them back):
   * htmlstream_prepare leaves them as they are; each source character is
   * one code point of what is parsed, on the same line */
  const char *text = htmlstream_prepare(data, &len, &utf8, &hs);
  if (!text) {
    buf_free(&utf8);
    buf_printf(err, "%s: out of memory", d->shown);
    return -1;
  }
  parse_state ps;
  memset(&ps, 0, sizeof ps);
  ps.text.drops = hs.drops;
  ps.text.ndrops = hs.ndrops;
  ps.text.held = hs.held;
  ps.text.held_c = hs.held_c;
  ps.text.src = (const unsigned char *)text;
  ps.text.srclen = len;
  ps.text.nheld = hs.nheld;
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) goto oom;
  ctxt->_private = &ps;
  ps.main = ctxt;
  sax_text_hook(ctxt, &ps);
  parse_error_hook(ctxt);
  int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
             HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  /* RECOVER: script text ends only at its own end tag. HUGE: past 256 levels
   * libxml2 would drop the rest of the text without a word; the view builder
   * walks without recursion, so deep trees are fine. IGNORE_ENC: the text is
   * UTF-8 now, whatever its <meta> says. */
  parse_error_saved saved = parse_error_route(&ps);
  if (len > 0) d->xml = htmlCtxtReadMemory(ctxt, text, (int)len, d->name, "UTF-8", opts);
  parse_error_restore(saved);
  htmlFreeParserCtxt(ctxt);
  if (ps.oom) goto oom;
  if (!d->xml) {
    /* an empty or all-junk file: an empty page, as a browser shows */
    d->xml = htmlNewDocNoDtD(NULL, NULL);
    if (!d->xml) goto oom;
  }
  if (hs.nuls && nul_warning(warn, d->shown, &hs)) goto oom;
  htmlstream_free(&hs);
  xmlNodePtr html = xmlDocGetRootElement(d->xml);
  if (!html) {
    html = xmlNewDocNode(d->xml, NULL, BAD_CAST "html", NULL);
    if (!html) goto oom;
    xmlDocSetRootElement(d->xml, html);
  }
  /* a frameset page: the frameset is document.body (and text_build keeps
   * only what a browser puts in it) */
  d->root = frameset_body(html, text, len, hs.nuls);
  buf_free(&utf8);
  if (!d->root) {
    d->root = find_child(html, "body");
    if (!d->root) {
      d->root = xmlNewChild(html, NULL, BAD_CAST "body", NULL);
      if (!d->root) goto oom;
    }
    out_of_head(find_child(html, "head"), d->root);
  }
  if (text_build(&d->view, d->root, TEXT_HTML, &ps.text.pos)) goto oom;
  text_pos_free(&ps.text.pos);
  return 0;
oom:
  text_pos_free(&ps.text.pos);
  buf_free(&utf8);
  htmlstream_free(&hs);
  buf_printf(err, "%s: out of memory", d->shown);
  return -1;
}

