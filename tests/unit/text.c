/* Unit tests of core/text.c (tests/check.h): code-point offsets and
 * line:column of the seed, counted independently of text.c. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "doc.h"
#include "text.h"

#include "../check.h"
#include "unit.h"

/* Offsets of the seed's typographic characters, counted independently of
 * text.c: code points before each occurrence = lead bytes before it. */
TEST(seed_offsets) {
  document *d = unit_load("samples/trump-putin-call.txt");
  CHECK(d != NULL);
  if (!d) return;
  size_t len;
  char *file = check_slurp("samples/trump-putin-call.txt", &len);
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

int main(int argc, char **argv) {
  doc_init();
  int rc = check_main(argc, argv);
  xmlCleanupParser();
  return rc;
}
