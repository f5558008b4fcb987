/* libFuzzer target: every writer on a random annotation set. A byte picks the
 * document type, two more how much of the input is the document; the rest
 * becomes annotations (UTF-8-aligned, in range, with labels, notes and
 * attributes from a palette or the input) and writer options. JSON output
 * must parse, inline output must parse as well as the input's own
 * serialisation does, html's index.html must parse, brat's .txt must be the view, conll's lines must each
 * split into a token and a well-formed IOB2 tag, xmi must be well-formed XML
 * whose sofaString has the view's UTF-16 length and whose every begin and
 * end lies within it, and its TypeSystem.xml well-formed. */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "fuzz.h"
#include "out_xmi.h"
#include "output.h"
#include "uchar.h"
#include "utf8.h"

#include "../support/support.h"

#define MAX_ANNOTS 64

static const char *const labels[] = {
    "person", "a b", "<&\"'>", "x\ty\nz", "ünï", "]]>", "--", "g:mark", "\x01\x7f",
    "\xF0\x9F\x98\x80", "glossa-1", "_", "&amp;", " "};
static const char *const notes[] = {
    "", "a <note> & \"more\"", "line\nbreak\r\n", "tab\there", "\\u0000", "é\xE2\x80\xA8"};
static const char *const keys[] = {"k", "", "a b", "id", "@context", "ünï", "x\"y", "type"};
static const double numbers[] = {0.0, -0.0, 0.1, 1e300, -1e-300, 3.0, 1e15, 1e16};

/* A string from a palette or, with the high bit, from the input. */
static const char *pick(document *d, fuzz_in *in, const char *const *pal, size_t n,
                        int nonempty) {
  unsigned c = fuzz_u8(in);
  if (c & 0x80) {
    char *s = fuzz_str(in, 40);
    const char *r = annot_intern(&d->annots, *s || !nonempty ? s : "x");
    free(s);
    return r;
  }
  return annot_intern(&d->annots, pal[c % n]);
}

static const annot_attrs *attrs(document *d, fuzz_in *in) {
  size_t n = fuzz_u8(in) % 5;
  if (!n) return NULL;
  annot_attrs *a = malloc(sizeof *a + n * sizeof a->v[0]);
  if (!a) abort();
  a->n = 0;
  for (size_t i = 0; i < n; i++) {
    annot_attr at = {0};
    at.key = pick(d, in, keys, sizeof keys / sizeof keys[0], 0);
    unsigned t = fuzz_u8(in);
    switch (t % 4) {
    case 0:
      at.type = ATTR_STRING;
      at.s = pick(d, in, notes, sizeof notes / sizeof notes[0], 0);
      break;
    case 1:
      at.type = ATTR_NUMBER;
      at.n = t & 0x80 ? (t & 0x40 ? NAN : (t & 0x20 ? -INFINITY : INFINITY))
                      : numbers[(t >> 2) % (sizeof numbers / sizeof numbers[0])];
      break;
    case 2:
      at.type = ATTR_INTEGER;
      at.i = t & 0x80 ? (t & 0x40 ? LLONG_MIN : LLONG_MAX) : (long long)fuzz_u16(in) - 30000;
      break;
    default:
      at.type = ATTR_BOOL;
      at.i = (t >> 2) & 1;
    }
    int dup = 0; /* keys are unique, as in a Lua table */
    for (size_t j = 0; j < a->n; j++) dup |= !strcmp(a->v[j].key, at.key);
    if (!dup) a->v[a->n++] = at;
  }
  return annot_keep_attrs(&d->annots, a);
}

static void add_annots(document *d, fuzz_in *in) {
  size_t n = d->view.len;
  const char *s = d->view.s;
  const char *script = annot_intern(&d->annots, "fuzz.lua");
  for (int k = 0; k < MAX_ANNOTS && in->n; k++) {
    size_t st = fuzz_u16(in) % (n + 1);
    unsigned f = fuzz_u8(in);
    size_t e = st + ((f & 0x38) == 0 ? fuzz_u16(in) : fuzz_u8(in) % 24); /* few long ones */
    if (e > n) e = n;
    while (!utf8_boundary(s, n, st)) st--;
    while (!utf8_boundary(s, n, e)) e++;
    const char *label = pick(d, in, labels, sizeof labels / sizeof labels[0], 1);
    const char *note = f & 2 ? pick(d, in, notes, sizeof notes / sizeof notes[0], 0) : NULL;
    const annot_attrs *at = f & 4 ? attrs(d, in) : NULL;
    FUZZ_CHECK(label && script && annot_add(&d->annots, st, e, label, note, script, k, at, NULL));
  }
}

/* Parses s as XML (or HTML) and says whether it is well-formed (parsed). */
static int parses(const char *s, size_t n, int xml) {
  xmlDocPtr x;
  int ok;
  if (xml) {
    xmlParserCtxtPtr c = xmlNewParserCtxt();
    if (!c) abort();
    x = xmlCtxtReadMemory(c, s, (int)n, "out.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    ok = x && c->wellFormed;
    xmlFreeParserCtxt(c);
  } else {
    x = htmlReadMemory(s, (int)n, "out.html", "UTF-8",
                       HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
    ok = x != NULL;
  }
  if (x) xmlFreeDoc(x);
  return ok;
}

/* -f xmi: well-formed; the Sofa as long (in UTF-16) as the view, XML's
 * unholdable characters replaced one for one; every begin <= end <= it. */
static void check_xmi(const document *d, const out_opts *o) {
  buf b[OUT_MAXPARTS] = {BUF_INIT, BUF_INIT}, sum = BUF_INIT, msg = BUF_INIT;
  out_state st = {.msg = &msg, .sum = &sum};
  FUZZ_CHECK(out_xmi_doc(b, &st, d, o) == 0);
  xmlDocPtr x = xmlReadMemory(b[0].s, (int)b[0].len, "out.xmi", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  FUZZ_CHECK(x != NULL);
  size_t len16 = text_u16(&d->view, d->view.len);
  int sofas = 0;
  for (xmlNodePtr n = xmlDocGetRootElement(x)->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    xmlChar *v = xmlGetProp(n, BAD_CAST "sofaString");
    if (v) {
      FUZZ_CHECK(utf8_count16((const char *)v, strlen((const char *)v)) == len16);
      sofas++;
      xmlFree(v);
    }
    xmlChar *bs = xmlGetProp(n, BAD_CAST "begin"), *es = xmlGetProp(n, BAD_CAST "end");
    FUZZ_CHECK(!bs == !es);
    if (bs) {
      unsigned long long bv = strtoull((const char *)bs, NULL, 10), ev = strtoull((const char *)es, NULL, 10);
      FUZZ_CHECK(bv <= ev && ev <= len16);
    }
    xmlFree(bs);
    xmlFree(es);
  }
  FUZZ_CHECK(sofas == 1);
  xmlFreeDoc(x);
  buf_free(&b[0]);
  FUZZ_CHECK(out_xmi_run_end(b, sum.s ? sum.s : "", sum.len, o) == 0);
  FUZZ_CHECK(parses(b[0].s, b[0].len, 1));
  buf_free(&b[0]);
  buf_free(&sum);
  buf_free(&msg);
}

static void check_brat(const document *d, const out_opts *o) {
  char dir[] = "/tmp/glossa-fuzz-brat-XXXXXX";
  FUZZ_CHECK(mkdtemp(dir) != NULL);
  buf err = BUF_INIT;
  int rc = support_brat_files(d, o, dir, &err);
  FUZZ_CHECK(rc == 0);
  char path[sizeof dir + 300];
  snprintf(path, sizeof path, "%s/fuzz.%s.txt", dir, doc_type_name(d->type));
  FILE *f = fopen(path, "rb");
  FUZZ_CHECK(f != NULL);
  char *got = malloc(d->view.len + 2);
  if (!got) abort();
  size_t n = fread(got, 1, d->view.len + 1, f);
  fclose(f);
  FUZZ_CHECK(n == d->view.len && !memcmp(got, d->view.s, n));
  free(got);
  /* every line of the .ann: T, # or A, and valid UTF-8 */
  snprintf(path, sizeof path, "%s/fuzz.%s.ann", dir, doc_type_name(d->type));
  f = fopen(path, "rb");
  FUZZ_CHECK(f != NULL);
  buf ann = BUF_INIT;
  char chunk[4096];
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&ann, chunk, n);
  fclose(f);
  FUZZ_CHECK(utf8_valid(ann.s ? ann.s : "", ann.len, NULL));
  size_t lines = 0;
  for (size_t i = 0; i < ann.len; i++) {
    if (i == 0 || ann.s[i - 1] == '\n') {
      FUZZ_CHECK(ann.s[i] == 'T' || ann.s[i] == '#' || ann.s[i] == 'A');
      lines += ann.s[i] == 'T';
    }
  }
  FUZZ_CHECK(lines == d->annots.n);
  FUZZ_CHECK(ann.len == 0 || ann.s[ann.len - 1] == '\n');
  buf_free(&ann);
  buf_free(&err);
  /* clean up the directory, temporary files included */
  DIR *dd = opendir(dir);
  struct dirent *e;
  while (dd && (e = readdir(dd))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  if (dd) closedir(dd);
  FUZZ_CHECK(rmdir(dir) == 0);
}

/* -f conll: the -DOCSTART- line and a blank line, then lines that each
 * split (at what Python's str.split() splits at) into exactly two fields,
 * the second O, B-X or I-X, an I-X only after B-X or I-X of the same X in
 * the same sentence; blank lines between sentences, and one at the end. */
static void check_conll(const char *s, size_t n) {
  static const char head[] = "-DOCSTART- -X- O O\n\n";
  FUZZ_CHECK(n >= sizeof head - 1 && !memcmp(s, head, sizeof head - 1));
  FUZZ_CHECK(n == sizeof head - 1 || (s[n - 1] == '\n' && s[n - 2] == '\n'));
  char prev[256] = "";
  for (size_t i = sizeof head - 1; i < n;) {
    const char *nl = memchr(s + i, '\n', n - i);
    FUZZ_CHECK(nl != NULL);
    size_t e = (size_t)(nl - s), fields = 0, f2 = 0;
    if (e == i) {
      prev[0] = '\0';
      i = e + 1;
      continue;
    }
    int in = 0;
    for (size_t k = i; k < e;) {
      uint32_t c;
      size_t len = utf8_decode(s + k, e - k, &c);
      FUZZ_CHECK(len > 0);
      int sp = uchar_is_space(c) || (c >= 0x1C && c <= 0x1F);
      if (!sp && !in) fields++, f2 = k;
      in = !sp;
      k += len;
    }
    FUZZ_CHECK(fields == 2);
    const char *tag = s + f2;
    size_t tl = e - f2;
    if (tl == 1) FUZZ_CHECK(tag[0] == 'O'), prev[0] = '\0';
    else {
      FUZZ_CHECK(tl > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-');
      if (tag[0] == 'I') FUZZ_CHECK(strlen(prev) == tl - 2 && !memcmp(prev, tag + 2, tl - 2));
      if (tl - 2 < sizeof prev) memcpy(prev, tag + 2, tl - 2), prev[tl - 2] = '\0';
      else prev[0] = '\0';
    }
    i = e + 1;
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FUZZ_MAX_INPUT || size < 4) return 0;
  fuzz_in in = {data, size};
  doc_type type = (doc_type)(DOC_TEXT + fuzz_u8(&in) % 3);
  unsigned opt = fuzz_u8(&in);
  size_t split = fuzz_u16(&in) % (in.n + 1);
  static const char *const names[] = {"", "fuzz.text", "fuzz.html", "fuzz.xml"};
  buf err = BUF_INIT;
  document *d = doc_parse(names[type], (const char *)in.p, split, type, &err);
  buf_free(&err);
  if (!d) return 0;
  in.p += split;
  in.n -= split;
  add_annots(d, &in);

  out_opts o = {.base_uri = opt & 1 ? "http://example.org/a b?c=\"d\"&e" : NULL,
                .created = opt & 2 ? "2024-01-02T03:04:05Z" : NULL,
                .units = (out_units)((opt >> 2) % 3)};
  buf b = BUF_INIT;
  FUZZ_CHECK(out_text(&b, d, &o) == 0);
  FUZZ_CHECK(utf8_valid(b.s ? b.s : "", b.len, NULL));
  buf_free(&b);

  FUZZ_CHECK(out_jsonl(&b, d, &o) == 0);
  FUZZ_CHECK(fuzz_json_valid(b.s ? b.s : "", b.len, 1));
  buf_free(&b);

  out_json j;
  FUZZ_CHECK(out_json_begin(&b, &j, &o) == 0);
  FUZZ_CHECK(out_json_doc(&b, &j, d, &o) == 0);
  if (opt & 32) FUZZ_CHECK(out_json_doc(&b, &j, d, &o) == 0); /* two documents */
  FUZZ_CHECK(out_json_end(&b, &j, &o) == 0);
  FUZZ_CHECK(fuzz_json_valid(b.s, b.len, 0));
  buf_free(&b);

  FUZZ_CHECK(out_html(&b, d, &o) == 0);
  FUZZ_CHECK(utf8_valid(b.s, b.len, NULL) && parses(b.s, b.len, 0));
  buf_free(&b);
  {
    /* -o DIR/: the page, twice (two documents), and the run's index.html */
    buf sum = BUF_INIT, idx[OUT_MAXPARTS] = {BUF_INIT, BUF_INIT};
    out_state st = {.sum = &sum, .file = opt & 16 ? "a b/#x:y?.html" : "doc.html"};
    FUZZ_CHECK(out_html_doc(&b, &st, d, &o) == 0);
    buf_free(&b);
    FUZZ_CHECK(out_html_doc(&b, &st, d, &o) == 0);
    buf_free(&b);
    FUZZ_CHECK(out_html_run_end(idx, sum.s ? sum.s : "", sum.len, &o) == 0);
    FUZZ_CHECK(utf8_valid(idx[0].s ? idx[0].s : "", idx[0].len, NULL) && parses(idx[0].s, idx[0].len, 0));
    buf_free(&idx[0]);
    buf_free(&sum);
  }

  FUZZ_CHECK(out_inline(&b, d, &o) == 0);
  if (d->type == DOC_XML) {
    /* as well-formed as libxml2's own serialisation of the input */
    xmlChar *mem = NULL;
    int n = 0;
    xmlDocDumpMemory(d->xml, &mem, &n);
    if (mem && parses((const char *)mem, (size_t)n, 1))
      FUZZ_CHECK(parses(b.s, b.len, 1));
    xmlFree(mem);
  } else {
    FUZZ_CHECK(parses(b.s, b.len, 0));
  }
  buf_free(&b);

  check_brat(d, &o);
  o.segments = opt & 16;
  check_xmi(d, &o);
  o.segments = 0;

  /* conll and spans, with every label or (opt bit 6) two of them */
  char *two[] = {"person", "a b"};
  outlabels some = {two, 2};
  o.labels = opt & 64 ? &some : NULL;
  o.units = OUT_CODEPOINTS;
  buf msg = BUF_INIT;
  out_state st = {.msg = &msg};
  FUZZ_CHECK(out_conll(&b, &st, d, &o) == 0);
  check_conll(b.s, b.len);
  buf_free(&b);
  FUZZ_CHECK(out_spans(&b, &st, d, &o) == 0);
  FUZZ_CHECK(fuzz_json_valid(b.s, b.len, 1));
  FUZZ_CHECK(b.len && b.s[b.len - 1] == '\n' && memchr(b.s, '\n', b.len) == b.s + b.len - 1);
  FUZZ_CHECK(st.left_out <= 2 * d->annots.nlive);
  buf_free(&b);
  buf_free(&msg);
  doc_free(d);
  return 0;
}
