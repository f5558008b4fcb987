/* Plain text as a document: the tree <text><p>…</p>…</text> made in
 * d->xml (which the document owns and frees) and its view. */
#ifndef GLOSSA_DOC_TEXT_H
#define GLOSSA_DOC_TEXT_H

#include "doc.h"

/* Parses data[0..len) (UTF-8, or UTF-16 after its byte order mark) into d;
 * 0, or -1 with "NAME[:LINE]: what" in err. */
int doc_text_parse(document *d, const char *data, size_t len, buf *err);

/* The line (from 1) byte off of s is on. */
int doc_text_line(const char *s, size_t off);

#endif
