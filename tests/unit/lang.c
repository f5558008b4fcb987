/* Unit tests of core/lang.c (tests/check.h): every data file parses, what
 * lookups answer, tags, the unknown-language report. */
#include <string.h>

#include "lang.h"

#include "../check.h"

#define LOOK(l, s, cap) lang_lookup(l, NULL, s, strlen(s), cap)

TEST(lang_every_file_parses) {
  CHECK(lang_data_count >= 29);
  for (size_t i = 0; i < lang_data_count; i++) {
    int unknown = 1;
    const lang *l = lang_get(lang_data_files[i].code, &unknown);
    CHECK_STR(l->code, lang_data_files[i].code); /* the generic rules have "" */
    CHECK_EQ(unknown, 0);
    CHECK(l == lang_get(lang_data_files[i].code, NULL)); /* parsed once */
  }
}

TEST(lang_lookup) {
  const lang *en = lang_get("en", NULL), *de = lang_get("de-AT", NULL);
  CHECK_EQ(LOOK(en, "Mr.", 0), LANG_TITLE);
  CHECK_EQ(LOOK(en, "e.g.", 0), LANG_INNER);
  CHECK_EQ(LOOK(en, "Inc.", 0), LANG_FINAL);
  CHECK_EQ(LOOK(en, "No.", 0), LANG_NUMBER);
  CHECK_EQ(LOOK(en, "mr.", 0), LANG_NONE); /* case matters */
  CHECK_EQ(LOOK(en, "Approx.", 0), LANG_NONE);
  CHECK_EQ(LOOK(en, "Approx.", 1), LANG_INNER); /* at a sentence's start */
  CHECK_EQ(LOOK(de, "Nr.", 0), LANG_NUMBER);
  CHECK_EQ(LOOK(de, "Mr.", 0), LANG_NONE);
  CHECK(de->ordinal_dot == 2);
  CHECK_EQ(lang_lookup_suffix(de, NULL, "Goethestr.", 10), LANG_NUMBER);
  CHECK_EQ(lang_lookup_suffix(de, NULL, "str.", 4), LANG_NONE); /* two more letters needed */
  CHECK_EQ(lang_lookup_suffix(en, NULL, "Goethestr.", 10), LANG_NONE);
  CHECK(lang_is_month(de, "Mai", 3));
  CHECK(!lang_is_month(de, "Ma", 2));
  CHECK(lang_is_starter(en, "The", 3));
  CHECK(!lang_is_starter(en, "Army", 4));
  int multi = 0;
  for (size_t i = 0; i < de->abbrs.nmulti; i++) multi |= !strcmp(de->abbrs.multi[i].s, "z. B.");
  CHECK(multi);
  const lang *ja = lang_get("ja", NULL);
  CHECK(ja->caseless && ja->cjk_ascii && !ja->ellipsis_ends && ja->nnosplit >= 3);
  CHECK(ja->nosplit[0][0] == 0x300C && ja->nosplit[0][1] == 0x300D); /* 「」 */
}

TEST(lang_tags) {
  char c[8];
  lang_primary("pt-BR", c);
  CHECK_STR(c, "pt");
  lang_primary("ZH_Hant", c);
  CHECK_STR(c, "zh");
  lang_primary("", c);
  CHECK_STR(c, "");
  lang_primary("abcdefghij", c);
  CHECK_STR(c, "");
  int unknown = 0;
  const lang *g = lang_get("xq", &unknown);
  CHECK_STR(g->code, "");
  CHECK_EQ(unknown, 1);
  lang_get("xq-YY", &unknown);
  CHECK_EQ(unknown, 0); /* said once */
  CHECK_STR(lang_get(NULL, NULL)->code, "");
}

TEST(lang_user) {
  lang_abbrs u = {0};
  buf err = BUF_INIT;
  const char *text = "# mine\nAbt.\nUniv.\tinner\nCorp.\tfinal\nu. d. M.\n";
  CHECK_EQ(lang_user_parse(&u, "mine.txt", text, strlen(text), &err), 0);
  CHECK_EQ(u.none, 3);
  CHECK_EQ(u.nmulti, 1);
  const lang *en = lang_get("en", NULL);
  CHECK_EQ(lang_lookup(en, &u, "Abt.", 4, 0), LANG_INNER);
  CHECK_EQ(lang_lookup(en, &u, "Mr.", 3, 0), LANG_TITLE);
  CHECK_EQ(lang_user_parse(&u, "bad.txt", "X.\tsometimes\n", 13, &err), -1);
  CHECK_STR(err.s, "bad.txt:1: 'sometimes' is no class: title, inner, final, attr or number");
  buf_free(&err);
  lang_user_free(&u);
}

int main(int argc, char **argv) { return check_main(argc, argv); }
