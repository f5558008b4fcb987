/* Unit tests of core/doc.c (tests/check.h): source positions in markup,
 * the plain-text tree, the HTML view, XML errors and entities. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "doc.h"
#include "text.h"

#include "../check.h"
#include "unit.h"

/* Source positions in the HTML and XML samples: where their lines are. */
TEST(markup_positions) {
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
    document *d = unit_load(cases[k].path);
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

TEST(text_paragraphs) {
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

TEST(html_view) {
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

TEST(xml_errors) {
  buf err = BUF_INIT;
  const char *in = "<?xml version=\"1.0\"?>\n<a>\n<b></a>\n";
  document *d = doc_parse("bad.xml", in, strlen(in), DOC_AUTO, &err);
  CHECK(d == NULL);
  /* line and column, libxml2's message and what to do */
  CHECK(err.s && !strcmp(err.s, "bad.xml:3:8: Opening and ending tag mismatch: b line 3 and a: XML "
                                "closes elements in the order they were opened (<p><b>x</b></p>); "
                                "HTML, which does not, reads with -t html"));
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
  CHECK(err.s && !strncmp(err.s, "deep.xml:1:", 11) &&
        strstr(err.s, ": elements nested more than 256 deep"));
  buf_free(&deep);
  buf_free(&err);
}

int main(int argc, char **argv) {
  doc_init();
  int rc = check_main(argc, argv);
  xmlCleanupParser();
  return rc;
}
