/* Re-anchoring a quote made on an older version of a text on today's text
 * (TextQuoteSelector + TextPositionSelector, as Hypothesis anchors them).
 * The caller owns the text, the quote and the result; anchor_find keeps
 * nothing between calls.
 *
 * The outcome, tried in this order:
 * - no quote (exact == NULL or exact_len == 0): EXACT, score 1, the given
 *   range, when has_pos and start <= end <= len on code-point boundaries;
 *   else ORPHAN.
 * - EXACT: has_pos and text[start, end) equals the quote byte for byte;
 *   score 1.
 * - MOVED: the quote occurs elsewhere byte for byte. Every occurrence (on
 *   code-point boundaries; at most ANCHOR_MAX_MOVED of them, the nearest to
 *   start, or the first without a position) is scored as below with a quote
 *   score of 1; the best wins; of equal scores the nearest to start, then
 *   the first. The result's bytes equal the quote.
 * - FUZZY: an approximate match, found over code points with every run of
 *   white space (Unicode White_Space) as one unit, so a changed run of
 *   spaces and newlines costs nothing: the places at the least edit distance
 *   (Levenshtein, Myers' bit-parallel search) from the quote, at most
 *   min(256, units / 2) errors, are scored
 *       (50 quote + 20 prefix + 20 suffix + 2 position) / (the weights given)
 *   with quote = 1 - errors / units; prefix = 1 - d / n, d the edit distance
 *   of the prefix's last n <= ANCHOR_CONTEXT units to the best stretch of
 *   text ending where the candidate starts (suffix alike, after it);
 *   position = 1 - |candidate start - start| / len. A prefix, suffix or
 *   position not given has no weight (nothing is evidence for or against).
 *   The best score wins (ties: nearest to start, then first) when it is at
 *   least ANCHOR_MIN_SCORE, its quote score at least ANCHOR_MIN_QUOTE and,
 *   for a quote under ANCHOR_SHORT units, a prefix or suffix was given and
 *   agrees (their mean at least ANCHOR_SHORT_CONTEXT). Why these: in 5 MB
 *   of the sample's words shuffled, the best chance match of a sentence of
 *   50 to 60 characters is 38 to 45% wrong (quote score 0.55 to 0.62) and
 *   its context about 60% wrong (0.4), scoring 0.5 to 0.6 with context;
 *   a 14-character phrase finds a 2-error match (0.86) there, scoring 0.62
 *   with its (random) context. An edit of a word or two, or a typo fixed,
 *   keeps a quote score of 0.85 or more and its context: 0.9 and more; a
 *   change of white space alone scores as high as its context and position
 *   agree (1 when they all do). As in Hypothesis, only the places with the
 *   fewest errors are candidates; at most ANCHOR_MAX_FUZZY of them (the
 *   nearest to end, or the first) are weighed; a quote of more than
 *   ANCHOR_FUZZY_UNITS units is never searched approximately.
 * - ORPHAN: none of these; start = end = 0, score 0.
 *
 * Costs: MOVED O(len + occurrences); FUZZY O(len * ceil(units / 64)) at
 * worst, about O(len * (errors / 64 + 1)) on text (Ukkonen's cut-off: 0.1 s
 * for 5 MB and a quote of 256 or of 4096 code points, -O2), plus
 * O(units * ceil(units / 64)) per candidate weighed; memory O(distinct
 * code points of the quote * ceil(units / 64)) + O(candidates), nothing in
 * proportion to len but the runs of white space over 64 bytes (a pair of
 * offsets each); no recursion. */
#ifndef GLOSSA_ANCHOR_H
#define GLOSSA_ANCHOR_H

#include <stddef.h>

#define ANCHOR_MIN_SCORE 0.7       /* a fuzzy match scoring less is an orphan */
#define ANCHOR_MIN_QUOTE 0.75      /* ...or with a quote score under this */
#define ANCHOR_SHORT 8             /* quotes under this many units need context */
#define ANCHOR_SHORT_CONTEXT 0.75  /* ...agreeing at least this well */
#define ANCHOR_CONTEXT 64          /* units of prefix / suffix weighed */
#define ANCHOR_MAX_MOVED 65536     /* exact occurrences weighed */
#define ANCHOR_MAX_FUZZY 1024      /* approximate candidates weighed */
#define ANCHOR_FUZZY_UNITS 4096    /* longest quote searched approximately */

typedef enum anchor_kind { ANCHOR_EXACT, ANCHOR_MOVED, ANCHOR_FUZZY, ANCHOR_ORPHAN } anchor_kind;

typedef struct anchor_quote {
  const char *exact; size_t exact_len;   /* UTF-8 quote; NULL or empty: none (position only) */
  const char *prefix; size_t prefix_len; /* text before it, may be NULL/0 */
  const char *suffix; size_t suffix_len; /* text after it, may be NULL/0 */
  int has_pos; size_t start, end;        /* hint: BYTE offsets into the NEW text [start, end)
                                            (the caller converts units); may lie past its end */
} anchor_quote;

typedef struct anchor_result {
  anchor_kind kind;
  size_t start, end; /* byte offsets into the text, start <= end <= len */
  double score;      /* 0..1: 1 for EXACT, 0 for ORPHAN */
} anchor_result;

/* Anchors q on text[0..len), today's text view (valid UTF-8 expected; other
 * bytes are read as one unit each and never out of bounds, but offsets are
 * then only in bounds, not promised on boundaries). Returns 0 with *out
 * filled, or -1 when memory runs out (*out is then an ORPHAN). Result
 * offsets are byte offsets on code-point boundaries. */
int anchor_find(const char *text, size_t len, const anchor_quote *q, anchor_result *out);

/* The approximate search anchor_find uses, alone (tests compare it with a
 * plain edit-distance table): when some stretch of text[0..len) is at most
 * max_errors edits (over units, as FUZZY counts them) from quote[0..qlen),
 * returns 0 with the least number in *errors and the first match with that
 * many, [*start, *end) (the first end after a unit of text, the longest
 * match there; the empty quote: 0 errors at 0); 1 when there is none (no
 * text, or all over max_errors); -1 out of memory. */
int anchor_search(const char *text, size_t len, const char *quote, size_t qlen,
                  size_t max_errors, size_t *errors, size_t *start, size_t *end);

/* "exact", "moved", "fuzzy", "orphan" ("?" for anything else). */
const char *anchor_kind_name(anchor_kind k);

#endif
