/* Unit tests of libglossa: `glossa-unit NAME` runs one test (see main). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

#include "annot.h"
#include "doc.h"
#include "json.h"
#include "text.h"
#include "utf8.h"
#include "xmlmem.h"

#include "check.h"

static const char *srcdir = ".";

static document *load(const char *rel) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", srcdir, rel);
  buf err = BUF_INIT;
  document *d = doc_load(path, DOC_AUTO, 1 << 26, &err);
  if (!d) fprintf(stderr, "cannot load %s: %s\n", path, err.s);
  buf_free(&err);
  return d;
}

static char *slurp(const char *rel, size_t *len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", srcdir, rel);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  buf b = BUF_INIT;
  char tmp[4096];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, n);
  fclose(f);
  return buf_detach(&b, len);
}

static void test_utf8(void) {
  uint32_t cp;
  CHECK_EQ(utf8_decode("A", 1, &cp), 1);
  CHECK_EQ(cp, 'A');
  CHECK_EQ(utf8_decode("\xE2\x80\x99", 3, &cp), 3); /* ’ */
  CHECK_EQ(cp, 0x2019);
  CHECK_EQ(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
  CHECK_EQ(cp, 0x1F600);
  CHECK_EQ(utf8_decode("\xC0\xAF", 2, &cp), 0);         /* overlong */
  CHECK_EQ(utf8_decode("\xED\xA0\x80", 3, &cp), 0);     /* surrogate */
  CHECK_EQ(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
  CHECK_EQ(utf8_decode("\xE2\x80", 2, &cp), 0);         /* truncated */
  size_t bad = 99;
  CHECK(utf8_valid("ok \xE2\x80\x94 fine", 10, &bad));
  CHECK(!utf8_valid("ab\xFF", 3, &bad));
  CHECK_EQ(bad, 2);
  const char *s = "a\xE2\x80\x9C\xF0\x9F\x98\x80z"; /* a “ 😀 z */
  CHECK_EQ(utf8_count(s, strlen(s)), 4);
  CHECK_EQ(utf8_count16(s, strlen(s)), 5);
  CHECK(utf8_boundary(s, strlen(s), 1));
  CHECK(!utf8_boundary(s, strlen(s), 2));
  char out[4];
  CHECK_EQ(utf8_encode(0x2666, out), 3); /* ♦ */
  CHECK(!memcmp(out, "\xE2\x99\xA6", 3));
  /* the maximal subpart of an ill-formed sequence (one U+FFFD each) */
  CHECK_EQ(utf8_bad_len("\xFF", 1), 1);
  CHECK_EQ(utf8_bad_len("\xC0\xAF", 2), 1);       /* overlong lead: alone */
  CHECK_EQ(utf8_bad_len("\xE2\x80", 2), 2);       /* cut off */
  CHECK_EQ(utf8_bad_len("\xE2\x80z", 3), 2);
  CHECK_EQ(utf8_bad_len("\xED\xA0\x80", 3), 1);   /* surrogate: ED, then A0, then 80 */
  CHECK_EQ(utf8_bad_len("\xF0\x9F\x98z", 4), 3);
  CHECK_EQ(utf8_bad_len("\xF4\x90\x80\x80", 4), 1);
}

/* Offsets of the seed's typographic characters, counted independently of
 * text.c: code points before each occurrence = lead bytes before it. */
static void test_seed_offsets(void) {
  document *d = load("samples/trump-putin-call.txt");
  CHECK(d != NULL);
  if (!d) return;
  size_t len;
  char *file = slurp("samples/trump-putin-call.txt", &len);
  CHECK(file != NULL);
  CHECK_EQ(d->view.len, len);
  CHECK(file && memcmp(d->view.s, file, len) == 0);
  static const char *const chars[] = {"“", "”", "’", "–", "—", "…", "♦", "\xC2\xA0", NULL};
  int seen = 0;
  for (const char *const *c = chars; *c; c++) {
    for (const char *p = strstr(d->view.s, *c); p; p = strstr(p + 1, *c)) {
      size_t off = (size_t)(p - d->view.s), cps = 0;
      for (size_t i = 0; i < off; i++) cps += ((unsigned char)file[i] & 0xC0) != 0x80;
      CHECK_EQ(text_cp(&d->view, off), cps);
      CHECK_EQ(text_cp(&d->view, off + strlen(*c)), cps + 1);
      seen++;
    }
  }
  CHECK_EQ(seen, 40); /* python3: sum(s.count(c) for c in chars) */
  /* The sentence of issue 2, where python3's str.index puts it. */
  const char *sentence = "It would appear there’s some deal-making in the works.";
  const char *p = strstr(d->view.s, sentence);
  CHECK(p != NULL);
  if (p) {
    size_t off = (size_t)(p - d->view.s);
    CHECK_EQ(off, 2468);
    CHECK_EQ(text_cp(&d->view, off), 2438);
    CHECK_EQ(text_cp(&d->view, off + strlen(sentence)), 2492);
    unsigned long line, col;
    text_linecol(&d->view, off, &line, &col);
    CHECK_EQ(line, 21);
    CHECK_EQ(col, 1);
  }
  /* Every offset's line:col against a direct count over the file. */
  unsigned long line = 1, col = 1;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || ((unsigned char)file[i] & 0xC0) != 0x80) {
      unsigned long l, c;
      text_linecol(&d->view, i, &l, &c);
      if (l != line || c != col) {
        fprintf(stderr, "offset %zu: %lu:%lu, expected %lu:%lu\n", i, l, c, line, col);
        failures++;
        break;
      }
    }
    if (i < len && file[i] == '\n') line++, col = 1;
    else if (i < len && ((unsigned char)file[i] & 0xC0) != 0x80) col++;
  }
  /* Paragraphs: the tree's text nodes concatenate to the file. */
  CHECK(xmlStrEqual(d->root->name, BAD_CAST "text"));
  size_t paras = 0;
  for (xmlNodePtr n = d->root->children; n; n = n->next) paras += n->type == XML_ELEMENT_NODE;
  CHECK_EQ(paras, 27); /* runs of non-blank lines */
  free(file);
  doc_free(d);
}

/* Source positions in the HTML and XML samples: where their lines are. */
static void test_markup_positions(void) {
  static const struct {
    const char *path, *needle;
    unsigned long line, col;
  } cases[] = {
      {"samples/trump-putin-call.html", "It would appear there’s", 47, 4},
      {"samples/trump-putin-call.xml", "It would appear there’s", 34, 4},
      /* after &ndash; and &nbsp; on the same line: columns of the source */
      {"samples/trump-putin-call.html", "Putin", 32, 101},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    document *d = load(cases[k].path);
    CHECK(d != NULL);
    if (!d) continue;
    const char *p = strstr(d->view.s, cases[k].needle);
    CHECK(p != NULL);
    if (p) {
      unsigned long line, col;
      text_linecol(&d->view, (size_t)(p - d->view.s), &line, &col);
      CHECK_EQ(line, cases[k].line);
      CHECK_EQ(col, cases[k].col);
    }
    doc_free(d);
  }
}

static void test_text_paragraphs(void) {
  buf err = BUF_INIT;
  const char *in = "\n\none\ntwo\n  \nthree\n\n";
  document *d = doc_parse("t.txt", in, strlen(in), DOC_TEXT, &err);
  CHECK(d != NULL);
  if (!d) return;
  CHECK_EQ(d->view.len, strlen(in));
  /* separator, p, separator, p, separator */
  const char *want[] = {"\n\n", "one\ntwo", "\n  \n", "three", "\n\n"};
  CHECK_EQ(d->view.nsegs, 5);
  for (size_t i = 0; i < d->view.nsegs && i < 5; i++) {
    const text_seg *sg = &d->view.segs[i];
    CHECK(sg->len == strlen(want[i]) && !memcmp(d->view.s + sg->start, want[i], sg->len));
  }
  CHECK(text_is_block_boundary(&d->view, 2));
  CHECK(text_is_block_boundary(&d->view, 9));
  CHECK(!text_is_block_boundary(&d->view, 4));
  doc_free(d);
  /* empty input, UTF-16 with a BOM, invalid UTF-8, a NUL byte */
  d = doc_parse("e.txt", "", 0, DOC_TEXT, &err);
  CHECK(d && d->view.len == 0);
  doc_free(d);
  d = doc_parse("u.txt", "\xFF\xFE" "h\0i\0\x19\x20", 8, DOC_TEXT, &err);
  CHECK(d && d->view.len == 5 && !memcmp(d->view.s, "hi’", 5));
  doc_free(d);
  err.len = 0;
  d = doc_parse("bad.txt", "ok\nb\xFFx", 6, DOC_TEXT, &err);
  CHECK(d == NULL);
  CHECK(err.s && strstr(err.s, "bad.txt:2: invalid UTF-8 at byte offset 4"));
  err.len = 0;
  d = doc_parse("nul.txt", "a\0b", 3, DOC_TEXT, &err);
  CHECK(d == NULL);
  CHECK(err.s && strstr(err.s, "nul.txt:1: NUL byte"));
  buf_free(&err);
}

static void test_html_view(void) {
  buf err = BUF_INIT;
  /* CRLF, lone CR, the newline after <pre>, text after </body> and </html>,
   * masked script, template content left out */
  const char *in = "<html><body>\r\n<pre>\r\nx\ry</pre><script>var a;</script>"
                   "<template>T</template></body>\n</html>\nend";
  document *d = doc_parse("t.html", in, strlen(in), DOC_AUTO, &err);
  CHECK(d != NULL);
  if (!d) return;
  CHECK_EQ(d->type, DOC_HTML);
  const char *want = "\nx\nyvar a;\n\nend";
  CHECK_EQ(d->view.len, strlen(want));
  CHECK(!strcmp(d->view.s, want));
  const text_seg *sg = text_seg_at(&d->view, strlen("\nx\ny"));
  CHECK(sg && sg->masked);
  sg = text_seg_at(&d->view, 1);
  CHECK(sg && !sg->masked);
  unsigned long line, col;
  text_linecol(&d->view, 1, &line, &col); /* x, on the line after <pre> */
  CHECK_EQ(line, 3);
  CHECK_EQ(col, 1);
  text_linecol(&d->view, strlen(want) - 3, &line, &col); /* "end" */
  CHECK_EQ(line, 6); /* the lone CR ends a line too */
  CHECK_EQ(col, 1);
  doc_free(d);
  /* NUL bytes as a browser reads them (tests/html/nul/ has every context,
   * against Chromium): text after one is kept, its column right */
  err.len = 0;
  static const char nul[] = "<p>x</p>\0<p>more \0text</p><p title=\"a\0\">t\0</p>";
  d = doc_parse("nul.html", nul, sizeof nul - 1, DOC_HTML, &err);
  CHECK(d != NULL);
  if (d) {
    CHECK_STR(d->view.s, "xmore textt");
    text_linecol(&d->view, strlen("xmore t"), &line, &col);
    CHECK_EQ(col, 20);
    CHECK(d->warnings && strstr(d->warnings, "nul.html:1: warning: 4 NUL bytes"));
    CHECK(d->warnings && strstr(d->warnings, "3 left out of the text, 1 replaced by U+FFFD"));
    doc_free(d);
  }
  /* a charset browsers do not know is ignored; bytes the declared one
   * cannot decode are U+FFFD, and the rest of the page stays */
  err.len = 0;
  in = "<meta charset=\"EBCDIC-US\"><p>plain</p>";
  d = doc_parse("e.html", in, strlen(in), DOC_HTML, &err);
  CHECK(d && !strcmp(d->view.s, "plain"));
  doc_free(d);
  in = "<meta charset=\"shift_jis\"><p>\x82\xA0 \xFF end</p>";
  d = doc_parse("s.html", in, strlen(in), DOC_HTML, &err);
  CHECK(d && !strcmp(d->view.s, "\xE3\x81\x82 \xEF\xBF\xBD end"));
  doc_free(d);
  buf_free(&err);
}

static void test_xml_errors(void) {
  buf err = BUF_INIT;
  const char *in = "<?xml version=\"1.0\"?>\n<a>\n<b></a>\n";
  document *d = doc_parse("bad.xml", in, strlen(in), DOC_AUTO, &err);
  CHECK(d == NULL);
  CHECK(err.s && !strncmp(err.s, "bad.xml:3: Opening and ending tag mismatch", 42));
  /* external entities are refused, internal ones expanded */
  err.len = 0;
  in = "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\"><!ENTITY y \"why\">]><a>&y;&x;</a>";
  d = doc_parse("xxe.xml", in, strlen(in), DOC_XML, &err);
  CHECK(!d || !strstr(d->view.s, "root:"));
  if (d) CHECK(!strncmp(d->view.s, "why", 3));
  doc_free(d);
  /* what libxml2 reports to no parser (encoding errors) names the file */
  err.len = 0;
  in = "<?xml version=\"1.0\" encoding=\"EBCDIC-US\"?>\n<doc>x</doc>\n";
  d = doc_parse("e.xml", in, strlen(in), DOC_XML, &err);
  CHECK(d == NULL);
  CHECK(err.s && !strncmp(err.s, "e.xml:1: the text does not decode as EBCDIC-US", 46));
  /* deeper than libxml2 reads XML: refused, in glossa's words */
  err.len = 0;
  buf deep = BUF_INIT;
  for (int i = 0; i < 300; i++) buf_adds(&deep, "<d>");
  d = doc_parse("deep.xml", deep.s, deep.len, DOC_XML, &err);
  CHECK(d == NULL);
  CHECK(err.s && !strncmp(err.s, "deep.xml:1: elements nested more than 256 deep", 46));
  buf_free(&deep);
  buf_free(&err);
}

static void test_annot_store(void) {
  annot_store st;
  annot_init(&st);
  const char *a = annot_intern(&st, "person"), *b = annot_intern(&st, "person");
  CHECK(a == b);
  CHECK(annot_intern(&st, "place") != a);
  annot_add(&st, 10, 20, a, NULL, "s", 1, NULL, NULL);
  annot_add(&st, 5, 30, a, NULL, "s", 2, NULL, NULL);
  annot_add(&st, 10, 15, a, NULL, "s", 3, NULL, NULL);
  annot_add(&st, 10, 15, a, NULL, "s", 4, NULL, NULL);
  const annot **o = annot_sorted(&st);
  CHECK(o != NULL);
  if (o) {
    CHECK_EQ(o[0]->seq, 2);
    CHECK_EQ(o[1]->seq, 3);
    CHECK_EQ(o[2]->seq, 4);
    CHECK_EQ(o[3]->seq, 1);
  }
  free(o);
  annot_free(&st);
}

static void test_json(void) {
  buf b = BUF_INIT;
  json_str(&b, "a\"b\\c\n\x01’", 10);
  CHECK(!strcmp(b.s, "\"a\\\"b\\\\c\\n\\u0001’\""));
  b.len = 0;
  /* any bytes give valid JSON: each ill-formed sequence is U+FFFD */
  b.len = 0;
  json_str(&b, "caf\xE9 \xE2\x80 x\xFF\xE2\x80\x99\x7F", 14);
  CHECK_STR(b.s, "\"caf\xEF\xBF\xBD \xEF\xBF\xBD x\xEF\xBF\xBD’\\u007f\"");
  b.len = 0;
  json_num(&b, 3.0);
  json_num(&b, 0.5);
  CHECK(!strcmp(b.s, "30.5"));
  buf_free(&b);
}

/* xmlmem: libxml2's blocks from a document's arena while it parses, reused
 * when freed, grown in place; freeing them later (after the arena is gone)
 * does nothing; outside an arena, malloc. */
static void test_xmlmem(void) {
  CHECK(xmlmem_begin(2 << 20) == NULL); /* large documents: malloc */
  xmlmem *a = xmlmem_begin(1000);
  CHECK(a != NULL);
  char *p = xmlMalloc(100), *q = xmlMalloc(40);
  CHECK(p && q);
  memset(p, 'x', 100);
  xmlFree(p);
  char *r = xmlMalloc(60); /* the room p left (112 bytes, filed as >= 64) */
  CHECK(r == p);
  memset(r, 'r', 60);
  char *s = xmlRealloc(q, 48); /* fits its room */
  CHECK(s == q);
  char *t = xmlMalloc(10);
  char *u = xmlRealloc(t, 5000); /* the newest block grows where it is */
  CHECK(u == t);
  memset(u, 'y', 5000);
  char *v = xmlRealloc(r, 300); /* moves, keeps the bytes */
  CHECK(v && v != r && v[0] == 'r' && v[59] == 'r');
  char *big = xmlMalloc(5 << 20); /* more than a chunk */
  CHECK(big != NULL);
  memset(big, 'z', 5 << 20);
  char *dup = (char *)xmlStrdup(BAD_CAST "arena");
  CHECK_STR(dup, "arena");
  xmlmem_end(a);
  char *m = xmlMalloc(32); /* no arena now: malloc */
  CHECK(m != NULL);
  char *m2 = xmlRealloc(m, 100000);
  CHECK(m2 != NULL);
  xmlFree(m2);
  char *w = xmlRealloc(s, 1000); /* an arena block outside its arena */
  CHECK(w && w != s);
  xmlmem_free(a);
  xmlFree(v); /* stale: nothing happens */
  xmlFree(big);
  xmlFree(w);
  /* a second arena reuses the pages */
  xmlmem *b = xmlmem_begin(0);
  char *x = xmlMalloc(64);
  CHECK(x != NULL);
  xmlFree(x);
  xmlmem_end(b);
  xmlmem_free(b);
}

int main(int argc, char **argv) {
  static const struct {
    const char *name;
    void (*fn)(void);
  } tests[] = {
      {"utf8", test_utf8},
      {"seed_offsets", test_seed_offsets},
      {"markup_positions", test_markup_positions},
      {"text_paragraphs", test_text_paragraphs},
      {"html_view", test_html_view},
      {"xml_errors", test_xml_errors},
      {"annot_store", test_annot_store},
      {"json", test_json},
      {"xmlmem", test_xmlmem},
  };
  if (argc < 2) {
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) puts(tests[i].name);
    return 0;
  }
  if (argc > 2) srcdir = argv[2];
  doc_init();
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (strcmp(argv[1], tests[i].name)) continue;
    tests[i].fn();
    xmlCleanupParser();
    if (failures) fprintf(stderr, "%s: %d checks failed\n", argv[1], failures);
    return failures ? 1 : 0;
  }
  fprintf(stderr, "no test named %s\n", argv[1]);
  return 2;
}
