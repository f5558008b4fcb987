/* An HTML file's bytes as a browser's input stream hands them to its
 * parser: decoded to UTF-8 as the WHATWG Encoding standard says, newlines
 * normalised, NUL bytes as the tokenizer and tree builder treat them. The
 * caller owns the bytes and the output buffer. */
#ifndef GLOSSA_HTMLSTREAM_H
#define GLOSSA_HTMLSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* windows-1252's 0x80-0x9F as WHATWG maps them (the five it leaves
 * undefined are the C1 controls): browsers also map numeric references to
 * C1 controls (&#150;) through it. */
extern const unsigned short htmlstream_c1[32];

typedef struct htmlstream {
  const char *encoding; /* the WHATWG name of the encoding it was read in */
  size_t bad;           /* byte sequences the encoding cannot decode (each U+FFFD) */
  size_t nuls;          /* NUL bytes */
  unsigned long nul_line; /* the line of the first NUL, 1-based */
  size_t *drops;        /* where bytes to leave out of the text are, sorted: NULs
                           (as spaces) and the "<![CDATA[" and "]]>" of CDATA
                           sections in SVG and MathML (as spaces) */
  size_t ndrops, dropcap;
  size_t nul_drops;     /* how many of them are NULs */
  /* where a '<' or '&' of raw text stands as HTMLSTREAM_HELD, sorted, and
   * which it was: the parser's caller gives the text them back */
  size_t *held;
  char *held_c;
  size_t nheld, heldcap, heldccap;
} htmlstream;

/* What stands for a '<' or '&' (or a control) that a browser reads as text where libxml2
 * would read markup or a reference (raw text: <xmp>, <iframe>, <noembed>,
 * <noframes>, <plaintext>; and the '<' of <title> and <textarea>): one
 * byte, so that columns and lengths hold, that libxml2 reads as text. */
#define HTMLSTREAM_HELD 'x'

/* Prepares data[0..*len) (left as it is) for libxml2's HTML parser:
 * returns the UTF-8 text to parse, data itself or out's, with its length
 * in *len; NULL when out of memory. Every source character is one code
 * point of the result, on the same line, so columns counted in the result
 * are the source's:
 * - the encoding: a byte order mark, else the first <meta> charset (either
 *   form) with a WHATWG label in the first 1024 bytes, else an XML
 *   declaration of UTF-8, else UTF-8 when the bytes are valid UTF-8 and
 *   windows-1252 otherwise; what the encoding cannot decode is U+FFFD;
 * - CRLF and lone CR become LF;
 * - a NUL becomes U+FFFD where the WHATWG tokenizer or tree builder makes
 *   it one (in tags, attributes, comments, doctypes, raw text, SVG and
 *   MathML), else (text in HTML, where browsers drop it) a space, whose
 *   offset in the result is in hs->drops, for the parser's caller to leave
 *   out of the text;
 * - raw text as a browser's tokenizer reads it: the '<' and '&' in it that
 *   libxml2 would take for markup are HTMLSTREAM_HELD, at hs->held;
 * - a CDATA section in SVG or MathML is its text: "<![CDATA[" and "]]>"
 *   are spaces in hs->drops, the '<' and '&' between them held;
 * - a control character in text (VT, FF, 0x01 …: libxml2 drops them, a
 *   browser keeps them) is held too. */
const char *htmlstream_prepare(const char *data, size_t *len, buf *out, htmlstream *hs);

/* The WHATWG name of the encoding htmlstream_prepare reads data[0..len)
 * in (before it falls back to windows-1252 for an encoding iconv lacks). */
const char *htmlstream_encoding(const char *data, size_t len);

/* True when s[0..n) is a WHATWG encoding label (one a browser knows). */
int htmlstream_is_label(const char *s, size_t n);

/* Frees hs->drops and hs->held. */
void htmlstream_free(htmlstream *hs);

#endif
