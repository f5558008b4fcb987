/* A compiled PCRE2 pattern: UTF-8 with Unicode properties, JIT-compiled when
 * the platform allows. The regex owns its code, match data and JIT stack, so
 * one regex serves one thread at a time (each worker compiles its own). */
#ifndef GLOSSA_REGEX_H
#define GLOSSA_REGEX_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct regex regex;

/* flags: any of i (caseless), m (multiline), s (dot matches newline), x
 * (extended), U (ungreedy). On error returns NULL with PCRE2's message and
 * the offset in err. */
regex *regex_new(const char *pattern, size_t len, const char *flags, buf *err);
/* regex_new for a pattern that must match a whole subject: anchored at its
 * start and its end (PCRE2_ANCHORED | PCRE2_ENDANCHORED), for regex_whole. */
regex *regex_new_whole(const char *pattern, size_t len, const char *flags, buf *err);
void regex_free(regex *re);
/* The flags as given (each once), to compile the pattern again. */
const char *regex_flags(const regex *re);

/* Capture groups, not counting the whole match. */
uint32_t regex_groups(const regex *re);
/* The number of the named group, or -1. */
int regex_group_number(const regex *re, const char *name);
/* The pattern as given. */
const char *regex_pattern(const regex *re);
/* Bytes the regex holds (code, JIT code and stack, buffers), about. */
size_t regex_memory(const regex *re);

/* For each match: ov[0..2*(groups+1)) are byte offsets into the text given
 * to regex_scan (SIZE_MAX for a group that did not take part). Non-zero from
 * fn stops the scan. */
typedef int (*regex_hit_fn)(void *ud, const size_t *ov, uint32_t n);

/* Every match in text[from, to), which is the whole subject (anchors and
 * lookarounds see nothing outside it). The text must be valid UTF-8 and from,
 * to on character boundaries: PCRE2 is told not to check (document views are
 * checked once, by doc_load). Returns 0, what fn returned, or -1
 * with "regex 'PATTERN': what" in err when PCRE2 gives up: a match over
 * one of the limits set for untrusted patterns (steps, depth, heap, JIT
 * stack: the message names it), or out of memory. One pcre2_match call is
 * bounded by those limits; a caller that must stop sooner polls between
 * matches, in fn. */
int regex_scan(regex *re, const char *text, size_t from, size_t to,
               regex_hit_fn fn, void *ud, buf *err);

/* Whether re matches text[from, to) as a whole subject (anchored there when
 * compiled by regex_new_whole): 1 or 0, or -1 with regex_scan's message. */
int regex_whole(regex *re, const char *text, size_t from, size_t to, buf *err);

#endif
