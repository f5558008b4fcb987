#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

/* Limits for untrusted patterns: a pattern that backtracks exponentially
 * (nested repeats like (a*)*b) stops with an error naming the limit within
 * about a second, whatever the text, rather than running for hours; real
 * patterns stay far below them. The match limit counts the steps of one
 * pcre2_match call (with JIT as without), the depth limit its nested
 * backtracking points, the heap limit the memory it takes for them (KiB,
 * without JIT), the JIT stack the same under JIT. */
#define MATCH_LIMIT 10000000
#define DEPTH_LIMIT 100000
#define HEAP_LIMIT (20 * 1024)
#define JIT_STACK_MAX (1 << 20)
#define JIT_STACK_START (32 * 1024) /* grows up to the max as needed */

struct regex {
  pcre2_general_context *gctx;
  pcre2_code *code;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit;
  uint32_t groups;
  size_t *ov; /* 2 * (groups + 1) */
  char *pattern;
  char flags[8]; /* as given, each flag once */
};

/* PCRE2's memory goes through malloc here, so that a test wrapping this
 * program's malloc sees it too. */
static void *pmalloc(PCRE2_SIZE n, void *ud) {
  (void)ud;
  return malloc(n);
}

static void pfree(void *p, void *ud) {
  (void)ud;
  free(p);
}

/* whole: anchored at both ends, for regex_whole */
static regex *compile(const char *pattern, size_t len, const char *flags, int whole, buf *err) {
  /* not PCRE2_MATCH_INVALID_UTF: it makes the JIT check every character
   * read, and the subjects are valid UTF-8 (see regex_scan) */
  uint32_t opts = PCRE2_UTF | PCRE2_UCP;
  if (whole) opts |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
  char fl[8];
  size_t nfl = 0;
  for (const char *f = flags ? flags : ""; *f; f++) {
    switch (*f) {
    case 'i': opts |= PCRE2_CASELESS; break;
    case 'm': opts |= PCRE2_MULTILINE; break;
    case 's': opts |= PCRE2_DOTALL; break;
    case 'x': opts |= PCRE2_EXTENDED; break;
    case 'U': opts |= PCRE2_UNGREEDY; break;
    default:
      buf_printf(err, "unknown regex flag '%c' (flags are i, m, s, x, U)", *f);
      return NULL;
    }
    if (!memchr(fl, *f, nfl)) fl[nfl++] = *f;
  }
  regex *re = calloc(1, sizeof *re);
  if (!re) goto oom;
  re->gctx = pcre2_general_context_create(pmalloc, pfree, NULL);
  if (!re->gctx) goto oom;
  pcre2_compile_context *cctx = pcre2_compile_context_create(re->gctx);
  if (!cctx) goto oom;
  int code;
  PCRE2_SIZE at;
  re->code = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &code, &at, cctx);
  pcre2_compile_context_free(cctx);
  if (!re->code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    if (code == PCRE2_ERROR_HEAP_FAILED) goto oom;
    buf_printf(err, "%s at offset %zu", (const char *)msg, (size_t)at);
    regex_free(re);
    return NULL;
  }
  pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE); /* interpreted if it fails */
  pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &re->groups);
  re->md = pcre2_match_data_create_from_pattern(re->code, re->gctx);
  re->mctx = pcre2_match_context_create(re->gctx);
  re->jit = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, re->gctx);
  re->ov = malloc(2 * (re->groups + 1) * sizeof *re->ov);
  re->pattern = malloc(len + 1);
  if (!re->md || !re->mctx || !re->ov || !re->pattern) goto oom;
  memcpy(re->pattern, pattern, len);
  re->pattern[len] = '\0';
  memcpy(re->flags, fl, nfl);
  re->flags[nfl] = '\0';
  pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
  pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
  pcre2_set_heap_limit(re->mctx, HEAP_LIMIT);
  if (re->jit) pcre2_jit_stack_assign(re->mctx, NULL, re->jit);
  return re;
oom:
  regex_free(re);
  buf_printf(err, "out of memory");
  return NULL;
}

regex *regex_new(const char *pattern, size_t len, const char *flags, buf *err) {
  return compile(pattern, len, flags, 0, err);
}

regex *regex_new_whole(const char *pattern, size_t len, const char *flags, buf *err) {
  return compile(pattern, len, flags, 1, err);
}

const char *regex_flags(const regex *re) { return re->flags; }

void regex_free(regex *re) {
  if (!re) return;
  pcre2_code_free(re->code);
  pcre2_match_data_free(re->md);
  pcre2_match_context_free(re->mctx);
  pcre2_jit_stack_free(re->jit);
  pcre2_general_context_free(re->gctx);
  free(re->ov);
  free(re->pattern);
  free(re);
}

size_t regex_memory(const regex *re) {
  size_t code = 0, jit = 0;
  pcre2_pattern_info(re->code, PCRE2_INFO_SIZE, &code);
  pcre2_pattern_info(re->code, PCRE2_INFO_JITSIZE, &jit);
  /* (not the JIT stack: an address range reserved, touched as needed) */
  return sizeof *re + code + jit + 2 * (re->groups + 1) * sizeof *re->ov +
         strlen(re->pattern) + 1;
}

uint32_t regex_groups(const regex *re) { return re->groups; }

const char *regex_pattern(const regex *re) { return re->pattern; }

int regex_group_number(const regex *re, const char *name) {
  int n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
  return n > 0 ? n : -1;
}

/* "regex 'PATTERN': what" for a match that PCRE2 gave up, with the limit. */
static void failure(const regex *re, int rc, buf *err) {
  PCRE2_UCHAR msg[256];
  pcre2_get_error_message(rc, msg, sizeof msg);
  buf_printf(err, "regex '%s': %s", re->pattern, (const char *)msg);
  switch (rc) {
  case PCRE2_ERROR_MATCHLIMIT:
    buf_printf(err, " (the limit is %d steps for one match; the pattern backtracks too much "
               "on this text: avoid nested repeats like (a*)* and alternatives that match "
               "the same text)", MATCH_LIMIT);
    break;
  case PCRE2_ERROR_DEPTHLIMIT:
    buf_printf(err, " (the limit is %d nested backtracking points for one match)", DEPTH_LIMIT);
    break;
  case PCRE2_ERROR_HEAPLIMIT:
    buf_printf(err, " (the limit is %d KiB of backtracking memory for one match)", HEAP_LIMIT);
    break;
  case PCRE2_ERROR_JIT_STACKLIMIT:
    buf_printf(err, " (the limit is a JIT stack of %d KiB for one match)", JIT_STACK_MAX >> 10);
    break;
  }
}

int regex_whole(regex *re, const char *text, size_t from, size_t to, buf *err) {
  int rc = pcre2_match(re->code, (PCRE2_SPTR)text + from, to - from, 0, PCRE2_NO_UTF_CHECK, re->md,
                       re->mctx);
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  if (rc < 0) {
    failure(re, rc, err);
    return -1;
  }
  return 1;
}

int regex_scan(regex *re, const char *text, size_t from, size_t to,
               regex_hit_fn fn, void *ud, buf *err) {
  PCRE2_SPTR subject = (PCRE2_SPTR)text + from;
  size_t len = to - from, pos = 0;
  uint32_t extra = 0;
  uint32_t n = re->groups + 1;
  for (;;) {
    int rc = pcre2_match(re->code, subject, len, pos, extra | PCRE2_NO_UTF_CHECK, re->md, re->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) {
      if (!extra) return 0;
      /* no non-empty match here: step one character on */
      if (pos >= len) return 0;
      pos++;
      while (pos < len && (subject[pos] & 0xC0) == 0x80) pos++;
      extra = 0;
      continue;
    }
    if (rc < 0) {
      failure(re, rc, err);
      return -1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
    for (uint32_t i = 0; i < 2 * n; i++)
      re->ov[i] = ov[i] == PCRE2_UNSET ? SIZE_MAX : ov[i] + from;
    int stop = fn(ud, re->ov, n);
    if (stop) return stop;
    size_t s = ov[0], e = ov[1];
    if (e < s) e = s; /* \K can put the end before the start */
    pos = e;
    /* after an empty match, look for a non-empty one at the same place */
    extra = e == s ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    if (pos > len) return 0;
  }
}
