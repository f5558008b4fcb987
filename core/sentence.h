/* Rule-based sentence, token and plain-text block splitting over caller-owned
 * UTF-8 text; nothing is allocated, results go to a callback as byte ranges. */
#ifndef GLOSSA_SENTENCE_H
#define GLOSSA_SENTENCE_H

#include <stddef.h>

#include "lang.h"

/* The language's rules and abbreviations (NULL: English) and the user's
 * own abbreviations (may be NULL), which win. Both are the caller's. */
typedef struct sentence_opts {
  const lang *lang;
  const lang_abbrs *user;
} sentence_opts;

/* Receives bytes [start, end) of text; a non-zero return stops the split and
 * is returned by it. */
typedef int (*sentence_fn)(void *ud, size_t start, size_t end);

/* Sentences inside text[from, to), one block (paragraph) of the text view;
 * the range must not cross a block boundary. Each sentence starts and ends
 * on a token, so it never has leading or trailing white space (U+00A0
 * included). The conventions are tests/sentences/README.md's: a sentence
 * ends after . ! ? … and the language's terminators (or a run of them, the
 * closing quotes and brackets right after, and a footnote mark such as
 * "[12]"), when white space and then something that can start a sentence
 * follow (not a lower-case letter, nor , ; : - – — and the like), or with
 * no space after a CJK full stop, an ASCII one before CJK, and in
 * "works.Then"; and at the end of the range. Abbreviations follow their
 * class (data/lang/README.md): titles, initials and inner ones never end a
 * sentence, final ones ("Inc.", "U.K.", dotted runs of single letters) end
 * it before a capitalised word, attr ones ("U.S.") only before a starter or
 * a title; "No." is one only before a number; ordinal dots ("14. Mai") and
 * multi-word entries ("z. B.") as the language says. List items ("1.",
 * "1)", "1.)", "a.", "iv.", a bullet) start sentences: at the start, after a
 * colon, or when one follows the last ("1. x 2. y"). Not before a short
 * parenthetical note that ends the range ("… programs. (link)"), nor inside
 * the language's no-split pairs (「…」). Returns 0 or what fn returned. */
int sentence_split(const char *text, size_t from, size_t to, const sentence_opts *o,
                   sentence_fn fn, void *ud);

/* Tokens inside text[from, to), in order; white space is never a token.
 * - A word is a run of letters, digits and combining marks, joined across
 *   an apostrophe (' ’), a hyphen (- ‐ ‑) or a period with a letter or digit
 *   on both sides, and a comma between digits: "We’re", "al-Qaeda",
 *   "WordPress.com", "1.5", "1,000"; numbers are words of digits.
 * - An abbreviation is a word with its final period, as sentence_split
 *   reads it in the language: "U.N.", "V.", "Mr.", "e.g.", "14." before
 *   "Mai" in German; a hyphenated word may follow the period: "U.N.-led"
 *   is one token.
 * - Every other character is a token of its own (with any combining marks
 *   after it), but a run of periods ("...") or of hyphens ("--") is one.
 * Invalid UTF-8 bytes are one-byte symbol tokens. Returns 0 or what fn
 * returned. */
int sentence_tokens(const char *text, size_t from, size_t to, const sentence_opts *o,
                    sentence_fn fn, void *ud);

/* Blocks of plain text inside text[from, to): runs of non-blank lines (a
 * blank line holds only spaces, tabs, \r, \f, \v), each from the start of
 * its first line to the end of its last one, newline excluded; the same
 * paragraphs as a text document's <p> elements. Returns 0 or what fn
 * returned. */
int sentence_blocks(const char *text, size_t from, size_t to, sentence_fn fn,
                    void *ud);

#endif
