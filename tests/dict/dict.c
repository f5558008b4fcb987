/* Tests of the dictionary matcher (core/dict.c, core/casefold.c,
 * core/dictcache.c): `glossa-test-dict NAME` runs one case (tests/check.h). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "casefold.h"
#include "dict.h"
#include "dictcache.h"

#include "../check.h"

/* ---- helpers ---- */

static dict *make(int nocase, int words, int all, const char *const *keys) {
  dict_opts o = {nocase, words, all};
  dict *d = dict_new(&o);
  if (!d) abort();
  for (; *keys; keys++) CHECK_EQ(dict_add(d, *keys, strlen(*keys), NULL, 0), 0);
  CHECK_EQ(dict_build(d), 0);
  return d;
}

typedef struct collect {
  const dict *d;
  buf out;
  int stop_after; /* 0: never */
  int n;
} collect;

static int on_hit(void *ud, size_t start, size_t end, size_t entry) {
  collect *c = ud;
  buf_printf(&c->out, "%s%zu-%zu:%s", c->out.len ? " " : "", start, end,
             dict_key(c->d, entry));
  return ++c->n == c->stop_after ? 7 : 0;
}

/* The hits in text[from, to) as "START-END:KEY ...", in a static buffer. */
static const char *hits_in(const dict *d, const char *text, size_t from, size_t to) {
  static char out[4096];
  collect c = {d, BUF_INIT, 0, 0};
  int r = dict_scan(d, text, strlen(text), from, to, on_hit, &c);
  CHECK_EQ(r, 0);
  snprintf(out, sizeof out, "%s", c.out.s ? c.out.s : "");
  buf_free(&c.out);
  return out;
}

static const char *hits(const dict *d, const char *text) {
  return hits_in(d, text, 0, strlen(text));
}

/* ---- tests ---- */

TEST(basic) {
  dict *d = dict_new(NULL);
  CHECK_EQ(dict_add(d, "he", 2, "HE", 2), 0);
  CHECK_EQ(dict_add(d, "she", 3, NULL, 0), 0);
  CHECK_EQ(dict_add(d, "his", 3, "", 0), 0);
  CHECK_EQ(dict_add(d, "hers", 4, "HERS", 4), 0);
  CHECK_EQ(dict_add(d, "", 0, "empty", 5), 0);      /* ignored */
  CHECK_EQ(dict_add(d, "ab\xFF", 3, NULL, 0), -1);  /* not UTF-8 */
  CHECK_EQ(dict_add(d, "\xE2\x80", 2, NULL, 0), -1); /* truncated */
  CHECK_EQ(dict_add(d, "he", 2, "again", 5), 0);     /* duplicate */
  CHECK_EQ(dict_add(d, "caf\xC3\xA9", 5, "coffee", 6), 0);
  CHECK_EQ(dict_count(d), 5);
  CHECK_EQ(dict_build(d), 0);
  CHECK_EQ(dict_build(d), 0);
  CHECK_EQ(dict_add(d, "late", 4, NULL, 0), -1);
  CHECK_EQ(dict_count(d), 5);
  CHECK_STR(dict_key(d, 0), "he");
  CHECK_STR(dict_value(d, 0), "HE");
  CHECK_STR(dict_key(d, 1), "she");
  CHECK(dict_value(d, 1) == NULL);
  CHECK_STR(dict_value(d, 2), "");
  CHECK_STR(dict_key(d, 4), "caf\xC3\xA9");
  CHECK_EQ(dict_value_len(d, 4), 6);
  CHECK(dict_key(d, 5) == NULL);
  CHECK(dict_value(d, 99) == NULL);
  CHECK(dict_memory(d) > 0);
  /* leftmost-longest: "she" starts first */
  CHECK_STR(hits(d, "ushers"), "1-4:she");
  CHECK_STR(hits(d, "his hers he"), "0-3:his 4-8:hers 9-11:he");
  CHECK_STR(hits(d, "un caf\xC3\xA9 noir"), "3-8:caf\xC3\xA9");
  CHECK_STR(hits(d, ""), "");
  CHECK_STR(hits(d, "xyz"), "");
  /* the callback stops the scan with its value */
  collect c = {d, BUF_INIT, 2, 0};
  const char *t = "he he he he";
  CHECK_EQ(dict_scan(d, t, strlen(t), 0, strlen(t), on_hit, &c), 7);
  CHECK_STR(c.out.s, "0-2:he 3-5:he");
  buf_free(&c.out);
  dict_free(d);

  dict_opts all = {0, 0, 1};
  d = dict_new(&all);
  const char *keys[] = {"he", "she", "his", "hers"};
  for (int i = 0; i < 4; i++) dict_add(d, keys[i], strlen(keys[i]), NULL, 0);
  dict_build(d);
  CHECK_STR(hits(d, "ushers"), "1-4:she 2-4:he 2-6:hers");
  dict_free(d);

  /* a state with many children (binary search over their labels) */
  d = dict_new(&(dict_opts){0, 1, 0});
  char k[3] = "x?";
  for (int c = '0'; c <= 'z'; c++) {
    k[1] = (char)c;
    CHECK_EQ(dict_add(d, k, 2, NULL, 0), 0);
  }
  CHECK_EQ(dict_build(d), 0);
  for (int c = '0'; c <= 'z'; c++) {
    char t[8], want[16];
    snprintf(t, sizeof t, "(x%c)", c);
    snprintf(want, sizeof want, "1-3:x%c", c);
    CHECK_STR(hits(d, t), want);
  }
  CHECK_STR(hits(d, "x/ x{"), "");
  dict_free(d);

  /* an empty dict, and one not built yet */
  d = dict_new(NULL);
  CHECK_EQ(dict_scan(d, "abc", 3, 0, 3, on_hit, NULL), -1);
  CHECK_EQ(dict_build(d), 0);
  CHECK_EQ(dict_count(d), 0);
  CHECK_STR(hits(d, "abc"), "");
  dict_free(d);
  dict_free(NULL);
}

/* A key's space matches any run of white space: no-break spaces, newlines,
 * tabs (the seed page's <h1> has "President\u00A0Putin"). */
TEST(white_space) {
  const char *const keys[] = {"President Putin", "New  York", "  Rex\tTillerson ", "Putin", " \t", NULL};
  dict *d = make(0, 1, 0, keys);
  CHECK_EQ(dict_count(d), 4); /* the blank key is none */
  CHECK_STR(hits(d, "President\xC2\xA0Putin spoke."), "0-16:President Putin");
  CHECK_STR(hits(d, "President\n    Putin"), "0-19:President Putin");
  CHECK_STR(hits(d, "President  \t\r\n Putin and New York"), "0-20:President Putin 25-33:New  York");
  CHECK_STR(hits(d, "Rex\xE2\x80\xAFTillerson"), "0-15:  Rex\tTillerson ");
  CHECK_STR(hits(d, "PresidentPutin, Putin"), "16-21:Putin");
  dict_free(d);
  d = make(1, 1, 0, keys); /* nocase too */
  CHECK_STR(hits(d, "PRESIDENT\xC2\xA0putin"), "0-16:President Putin");
  dict_free(d);
  const char *const plain[] = {"Putin", NULL}; /* no key with a space: bytes */
  d = make(0, 0, 1, plain);
  CHECK_STR(hits(d, "Pu tin Putin"), "7-12:Putin");
  dict_free(d);
}

TEST(longest) {
  const char *places[] = {"New York", "York", "New York City", "City Hall", NULL};
  const char *t = "I love New York City Hall and York.";
  dict *d = make(0, 0, 0, places);
  CHECK_STR(hits(d, t), "7-20:New York City 30-34:York");
  CHECK_STR(hits(d, "New York, New York."), "0-8:New York 10-18:New York");
  CHECK_STR(hits(d, "New York Cit"), "0-8:New York");
  dict_free(d);

  /* a later, shorter hit that starts at the end of the chosen one */
  const char *k2[] = {"abcd", "cdefgh", "ef", NULL};
  d = make(0, 0, 0, k2);
  CHECK_STR(hits(d, "abcdefgh"), "0-4:abcd 4-6:ef");
  CHECK_STR(hits(d, "xcdefghx"), "1-7:cdefgh");
  dict_free(d);

  const char *k3[] = {"a", "ab", "abc", "bcd", NULL};
  d = make(0, 0, 0, k3);
  CHECK_STR(hits(d, "abcd"), "0-3:abc");
  CHECK_STR(hits(d, "abab a"), "0-2:ab 2-4:ab 5-6:a");
  dict_free(d);

  /* a long key that never completes does not hide the short ones */
  const char *k4[] = {"a", "aaaaab", NULL};
  d = make(0, 0, 0, k4);
  CHECK_STR(hits(d, "aaaa"), "0-1:a 1-2:a 2-3:a 3-4:a");
  CHECK_STR(hits(d, "aaaaaab"), "0-1:a 1-7:aaaaab");
  dict_free(d);
}

TEST(all) {
  const char *places[] = {"New York", "York", "New York City", "City Hall", NULL};
  dict *d = make(0, 0, 1, places);
  CHECK_STR(hits(d, "I love New York City Hall and York."),
            "7-15:New York 7-20:New York City 11-15:York 16-25:City Hall 30-34:York");
  dict_free(d);

  const char *k2[] = {"abcd", "cdefgh", "ef", "b", "bcdefghi", NULL};
  d = make(0, 0, 1, k2);
  CHECK_STR(hits(d, "abcdefghi"),
            "0-4:abcd 1-2:b 1-9:bcdefghi 2-8:cdefgh 4-6:ef");
  dict_free(d);

  const char *k3[] = {"a", "aa", "aaa", NULL};
  d = make(0, 0, 1, k3);
  CHECK_STR(hits(d, "aaaa"),
            "0-1:a 0-2:aa 0-3:aaa 1-2:a 1-3:aa 1-4:aaa 2-3:a 2-4:aa 3-4:a");
  dict_free(d);

  /* many overlapping hits at once: the pending list grows past its stack */
  d = dict_new(&(dict_opts){0, 0, 1});
  char key[128];
  for (int n = 1; n <= 100; n++) {
    memset(key, 'x', (size_t)n);
    dict_add(d, key, (size_t)n, NULL, 0);
  }
  dict_build(d);
  char text[301];
  memset(text, 'x', 300);
  text[300] = '\0';
  collect c = {d, BUF_INIT, 0, 0};
  CHECK_EQ(dict_scan(d, text, 300, 0, 300, on_hit, &c), 0);
  CHECK_EQ(c.n, 100 * 300 - 100 * 99 / 2); /* every (start, length) that fits */
  CHECK(!strncmp(c.out.s, "0-1:x 0-2:xx 0-3:xxx", 20));
  buf_free(&c.out);
  dict_free(d);
}

TEST(words) {
  const char *keys[] = {"Putin", "U.N.", "Trump", "ab c", "ab", "Syria", NULL};
  dict *w = make(0, 1, 0, keys), *nw = make(0, 0, 0, keys);
  const char *t = "Putinism and Putin; the U.N. said, U.N.S no";
  CHECK_STR(hits(w, t), "13-18:Putin 24-28:U.N.");
  CHECK_STR(hits(nw, t), "0-5:Putin 13-18:Putin 24-28:U.N. 35-39:U.N.");
  /* ’ (U+2019) and U+00A0 are not word characters; letters are */
  CHECK_STR(hits(w, "Trump\xE2\x80\x99s call"), "0-5:Trump");
  CHECK_STR(hits(w, "Mr.\xC2\xA0Trump\xC2\xA0said"), "5-10:Trump");
  CHECK_STR(hits(w, "\xE2\x80\x9CTrump\xE2\x80\x9D"), "3-8:Trump");
  CHECK_STR(hits(w, "Trump\xC3\xA9 \xC3\xA9Trump Trump_ 1Trump Trump2"), "");
  CHECK_STR(hits(w, "Trump,Syria.Trump"), "0-5:Trump 6-11:Syria 12-17:Trump");
  /* a hit rejected by words does not block a shorter one */
  CHECK_STR(hits(w, "ab cd"), "0-2:ab");
  CHECK_STR(hits(nw, "ab cd"), "0-4:ab c");
  CHECK_STR(hits(w, "ab c."), "0-4:ab c");
  /* word boundaries look outside [from, to) */
  CHECK_STR(hits_in(w, "Putinism", 0, 5), "");
  CHECK_STR(hits_in(w, "xPutin", 1, 6), "");
  CHECK_STR(hits_in(w, " Putin ", 1, 6), "1-6:Putin");
  CHECK_STR(hits_in(w, "\xC3\xA9Putin", 2, 7), "");
  CHECK_STR(hits_in(nw, "xPutin", 1, 6), "1-6:Putin");
  dict_free(w);
  dict_free(nw);

  CHECK(dict_is_word('a') && dict_is_word('Z') && dict_is_word('7') && dict_is_word('_'));
  CHECK(!dict_is_word(' ') && !dict_is_word('.') && !dict_is_word('-'));
  CHECK(!dict_is_word(0xA0) && !dict_is_word(0x2019) && !dict_is_word(0xAB));
  CHECK(!dict_is_word(0xD7) && !dict_is_word(0xF7) && !dict_is_word(0x3001));
  CHECK(dict_is_word(0xE9) && dict_is_word(0x3C3) && dict_is_word(0x436) &&
        dict_is_word(0x4E2D) && dict_is_word(0x301));

  /* all + words */
  const char *k2[] = {"New York", "York", "New", NULL};
  dict *d = make(0, 1, 1, k2);
  CHECK_STR(hits(d, "New York Yorkshire"), "0-3:New 0-8:New York 4-8:York");
  dict_free(d);
}

TEST(nocase) {
  dict_opts o = {1, 1, 0};
  dict *d = dict_new(&o);
  const char *keys[] = {
      "\xC3\x89" "COLE",                       /* ÉCOLE */
      "\xCF\x83\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1", /* σοφία */
      "\xCE\x9B\xCE\x9F\xCE\x93\xCE\x9F\xCE\xA3", /* ΛΟΓΟΣ */
      "\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90", /* МОСКВА */
      "Kelvin",
      "stra\xC3\x9F" "e",                         /* straße */
      "\xC5\xBF\xC5\xBF",                         /* ſſ (long s) */
      "\xE2\x84\xAA",                             /* KELVIN SIGN */
      "\xC4\x8C" "apek",                          /* Čapek */
      NULL};
  for (int i = 0; keys[i]; i++)
    CHECK_EQ(dict_add(d, keys[i], strlen(keys[i]), keys[i], strlen(keys[i])), 0);
  /* keys that fold alike are one entry: the first wins */
  CHECK_EQ(dict_add(d, "\xC3\xA9" "cole", 6, "other", 5), 0);
  CHECK_EQ(dict_add(d, "KELVIN", 6, NULL, 0), 0);
  CHECK_EQ(dict_count(d), 9);
  CHECK_EQ(dict_build(d), 0);

  CHECK_STR(hits(d, "l'\xC3\xA9" "cole et L'\xC3\x89" "COLE, \xC3\x89" "cole"),
            "2-8:\xC3\x89" "COLE 14-20:\xC3\x89" "COLE 22-28:\xC3\x89" "COLE");
  /* ΣΟΦΊΑ / σοφία */
  CHECK_STR(hits(d, "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x8A\xCE\x91"),
            "0-10:\xCF\x83\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1");
  /* σοφια without the accent is another word */
  CHECK_STR(hits(d, "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1"), "");
  /* λογος with final sigma, Λόγος-less ΛΟΓΟΣ */
  CHECK_STR(hits(d, "\xCE\xBB\xCE\xBF\xCE\xB3\xCE\xBF\xCF\x82 \xCE\x9B\xCE\x9F\xCE\x93\xCE\x9F\xCE\xA3"),
            "0-10:\xCE\x9B\xCE\x9F\xCE\x93\xCE\x9F\xCE\xA3 11-21:\xCE\x9B\xCE\x9F\xCE\x93\xCE\x9F\xCE\xA3");
  /* москва, Москва */
  CHECK_STR(hits(d, "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"),
            "0-12:\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90 13-25:\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90");
  /* KELVIN SIGN (3 bytes) folds to k (1 byte): offsets stay in the original */
  CHECK_STR(hits(d, "x \xE2\x84\xAA" "ELVIN y kelvin"), "2-10:Kelvin 13-19:Kelvin");
  CHECK_STR(hits(d, "k K \xE2\x84\xAA"), "0-1:\xE2\x84\xAA 2-3:\xE2\x84\xAA 4-7:\xE2\x84\xAA");
  /* STRAẞE: ẞ (3 bytes) folds to ß (2 bytes) */
  CHECK_STR(hits(d, "die STRA\xE1\xBA\x9E" "E hier"), "4-12:stra\xC3\x9F" "e");
  /* ss, Ss, ſs, ſſ (2 bytes each) */
  CHECK_STR(hits(d, "ss Ss \xC5\xBFs \xC5\xBF\xC5\xBF"),
            "0-2:\xC5\xBF\xC5\xBF 3-5:\xC5\xBF\xC5\xBF 6-9:\xC5\xBF\xC5\xBF 10-14:\xC5\xBF\xC5\xBF");
  CHECK_STR(hits(d, "\xC4\x8D" "APEK \xC4\x8C" "APEK"), "0-6:\xC4\x8C" "apek 7-13:\xC4\x8C" "apek");
  /* words still apply after folding */
  CHECK_STR(hits(d, "les\xC3\xA9" "cole \xC3\xA9" "coles"), "");
  /* invalid bytes match nothing and break no offsets */
  CHECK_STR(hits(d, "\xFF" "kelvin\xE2\x80 kelvin"), "1-7:Kelvin 10-16:Kelvin");
  CHECK_STR(dict_value(d, 0), "\xC3\x89" "COLE");
  /* a range inside a longer string, with folding */
  const char *t = "\xE2\x84\xAA" "ELVIN \xE2\x84\xAA" "ELVIN";
  CHECK_STR(hits_in(d, t, 9, 17), "9-17:Kelvin");
  CHECK_STR(hits_in(d, t, 9, 16), "");
  dict_free(d);

  /* without nocase, case matters */
  const char *k2[] = {"\xC3\x89" "COLE", "Kelvin", NULL};
  d = make(0, 0, 0, k2);
  CHECK_STR(hits(d, "\xC3\xA9" "cole kelvin \xC3\x89" "COLE"), "14-20:\xC3\x89" "COLE");
  dict_free(d);

  /* the fold table itself */
  CHECK_EQ(casefold_simple('A'), 'a');
  CHECK_EQ(casefold_simple('a'), 'a');
  CHECK_EQ(casefold_simple(0xC9), 0xE9);   /* É */
  CHECK_EQ(casefold_simple(0xDF), 0xDF);   /* ß: only full folding changes it */
  CHECK_EQ(casefold_simple(0x1E9E), 0xDF); /* ẞ (status S) */
  CHECK_EQ(casefold_simple(0x178), 0xFF);  /* Ÿ */
  CHECK_EQ(casefold_simple(0x100), 0x101); /* Ā */
  CHECK_EQ(casefold_simple(0x101), 0x101);
  CHECK_EQ(casefold_simple(0x1C4), 0x1C6); /* Ǆ */
  CHECK_EQ(casefold_simple(0x1C5), 0x1C6); /* ǅ */
  CHECK_EQ(casefold_simple(0x3A3), 0x3C3); /* Σ */
  CHECK_EQ(casefold_simple(0x3C2), 0x3C3); /* ς */
  CHECK_EQ(casefold_simple(0x386), 0x3AC); /* Ά */
  CHECK_EQ(casefold_simple(0x401), 0x451); /* Ё */
  CHECK_EQ(casefold_simple(0x410), 0x430); /* А */
  CHECK_EQ(casefold_simple(0x42F), 0x44F); /* Я */
  CHECK_EQ(casefold_simple(0x460), 0x461); /* Ѡ */
  CHECK_EQ(casefold_simple(0x212A), 'k');  /* KELVIN SIGN */
  CHECK_EQ(casefold_simple(0x212B), 0xE5); /* ANGSTROM SIGN */
  CHECK_EQ(casefold_simple(0x130), 0x130); /* İ: Turkic, not simple */
  CHECK_EQ(casefold_simple(0x1F88), 0x1F80);
  CHECK_EQ(casefold_simple(0xFF21), 0xFF41); /* fullwidth A */
  CHECK_EQ(casefold_simple(0x10400), 0x10428); /* Deseret */
  CHECK_EQ(casefold_simple(0x110000), 0x110000);
}

static char *tmp_path(const char *tag) {
  static char path[256];
  const char *dir = getenv("TMPDIR");
  snprintf(path, sizeof path, "%s/glossa-dict-%s-%ld.txt", dir && *dir ? dir : "/tmp", tag,
           (long)getpid());
  return path;
}

static int write_file(const char *path, const char *s, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  fwrite(s, 1, n, f);
  return fclose(f);
}

TEST(file) {
  char *path = tmp_path("ok");
  const char good[] = "\xEF\xBB\xBF" "Alpha\tA\n\nBeta\r\nGamma\tG\r\n  \t \nDelta\t\n"
                      "Alpha\tsecond\nEpsilon\twith\tnote=tabs\r\n\r\nZeta";
  CHECK_EQ(write_file(path, good, sizeof good - 1), 0);
  dict *d = dict_new(NULL);
  buf err = BUF_INIT;
  CHECK_EQ(dict_load_file(d, path, &err), 0);
  CHECK(err.len == 0);
  CHECK_EQ(dict_count(d), 6);
  CHECK_STR(dict_key(d, 0), "Alpha");
  CHECK_STR(dict_value(d, 0), "A");
  CHECK_STR(dict_key(d, 1), "Beta");
  CHECK(dict_value(d, 1) == NULL);
  CHECK_STR(dict_key(d, 2), "Gamma");
  CHECK_STR(dict_value(d, 2), "G");
  CHECK_STR(dict_key(d, 3), "Delta");
  CHECK_STR(dict_value(d, 3), "");
  CHECK_STR(dict_key(d, 4), "Epsilon");
  CHECK_STR(dict_value(d, 4), "with"); /* a second TAB ends the value: features follow */
  CHECK_EQ(dict_fset(d, 4), 1);
  CHECK_EQ(dict_fset(d, 0), 0);
  CHECK_STR(dict_key(d, 5), "Zeta");
  CHECK_EQ(dict_build(d), 0);
  CHECK_STR(hits(d, "Alpha Beta, Gamma; Zeta"), "0-5:Alpha 6-10:Beta 12-17:Gamma 19-23:Zeta");
  remove(path);

  /* loading after the build fails and says so */
  CHECK_EQ(write_file(path, "x\n", 2), 0);
  CHECK_EQ(dict_load_file(d, path, &err), -1);
  CHECK(err.s && strstr(err.s, ":1: dictionary already built"));
  remove(path);
  dict_free(d);
  buf_free(&err);

  /* an invalid line: PATH:LINE: ... */
  path = tmp_path("bad");
  const char bad[] = "ok\r\n\nbad\xFF line\nnever\n";
  CHECK_EQ(write_file(path, bad, sizeof bad - 1), 0);
  d = dict_new(NULL);
  CHECK_EQ(dict_load_file(d, path, &err), -1);
  char want[512];
  snprintf(want, sizeof want, "%s:3: invalid UTF-8 at byte 4", path);
  CHECK_STR(err.s, want);
  CHECK_EQ(dict_count(d), 1); /* the lines before stay */
  remove(path);
  buf_free(&err);

  /* a missing file: PATH: strerror */
  CHECK_EQ(dict_load_file(d, "/nonexistent/glossa/dict.txt", &err), -1);
  CHECK_STR(err.s, "/nonexistent/glossa/dict.txt: No such file or directory");
  CHECK_EQ(dict_load_file(d, "/nonexistent/glossa/dict.txt", NULL), -1);
  buf_free(&err);
  dict_free(d);

  /* nocase from a file: duplicates by folding */
  path = tmp_path("nocase");
  const char nc[] = "Paris\tFR\nPARIS\tTX\nparis\n";
  CHECK_EQ(write_file(path, nc, sizeof nc - 1), 0);
  d = dict_new(&(dict_opts){1, 1, 0});
  CHECK_EQ(dict_load_file(d, path, NULL), 0);
  CHECK_EQ(dict_count(d), 1);
  CHECK_STR(dict_value(d, 0), "FR");
  dict_build(d);
  CHECK_STR(hits(d, "paris, PARIS"), "0-5:Paris 7-12:Paris");
  remove(path);
  dict_free(d);
}

/* ---- features ---- */

/* The features of entry e as "k=v k=v" (sorted by name), in a static buffer. */
static const char *features_of(const dict *d, size_t e) {
  static char out[1024];
  size_t n, at = 0;
  const char *p = dict_fset_data(d, dict_fset(d, e), &n);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    const char *k = p, *v = k + strlen(k) + 1;
    p = v + strlen(v) + 1;
    at += (size_t)snprintf(out + at, sizeof out - at, "%s%s=%s", i ? " " : "", k, v);
  }
  return out;
}

#define F(k, v) {k, sizeof k - 1, v, sizeof v - 1}

TEST(features) {
  CHECK(dict_feature_name_ok("kind", 4));
  CHECK(dict_feature_name_ok("_x.y-z9", 7));
  CHECK(dict_feature_name_ok("A", 1));
  CHECK(!dict_feature_name_ok("", 0));
  CHECK(!dict_feature_name_ok("9a", 2));
  CHECK(!dict_feature_name_ok(".a", 2));
  CHECK(!dict_feature_name_ok("-a", 2));
  CHECK(!dict_feature_name_ok("a b", 3));
  CHECK(!dict_feature_name_ok("a=b", 3));
  CHECK(!dict_feature_name_ok("caf\xC3\xA9", 5));

  dict *d = dict_new(NULL);
  const dict_feature putin[] = {F("wikidata", "Q7747"), F("country", "RU")};
  const dict_feature same[] = {F("country", "RU"), F("wikidata", "Q7747")};
  const dict_feature city[] = {F("kind", "city"), F("note", "a=b=c"), F("empty", "")};
  CHECK_EQ(dict_add_features(d, "Vladimir Putin", 14, "person", 6, putin, 2), 0);
  CHECK_EQ(dict_add(d, "Syria", 5, "place", 5), 0);
  CHECK_EQ(dict_add_features(d, "Putin", 5, NULL, 0, same, 2), 0); /* the same set */
  CHECK_EQ(dict_add_features(d, "Paris", 5, "place", 5, city, 3), 0);
  /* a name again: its first value and features stay, whatever these are */
  CHECK_EQ(dict_add_features(d, "Vladimir  Putin", 15, "leader", 6, city, 3), 0);
  CHECK_EQ(dict_add_features(d, "Syria", 5, "country", 7, city, 1), 0);
  /* refused, and nothing added */
  const dict_feature badname[] = {F("ok", "1"), F("no good", "2")};
  const dict_feature twice[] = {F("k", "1"), F("j", "2"), F("k", "3")};
  const dict_feature nul[] = {{"k", 1, "a\0b", 3}};
  const dict_feature badutf8[] = {F("k", "\xFF")};
  const dict_feature noname[] = {F("", "x")};
  CHECK_EQ(dict_add_features(d, "Bad", 3, NULL, 0, badname, 2), -1);
  CHECK_EQ(dict_add_features(d, "Bad", 3, NULL, 0, twice, 3), -1);
  CHECK_EQ(dict_add_features(d, "Bad", 3, NULL, 0, nul, 1), -1);
  CHECK_EQ(dict_add_features(d, "Bad", 3, NULL, 0, badutf8, 1), -1);
  CHECK_EQ(dict_add_features(d, "Bad", 3, NULL, 0, noname, 1), -1);
  CHECK_EQ(dict_add_features(d, "Bad", 3, NULL, 0, NULL, 1), -1);
  /* many features: sorted off the stack */
  dict_feature many[40];
  char names[40][8];
  for (int i = 0; i < 40; i++) {
    snprintf(names[i], sizeof names[i], "f%02d", 39 - i);
    many[i] = (dict_feature){names[i], 3, "v", 1};
  }
  CHECK_EQ(dict_add_features(d, "Many", 4, NULL, 0, many, 40), 0);
  CHECK_EQ(dict_count(d), 5);
  CHECK_EQ(dict_fset_count(d), 3);
  CHECK_EQ(dict_fset(d, 0), 1);
  CHECK_EQ(dict_fset(d, 1), 0);
  CHECK_EQ(dict_fset(d, 2), 1);
  CHECK_EQ(dict_fset(d, 3), 2);
  CHECK_EQ(dict_fset(d, 4), 3);
  CHECK_EQ(dict_fset(d, 99), 0);
  CHECK_STR(features_of(d, 0), "country=RU wikidata=Q7747");
  CHECK_STR(features_of(d, 3), "empty= kind=city note=a=b=c");
  CHECK_STR(features_of(d, 1), "");
  size_t n;
  CHECK(dict_fset_data(d, 0, &n) == NULL && n == 0);
  CHECK(dict_fset_data(d, 4, &n) == NULL && n == 0);
  CHECK(dict_fset_data(d, 3, &n) != NULL && n == 40);
  CHECK(!strncmp(features_of(d, 4), "f00=v f01=v f02=v", 17));
  CHECK_STR(dict_value(d, 0), "person");
  CHECK_STR(dict_value(d, 1), "place");
  size_t before = dict_memory(d);
  CHECK_EQ(dict_build(d), 0);
  CHECK(dict_memory(d) < before + 1000000);
  /* the features outlive the build */
  CHECK_STR(features_of(d, 2), "country=RU wikidata=Q7747");
  CHECK_EQ(dict_add_features(d, "Late", 4, NULL, 0, putin, 2), -1);
  CHECK_STR(hits(d, "Vladimir Putin met Putin in Paris"), "0-14:Vladimir Putin 19-24:Putin 28-33:Paris");
  dict_free(d);

  /* a plain dict holds nothing of features */
  const char *keys[] = {"a", "b", NULL};
  d = make(0, 1, 0, keys);
  CHECK_EQ(dict_fset_count(d), 0);
  CHECK_EQ(dict_fset(d, 0), 0);
  dict_free(d);

  /* under nocase, the first of the names that fold alike keeps its features */
  d = dict_new(&(dict_opts){1, 1, 0});
  const dict_feature fr[] = {F("country", "FR")}, tx[] = {F("country", "US")};
  CHECK_EQ(dict_add_features(d, "Paris", 5, "city", 4, fr, 1), 0);
  CHECK_EQ(dict_add_features(d, "PARIS", 5, "city", 4, tx, 1), 0);
  CHECK_EQ(dict_count(d), 1);
  CHECK_EQ(dict_fset_count(d), 1);
  CHECK_STR(features_of(d, 0), "country=FR");
  dict_free(d);
}

/* The message of loading the file body[0..n), with its path cut to "F". */
static const char *load_error(const char *body, size_t n) {
  static char out[1024];
  char *path = tmp_path("feat");
  CHECK_EQ(write_file(path, body, n), 0);
  dict *d = dict_new(NULL);
  buf err = BUF_INIT;
  int rc = dict_load_file(d, path, &err);
  size_t pl = strlen(path);
  snprintf(out, sizeof out, "%d %s", rc,
           err.s && !strncmp(err.s, path, pl) ? err.s + pl : err.s ? err.s : "");
  buf_free(&err);
  dict_free(d);
  remove(path);
  return out;
}

#define LOAD_ERROR(lit) load_error(lit, sizeof lit - 1)

TEST(feature_file) {
  char *path = tmp_path("features");
  const char good[] = "\xEF\xBB\xBF" "Vladimir Putin\tperson\twikidata=Q7747\tcountry=RU\r\n"
                      "Syria\tplace\n"
                      "ISIS\n"
                      "Donald J. Trump\tperson\tcountry=US\twikidata=Q22686\n"
                      "\n"
                      "North Korea\t\tkind=country\tnote=a=b\tempty=\n"
                      "Vladimir Putin\tleader\tkind=x\n"
                      "Putin\tperson\tcountry=RU\twikidata=Q7747\n"
                      "Caf\xC3\xA9 M\xC3\xBCller\tplace\tname.de=Caf\xC3\xA9 M\xC3\xBCller\n";
  CHECK_EQ(write_file(path, good, sizeof good - 1), 0);
  dict *d = dict_new(NULL);
  buf err = BUF_INIT;
  CHECK_EQ(dict_load_file(d, path, &err), 0);
  CHECK(err.len == 0);
  CHECK_EQ(dict_count(d), 7);
  CHECK_STR(dict_key(d, 0), "Vladimir Putin");
  CHECK_STR(dict_value(d, 0), "person");
  CHECK_STR(features_of(d, 0), "country=RU wikidata=Q7747");
  CHECK_STR(dict_value(d, 1), "place");
  CHECK_EQ(dict_fset(d, 1), 0);
  CHECK(dict_value(d, 2) == NULL);
  CHECK_EQ(dict_fset(d, 2), 0);
  CHECK_STR(features_of(d, 3), "country=US wikidata=Q22686");
  CHECK_STR(dict_value(d, 4), ""); /* an empty label column */
  CHECK_STR(features_of(d, 4), "empty= kind=country note=a=b");
  CHECK_STR(dict_key(d, 5), "Putin");
  CHECK_EQ(dict_fset(d, 5), dict_fset(d, 0)); /* one set for the same features */
  CHECK_STR(features_of(d, 6), "name.de=Caf\xC3\xA9 M\xC3\xBCller");
  CHECK_EQ(dict_fset_count(d), 4);
  dict_free(d);
  remove(path);

  /* errors: PATH:LINE:COL, COL the character where the column starts */
  CHECK_STR(LOAD_ERROR("ok\tL\tk=v\nx\tL\tk=v\tnoeq\n"),
            "-1 :2:9: column 4 (\"noeq\") has no '=': each column after the label must be a "
            "feature, NAME=VALUE");
  CHECK_STR(LOAD_ERROR("\xC3\xA9t\xC3\xA9\tL\tk=v\tnoeq\n"),
            "-1 :1:11: column 4 (\"noeq\") has no '=': each column after the label must be a "
            "feature, NAME=VALUE");
  CHECK_STR(LOAD_ERROR("\xEF\xBB\xBFx\tL\tnoeq\n"),
            "-1 :1:5: column 3 (\"noeq\") has no '=': each column after the label must be a "
            "feature, NAME=VALUE");
  CHECK_STR(LOAD_ERROR("x\tL\t=v\n"),
            "-1 :1:5: column 3 (\"=v\") has no name before '=': each column after the label "
            "must be a feature, NAME=VALUE");
  CHECK_STR(LOAD_ERROR("x\tL\tk=v\t9k=v\n"),
            "-1 :1:9: column 4 (\"9k=v\"): '9k' is not a feature name (letters, digits, '_', '.' "
            "and '-', starting with a letter or '_')");
  CHECK_STR(LOAD_ERROR("x\tL\tk y=v\n"),
            "-1 :1:5: column 3 (\"k y=v\"): 'k y' is not a feature name (letters, digits, '_', "
            "'.' and '-', starting with a letter or '_')");
  CHECK_STR(LOAD_ERROR("x\tL\tk=v\t\n"),
            "-1 :1:9: column 4 is empty: each column after the label is a feature NAME=VALUE "
            "(remove the extra TAB)");
  CHECK_STR(LOAD_ERROR("x\t\t\n"),
            "-1 :1:4: column 3 is empty: each column after the label is a feature NAME=VALUE "
            "(remove the extra TAB)");
  CHECK_STR(LOAD_ERROR("x\tL\tb=1\ta=1\tb=2\ta=2\n"),
            "-1 :1:13: column 5: feature 'b' is given twice (first in column 3): keep one");
  CHECK_STR(LOAD_ERROR("x\tL\tk=1\tj=2\tj=3\tk=4\n"),
            "-1 :1:13: column 5: feature 'j' is given twice (first in column 4): keep one");
  CHECK_STR(LOAD_ERROR("x\tL\tk=a\0b\n"),
            "-1 :1:8: column 3 (feature 'k'): its value holds a NUL byte");
  CHECK_STR(LOAD_ERROR("x\tL\tthis is a rather long column of text with no equals sign\n"),
            "-1 :1:5: column 3 (\"this is a rather long column of text wit…\") has no '=': "
            "each column after the label must be a feature, NAME=VALUE");
  CHECK_STR(LOAD_ERROR("x\tL\t\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                       "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                       "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\n"),
            "-1 :1:5: column 3 (\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
            "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
            "\xC3\xA9\xC3\xA9…\") has no '=': each column after the label must be a feature, "
            "NAME=VALUE"); /* cut at 40 bytes, on a character */
  /* the lines before an error stay */
  path = tmp_path("partial");
  const char part[] = "a\tL\tk=v\nb\tL\tk\n";
  CHECK_EQ(write_file(path, part, sizeof part - 1), 0);
  d = dict_new(NULL);
  CHECK_EQ(dict_load_file(d, path, NULL), -1);
  CHECK_EQ(dict_count(d), 1);
  CHECK_STR(features_of(d, 0), "k=v");
  dict_free(d);
  remove(path);
}

/* dictcache: one build per file and options, shared; a changed file is read
 * again; failures are each caller's own. */
typedef struct getter {
  const char *path;
  dict *d;
} getter;

static void *get_thread(void *ud) {
  getter *g = ud;
  buf err = BUF_INIT;
  g->d = dictcache_get(g->path, &(dict_opts){0, 1, 0}, &err);
  buf_free(&err);
  return NULL;
}

TEST(shared) {
  char *path = tmp_path("shared");
  CHECK_EQ(write_file(path, "Paris\tCITY\nFrance\tCOUNTRY\n", 26), 0);
  buf err = BUF_INIT;
  dict_opts words = {0, 1, 0}, nocase = {1, 1, 0};
  dict *a = dictcache_get(path, &words, &err);
  dict *b = dictcache_get(path, &words, &err);
  dict *c = dictcache_get(path, &nocase, &err);
  CHECK(a && a == b);
  CHECK(c && c != a);
  CHECK(err.len == 0);
  CHECK_STR(hits(a, "Paris, France"), "0-5:Paris 7-13:France");
  CHECK_STR(hits(c, "PARIS"), "0-5:Paris");

  /* threads asking at once get the one dict */
  getter g[4];
  pthread_t t[4];
  for (int i = 0; i < 4; i++) {
    g[i] = (getter){path, NULL};
    CHECK_EQ(pthread_create(&t[i], NULL, get_thread, &g[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    CHECK(g[i].d == a);
    dictcache_put(g[i].d);
  }

  /* the file changes (another modification time): a new dict; the old one
   * lives on for those who hold it */
  CHECK_EQ(write_file(path, "Lyon\tCITY\n", 10), 0);
  struct timespec when[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
  CHECK_EQ(utimensat(AT_FDCWD, path, when, 0), 0);
  dict *n = dictcache_get(path, &words, &err);
  CHECK(n && n != a);
  CHECK_STR(hits(n, "Paris, Lyon"), "7-11:Lyon");
  CHECK_STR(hits(a, "Paris, Lyon"), "0-5:Paris");
  dictcache_put(n);
  dictcache_put(c);
  dictcache_put(b);
  dictcache_put(a);

  /* a bad file fails for every caller, with its line */
  CHECK_EQ(write_file(path, "ok\nbad\xFF\n", 8), 0);
  for (int i = 0; i < 2; i++) {
    CHECK(dictcache_get(path, &words, &err) == NULL);
    CHECK(err.s && strstr(err.s, ":2: invalid UTF-8 at byte 4"));
    buf_free(&err);
  }
  remove(path);
  CHECK(dictcache_get(path, &words, &err) == NULL);
  CHECK(err.s && strstr(err.s, "No such file or directory"));
  buf_free(&err);
}

/* dictcache keys on the file, so on its features too: a file whose
 * features alone change (same size) is read again. */
TEST(shared_features) {
  char *path = tmp_path("sharedf");
  CHECK_EQ(write_file(path, "Paris\tcity\tcountry=FR\n", 22), 0);
  dict_opts words = {0, 1, 0};
  buf err = BUF_INIT;
  dict *a = dictcache_get(path, &words, &err);
  dict *b = dictcache_get(path, &words, &err);
  CHECK(a && a == b);
  CHECK_STR(features_of(a, 0), "country=FR");
  CHECK_EQ(write_file(path, "Paris\tcity\tcountry=US\n", 22), 0);
  struct timespec when[2] = {{0, UTIME_OMIT}, {2000000000, 0}};
  CHECK_EQ(utimensat(AT_FDCWD, path, when, 0), 0);
  dict *c = dictcache_get(path, &words, &err);
  CHECK(c && c != a);
  CHECK_STR(features_of(c, 0), "country=US");
  CHECK_STR(features_of(a, 0), "country=FR");
  CHECK(err.len == 0);
  /* a bad feature column fails for every caller, with its line and column */
  CHECK_EQ(write_file(path, "Paris\tcity\tcountry\n", 19), 0);
  for (int i = 0; i < 2; i++) {
    CHECK(dictcache_get(path, &words, &err) == NULL);
    CHECK(err.s && strstr(err.s, ":1:12: column 3 (\"country\") has no '='"));
    buf_free(&err);
  }
  dictcache_put(c);
  dictcache_put(b);
  dictcache_put(a);
  remove(path);
}

TEST(range) {
  const char *keys[] = {"Paris", "London", "Berlin", "on", NULL};
  dict *d = make(0, 0, 0, keys);
  const char *t = "Paris, London and Berlin";
  CHECK_STR(hits_in(d, t, 7, 13), "7-13:London");
  CHECK_STR(hits_in(d, t, 8, 13), "8-10:on 11-13:on"); /* no hit crosses `from` */
  CHECK_STR(hits_in(d, t, 7, 12), "8-10:on");           /* nor `to` */
  CHECK_STR(hits_in(d, t, 5, 5), "");
  CHECK_STR(hits_in(d, t, 0, 100), "0-5:Paris 7-13:London 18-24:Berlin"); /* to > len */
  CHECK_STR(hits_in(d, t, 30, 40), "");
  dict_free(d);
  d = make(0, 1, 0, keys);
  CHECK_STR(hits_in(d, t, 8, 13), "");
  CHECK_STR(hits_in(d, t, 18, 24), "18-24:Berlin");
  CHECK_STR(hits_in(d, t, 18, 23), "");
  dict_free(d);
}

/* ---- a million generated names ---- */

/* Name i: a bijective scramble of i spelled as consonant-vowel syllables,
 * "Xxxx Xxxxxx", sometimes with a "son" suffix: distinct for distinct i. */
static size_t gen_name(unsigned long i, char *out) {
  static const char cons[] = "bcdfghjklmnprstv", vow[] = "aeio";
  unsigned long x = (i * 2654435761ul) & 0x3FFFFFFFul; /* odd factor: a bijection mod 2^30 */
  size_t n = 0;
  for (int s = 0; s < 5; s++) {
    unsigned v = (unsigned)(x >> (6 * s)) & 63;
    if (s == 2) out[n++] = ' ';
    char c = cons[v >> 2];
    out[n++] = (s == 0 || s == 2) ? (char)(c - 32) : c;
    out[n++] = vow[v & 3];
  }
  if (i % 3 == 1) {
    memcpy(out + n, "son", 3);
    n += 3;
  }
  out[n] = '\0';
  return n;
}

typedef struct large_hits {
  size_t n, bad;
  const unsigned long *want;
  const size_t *starts;
} large_hits;

static int on_large(void *ud, size_t start, size_t end, size_t entry) {
  large_hits *h = ud;
  (void)end;
  if (h->n >= 1000 || h->want[h->n] != entry || h->starts[h->n] != start) h->bad++;
  h->n++;
  return 0;
}

TEST(large) {
  unsigned long N = 1000000;
  const char *env = getenv("GLOSSA_DICT_LARGE_N");
  if (env && atol(env) > 1000) N = (unsigned long)atol(env);
  clock_t t0 = clock();
  dict *d = dict_new(&(dict_opts){0, 1, 0});
  char name[64];
  for (unsigned long i = 0; i < N; i++) {
    size_t n = gen_name(i, name);
    if (dict_add(d, name, n, NULL, 0)) {
      CHECK(!"dict_add failed");
      break;
    }
  }
  CHECK_EQ(dict_count(d), N);
  clock_t t1 = clock();
  CHECK_EQ(dict_build(d), 0);
  clock_t t2 = clock();
  fprintf(stderr, "large: %lu entries, %zu states, %.1f MB; add %.2f s, build %.2f s\n", N,
          dict_states(d), dict_memory(d) / 1e6, (double)(t1 - t0) / CLOCKS_PER_SEC,
          (double)(t2 - t1) / CLOCKS_PER_SEC);

  /* every 1000th name in a text, between words that are no names */
  buf text = BUF_INIT;
  unsigned long want[1000];
  size_t starts[1000], k = 0;
  for (unsigned long i = 0; i < N && k < 1000; i += N / 1000) {
    size_t n = gen_name(i, name);
    buf_adds(&text, k % 2 ? "; and then " : ", quoth ");
    want[k] = i;
    starts[k++] = text.len;
    buf_add(&text, name, n);
  }
  buf_adds(&text, ".");
  large_hits h = {0, 0, want, starts};
  CHECK_EQ(dict_scan(d, text.s, text.len, 0, text.len, on_large, &h), 0);
  CHECK_EQ(h.n, k);
  CHECK_EQ(h.bad, 0);
  clock_t t3 = clock();
  fprintf(stderr, "large: scan of %zu bytes %.3f s\n", text.len,
          (double)(t3 - t2) / CLOCKS_PER_SEC);
  buf_free(&text);
  dict_free(d);
}

/* A million names with features: half share one of four sets (kind=…), half
 * have a set of their own (an id, as a gazetteer's Wikidata ids): the
 * features cost a few bytes per entry beyond their text. */
TEST(large_features) {
  unsigned long N = 1000000;
  const char *env = getenv("GLOSSA_DICT_LARGE_N");
  if (env && atol(env) > 1000) N = (unsigned long)atol(env);
  static const char *const kinds[] = {"person", "place", "organisation", "event"};
  char name[64], id[32];
  /* the same names and labels without features, one dict at a time */
  dict *d = dict_new(&(dict_opts){0, 1, 0});
  for (unsigned long i = 0; i < N; i++)
    if (dict_add(d, name, gen_name(i, name), kinds[i % 4], strlen(kinds[i % 4]))) break;
  CHECK_EQ(dict_build(d), 0);
  size_t mplain = dict_memory(d);
  dict_free(d);
  d = dict_new(&(dict_opts){0, 1, 0});
  size_t text = 0;
  for (unsigned long i = 0; i < N; i++) {
    size_t n = gen_name(i, name);
    dict_feature f[2] = {{"kind", 4, kinds[i % 4], strlen(kinds[i % 4])}, {"id", 2, id, 0}};
    f[1].vlen = (size_t)snprintf(id, sizeof id, "Q%lu", i);
    size_t nf = i % 2 ? 2 : 1;
    text += 4 + f[0].vlen + 2 + (nf == 2 ? 2 + f[1].vlen + 2 : 0);
    if (dict_add_features(d, name, n, kinds[i % 4], f[0].vlen, f, nf)) {
      CHECK(!"dict_add_features failed");
      break;
    }
  }
  CHECK_EQ(dict_count(d), N);
  CHECK_EQ(dict_fset_count(d), 2 + N / 2); /* kind=person, kind=organisation and the ids */
  CHECK_EQ(dict_build(d), 0);
  size_t extra = dict_memory(d) - mplain;
  fprintf(stderr, "large_features: %lu entries, %zu sets; %.1f MB plain, %.1f MB with features "
                  "(%.1f bytes an entry more; their text, NULs included, %.1f a line)\n",
          N, dict_fset_count(d), mplain / 1e6, dict_memory(d) / 1e6, (double)extra / N,
          (double)text / N);
  /* past the features' text, under 40 bytes an entry (a set's index, entry
   * → set, and the buffers' slack) */
  CHECK(extra < text + 40 * (size_t)N);
  for (unsigned long i = 0; i < N; i += N / 10) {
    char want[64];
    if (i % 2) snprintf(want, sizeof want, "id=Q%lu kind=%s", i, kinds[i % 4]);
    else snprintf(want, sizeof want, "kind=%s", kinds[i % 4]);
    CHECK_STR(features_of(d, i), want);
  }
  CHECK_EQ(dict_fset(d, 0), dict_fset(d, 4)); /* kind=person, shared */
  dict_free(d);
}

int main(int argc, char **argv) { return check_main(argc, argv); }
