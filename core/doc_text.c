/* Plain text: paragraphs are runs of non-blank lines. */
#include "doc_text.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "utf8.h"

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

int doc_text_line(const char *s, size_t off) {
  int line = 1;
  for (size_t i = 0; i < off; i++) line += s[i] == '\n';
  return line;
}

int doc_text_parse(document *d, const char *data, size_t len, buf *err) {
  buf u = BUF_INIT;
  const char *s = data;
  if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
    s += 3;
    len -= 3;
  } else if (len >= 2 && (!memcmp(s, "\xFF\xFE", 2) || !memcmp(s, "\xFE\xFF", 2))) {
    const char *enc = s[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    if (from_utf16(s + 2, len - 2, enc, &u)) {
      buf_printf(err, "%s: not valid %s (it starts with a %s byte order mark)",
                 d->shown, enc, enc);
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
               d->shown, doc_text_line(s, off), off);
  } else if (!utf8_valid(s, len, &bad)) {
    buf_printf(err, "%s:%d: invalid UTF-8 at byte offset %zu (convert the file first, e.g. iconv -f latin1 -t utf-8)",
               d->shown, doc_text_line(s, bad), bad);
  } else {
    text_posbuf pb = {0};
    if (build_text_tree(d, s, len, &pb) == 0 && text_build(&d->view, d->root, TEXT_PLAIN, &pb) == 0)
      rc = 0;
    else
      buf_printf(err, "%s: out of memory", d->shown);
    text_pos_free(&pb);
  }
  buf_free(&u);
  return rc;
}

