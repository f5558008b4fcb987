/* Tests of sentence.c: `glossa-test-sentence NAME [SRCDIR]` runs one case
 * (tests/check.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sentence.h"

#include "../check.h"

/* ---- collecting ranges --------------------------------------------------- */

typedef struct range {
  size_t start, end;
} range;

typedef struct ranges {
  range v[4096];
  size_t n;
} ranges;

static int collect(void *ud, size_t start, size_t end) {
  ranges *r = ud;
  if (r->n == sizeof r->v / sizeof r->v[0]) return -1;
  r->v[r->n++] = (range){start, end};
  return 0;
}

/* The ranges of text as "A|B|C" (sep between them). */
static void join(buf *out, const char *text, const ranges *r, const char *sep) {
  out->len = 0;
  buf_adds(out, "");
  for (size_t i = 0; i < r->n; i++) {
    if (i) buf_adds(out, sep);
    buf_add(out, text + r->v[i].start, r->v[i].end - r->v[i].start);
  }
}

typedef int (*splitter)(const char *, size_t, size_t, const sentence_opts *, sentence_fn, void *);

/* Runs split over s and compares "A|B|C" (or "A || B" for sentences). */
static void expect_at(int line, splitter split, const char *sep, const char *s,
                      const char *want) {
  static ranges r;
  r.n = 0;
  size_t n = strlen(s);
  /* an exact-size copy without a NUL, so that ASan sees any over-read */
  char *copy = malloc(n ? n : 1);
  memcpy(copy, s, n);
  CHECK_EQ(split(copy, 0, n, NULL, collect, &r), 0);
  buf got = BUF_INIT;
  join(&got, copy, &r, sep);
  if (strcmp(got.s, want)) {
    fprintf(stderr, "%s:%d: split of \"%s\"\n  got:  %s\n  want: %s\n", __FILE__,
            line, s, got.s, want);
    failures++;
  }
  buf_free(&got);
  free(copy);
}

#define SENTENCES(s, want) expect_at(__LINE__, sentence_split, " || ", s, want)
#define TOKENS(s, want) expect_at(__LINE__, sentence_tokens, "|", s, want)

/* ---- the seed ------------------------------------------------------------ */

typedef struct seedctx {
  const char *text;
  buf out;
  ranges all;
} seedctx;

static int seed_sentence(void *ud, size_t start, size_t end) {
  seedctx *c = ud;
  buf_printf(&c->out, "%zu %zu\t", start, end);
  for (size_t i = start; i < end; i++) {
    if (c->text[i] == '\n') buf_adds(&c->out, "\\n");
    else buf_addc(&c->out, c->text[i]);
  }
  buf_addc(&c->out, '\n');
  return collect(&c->all, start, end);
}

static int seed_block(void *ud, size_t start, size_t end) {
  seedctx *c = ud;
  return sentence_split(c->text, start, end, NULL, seed_sentence, c);
}

/* True when one sentence holds all of the first occurrence of phrase. */
static int inside_one(const seedctx *c, const char *phrase) {
  const char *p = strstr(c->text, phrase);
  if (!p) return 0;
  size_t s = (size_t)(p - c->text), e = s + strlen(phrase);
  for (size_t i = 0; i < c->all.n; i++)
    if (c->all.v[i].start <= s && e <= c->all.v[i].end) return 1;
  return 0;
}

TEST(seed) {
  size_t len, wlen;
  char *text = check_slurp("samples/trump-putin-call.txt", &len);
  char *want = check_slurp("tests/sentences/trump-putin-call.txt.expected", &wlen);
  if (!text || !want) {
    failures++;
    free(text);
    free(want);
    return;
  }
  seedctx c = {text, BUF_INIT, {.n = 0}};
  buf_adds(&c.out, "");
  CHECK_EQ(sentence_blocks(text, 0, len, seed_block, &c), 0);
  if (strcmp(c.out.s, want)) {
    failures++;
    /* report the first differing line */
    const char *g = c.out.s, *w = want;
    unsigned line = 1;
    for (;;) {
      const char *ge = strchr(g, '\n'), *we = strchr(w, '\n');
      size_t gl = ge ? (size_t)(ge - g) : strlen(g), wl = we ? (size_t)(we - w) : strlen(w);
      if (gl != wl || memcmp(g, w, gl)) {
        fprintf(stderr, "seed: line %u differs\n  got:  %.*s\n  want: %.*s\n", line,
                (int)gl, g, (int)wl, w);
        break;
      }
      if (!ge || !we) break;
      g = ge + 1, w = we + 1, line++;
    }
  }
  /* the cases the issue names */
  CHECK(inside_one(&c, "U.N. Security Council"));
  CHECK(inside_one(&c, "Vladimir V. Putin"));
  CHECK(inside_one(&c, "Donald J. Trump"));
  CHECK(inside_one(&c, "SoS Rex Tillerson"));
  CHECK(inside_one(&c, "Bilat’s (Bilateral Discussion) during the ASEAN"));
  CHECK(!inside_one(&c, "Putin. We’re"));
  CHECK(inside_one(&c, "Ukraine.” (transcript)"));
  CHECK(inside_one(&c, "programs. (link)"));
  CHECK(!inside_one(&c, "account. Log"));
  /* the quotation keeps its seven sentences */
  const char *q = strstr(text, "“We had"), *t = strstr(text, "(transcript)");
  size_t first = c.all.n, last = c.all.n;
  for (size_t i = 0; q && t && i < c.all.n; i++) {
    if (c.all.v[i].start == (size_t)(q - text)) first = i;
    if (c.all.v[i].end == (size_t)(t - text) + 12) last = i;
  }
  CHECK(first < c.all.n);
  CHECK(last < c.all.n);
  CHECK_EQ(last - first, 6);
  buf_free(&c.out);
  free(text);
  free(want);
}

/* ---- tokens -------------------------------------------------------------- */

/* Tokens of the first occurrence of phrase in the seed, with from/to inside
 * the whole text. */
static void seed_tokens(int line, const char *text, const char *phrase,
                        const char *want) {
  const char *p = strstr(text, phrase);
  if (!p) {
    fprintf(stderr, "%s:%d: not in the seed: %s\n", __FILE__, line, phrase);
    failures++;
    return;
  }
  static ranges r;
  r.n = 0;
  size_t s = (size_t)(p - text);
  CHECK_EQ(sentence_tokens(text, s, s + strlen(phrase), NULL, collect, &r), 0);
  buf got = BUF_INIT;
  join(&got, text, &r, "|");
  if (strcmp(got.s, want)) {
    fprintf(stderr, "%s:%d: tokens\n  got:  %s\n  want: %s\n", __FILE__, line,
            got.s, want);
    failures++;
  }
  buf_free(&got);
}

#define SEED_TOKENS(phrase, want) seed_tokens(__LINE__, text, phrase, want)

TEST(tokens) {
  size_t len;
  char *text = check_slurp("samples/trump-putin-call.txt", &len);
  if (!text) {
    failures++;
    return;
  }
  SEED_TOKENS("President Donald J. Trump today spoke with President Vladimir V. "
              "Putin of Russia for more than one hour.",
              "President|Donald|J.|Trump|today|spoke|with|President|Vladimir|V.|"
              "Putin|of|Russia|for|more|than|one|hour|.");
  SEED_TOKENS("implementing U.N. Security Council Resolution 2254, and supporting "
              "the U.N.-led Geneva Process",
              "implementing|U.N.|Security|Council|Resolution|2254|,|and|"
              "supporting|the|U.N.-led|Geneva|Process");
  SEED_TOKENS("“We had a great call with President Putin. We’re talking about "
              "peace in Syria — very important.",
              "“|We|had|a|great|call|with|President|Putin|.|We’re|talking|about|"
              "peace|in|Syria|—|very|important|.");
  SEED_TOKENS("North Korea and Ukraine.” (transcript)",
              "North|Korea|and|Ukraine|.|”|(|transcript|)");
  SEED_TOKENS("against ISIS, al-Qaeda, the Taliban, and other",
              "against|ISIS|,|al-Qaeda|,|the|Taliban|,|and|other");
  SEED_TOKENS("Bilat’s (Bilateral Discussion) during the ASEAN Summit or APEC "
              "Meeting in Asia.\xC2\xA0 A further",
              "Bilat’s|(|Bilateral|Discussion|)|during|the|ASEAN|Summit|or|APEC|"
              "Meeting|in|Asia|.|A|further");
  SEED_TOKENS("♦Russian President Putin seems to want Trump to shift/modify his",
              "♦|Russian|President|Putin|seems|to|want|Trump|to|shift|/|modify|"
              "his");
  SEED_TOKENS("a 90 minute phone call", "a|90|minute|phone|call");
  SEED_TOKENS("the Asia-Pacific Economic Cooperation Summit on November 11.",
              "the|Asia-Pacific|Economic|Cooperation|Summit|on|November|11|.");
  SEED_TOKENS("It would appear there’s some deal-making in the works.",
              "It|would|appear|there’s|some|deal-making|in|the|works|.");
  SEED_TOKENS("2 comments on “Long Conversation – President Trump Talks To "
              "Russian President\xC2\xA0Putin…",
              "2|comments|on|“|Long|Conversation|–|President|Trump|Talks|To|"
              "Russian|President|Putin|…");
  SEED_TOKENS("  1. Wow. Some good news at last.\n    Or has",
              "1|.|Wow|.|Some|good|news|at|last|.|Or|has");
  SEED_TOKENS("He’s got to be on something", "He’s|got|to|be|on|something");
  SEED_TOKENS("your WordPress.com account. Log\xC2\xA0Out\xC2\xA0/\xC2\xA0 "
              "Change\xC2\xA0)",
              "your|WordPress.com|account|.|Log|Out|/|Change|)");
  SEED_TOKENS("your Google+ account.", "your|Google|+|account|.");
  SEED_TOKENS("Connecting to %s", "Connecting|to|%|s");
  free(text);

  /* synthetic */
  TOKENS("", "");
  TOKENS(" \t\n\xC2\xA0 ", "");
  TOKENS("About 3.5 million, 1,000 people; 1.5.", "About|3.5|million|,|1,000|people|;|1.5|.");
  TOKENS("Wait... what?!", "Wait|...|what|?|!");
  TOKENS("e.g. this, i.e. that", "e.g.|this|,|i.e.|that");
  TOKENS("at 5 p.m. Then the U.S.A. team", "at|5|p.m.|Then|the|U.S.A.|team");
  TOKENS("No. 5 and No. It", "No.|5|and|No|.|It");
  TOKENS("Mr. Smith vs. Dr. Jones etc.", "Mr.|Smith|vs.|Dr.|Jones|etc.");
  TOKENS("So did I. Then", "So|did|I|.|Then");
  TOKENS("a Ph.D. thesis", "a|Ph.D.|thesis");
  TOKENS("don't 'quote' students’ rock-n-roll", "don't|'|quote|'|students|’|rock-n-roll");
  TOKENS("x -- y - z", "x|--|y|-|z");
  TOKENS("caf\x65\xCC\x81 na\xC3\xAFve", "caf\x65\xCC\x81|na\xC3\xAFve");
  TOKENS("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD ok", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD|ok");
  TOKENS("a\xFF" "b", "a|\xFF|b");
  TOKENS("He said “Stop.” Then left.", "He|said|“|Stop|.|”|Then|left|.");
  TOKENS("Он ушёл. 東京に行った。", "Он|ушёл|.|東京|に|行|った|。");
  TOKENS("$100 (approx. 90€)", "$|100|(|approx.|90|€|)");
}

/* ---- edge cases ---------------------------------------------------------- */

static int stop_after_one(void *ud, size_t start, size_t end) {
  (void)start, (void)end;
  ++*(int *)ud;
  return 7;
}

TEST(edges) {
  SENTENCES("", "");
  SENTENCES("   \t \xC2\xA0 \n ", "");
  SENTENCES("no terminal punctuation here", "no terminal punctuation here");
  SENTENCES("  \xC2\xA0leading and trailing.\xC2\xA0 ", "leading and trailing.");
  SENTENCES("See e.g. this one. Next.", "See e.g. this one. || Next.");
  SENTENCES("About 3.5 million people came. Then 2.5 more.",
            "About 3.5 million people came. || Then 2.5 more.");
  SENTENCES("He said “Stop.” Then left.", "He said “Stop.” || Then left.");
  SENTENCES("He said “Stop” and left.", "He said “Stop” and left.");
  SENTENCES("Wait... what? Yes.", "Wait... what? || Yes.");
  SENTENCES("Wait… what? I see… Fine.", "Wait… what? || I see… || Fine.");
  SENTENCES("“Help!” she cried. “Run!” He ran.",
            "“Help!” she cried. || “Run!” || He ran.");
  SENTENCES("\"Go!\" he said. 'Now.' Then", "\"Go!\" he said. || 'Now.' || Then");
  SENTENCES("Mr. Smith met Dr. Jones at 5 p.m. on Jan. 3. They talked.",
            "Mr. Smith met Dr. Jones at 5 p.m. on Jan. 3. || They talked.");
  SENTENCES("It was No. 5. No. It was not.", "It was No. 5. || No. || It was not.");
  SENTENCES("So did I. Then we left.", "So did I. || Then we left.");
  SENTENCES("He left.Then", "He left. || Then");
  SENTENCES("See README.md and v2.Then", "See README.md and v2.Then");
  SENTENCES("He left. then came back.", "He left. then came back.");
  SENTENCES("Really?! Yes!!", "Really?! || Yes!!");
  SENTENCES("(He left.) She stayed.", "(He left.) || She stayed.");
  SENTENCES("It ended. (link)", "It ended. (link)");
  SENTENCES("It ended. (See notes) and more", "It ended. || (See notes) and more");
  SENTENCES("Line one\ncontinues here. Next\nline.",
            "Line one\ncontinues here. || Next\nline.");
  SENTENCES("1. Wow. Good.", "1. Wow. || Good.");
  SENTENCES("It was in 2017. 2018 was better.", "It was in 2017. || 2018 was better.");
  SENTENCES("♦First point. ♦Second point.", "♦First point. || ♦Second point.");
  SENTENCES("U.S. officials met. The U.K. delegation left.",
            "U.S. officials met. || The U.K. delegation left.");
  SENTENCES("He works for the U.N. Then he left.", /* attr: "Then" starts one */
            "He works for the U.N. || Then he left.");
  SENTENCES("The U.N. Security Council met.", "The U.N. Security Council met.");
  SENTENCES("Он ушёл. Она осталась. и всё", "Он ушёл. || Она осталась. и всё");
  SENTENCES("你好。世界。", "你好。 || 世界。");
  SENTENCES("The end…", "The end…");
  SENTENCES("He said “go", "He said “go");
  SENTENCES("Bad \xFF byte. Next", "Bad \xFF byte. || Next");
  SENTENCES("Is it 10 a.m.? Yes.", "Is it 10 a.m.? || Yes.");
  SENTENCES("One. — Two.", "One. — Two.");

  /* from/to inside a larger string: offsets are absolute */
  const char *s = "xx He left. She stayed. yy";
  static ranges r;
  r.n = 0;
  CHECK_EQ(sentence_split(s, 3, 23, NULL, collect, &r), 0);
  CHECK_EQ(r.n, 2);
  CHECK_EQ(r.v[0].start, 3);
  CHECK_EQ(r.v[0].end, 11);
  CHECK_EQ(r.v[1].start, 12);
  CHECK_EQ(r.v[1].end, 23);
  r.n = 0; /* a range that cuts a sentence and a word */
  CHECK_EQ(sentence_split(s, 5, 18, NULL, collect, &r), 0);
  CHECK_EQ(r.n, 2);
  CHECK_EQ(r.v[0].start, 6);
  CHECK_EQ(r.v[0].end, 11);
  CHECK_EQ(r.v[1].start, 12);
  CHECK_EQ(r.v[1].end, 18);
  r.n = 0;
  CHECK_EQ(sentence_tokens(s, 6, 14, NULL, collect, &r), 0);
  CHECK_EQ(r.n, 3); /* "left" "." "Sh" */
  CHECK_EQ(r.v[2].end, 14);
  r.n = 0;
  CHECK_EQ(sentence_split(s, 10, 10, NULL, collect, &r), 0);
  CHECK_EQ(sentence_tokens(s, 10, 10, NULL, collect, &r), 0);
  CHECK_EQ(r.n, 0);
  /* a range that ends inside a multi-byte character */
  r.n = 0;
  CHECK_EQ(sentence_tokens("a “b", 0, 3, NULL, collect, &r), 0);
  CHECK_EQ(r.n, 2);

  /* a non-zero return stops the split and is returned */
  int calls = 0;
  CHECK_EQ(sentence_split(s, 0, strlen(s), NULL, stop_after_one, &calls), 7);
  CHECK_EQ(calls, 1);
  calls = 0;
  CHECK_EQ(sentence_tokens(s, 0, strlen(s), NULL, stop_after_one, &calls), 7);
  CHECK_EQ(calls, 1);

  /* blocks: runs of non-blank lines */
  const char *b = "a\nb\n\n \t\r\n c\r\n\r\nd\n\n";
  r.n = 0;
  CHECK_EQ(sentence_blocks(b, 0, strlen(b), collect, &r), 0);
  CHECK_EQ(r.n, 3);
  CHECK_EQ(r.v[0].start, 0);
  CHECK_EQ(r.v[0].end, 3);
  CHECK_EQ(r.v[1].start, 9);
  CHECK_EQ(r.v[1].end, 12); /* " c\r" */
  CHECK_EQ(r.v[2].start, 15);
  CHECK_EQ(r.v[2].end, 16);
  r.n = 0;
  CHECK_EQ(sentence_blocks("\n \n", 0, 3, collect, &r), 0);
  CHECK_EQ(r.n, 0);
}

int main(int argc, char **argv) { return check_main(argc, argv); }
