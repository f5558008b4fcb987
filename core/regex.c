#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

/* Limits that keep a pathological pattern from running away on one document. */
#define MATCH_LIMIT 10000000
#define DEPTH_LIMIT 100000
#define JIT_STACK_MAX (1 << 20)

struct regex {
  pcre2_code *code;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit;
  uint32_t groups;
  size_t *ov; /* 2 * (groups + 1) */
  char *pattern;
};

regex *regex_new(const char *pattern, size_t len, const char *flags, buf *err) {
  /* not PCRE2_MATCH_INVALID_UTF: it makes the JIT check every character
   * read, and the subjects are valid UTF-8 (see regex_scan) */
  uint32_t opts = PCRE2_UTF | PCRE2_UCP;
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
  }
  regex *re = calloc(1, sizeof *re);
  if (!re) goto oom;
  int code;
  PCRE2_SIZE at;
  re->code = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &code, &at, NULL);
  if (!re->code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    buf_printf(err, "%s at offset %zu", (const char *)msg, (size_t)at);
    free(re);
    return NULL;
  }
  pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE); /* interpreted if it fails */
  pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &re->groups);
  re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
  re->mctx = pcre2_match_context_create(NULL);
  re->jit = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, NULL);
  re->ov = malloc(2 * (re->groups + 1) * sizeof *re->ov);
  re->pattern = malloc(len + 1);
  if (!re->md || !re->mctx || !re->ov || !re->pattern) goto oom;
  memcpy(re->pattern, pattern, len);
  re->pattern[len] = '\0';
  pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
  pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
  if (re->jit) pcre2_jit_stack_assign(re->mctx, NULL, re->jit);
  return re;
oom:
  regex_free(re);
  buf_printf(err, "out of memory");
  return NULL;
}

void regex_free(regex *re) {
  if (!re) return;
  pcre2_code_free(re->code);
  pcre2_match_data_free(re->md);
  pcre2_match_context_free(re->mctx);
  pcre2_jit_stack_free(re->jit);
  free(re->ov);
  free(re->pattern);
  free(re);
}

uint32_t regex_groups(const regex *re) { return re->groups; }

const char *regex_pattern(const regex *re) { return re->pattern; }

int regex_group_number(const regex *re, const char *name) {
  int n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
  return n > 0 ? n : -1;
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
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(rc, msg, sizeof msg);
      buf_printf(err, "regex '%s': %s", re->pattern, (const char *)msg);
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
