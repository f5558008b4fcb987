/* An HTML file's bytes as a browser's input stream hands them to its
 * parser (WHATWG Encoding, and HTML's "input stream" and tokenizer as far
 * as NUL bytes go). libxml2 2.9.14 would otherwise read undeclared files as
 * Latin-1, stop at the first byte iconv cannot convert (printing about it
 * on stderr, naming no file), honour encodings no browser knows (EBCDIC),
 * and stop at NUL bytes in some states, losing the rest of the page. */
#include "htmlstream.h"

#include <errno.h>
#include <iconv.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "utf8.h"

const unsigned short htmlstream_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/* ---- encodings -------------------------------------------------------------- */

/* The WHATWG encodings and their labels (encoding.spec.whatwg.org), with
 * the iconv name that decodes each. single: a single-byte encoding, whose
 * bytes WHATWG's index leaves no hole for in 0x80-0x9F (where glibc has
 * one, the byte is the C1 control). UTF-16 labels in <meta> mean UTF-8,
 * x-user-defined windows-1252 (HTML's prescan; in an XML declaration
 * Chromium decodes x-user-defined as itself, see single_table). */
typedef struct encoding {
  const char *name, *iconv;
  int single;
  const char *labels; /* space-separated, lower case */
} encoding;

static const encoding encodings[] = {
    {"UTF-8", NULL, 0, "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {"UTF-16", NULL, 0, "unicodefffe utf-16be csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff "
                        "utf-16 utf-16le"},
    {"windows-1252", NULL, 1,
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
     "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
    {"x-user-defined", "x-user-defined", 1, "x-user-defined"},
    {"IBM866", "IBM866", 1, "866 cp866 csibm866 ibm866"},
    {"ISO-8859-2", "ISO-8859-2", 1,
     "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {"ISO-8859-3", "ISO-8859-3", 1,
     "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {"ISO-8859-4", "ISO-8859-4", 1,
     "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {"ISO-8859-5", "ISO-8859-5", 1,
     "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
     "iso_8859-5:1988"},
    {"ISO-8859-6", "ISO-8859-6", 1,
     "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
     "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"},
    {"ISO-8859-7", "ISO-8859-7", 1,
     "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
     "iso_8859-7 iso_8859-7:1987 sun_eu_greek"},
    {"ISO-8859-8", "ISO-8859-8", 1,
     "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 "
     "iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical"},
    {"ISO-8859-10", "ISO-8859-10", 1,
     "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {"ISO-8859-13", "ISO-8859-13", 1, "iso-8859-13 iso8859-13 iso885913"},
    {"ISO-8859-14", "ISO-8859-14", 1, "iso-8859-14 iso8859-14 iso885914"},
    {"ISO-8859-15", "ISO-8859-15", 1,
     "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
    {"ISO-8859-16", "ISO-8859-16", 1, "iso-8859-16"},
    {"KOI8-R", "KOI8-R", 1, "cskoi8r koi koi8 koi8-r koi8_r"},
    {"KOI8-U", "KOI8-U", 1, "koi8-ru koi8-u"},
    {"macintosh", "MACINTOSH", 1, "csmacintosh mac macintosh x-mac-roman"},
    {"windows-874", "CP874", 1, "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {"windows-1250", "CP1250", 1, "cp1250 windows-1250 x-cp1250"},
    {"windows-1251", "CP1251", 1, "cp1251 windows-1251 x-cp1251"},
    {"windows-1253", "CP1253", 1, "cp1253 windows-1253 x-cp1253"},
    {"windows-1254", "CP1254", 1,
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 "
     "l5 latin5 windows-1254 x-cp1254"},
    {"windows-1255", "CP1255", 1, "cp1255 windows-1255 x-cp1255"},
    {"windows-1256", "CP1256", 1, "cp1256 windows-1256 x-cp1256"},
    {"windows-1257", "CP1257", 1, "cp1257 windows-1257 x-cp1257"},
    {"windows-1258", "CP1258", 1, "cp1258 windows-1258 x-cp1258"},
    {"x-mac-cyrillic", "MACUKRAINIAN", 1, "x-mac-cyrillic x-mac-ukrainian"},
    {"gb18030", "GB18030", 0,
     "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030"},
    {"Big5", "BIG5-HKSCS", 0, "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"EUC-JP", "EUC-JP", 0, "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"ISO-2022-JP", "ISO-2022-JP", 0, "csiso2022jp iso-2022-jp"},
    {"Shift_JIS", "WINDOWS-31J", 0,
     "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"},
    {"EUC-KR", "CP949", 0,
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
     "ksc_5601 windows-949"},
    {"replacement", NULL, 0,
     "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement"},
};

static const encoding *by_label(const char *s, size_t n) {
  if (n == 0 || n > 40) return NULL;
  for (size_t i = 0; i < sizeof encodings / sizeof encodings[0]; i++)
    for (const char *l = encodings[i].labels; *l;) {
      size_t k = strcspn(l, " ");
      if (k == n && !strncasecmp(l, s, n)) return &encodings[i];
      l += k + (l[k] == ' ');
    }
  return NULL;
}

int htmlstream_is_label(const char *s, size_t n) { return by_label(s, n) != NULL; }

static const encoding *named(const char *name) {
  for (size_t i = 0; i < sizeof encodings / sizeof encodings[0]; i++)
    if (!strcmp(encodings[i].name, name)) return &encodings[i];
  return NULL;
}

static int starts_ci(const char *p, const char *end, const char *word) {
  size_t n = strlen(word);
  return (size_t)(end - p) >= n && !strncasecmp(p, word, n);
}

/* The encoding label declared at p, just after "charset" or "encoding": '='
 * (spaces around it), an optional quote, the label. Its length, 0 when
 * there is no '=' there. */
static size_t declared_label(const char *p, const char *end, const char **label) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')) p++;
  if (p == end || *p != '=') return 0;
  p++;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
                     *p == '"' || *p == '\''))
    p++;
  const char *s = p;
  while (p < end && (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9') ||
                     *p == '-' || *p == '_' || *p == '.' || *p == ':'))
    p++;
  *label = s;
  return (size_t)(p - s);
}

/* The encoding as a browser picks it for a file (no HTTP header): a byte
 * order mark; else the first charset declaration (<meta charset>, or the
 * http-equiv form) in the first 1024 bytes whose label WHATWG knows (a
 * browser ignores the others); else the label of an XML declaration at
 * the file's first byte (Chromium honours it, though WHATWG's prescan does
 * not; UTF-16 means UTF-8 there too), or of one after white space if it is
 * UTF-8 (Chromium ignores that one, but whoever wrote it meant UTF-8,
 * and it matters only for invalid UTF-8); else UTF-8 for valid
 * UTF-8 and windows-1252 for anything else, as a browser's sniffing
 * settles for most files. NULL: UTF-16, by its order mark. */
static const encoding *pick(const char *data, size_t len) {
  if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) return named("UTF-8");
  if (len >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2))) return NULL;
  size_t look = len < 1024 ? len : 1024;
  const char *label, *end = data + look;
  for (size_t i = 0; i + 7 <= look; i++)
    if (!strncasecmp(data + i, "charset", 7)) {
      size_t n = declared_label(data + i + 7, end, &label);
      const encoding *e = n ? by_label(label, n) : NULL;
      if (e) return named(!strcmp(e->name, "UTF-16")           ? "UTF-8"
                          : !strcmp(e->name, "x-user-defined") ? "windows-1252"
                                                               : e->name);
    }
  const char *p = data;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  if (starts_ci(p, end, "<?xml")) {
    const char *close = memchr(p, '>', (size_t)(end - p));
    for (const char *q = p; close && q + 8 <= close; q++)
      if (!strncmp(q, "encoding", 8)) {
        size_t n = declared_label(q + 8, close, &label);
        const encoding *e = n ? by_label(label, n) : NULL;
        if (e && !strcmp(e->name, "UTF-16")) e = named("UTF-8");
        if (e && (p == data || !strcmp(e->name, "UTF-8"))) return e;
        break;
      }
  }
  return named(utf8_valid(data, len, NULL) ? "UTF-8" : "windows-1252");
}

const char *htmlstream_encoding(const char *data, size_t len) {
  const encoding *e = pick(data, len);
  return e ? e->name : data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
}

/* Invalid UTF-8 as browsers decode it: each maximal subpart of an
 * ill-formed sequence becomes one U+FFFD, so every replacement is one code
 * point, as the bytes' columns count. */
static int repair_utf8(const char *s, size_t len, buf *out, size_t *bad) {
  if (buf_reserve(out, len * 3 + 1)) return -1;
  char *o = out->s + out->len;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t k = (unsigned char)s[i] < 0x80 ? 1 : utf8_decode(s + i, len - i, &cp);
    if (k) {
      memcpy(o, s + i, k);
      o += k;
      i += k;
    } else {
      o += utf8_encode(0xFFFD, o);
      i += utf8_bad_len(s + i, len - i);
      ++*bad;
    }
  }
  out->len = (size_t)(o - out->s);
  out->s[out->len] = '\0';
  return 0;
}

static int from_windows1252(const char *s, size_t len, buf *out) {
  if (buf_reserve(out, len * 3 + 1)) return -1;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    uint32_t cp = c < 0x80 ? c : c < 0xA0 ? htmlstream_c1[c - 0x80] : c;
    out->len += utf8_encode(cp, out->s + out->len);
  }
  out->s[out->len] = '\0';
  return 0;
}

/* Where glibc's table for a single-byte encoding differs from WHATWG's
 * index (bytes that glibc cannot decode at all are handled in
 * single_table). Found by tests/encodings against Chromium. */
static const struct {
  const char *iconv;
  unsigned char byte;
  unsigned short cp;
} index_fixes[] = {
    {"KOI8-U", 0xAE, 0x045E},       /* ў (glibc: the box drawing of KOI8-R) */
    {"KOI8-U", 0xBE, 0x040E},       /* Ў */
    {"MACINTOSH", 0xC6, 0x2206},    /* ∆ INCREMENT (glibc: Greek Δ) */
    {"MACINTOSH", 0xF0, 0xF8FF},    /* the Apple logo's private-use point */
    {"MACUKRAINIAN", 0xFF, 0x20AC}, /* € (glibc: ¤) */
    {"CP1255", 0xCA, 0x05BA},       /* HOLAM HASER FOR VAV (glibc: none) */
};

/* The code points of bytes 0x80-0xFF in a single-byte encoding, each byte
 * decoded alone: glibc's CP1255 and CP1258 compose a letter and the
 * combining mark after it into one character, which no browser does. A byte
 * glibc cannot decode is, as in WHATWG's index, the C1 control in
 * 0x80-0x9F and U+FFFD above. x-user-defined (its own decoder: bytes
 * 0x80-0xFF are U+F780-U+F7FF) has no iconv. -2: iconv lacks the encoding. */
static int single_table(const char *from, uint32_t t[128]) {
  if (!strcmp(from, "x-user-defined")) {
    for (int b = 0; b < 128; b++) t[b] = 0xF780 + (uint32_t)b;
    return 0;
  }
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return -2;
  for (int b = 0; b < 128; b++) {
    char byte = (char)(0x80 + b), u[8], *in = &byte, *o = u;
    size_t inleft = 1, oleft = sizeof u;
    uint32_t cp = 0;
    if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 ||
        iconv(cd, NULL, NULL, &o, &oleft) == (size_t)-1 || /* what a composer holds */
        o == u || utf8_decode(u, (size_t)(o - u), &cp) != (size_t)(o - u))
      cp = b < 0x20 ? 0x80 + (uint32_t)b : 0xFFFD;
    t[b] = cp;
    iconv(cd, NULL, NULL, NULL, NULL);
  }
  iconv_close(cd);
  for (size_t i = 0; i < sizeof index_fixes / sizeof index_fixes[0]; i++)
    if (!strcmp(index_fixes[i].iconv, from)) t[index_fixes[i].byte - 0x80] = index_fixes[i].cp;
  return 0;
}

static int from_single(const char *s, size_t len, const char *from, buf *out, size_t *bad) {
  uint32_t t[128];
  int rc = single_table(from, t);
  if (rc) return rc;
  if (buf_reserve(out, len * 3 + 1)) return -1;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    uint32_t cp = c < 0x80 ? c : t[c - 0x80];
    out->len += utf8_encode(cp, out->s + out->len);
    *bad += cp == 0xFFFD;
  }
  out->s[out->len] = '\0';
  return 0;
}

/* Decodes with iconv; what it cannot decode is U+FFFD (unit bytes at a
 * time). A single-byte encoding goes by its table (from_single). */
static int from_iconv(const char *s, size_t len, const char *from, int single, size_t unit,
                      buf *out, size_t *bad) {
  if (single) return from_single(s, len, from, out, bad);
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return -2;
  int rc = 0;
  char *in = (char *)s;
  size_t inleft = len;
  while (inleft > 0) {
    if (buf_reserve(out, inleft * 2 + 16)) {
      rc = -1;
      break;
    }
    char *o = out->s + out->len;
    size_t oleft = out->cap - out->len - 1;
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    out->len = (size_t)(o - out->s);
    if (r != (size_t)-1 || errno == E2BIG) continue;
    /* EILSEQ, or EINVAL: a sequence cut off at the end */
    size_t skip = errno == EINVAL || inleft < unit ? inleft : unit;
    out->len += utf8_encode(0xFFFD, out->s + out->len);
    in += skip;
    inleft -= skip;
    ++*bad;
    iconv(cd, NULL, NULL, NULL, NULL); /* back to the initial shift state */
  }
  if (out->s) out->s[out->len] = '\0';
  iconv_close(cd);
  return rc;
}

/* A browser's input stream turns CRLF and lone CR into LF (so &#13; still
 * gives a CR). In place. */
static size_t normalize_newlines(char *s, size_t len) {
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

/* ---- NUL bytes ---------------------------------------------------------------
 * Chromium replaces a NUL by U+FFFD unless its tokenizer is in the data
 * state outside SVG and MathML (WHATWG: the tree builder ignores a NUL
 * character token in HTML content, and in foreign content inserts U+FFFD;
 * every other state makes the NUL U+FFFD). Checked against headless
 * Chromium's document.body.textContent (tests/html/cases/nul-*). What
 * follows tracks just enough of the tokenizer (tags, attributes, comments,
 * doctypes, CDATA, raw text) and of the tree builder (the SVG and MathML
 * elements open, their integration points, the tags that break out of
 * them) to tell the two apart. */

enum { NS_HTML, NS_SVG, NS_MATH };

typedef struct fnode {
  char name[24];
  unsigned char ns, ip; /* ip: an integration point (its content is HTML) */
} fnode;

enum state {
  DATA, TAG_OPEN, END_TAG_OPEN, TAG_NAME, BEFORE_ATTR, ATTR_NAME, AFTER_ATTR_NAME,
  BEFORE_VALUE, VALUE_DQ, VALUE_SQ, VALUE_UQ, AFTER_VALUE, COMMENT, BOGUS, DOCTYPE, CDATA, RAW,
  PLAINTEXT
};

typedef struct tok {
  enum state st;
  char name[24], attr[24], value[24], raw[24];
  size_t nlen, alen, vlen;
  int end, slash, font_attr, html_enc;
  size_t clen;   /* comment: characters since "<!--" */
  size_t bogus_from; /* BOGUS: where in out its '<' is */
  char last[3];  /* the last characters of a comment or CDATA section */
  fnode *stack;  /* open SVG and MathML elements, and HTML ones inside them */
  size_t depth, cap;
  buf *out;      /* what is written: the tokenizer rewrites bogus comments */
  htmlstream *hs; /* where the bytes dropped from out are noted */
  int started;   /* a tag or text came: the initial insertion mode is over */
  int frameset;  /* a <frameset> was opened: a browser ignores what other
                    start tags follow it (but <noframes>), raw text's too */
  int hold;      /* RAW or PLAINTEXT: what of its text libxml2 must not read
                    as markup: 0 nothing, 1 '<' (RCDATA, and script and
                    style, which libxml2 ends at any "</NAME…"), 2 '<' and '&' */
  int script;    /* RAW is a script's: its escapes (sesc: 0 none, 1 after
                    "<!--", 2 after "<!--" and "<script"), dashes before */
  int sesc, dash;
  int oom;
} tok;

static int in_list(const char *name, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(name, *list)) return 1;
  return 0;
}

static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f'; }
static int is_alpha(unsigned char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

/* Appends c, lower case, to a name of interest; a longer one is none. */
static void add(char *b, size_t *n, unsigned char c) {
  if (*n >= 23) {
    b[0] = '\0';
    *n = 99;
    return;
  }
  b[(*n)++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  b[*n] = '\0';
}

static int foreign(const tok *t) {
  const fnode *top = t->depth ? &t->stack[t->depth - 1] : NULL;
  return top && top->ns != NS_HTML && !top->ip;
}

static void push(tok *t, const char *name, int ns, int html_enc) {
  if (t->depth == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    fnode *s = realloc(t->stack, cap * sizeof *s);
    if (!s) {
      t->oom = 1;
      return;
    }
    t->stack = s, t->cap = cap;
  }
  fnode *f = &t->stack[t->depth++];
  snprintf(f->name, sizeof f->name, "%s", name);
  f->ns = (unsigned char)ns;
  static const char *const svg_ip[] = {"foreignobject", "desc", "title", NULL};
  static const char *const math_ip[] = {"mi", "mo", "mn", "ms", "mtext", NULL};
  f->ip = ns == NS_SVG    ? in_list(name, svg_ip)
          : ns == NS_MATH ? in_list(name, math_ip) || (!strcmp(name, "annotation-xml") && html_enc)
                          : 0;
}

/* A start tag in HTML content: maybe SVG or MathML, maybe raw text. */
static void html_start(tok *t, int self_closing) {
  static const char *const voids[] = {"area", "base", "br", "col", "embed", "hr", "img",
                                      "input", "keygen", "link", "meta", "param", "source",
                                      "track", "wbr", NULL};
  static const char *const raws[] = {"title", "textarea", "style", "xmp", "iframe", "noembed",
                                     "noframes", "noscript", "script", NULL};
  const char *n = t->name;
  if (!strcmp(n, "svg") || !strcmp(n, "math")) {
    if (!self_closing) push(t, n, n[0] == 's' ? NS_SVG : NS_MATH, 0);
    return;
  }
  if (t->depth && !in_list(n, voids)) push(t, n, NS_HTML, 0);
  /* libxml2 reads script and style as raw text itself, but ends them at
   * any "</NAME" that begins "</script" (sax_text.c gives <noscript> its
   * raw text back); it reads the others as markup */
  static const char *const rawtext[] = {"xmp", "iframe", "noembed", "noframes", NULL};
  if (!strcmp(n, "frameset")) t->frameset = 1;
  if (t->frameset && strcmp(n, "noframes")) return;
  if (in_list(n, raws)) {
    t->st = RAW;
    snprintf(t->raw, sizeof t->raw, "%s", n);
    t->script = !strcmp(n, "script");
    t->sesc = t->dash = 0;
    /* noscript: libxml2 parses its content, which sax_text.c replaces
     * by the raw text; a '<' held stops libxml2 reading a comment or tag
     * there past the first </noscript> */
    t->hold = in_list(n, rawtext) ? 2 : 1;
  } else if (!strcmp(n, "plaintext")) {
    t->st = PLAINTEXT;
    t->hold = 2;
  }
}

static void start_tag(tok *t, int self_closing) {
  static const char *const breakout[] = {
      "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt",
      "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li",
      "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span",
      "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var", NULL};
  t->st = DATA;
  if (!foreign(t)) {
    html_start(t, self_closing);
    return;
  }
  if (in_list(t->name, breakout) || (!strcmp(t->name, "font") && t->font_attr)) {
    while (foreign(t)) t->depth--;
    html_start(t, self_closing);
    return;
  }
  const fnode *top = &t->stack[t->depth - 1];
  int ns = !strcmp(top->name, "annotation-xml") && !strcmp(t->name, "svg") ? NS_SVG : top->ns;
  if (!self_closing) push(t, t->name, ns, t->html_enc);
}

static void end_tag(tok *t) {
  t->st = DATA;
  if (!t->depth) return;
  if (foreign(t) && (!strcmp(t->name, "p") || !strcmp(t->name, "br"))) {
    while (foreign(t)) t->depth--;
    return;
  }
  for (size_t k = t->depth; k-- > 0;)
    if (!strcmp(t->stack[k].name, t->name)) {
      t->depth = k;
      return;
    }
}

static void attr_done(tok *t) {
  if (!strcmp(t->attr, "color") || !strcmp(t->attr, "face") || !strcmp(t->attr, "size"))
    t->font_attr = 1;
  if (!strcmp(t->attr, "encoding") &&
      (!strcmp(t->value, "text/html") || !strcmp(t->value, "application/xhtml+xml")))
    t->html_enc = 1;
  t->alen = t->vlen = 0;
  t->attr[0] = t->value[0] = '\0';
}

static void tag_done(tok *t) {
  t->started = 1;
  attr_done(t);
  if (t->end) end_tag(t);
  else start_tag(t, t->slash);
}

static void new_tag(tok *t, int end, unsigned char c) {
  t->st = TAG_NAME;
  t->end = end;
  t->slash = t->font_attr = t->html_enc = 0;
  t->nlen = t->alen = t->vlen = 0;
  t->name[0] = t->attr[0] = t->value[0] = '\0';
  add(t->name, &t->nlen, c);
}

/* Bogus comments (WHATWG: "<!" not opening a comment, a doctype or
 * CDATA; "</" before a character that starts no tag name; "<?") end at the
 * first '>', as libxml2 ends a processing instruction "<?NAME ...>"; but
 * libxml2 reads the others as text, and "<!-->" and "<!--->" (empty
 * comments to a browser) as comments to the next "-->", losing the text
 * up to there. So each is written as "<?x...>": the character after '<'
 * becomes '?', the next one (any character: one code point for one, so
 * columns hold) 'x' unless it is a letter. A bogus comment of three
 * characters ("<!>") has no such form and stays text. */
static void to_bogus(tok *t, size_t at) {
  t->out->s[at] = '?';
  t->st = BOGUS;
  t->bogus_from = at - 1;
}

/* Appends the character at s[i] as 'x' unless it is an ASCII letter;
 * returns its length in bytes. */
static size_t letter(tok *t, const char *s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  size_t k = 1;
  if (c >= 0xC0)
    while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80 && k < 4) k++;
  t->out->s[t->out->len++] = is_alpha(c) ? (char)c : 'x';
  return k;
}

/* After "<!" at s[i] (the '!', written): comment, doctype, CDATA or bogus
 * comment; returns how many bytes after the '!' it took (and wrote). */
static size_t markup(tok *t, const char *s, size_t i, size_t n) {
  const char *p = s + i + 1, *end = s + n;
  buf *o = t->out;
  if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
    if ((end - p >= 3 && p[2] == '>') || (end - p >= 4 && p[2] == '-' && p[3] == '>')) {
      /* "<!-->", "<!--->": "<?x->", "<?x-->" */
      to_bogus(t, o->len - 1);
      memcpy(o->s + o->len, "x-", 2);
      o->len += 2;
      return 2;
    }
    t->st = COMMENT;
    t->clen = 0;
    memset(t->last, 0, sizeof t->last);
    memcpy(o->s + o->len, p, 2);
    o->len += 2;
    return 2;
  }
  if (starts_ci(p, end, "doctype") && t->started) {
    /* a DOCTYPE once the document has begun is ignored: a bogus comment */
    to_bogus(t, o->len - 1);
    return 0;
  }
  if (starts_ci(p, end, "doctype")) {
    t->st = DOCTYPE;
    memcpy(o->s + o->len, p, 7);
    o->len += 7;
    return 7;
  }
  /* CDATA sections are for SVG and MathML elements (integration points too) */
  if (t->depth && t->stack[t->depth - 1].ns != NS_HTML && end - p >= 7 && !memcmp(p, "[CDATA[", 7)) {
    t->st = CDATA;
    memset(t->last, 0, sizeof t->last);
    memcpy(o->s + o->len, p, 7);
    o->len += 7;
    return 7;
  }
  t->st = BOGUS;
  t->bogus_from = o->len - 2;
  if (p == end || *p == '>') return 0;
  to_bogus(t, o->len - 1);
  return letter(t, s, i + 1, n);
}

static int drop(buf *out, size_t at, htmlstream *hs);

/* out from byte at to its end: spaces, noted in hs->drops (left out of the
 * text). */
static void blank(tok *t, size_t at) {
  for (size_t k = at; k < t->out->len && !t->oom; k++) {
    t->out->s[k] = ' ';
    if (drop(t->out, k, t->hs)) t->oom = 1;
  }
}

static void remember(tok *t, unsigned char c) {
  t->last[0] = t->last[1];
  t->last[1] = t->last[2];
  t->last[2] = (char)c;
}

/* A script's text (WHATWG: the script data states): "<!--" escapes it,
 * "<script" then doubles the escape, in which "</script" is no end tag but
 * ends the doubling; "-->" ends both. */
static void script_char(tok *t, const char *s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  if (c == '-') {
    if (t->sesc) t->dash++;
    return;
  }
  if (c == '>') {
    if (t->sesc && t->dash >= 2) t->sesc = 0;
    t->dash = 0;
    return;
  }
  t->dash = 0;
  if (c != '<') return;
  if (t->sesc == 0) {
    if (n - i >= 4 && !memcmp(s + i + 1, "!--", 3)) t->sesc = 1;
  } else if (t->sesc == 1 && n - i > 7 && !strncasecmp(s + i + 1, "script", 6) &&
             (is_ws((unsigned char)s[i + 7]) || s[i + 7] == '/' || s[i + 7] == '>')) {
    t->sesc = 2;
  }
}

/* One byte (not NUL) of the stream at s[i], already written: the state
 * after it. Returns how many bytes after it were taken (and written) with
 * it (an opening's). */
static size_t step(tok *t, const char *s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  switch (t->st) {
  case DATA:
    if (c == '<') t->st = TAG_OPEN;
    else if (!is_ws(c)) t->started = 1;
    break;
  case TAG_OPEN:
    if (is_alpha(c)) new_tag(t, 0, c);
    else if (c == '/') t->st = END_TAG_OPEN;
    else if (c == '!') return markup(t, s, i, n);
    else if (c == '?') {
      t->st = BOGUS;
      t->bogus_from = t->out->len - 2;
      if (i + 1 < n && !is_alpha((unsigned char)s[i + 1]) && s[i + 1] != '>') {
          return letter(t, s, i + 1, n);
      }
    } else {
      t->st = c == '<' ? TAG_OPEN : DATA;
    }
    break;
  case END_TAG_OPEN:
    if (is_alpha(c)) {
      new_tag(t, 1, c);
    } else if (c == '>') {
      /* "</>" is nothing to a browser: spaces left out */
      blank(t, t->out->len - 3);
      t->st = DATA;
    } else {
      /* "</" and no letter: a bogus comment ("</ p>", "</1>") */
      t->out->len--;
      to_bogus(t, t->out->len - 1);
      return letter(t, s, i, n) - 1;
    }
    break;
  case TAG_NAME:
    if (is_ws(c)) t->st = BEFORE_ATTR;
    else if (c == '/') t->st = BEFORE_ATTR, t->slash = 1;
    else if (c == '>') tag_done(t);
    else add(t->name, &t->nlen, c);
    break;
  case BEFORE_ATTR:
  case AFTER_ATTR_NAME:
  case AFTER_VALUE:
    if (is_ws(c)) {
      t->slash = 0;
    } else if (c == '/') {
      t->slash = 1;
    } else if (c == '>') {
      tag_done(t);
    } else if (c == '=' && t->st == AFTER_ATTR_NAME) {
      t->slash = 0;
      t->st = BEFORE_VALUE;
    } else {
      attr_done(t);
      t->slash = 0;
      t->st = ATTR_NAME;
      add(t->attr, &t->alen, c);
    }
    break;
  case ATTR_NAME:
    if (is_ws(c)) t->st = AFTER_ATTR_NAME;
    else if (c == '/') t->st = AFTER_ATTR_NAME, t->slash = 1;
    else if (c == '>') tag_done(t);
    else if (c == '=') t->st = BEFORE_VALUE;
    else add(t->attr, &t->alen, c);
    break;
  case BEFORE_VALUE:
    if (c == '"') t->st = VALUE_DQ;
    else if (c == '\'') t->st = VALUE_SQ;
    else if (c == '>') tag_done(t);
    else if (!is_ws(c)) t->st = VALUE_UQ, add(t->value, &t->vlen, c);
    break;
  case VALUE_DQ:
  case VALUE_SQ:
    if (c == (t->st == VALUE_DQ ? '"' : '\'')) t->st = AFTER_VALUE, t->slash = 0;
    else add(t->value, &t->vlen, c);
    /* an end tag's attributes count for nothing, but libxml2 ends the tag
     * at a '>' in a quoted value: it is an 'x' there */
    if (t->end && c == '>') t->out->s[t->out->len - 1] = 'x';
    break;
  case VALUE_UQ:
    if (is_ws(c)) t->st = BEFORE_ATTR, t->slash = 0;
    else if (c == '>') tag_done(t);
    else add(t->value, &t->vlen, c);
    break;
  case COMMENT:
    /* ends at "-->", "--!>", and right away in "<!-->" and "<!--->" */
    if (c == '>' && (t->clen == 0 || (t->clen == 1 && t->last[2] == '-') ||
                     (t->last[1] == '-' && t->last[2] == '-') ||
                     (t->clen >= 3 && t->last[0] == '-' && t->last[1] == '-' && t->last[2] == '!')))
      t->st = DATA;
    remember(t, c);
    t->clen++;
    break;
  case BOGUS:
    /* "<!>", "<?>" have no "<?x…>" form: their three bytes are spaces
     * left out */
    if (c == '>' && t->out->len - t->bogus_from == 3) blank(t, t->bogus_from);
    if (c == '>') t->st = DATA;
    break;
  case DOCTYPE:
    if (c == '>') t->st = DATA;
    break;
  case CDATA:
    if (c == '>' && t->last[1] == ']' && t->last[2] == ']') t->st = DATA;
    remember(t, c);
    break;
  case RAW:
    /* ends where its own end tag starts: "</NAME" and a space, '/' or '>' */
    if (c == '<' && i + 1 < n && s[i + 1] == '/') {
      size_t k = strlen(t->raw);
      if (n - i - 2 > k && !strncasecmp(s + i + 2, t->raw, k) &&
          (is_ws((unsigned char)s[i + 2 + k]) || s[i + 2 + k] == '/' || s[i + 2 + k] == '>')) {
        if (t->script && t->sesc == 2) t->sesc = 1, t->dash = 0; /* the double escape's end */
        else t->st = TAG_OPEN;
        break;
      }
    }
    if (t->script) script_char(t, s, i, n);
    break;
  case PLAINTEXT: break;
  }
  return 0;
}

/* At a '<' of a file (up to end): a bogus comment that to_bogus rewrites
 * (or may: the tokenizer decides). *tag: a tag came before (a DOCTYPE now
 * is a bogus comment). */
static int bogus_at(const char *p, const char *end, int *tag) {
  size_t left = (size_t)(end - p);
  if (left < 3) return 1; /* "<" or "</" at the end: text */
  char c = p[1], d = p[2];
  if (!is_alpha((unsigned char)c) && c != '/' && c != '!' && c != '?') return 1; /* "<#" */
  *tag |= c == '/' || is_alpha((unsigned char)c);
  if (c == '/' || c == '?') {
    if (!is_alpha((unsigned char)d)) return 1; /* "</>", "<?>" too */
  } else if (c == '!' && d == '>') {
    return 1; /* "<!>" */
  } else if (c == '!') {
    if (d != '-' || left < 4 || p[3] != '-') {
      if (!starts_ci(p + 2, end, "doctype") || *tag) return 1;
    } else if ((left > 4 && p[4] == '>') || (left > 5 && p[4] == '-' && p[5] == '>')) {
      return 1;
    }
  }
  return 0;
}

/* At a '<' of s (up to end): a <script> or <style> whose text before its
 * end tag ("</NAME" and a space, '/' or '>') holds what libxml2 reads
 * unlike a browser: a "</NAME" that goes on (libxml2 ends the element at
 * it), another end tag first thing, or (a script) "<!--", which may escape
 * its end tag; or whose end tag has a quote (a quoted '>' does not end it). */
static int script_needs_tokenizer(const char *p, const char *end) {
  char c2 = end - p > 2 ? (char)(p[2] | 0x20) : 0; /* (the callers saw 's' at p[1]) */
  const char *name = c2 == 'c' && end - p > 7 && !strncasecmp(p + 1, "script", 6)  ? "script"
                     : c2 == 't' && end - p > 6 && !strncasecmp(p + 1, "style", 5) ? "style"
                                                                                   : NULL;
  if (!name) return 0;
  size_t len = strlen(name);
  if (!(is_ws((unsigned char)p[1 + len]) || p[1 + len] == '>' || p[1 + len] == '/')) return 0;
  const char *q = memchr(p, '>', (size_t)(end - p)), *text = q ? q + 1 : end;
  for (q = text; q < end && (q = memchr(q, '<', (size_t)(end - q))) != NULL; q++) {
    if (end - q >= 4 && !memcmp(q + 1, "!--", 3) && len == 6) return 1;
    if (end - q > (ptrdiff_t)(len + 2) && q[1] == '/' && !strncasecmp(q + 2, name, len)) {
      char d = q[2 + len];
      if (!(is_ws((unsigned char)d) || d == '/' || d == '>')) return 1;
      /* a quote in the end tag: a '>' in a quoted value does not end it
       * to a browser, to libxml2 it does */
      const char *gt = memchr(q, '>', (size_t)(end - q));
      const char *stop = gt ? gt : end;
      return memchr(q, '"', (size_t)(stop - q)) || memchr(q, '\'', (size_t)(stop - q));
    }
    /* an end tag right at the start: libxml2 reads it as one */
    if (q == text && end - q > 1 && q[1] == '/') return 1;
  }
  return 0;
}

/* Whether s holds a NUL or a control character libxml2 drops from text
 * (any C0 but TAB, LF and CR: VT, FF, 0x01 …). Eight bytes at a time:
 * (w - 0x20…) & ~w has bit 7 set in some byte if any byte is below 0x20. */
static int has_controls(const char *s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, sizeof w);
    if (!((w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull)) continue;
    for (size_t k = i; k < i + 8; k++) {
      unsigned char c = (unsigned char)s[k];
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 1;
    }
  }
  for (; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 1;
  }
  return 0;
}

/* Whether p (up to end) starts the name of an element whose text is raw. */
static int raw_name_at(const char *p, const char *end) {
  static const char *const raws[] = {"script", "style", "title", "textarea", "xmp", "iframe",
                                     "noembed", "noframes", "noscript", "plaintext", NULL};
  for (int k = 0; raws[k]; k++) {
    size_t len = strlen(raws[k]);
    if ((size_t)(end - p) > len && !strncasecmp(p, raws[k], len) &&
        (is_ws((unsigned char)p[len]) || p[len] == '>' || p[len] == '/'))
      return 1;
  }
  return 0;
}

/* At a '<' of a file (up to end): raw text libxml2 would read as markup
 * (see HTMLSTREAM_HELD): a <plaintext>, or a <title>, <textarea>, <xmp>,
 * <iframe>, <noembed> or <noframes> whose text up to its end tag holds a
 * '<' (or for the last four a '&'), a <noscript> whose holds a comment or
 * raw text; a CDATA section; a script or style
 * script_needs_tokenizer tells. 1: it is there; 0: not here, *next the
 * last byte looked at (the end tag's '<' when the element was passed
 * over); -1: there can be none after p. */
static int raw_markup_at(const char *p, const char *end, const char **next) {
  static const char *const names[] = {"title", "textarea", "xmp", "iframe", "noembed",
                                      "noframes", "plaintext", "noscript", NULL};
  *next = p;
  if (end - p >= 9 && p[1] == '!' && !memcmp(p, "<![CDATA[", 9)) return 1; /* maybe in SVG */
  char c = end - p > 1 ? (char)(p[1] | 0x20) : 0; /* a first letter of one of them */
  if (c == 's') return script_needs_tokenizer(p, end);
  if (c != 't' && c != 'x' && c != 'i' && c != 'n' && c != 'p') return 0;
  char c2 = end - p > 2 ? (char)(p[2] | 0x20) : 0; /* and the second */
  for (int k = 0; names[k]; k++) {
    if (names[k][0] != c || names[k][1] != c2) continue;
    size_t len = strlen(names[k]);
    if ((size_t)(end - p) <= len + 1 || strncasecmp(p + 1, names[k], len) ||
        !(is_ws((unsigned char)p[1 + len]) || p[1 + len] == '>' || p[1 + len] == '/'))
      continue;
    if (k == 6) return 1; /* plaintext */
    const char *q = memchr(p, '>', (size_t)(end - p));
    if (!q) return -1;
    for (q++; q < end; q++) {
      if (*q == '<') {
        if (end - q > (ptrdiff_t)(len + 1) && q[1] == '/' && !strncasecmp(q + 2, names[k], len))
          break;
        /* libxml2 parses a noscript's markup (sax_text.c puts the raw text
         * back): only a comment or raw text in it may run past its end */
        if (k == 7 && !(end - q > 1 && (q[1] == '!' || raw_name_at(q + 1, end)))) continue;
        return 1;
      }
      if (*q == '&' && k >= 2 && k <= 5) return 1;
    }
    *next = q < end ? q : end - 1;
    return 0;
  }
  return 0;
}

/* Whether s needs the tokenizer pass (rewrite): a NUL or control
 * character, a bogus comment, raw text read as markup. One pass over the
 * '<'s: only such files pay for the tokenizer. */
static int needs_tokenizer(const char *s, size_t n) {
  if (has_controls(s, n)) return 1;
  const char *end = s + n;
  int tag = 0, raw = 1;
  for (const char *p = s; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
    if (bogus_at(p, end, &tag)) return 1;
    if (!raw) continue;
    /* an element raw_markup_at passed over holds no '<' but its end tag's,
     * which is no bogus comment: the '<'s skipped need no bogus_at */
    int r = raw_markup_at(p, end, &p);
    if (r > 0) return 1;
    if (r < 0) raw = 0;
  }
  return 0;
}

/* hs->drops gains out's byte at, which becomes a space. */
static int drop(buf *out, size_t at, htmlstream *hs) {
  if (grow_array((void **)&hs->drops, &hs->dropcap, hs->ndrops + 1, sizeof *hs->drops)) return -1;
  hs->drops[hs->ndrops++] = at;
  out->s[at] = ' ';
  return 0;
}

/* hs->held gains out's byte at (hold: its last), which becomes
 * HTMLSTREAM_HELD; held bytes come in the order of the text. */
static int hold_at(buf *out, size_t at, htmlstream *hs) {
  if (grow_array((void **)&hs->held, &hs->heldcap, hs->nheld + 1, sizeof *hs->held) ||
      grow_array((void **)&hs->held_c, &hs->heldccap, hs->nheld + 1, 1))
    return -1;
  hs->held[hs->nheld] = at;
  hs->held_c[hs->nheld++] = out->s[at];
  out->s[at] = HTMLSTREAM_HELD;
  return 0;
}

static int hold(buf *out, htmlstream *hs) { return hold_at(out, out->len - 1, hs); }

/* The tokenizer's pass over s: NULs, bogus comments and raw text rewritten. */
static int rewrite(const char *s, size_t n, buf *out, htmlstream *hs) {
  size_t nuls = 0;
  for (const char *p = s; (p = memchr(p, '\0', (size_t)(s + n - p))) != NULL; p++) {
    if (!nuls) {
      hs->nul_line = 1;
      for (const char *q = s; q < p; q++) hs->nul_line += *q == '\n';
    }
    nuls++;
  }
  hs->nuls = nuls;
  if (buf_reserve(out, n + 2 * nuls + 1)) return -1;
  tok t;
  memset(&t, 0, sizeof t);
  t.out = out;
  t.hs = hs;
  size_t lt = 0; /* where the last '<' in text is */
  for (size_t i = 0; i < n && !t.oom; i++) {
    if (s[i] != '\0') {
      enum state was = t.st;
      char c = s[i];
      out->s[out->len++] = c;
      if (was == DATA && c == '<') lt = out->len - 1;
      i += step(&t, s, i, n);
      /* a '<' that opens nothing ("<#", "< ", "<<") is text, which libxml2
       * may drop */
      if (was == TAG_OPEN && (t.st == DATA || t.st == TAG_OPEN)) {
        if (hold_at(out, lt, hs)) t.oom = 1;
        lt = out->len - 1;
      }
      /* text of raw text (still: not the '<' of its end tag) */
      if ((was == RAW || was == PLAINTEXT) && t.st == was && t.hold &&
          (c == '<' || (c == '&' && t.hold == 2)) && hold(out, hs))
        t.oom = 1;
      /* a control character in text (but TAB, LF, CR: NUL is below),
       * which libxml2 drops and a browser keeps */
      if ((unsigned char)c < 0x20 && c != '\t' && c != '\n' && c != '\r' && t.st == was &&
          (was == DATA || was == RAW || was == PLAINTEXT || was == CDATA) && hold(out, hs))
        t.oom = 1;
      /* a CDATA section: its text, without "<![CDATA[" and "]]>" */
      if (was != CDATA && t.st == CDATA)
        for (size_t k = out->len - 9; k < out->len && !t.oom; k++) t.oom = drop(out, k, hs) != 0;
      else if (was == CDATA && t.st == CDATA && (c == '<' || c == '&') && hold(out, hs))
        t.oom = 1;
      else if (was == CDATA && t.st == DATA)
        for (size_t k = out->len - 3; k < out->len && !t.oom; k++) t.oom = drop(out, k, hs) != 0;
      continue;
    }
    if (t.st == DATA && !foreign(&t)) {
      /* dropped: a space to the parser (which may ignore it, as a browser
       * ignores the NUL, where text would change the tree: before <body>),
       * its offset kept for the caller to leave it out of the text */
      out->len++;
      if (drop(out, out->len - 1, hs)) {
        t.oom = 1;
        break;
      }
      hs->nul_drops++;
      continue;
    }
    if (t.st == END_TAG_OPEN) {
      /* "</" and a NUL: a bogus comment, "<?x" (see to_bogus) */
      to_bogus(&t, out->len - 1);
      out->s[out->len++] = 'x';
      continue;
    }
    memcpy(out->s + out->len, "\xEF\xBF\xBD", 3);
    out->len += 3;
    /* the states a NUL moves on from, as any other character would */
    if (t.st == TAG_OPEN) t.st = DATA;
    else if (t.st == COMMENT) remember(&t, 0xFF), t.clen++;
    else if (t.st == CDATA) remember(&t, 0xFF);
    else if (t.st == TAG_NAME) add(t.name, &t.nlen, 0xFF);
    else if (t.st == BEFORE_ATTR || t.st == AFTER_ATTR_NAME || t.st == AFTER_VALUE)
      attr_done(&t), t.st = ATTR_NAME, add(t.attr, &t.alen, 0xFF);
    else if (t.st == ATTR_NAME) add(t.attr, &t.alen, 0xFF);
    else if (t.st == BEFORE_VALUE) t.st = VALUE_UQ, add(t.value, &t.vlen, 0xFF);
    else if (t.st == VALUE_DQ || t.st == VALUE_SQ || t.st == VALUE_UQ) add(t.value, &t.vlen, 0xFF);
  }
  /* a bogus comment the file ends in is a comment all the same (libxml2
   * reads "<?x" or "<!" there as text): spaces, left out of the text */
  if (!t.oom && t.st == BOGUS) blank(&t, t.bogus_from);
  /* "<" and "</" at the end are text */
  if (!t.oom && (t.st == TAG_OPEN || t.st == END_TAG_OPEN) && hold_at(out, lt, hs)) t.oom = 1;
  out->s[out->len] = '\0';
  free(t.stack);
  return t.oom ? -1 : 0;
}

void htmlstream_free(htmlstream *hs) {
  free(hs->drops);
  free(hs->held);
  free(hs->held_c);
  hs->drops = NULL;
  hs->held = NULL;
  hs->held_c = NULL;
  hs->ndrops = hs->nheld = hs->dropcap = hs->heldcap = hs->heldccap = 0;
}

/* ---- the whole ------------------------------------------------------------------ */

const char *htmlstream_prepare(const char *data, size_t *len, buf *out, htmlstream *hs) {
  memset(hs, 0, sizeof *hs);
  size_t n = *len;
  const encoding *e = pick(data, n);
  buf dec = BUF_INIT;
  char *s = (char *)data; /* written to only once it is dec's */
  int rc = 0;
  if (!e) {
    /* UTF-16 with its order mark */
    hs->encoding = data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    rc = from_iconv(data + 2, n - 2, hs->encoding, 0, 2, &dec, &hs->bad);
    s = dec.s, n = dec.len;
  } else {
    hs->encoding = e->name;
    if (!strcmp(e->name, "UTF-8")) {
      if (!utf8_valid(data, n, NULL)) {
        rc = repair_utf8(data, n, &dec, &hs->bad);
        s = dec.s, n = dec.len;
      }
    } else if (!strcmp(e->name, "windows-1252")) {
      rc = from_windows1252(data, n, &dec);
      s = dec.s, n = dec.len;
    } else if (!strcmp(e->name, "replacement")) {
      /* WHATWG: the whole file decodes to one U+FFFD */
      rc = n ? buf_adds(&dec, "\xEF\xBF\xBD") : 0;
      hs->bad = n > 0;
      s = dec.s, n = dec.len;
    } else {
      rc = from_iconv(data, n, e->iconv, e->single, 1, &dec, &hs->bad);
      if (rc == -2) {
        /* this iconv lacks it: read it as windows-1252, as for no declaration */
        hs->encoding = "windows-1252";
        rc = from_windows1252(data, n, &dec);
      }
      s = dec.s, n = dec.len;
    }
  }
  if (rc) {
    buf_free(&dec);
    return NULL;
  }
  if (!s) s = (char *)data, n = 0; /* decoded to nothing */
  if (memchr(s, '\r', n)) {
    if (s == data && buf_add(&dec, data, n)) return NULL;
    s = dec.s;
    n = normalize_newlines(s, n);
  }
  if (needs_tokenizer(s, n)) {
    out->len = 0;
    rc = rewrite(s, n, out, hs);
    buf_free(&dec);
    if (rc) {
      htmlstream_free(hs);
      return NULL;
    }
    *len = out->len;
    return out->s;
  }
  if (s == dec.s) {
    buf_free(out);
    *out = dec;
  }
  *len = n;
  return s;
}
