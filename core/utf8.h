/* UTF-8 decoding and counting over caller-owned byte strings. */
#ifndef GLOSSA_UTF8_H
#define GLOSSA_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[0..n); returns its length in bytes (1..4), or 0
 * when the bytes there are not valid UTF-8 (overlongs, surrogates and
 * code points above U+10FFFF are invalid). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* The length (1..3; 4 for a valid sequence) of the ill-formed sequence at s[0..n) (n > 0, and
 * utf8_decode gives 0 there): its maximal subpart, a lead byte and the
 * continuation bytes that could still have completed it, which WHATWG's
 * decoder (and Unicode's recommended practice) turns into one U+FFFD. */
size_t utf8_bad_len(const char *s, size_t n);

/* Returns 1 when s[0..n) is valid UTF-8; otherwise 0 and the byte offset of
 * the first invalid sequence in *bad. */
int utf8_valid(const char *s, size_t n, size_t *bad);

/* Number of code points in s[0..n) (counts lead bytes; s must be valid). */
size_t utf8_count(const char *s, size_t n);

/* Number of UTF-16 code units in s[0..n). */
size_t utf8_count16(const char *s, size_t n);

/* True when offset off of s[0..n) is not inside a multi-byte sequence. */
int utf8_boundary(const char *s, size_t n, size_t off);

/* The offset k code points before off in s (stops at 0), and k code points
 * after off in s[0..len) (stops at len). */
size_t utf8_back(const char *s, size_t off, size_t k);
size_t utf8_fwd(const char *s, size_t len, size_t off, size_t k);

/* Appends the UTF-8 encoding of cp to out (4 bytes room); returns its length. */
size_t utf8_encode(uint32_t cp, char *out);

#endif
