/* libFuzzer target: blocks, sentences and tokens over the input (made valid
 * UTF-8, as a text view always is; the first byte picks a range, the second
 * a language, and whether a user list of abbreviations is added). Results
 * must be in range, in order, non-overlapping, and never start or end with
 * white space (blocks: with a newline); tokens hold none at all, and every
 * non-space character of a range is in exactly one token. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sentence.h"
#include "uchar.h"
#include "utf8.h"

static int space_at(const char *s, size_t n, size_t off) {
  uint32_t c;
  return utf8_decode(s + off, n - off, &c) && uchar_is_space(c);
}

/* The code point ending at off (off > 0) is white space. */
static int space_before(const char *s, size_t off) {
  size_t b = off - 1;
  while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80) b--;
  uint32_t c;
  return utf8_decode(s + b, off - b, &c) == off - b && uchar_is_space(c);
}

typedef struct spans {
  const char *s;
  size_t n, from, to, last, count;
  int kind; /* 0 blocks, 1 sentences, 2 tokens */
  unsigned char *cover; /* tokens: bytes covered */
} spans;

static int on_span(void *ud, size_t s, size_t e) {
  spans *r = ud;
  FUZZ_CHECK(r->from <= s && s < e && e <= r->to);
  FUZZ_CHECK(r->count == 0 || r->last <= s);
  FUZZ_CHECK(utf8_boundary(r->s, r->n, s) && utf8_boundary(r->s, r->n, e));
  if (r->kind) {
    FUZZ_CHECK(!space_at(r->s, r->n, s) && !space_before(r->s, e));
  } else { /* whole lines: no newline at either end, something not blank */
    FUZZ_CHECK(r->s[s] != '\n' && r->s[e - 1] != '\n');
    size_t i = s;
    while (i < e && strchr(" \t\r\f\v\n", r->s[i])) i++;
    FUZZ_CHECK(i < e);
  }
  if (r->kind == 2) {
    for (size_t i = s; i < e; i++) {
      FUZZ_CHECK(!r->cover[i]);
      r->cover[i] = 1;
    }
    for (size_t i = s; i < e; i++)
      if (utf8_boundary(r->s, r->n, i)) FUZZ_CHECK(!space_at(r->s, r->n, i));
  }
  r->last = e;
  r->count++;
  return 0;
}

static sentence_opts opts;

static void split(const char *s, size_t n, size_t from, size_t to, int kind,
                  unsigned char *cover) {
  spans r = {s, n, from, to, 0, 0, kind, cover};
  int rc = kind == 0   ? sentence_blocks(s, from, to, on_span, &r)
           : kind == 1 ? sentence_split(s, from, to, &opts, on_span, &r)
                       : sentence_tokens(s, from, to, &opts, on_span, &r);
  FUZZ_CHECK(rc == 0);
}

typedef struct blocks {
  const char *s;
  size_t n;
  unsigned char *cover;
} blocks;

static int on_block(void *ud, size_t s, size_t e) {
  blocks *b = ud;
  split(b->s, b->n, s, e, 1, NULL);
  return 0;
}

/* A stop from the callback is returned as is. */
static int stop(void *ud, size_t s, size_t e) {
  (void)ud, (void)s, (void)e;
  return 7;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_init();
  return 0;
}

static lang_abbrs user;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FUZZ_MAX_INPUT || size < 2) return 0;
  if (!user.none) { /* a few of every kind, multi-word ones included */
    static const char *const mine[] = {"Abt.", "u. d. M.", "X.", "No.", "a.b."};
    for (int i = 0; i < 5; i++)
      if (lang_user_add(&user, mine[i], strlen(mine[i]), (lang_class)(i + 1))) abort();
    lang_user_sort(&user);
  }
  unsigned pick = data[1] & 0x7F;
  opts.lang = pick == 0 || pick > lang_data_count ? NULL : lang_get(lang_data_files[pick - 1].code, NULL);
  opts.user = data[1] & 0x80 ? &user : NULL;
  size_t n = size - 2;
  char *s = malloc(n + 1);
  if (!s) abort();
  memcpy(s, data + 2, n);
  s[n] = '\0';
  for (size_t i = 0; i < n;) { /* a view is valid UTF-8 and holds no NUL */
    uint32_t c;
    size_t k = utf8_decode(s + i, n - i, &c);
    if (!k || !c) s[i++] = '?';
    else i += k;
  }
  /* a range on code point boundaries, or the whole text */
  size_t from = 0, to = n;
  if (data[0] & 1) {
    from = (data[0] >> 1) * n / 127;
    while (!utf8_boundary(s, n, from)) from--;
  }
  unsigned char *cover = calloc(n + 1, 1);
  if (!cover) abort();
  split(s, n, from, to, 2, cover);
  for (size_t i = from; i < to; i++)
    if (utf8_boundary(s, n, i) && !space_at(s, n, i)) FUZZ_CHECK(cover[i]);
  blocks b = {s, n, NULL};
  FUZZ_CHECK(sentence_blocks(s, from, to, on_block, &b) == 0);
  split(s, n, from, to, 0, NULL);
  split(s, n, from, to, 1, NULL); /* the whole range as one block, too */
  int any = 0;
  for (size_t i = from; i < to && !any; i++) any = cover[i];
  FUZZ_CHECK(sentence_tokens(s, from, to, &opts, stop, NULL) == (any ? 7 : 0));
  free(cover);
  free(s);
  return 0;
}
