/* The output formats. Each writer appends one document's annotations to a
 * caller-owned buf, in output order (by start, then end, then creation). */
#ifndef GLOSSA_OUTPUT_H
#define GLOSSA_OUTPUT_H

#include "buf.h"
#include "doc.h"

/* Units of the offsets jsonl and brat write (--offsets). */
typedef enum out_units { OUT_CODEPOINTS, OUT_BYTES, OUT_UTF16 } out_units;

typedef struct out_opts {
  const char *base_uri; /* --base-uri: ids and sources are made from it; NULL:
                           the input's file: URI */
  const char *created;  /* --created: an xsd:dateTime for "created", or NULL */
  out_units units;      /* --offsets */
  int explain;          /* --explain: -f text tells who made each annotation */
} out_opts;

/* -f text: NAME:LINE:COL: LABEL: "QUOTE" [k=v …] — NOTE, one per line;
 * with explain, "  (by SCRIPT:LINE via MATCHER)" after it. Whatever the
 * fields hold, an annotation is one line: controls, line separators and
 * bytes that are not UTF-8 are written as escapes (\n, \xHH, \uHHHH). */
int out_text(buf *b, const document *d, const out_opts *o);

/* -f jsonl: one JSON object per annotation and line (valid JSON whatever
 * the input: a name that is not UTF-8 has U+FFFD for its bad bytes). */
int out_jsonl(buf *b, const document *d, const out_opts *o);

/* -f json: one W3C Web Annotation AnnotationCollection for the whole run;
 * begin, then each document's items, then end (which writes the total). */
typedef struct out_json {
  size_t items;
} out_json;
int out_json_begin(buf *b, out_json *j, const out_opts *o);
int out_json_doc(buf *b, out_json *j, const document *d, const out_opts *o);
int out_json_end(buf *b, out_json *j, const out_opts *o);

/* -f html: a standalone page (CSS and JS inline) showing one document with
 * its annotations highlighted and their notes beside them. */
int out_html(buf *b, const document *d, const out_opts *o);

/* -f inline: the document itself with the annotations written into it
 * (HTML: <mark> elements; XML: elements in the glossa namespace; text: a
 * minimal HTML page). An HTML (or XHTML) page keeps its own markup, scripts
 * included, so a Content-Security-Policy first in its head stops them from
 * running, and anything from being fetched, when it is opened. */
int out_inline(buf *b, const document *d, const out_opts *o);

/* -f brat: NAME.txt (the text view) and NAME.ann (standoff) in dir, where
 * NAME is the input's base name with its extension (post.html.ann); each
 * file replaced only when complete. Returns 0, or -1 with "PATH: what" in
 * err. */
int out_brat(const document *d, const out_opts *o, const char *dir, buf *err);

#endif
