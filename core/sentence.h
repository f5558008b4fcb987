/* Rule-based sentence, token and plain-text block splitting over caller-owned
 * UTF-8 text; nothing is allocated, results go to a callback as byte ranges. */
#ifndef GLOSSA_SENTENCE_H
#define GLOSSA_SENTENCE_H

#include <stddef.h>

/* Receives bytes [start, end) of text; a non-zero return stops the split and
 * is returned by it. */
typedef int (*sentence_fn)(void *ud, size_t start, size_t end);

/* Sentences inside text[from, to), one block (paragraph) of the text view;
 * the range must not cross a block boundary. Each sentence starts and ends
 * on a token, so it never has leading or trailing white space (U+00A0
 * included). A sentence ends after . ! ? … (or a run of them, plus the
 * closing quotes and brackets right after) when white space and then
 * something that can start a sentence follow (not a lowercase letter, nor
 * , ; : - – — and the like), and at the end of the range. Not after an
 * abbreviation: a known one (Mr. Dr. Gen. etc. e.g. Inc. Jan. …, No. before
 * a number), a dotted one of single letters (U.N. e.g. a.m.), an initial
 * (one capital letter but I: "Donald J. Trump"); not after the number of a
 * list item ("1. Wow."); not before a short parenthetical note that ends the
 * range ("… programs. (link)"). A quotation of several sentences is split
 * like any text: the opening quote begins its first sentence, the closing
 * one ends its last. A single newline is white space like any other. After
 * 。！？ no white space is needed. Returns 0 or what fn returned. */
int sentence_split(const char *text, size_t from, size_t to, sentence_fn fn,
                   void *ud);

/* Tokens inside text[from, to), in order; white space is never a token.
 * - A word is a run of letters, digits and combining marks, joined across
 *   an apostrophe (' ’), a hyphen (- ‐ ‑) or a period with a letter or digit
 *   on both sides, and a comma between digits: "We’re", "al-Qaeda",
 *   "WordPress.com", "1.5", "1,000"; numbers are words of digits.
 * - An abbreviation is a word with its final period, for the abbreviations
 *   that sentence_split does not end at: "U.N.", "V.", "Mr.", "e.g."; a
 *   hyphenated word may follow the period: "U.N.-led" is one token.
 * - Every other character is a token of its own (with any combining marks
 *   after it), but a run of periods ("...") or of hyphens ("--") is one.
 * Invalid UTF-8 bytes are one-byte symbol tokens. Returns 0 or what fn
 * returned. */
int sentence_tokens(const char *text, size_t from, size_t to, sentence_fn fn,
                    void *ud);

/* Blocks of plain text inside text[from, to): runs of non-blank lines (a
 * blank line holds only spaces, tabs, \r, \f, \v), each from the start of
 * its first line to the end of its last one, newline excluded; the same
 * paragraphs as a text document's <p> elements. Returns 0 or what fn
 * returned. */
int sentence_blocks(const char *text, size_t from, size_t to, sentence_fn fn,
                    void *ud);

#endif
