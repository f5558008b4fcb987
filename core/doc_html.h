/* HTML as a document: parsed by libxml2 into d->xml (which the document
 * owns and frees), read as a browser reads it, and its view. */
#ifndef GLOSSA_DOC_HTML_H
#define GLOSSA_DOC_HTML_H

#include "doc.h"

/* Parses data[0..len) into d; 0, or -1 with "NAME[:LINE]: what" in err
 * (a binary file is refused). What is no error but worth saying goes to
 * warn as "NAME:LINE: warning: ..." lines. */
int doc_html_parse(document *d, char *data, size_t len, buf *err, buf *warn);

#endif
