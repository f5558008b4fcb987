/* Unit tests of core/anchor.c (tests/check.h): re-anchoring quotes of the
 * seed post on edited versions of it; every outcome's kind and offsets
 * exactly (found independently with strstr), and the score where it
 * follows from the weights alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"

#include "../check.h"

static char *seed;
static size_t seed_len;

static int load(void) {
  if (!seed) seed = check_slurp("samples/trump-putin-call.txt", &seed_len);
  CHECK(seed != NULL);
  return seed != NULL;
}

/* Offset of the first s in t (it must be there). */
static size_t at(const char *t, const char *s) {
  const char *p = strstr(t, s);
  CHECK(p != NULL);
  return p ? (size_t)(p - t) : 0;
}

/* t with its first `from` replaced by `to`, malloc'd. */
static char *replace(const char *t, const char *from, const char *to) {
  const char *p = strstr(t, from);
  CHECK(p != NULL);
  if (!p) p = t;
  size_t n = strlen(t), a = (size_t)(p - t), fl = strlen(from), tl = strlen(to);
  char *r = malloc(n - fl + tl + 1);
  if (!r) abort();
  memcpy(r, t, a);
  memcpy(r + a, to, tl);
  memcpy(r + a + tl, t + a + fl, n - a - fl + 1);
  return r;
}

static int inside_char(const char *s, size_t i) { return ((unsigned char)s[i] & 0xC0) == 0x80; }

/* The quote [a, a + strlen(exact)) of old, with up to 32 bytes of context
 * each side (whole code points; fewer at the ends) and its position on old. */
static anchor_quote quote_of(const char *old, const char *exact) {
  size_t n = strlen(old), a = at(old, exact), b = a + strlen(exact);
  size_t pa = a > 32 ? a - 32 : 0, sb = b + 32 < n ? b + 32 : n;
  while (inside_char(old, pa)) pa++;
  while (sb < n && inside_char(old, sb)) sb--;
  return (anchor_quote){exact, strlen(exact), old + pa, a - pa, old + b, sb - b, 1, a, b};
}

static anchor_result find(const char *text, const anchor_quote *q) {
  anchor_result r;
  CHECK_EQ(anchor_find(text, text ? strlen(text) : 0, q, &r), 0);
  return r;
}

#define CHECK_NEAR(a, b) CHECK(fabs((double)(a) - (double)(b)) < 1e-9)

static const char *const CALL = "We had a call that lasted almost an hour and a half.";

TEST(anchor_exact) {
  if (!load()) return;
  anchor_quote q = quote_of(seed, CALL);
  anchor_result r = find(seed, &q);
  CHECK_EQ(r.kind, ANCHOR_EXACT);
  CHECK_EQ(r.start, q.start);
  CHECK_EQ(r.end, q.end);
  CHECK_NEAR(r.score, 1);
  CHECK_STR(anchor_kind_name(r.kind), "exact");
  /* no context needed, and none read */
  q.prefix = q.suffix = NULL;
  q.prefix_len = q.suffix_len = 0;
  r = find(seed, &q);
  CHECK_EQ(r.kind, ANCHOR_EXACT);
  CHECK_EQ(r.start, q.start);
}

TEST(anchor_moved_after_insertion) {
  if (!load()) return;
  anchor_quote q = quote_of(seed, CALL);
  const char *ins = "A new first paragraph, written after the annotation was made.\n\n";
  size_t il = strlen(ins), n = il + seed_len;
  char *t = malloc(n + 1);
  if (!t) abort();
  memcpy(t, ins, il);
  memcpy(t + il, seed, seed_len + 1);
  anchor_result r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_MOVED);
  CHECK_EQ(r.start, q.start + il);
  CHECK_EQ(r.end, q.end + il);
  CHECK_EQ(r.start, at(t, CALL));
  /* context intact: 50 + 20 + 20, and the position il bytes off */
  CHECK_NEAR(r.score, (90 + 2 * (1 - (double)il / (double)n)) / 92);
  CHECK_STR(anchor_kind_name(r.kind), "moved");
  free(t);
}

/* "We’re talking about" is in the seed three times (the third "we’re"):
 * the annotation on the second one finds it by its context, with no
 * position or a wrong one. */
TEST(anchor_moved_by_context) {
  if (!load()) return;
  const char *x = "We\xE2\x80\x99re talking about";
  size_t first = at(seed, x), second = at(seed + first + 1, x) + first + 1;
  size_t pa = second - 32, b = second + strlen(x);
  anchor_quote q = {x, strlen(x), seed + pa, 32, seed + b, 32, 0, 0, 0};
  char *t = replace(seed, "Yesterday", "The day before yesterday");
  size_t want = at(t, "We\xE2\x80\x99re talking about North Korea");
  anchor_result r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_MOVED);
  CHECK_EQ(r.start, want);
  CHECK_EQ(r.end, want + strlen(x));
  CHECK_NEAR(r.score, 1); /* context perfect, no position weighed */
  /* a position at the first occurrence loses to the context */
  q.has_pos = 1, q.start = first, q.end = first + strlen(x);
  r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_MOVED);
  CHECK_EQ(r.start, want);
  free(t);
}

/* Occurrences alike in their context: the nearest to the position wins;
 * with no position, the first. */
TEST(anchor_moved_ties_by_position) {
  const char *t = "x same words y. x same words y. x same words y. x same words y.";
  anchor_quote q = {"same words", 10, "x ", 2, " y.", 3, 1, 40, 50};
  anchor_result r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_MOVED);
  CHECK_EQ(r.start, 34); /* occurrences at 2, 18, 34, 50: 34 is 6 away, 50 is 10 */
  CHECK_EQ(r.end, 44);
  q.start = 60, q.end = 70; /* past the last: the last */
  r = find(t, &q);
  CHECK_EQ(r.start, 50);
  q.has_pos = 0;
  r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_MOVED);
  CHECK_EQ(r.start, 2);
  CHECK_NEAR(r.score, 1);
  /* equally far either side (10 from 18 and from 34): the first */
  q.has_pos = 1, q.start = 26, q.end = 36;
  r = find(t, &q);
  CHECK_EQ(r.start, 18);
}

TEST(anchor_fuzzy_word_change) {
  if (!load()) return;
  anchor_quote q = quote_of(seed, CALL);
  char *t = replace(seed, "lasted almost an hour", "lasted nearly an hour");
  anchor_result r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, q.start); /* same length: same place */
  CHECK_EQ(r.end, q.end);
  CHECK(r.score > 0.9 && r.score < 1);
  CHECK_STR(anchor_kind_name(r.kind), "fuzzy");
  free(t);
  /* a word longer, and the passage moved by an insertion before it */
  t = replace(seed, "lasted almost an hour", "lasted more than an hour");
  char *t2 = replace(t, "Yesterday", "Yesterday afternoon");
  size_t a = at(t2, "We had a call that lasted more");
  r = find(t2, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, a);
  CHECK_EQ(r.end, a + strlen("We had a call that lasted more than an hour and a half."));
  CHECK(r.score > 0.8);
  free(t);
  free(t2);
}

/* Runs of white space changed: nothing else, so all the weights agree. */
TEST(anchor_fuzzy_whitespace) {
  if (!load()) return;
  anchor_quote q = quote_of(seed, CALL);
  char *t = replace(seed, "We had a call that lasted", "We had\n   a  call that\tlasted");
  char *t2 = replace(t, "and a half. We", "and a\nhalf. We");
  size_t a = at(t2, "We had\n   a  call");
  anchor_result r = find(t2, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, a);
  CHECK_EQ(r.end, a + strlen("We had\n   a  call that\tlasted almost an hour and a\nhalf."));
  CHECK(r.score > 0.99);
  /* the quote had the odd spacing, the text is the seed: no edits either */
  q = (anchor_quote){"lasted  almost\nan hour", 22, NULL, 0, NULL, 0, 1, 0, 0};
  r = find(seed, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, at(seed, "lasted almost an hour"));
  CHECK_EQ(r.end, r.start + strlen("lasted almost an hour"));
  free(t);
  free(t2);
}

/* The annotation was made on a version with a typo the new one fixed. */
TEST(anchor_fuzzy_typo_fixed) {
  if (!load()) return;
  char *old = replace(seed, "lasted almost an hour", "lasted almsot an hour");
  anchor_quote q = quote_of(old, "We had a call that lasted almsot an hour and a half.");
  anchor_result r = find(seed, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, at(seed, CALL));
  CHECK_EQ(r.end, r.start + strlen(CALL));
  CHECK(r.score > 0.95 && r.score < 1);
  free(old);
}

TEST(anchor_orphan_deleted) {
  if (!load()) return;
  anchor_quote q = quote_of(seed, CALL);
  char *t = replace(seed, "We had a call that lasted almost an hour and a half. ", "");
  anchor_result r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_ORPHAN);
  CHECK_EQ(r.start, 0);
  CHECK_EQ(r.end, 0);
  CHECK_NEAR(r.score, 0);
  CHECK_STR(anchor_kind_name(r.kind), "orphan");
  /* without its context too */
  q.prefix_len = q.suffix_len = 0;
  CHECK_EQ(find(t, &q).kind, ANCHOR_ORPHAN);
  free(t);
  /* the last sentence gone: its context (the bullet before, the comments
   * after) is still there, the quote is not */
  anchor_quote q2 = quote_of(seed, "It would appear there\xE2\x80\x99s some deal-making in the works.");
  t = replace(seed, "It would appear there\xE2\x80\x99s some deal-making in the works.", "");
  CHECK_EQ(find(t, &q2).kind, ANCHOR_ORPHAN);
  free(t);
}

/* A quote of more than 64 units (two blocks of the search) and one of more
 * than 256 (five blocks, errors capped at 256), each with a word changed. */
TEST(anchor_fuzzy_long_quotes) {
  if (!load()) return;
  const char *p1 = "President Donald J. Trump today spoke with President Vladimir V. Putin "
                   "of Russia for more than one hour.";
  CHECK(strlen(p1) > 64);
  anchor_quote q = quote_of(seed, p1);
  char *t = replace(seed, "for more than one hour", "for more than an hour");
  anchor_result r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, q.start);
  CHECK_EQ(r.end, q.end - 1);
  CHECK(r.score > 0.95);
  free(t);
  /* the whole paragraph (a few ’ and –): 306 code points */
  size_t a = at(seed, "President Donald J. Trump today"), b = at(seed, "November 11.") + 12;
  char *para = malloc(b - a + 1);
  if (!para) abort();
  memcpy(para, seed + a, b - a);
  para[b - a] = '\0';
  size_t cps = 0;
  for (size_t i = 0; i < b - a; i++) cps += ((unsigned char)para[i] & 0xC0) != 0x80;
  CHECK(cps > 256);
  q = quote_of(seed, para);
  t = replace(seed, "The presidents affirmed their support", "The two presidents affirmed their\n  support");
  size_t na = at(t, "President Donald J. Trump today"), nb = at(t, "November 11.") + 12;
  r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, na);
  CHECK_EQ(r.end, nb);
  CHECK(r.score > 0.98);
  /* and the paragraph gone */
  char *t2 = replace(seed, para, "");
  CHECK_EQ(find(t2, &q).kind, ANCHOR_ORPHAN);
  free(t);
  free(t2);
  free(para);
}

/* Multibyte text: “ ” ’ — in the quote and around the change; offsets are
 * byte offsets on code-point boundaries. */
TEST(anchor_multibyte) {
  if (!load()) return;
  const char *x = "\xE2\x80\x9CWe had a great call with President Putin. We\xE2\x80\x99re talking "
                  "about peace in Syria \xE2\x80\x94 very important.";
  anchor_quote q = quote_of(seed, x);
  char *t = replace(seed, "Syria \xE2\x80\x94 very", "Syria \xE2\x80\x93 so very"); /* — to – */
  size_t a = at(t, "\xE2\x80\x9CWe had a great");
  size_t e = at(t, "so very important.") + strlen("so very important.");
  anchor_result r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, a);
  CHECK_EQ(r.end, e);
  free(t);
  /* a change of the first character, a multi-byte one: the start stays on
   * the boundary of the new one (’ three bytes, ' one) */
  q = quote_of(seed, "\xE2\x80\x99s some deal-making in the works.");
  t = replace(seed, "there\xE2\x80\x99s some", "there's some");
  r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, at(t, "'s some deal"));
  CHECK_EQ(r.end, r.start + strlen("'s some deal-making in the works."));
  free(t);
  /* an emoji for a word */
  t = replace(seed, "peace in Syria", "peace in \xF0\x9F\x87\xB8\xF0\x9F\x87\xBE");
  q = quote_of(seed, "talking about peace in Syria \xE2\x80\x94 very important.");
  r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, at(t, "talking about peace in \xF0\x9F\x87\xB8"));
  CHECK_EQ(r.end, at(t, "very important.") + strlen("very important."));
  free(t);
}

TEST(anchor_empty_text) {
  anchor_quote q = {"Putin", 5, "President ", 10, ".", 1, 1, 0, 5};
  anchor_result r = find("", &q);
  CHECK_EQ(r.kind, ANCHOR_ORPHAN);
  CHECK_EQ(r.start, 0);
  CHECK_EQ(r.end, 0);
  r = find(NULL, &q);
  CHECK_EQ(r.kind, ANCHOR_ORPHAN);
  /* position only: the empty range at 0 is in the empty text */
  q.exact = NULL, q.start = q.end = 0;
  r = find("", &q);
  CHECK_EQ(r.kind, ANCHOR_EXACT);
  CHECK_EQ(r.start, 0);
  CHECK_EQ(r.end, 0);
  q.end = 1;
  CHECK_EQ(find("", &q).kind, ANCHOR_ORPHAN);
}

TEST(anchor_position_only) {
  if (!load()) return;
  size_t a = at(seed, CALL), b = a + strlen(CALL);
  anchor_quote q = {NULL, 0, NULL, 0, NULL, 0, 1, a, b};
  anchor_result r = find(seed, &q);
  CHECK_EQ(r.kind, ANCHOR_EXACT);
  CHECK_EQ(r.start, a);
  CHECK_EQ(r.end, b);
  q.exact = ""; /* an empty quote is none */
  CHECK_EQ(find(seed, &q).kind, ANCHOR_EXACT);
  size_t in = at(seed, "\xE2\x80\x9C") + 1; /* inside “ */
  q.start = in;
  CHECK_EQ(find(seed, &q).kind, ANCHOR_ORPHAN);
  q.start = b, q.end = a; /* reversed */
  CHECK_EQ(find(seed, &q).kind, ANCHOR_ORPHAN);
  q.has_pos = 0;
  CHECK_EQ(find(seed, &q).kind, ANCHOR_ORPHAN);
}

TEST(anchor_position_past_end) {
  if (!load()) return;
  anchor_quote q = quote_of(seed, CALL);
  q.start += seed_len, q.end += seed_len;
  anchor_result r = find(seed, &q);
  CHECK_EQ(r.kind, ANCHOR_MOVED);
  CHECK_EQ(r.start, at(seed, CALL));
  CHECK_NEAR(r.score, 90.0 / 92); /* the position scores 0 */
  q.exact = NULL;
  CHECK_EQ(find(seed, &q).kind, ANCHOR_ORPHAN);
  q.start = q.end = seed_len; /* the end itself is in */
  CHECK_EQ(find(seed, &q).kind, ANCHOR_EXACT);
  /* fuzzy too */
  q = quote_of(seed, CALL);
  q.start = q.end = (size_t)-1;
  char *t = replace(seed, "almost", "nearly");
  r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, at(t, "We had a call"));
  free(t);
}

/* A short quote fuzzy-matches only where its context agrees. */
TEST(anchor_short_quotes) {
  if (!load()) return;
  char *t = replace(seed, "President Vladimir Putin:", "President Vladimir Putn:");
  anchor_quote q = quote_of(seed, "Putin:");
  anchor_result r = find(t, &q);
  CHECK_EQ(r.kind, ANCHOR_FUZZY);
  CHECK_EQ(r.start, at(t, "Putn:"));
  CHECK_EQ(r.end, r.start + 5);
  q.prefix_len = q.suffix_len = 0; /* no context: no fuzzy match of 6 units */
  CHECK_EQ(find(t, &q).kind, ANCHOR_ORPHAN);
  free(t);
  /* context given but elsewhere */
  anchor_quote q2 = {"xyzzy", 5, "nothing like ", 13, " in the text", 12, 0, 0, 0};
  CHECK_EQ(find(seed, &q2).kind, ANCHOR_ORPHAN);
}

TEST(anchor_search) {
  size_t e, s, en;
  const char *t = "the quick brown fox jumps";
  CHECK_EQ(anchor_search(t, strlen(t), "quack", 5, 2, &e, &s, &en), 0);
  CHECK_EQ(e, 1);
  CHECK_EQ(s, 4);
  CHECK_EQ(en, 9);
  CHECK_EQ(anchor_search(t, strlen(t), "quack", 5, 0, &e, &s, &en), 1);
  CHECK_EQ(anchor_search(t, strlen(t), "brown  fox", 10, 0, &e, &s, &en), 0); /* runs are one */
  CHECK_EQ(s, 10);
  CHECK_EQ(en, 19);
  CHECK_EQ(anchor_search("", 0, "a", 1, 1, &e, &s, &en), 1);
  CHECK_STR(anchor_kind_name((anchor_kind)42), "?");
}

int main(int argc, char **argv) { return check_main(argc, argv); }
