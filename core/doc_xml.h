/* XML as a document: parsed by libxml2 into d->xml (which the document
 * owns and frees) under glossa's entity policy, and its view. */
#ifndef GLOSSA_DOC_XML_H
#define GLOSSA_DOC_XML_H

#include "doc.h"

/* Parses data[0..len) into d; 0, or -1 with "NAME:LINE[:COL]: what" in err
 * (and the warnings before it). Warnings of a document that loads (an
 * entity refused) go to warn as "NAME:LINE: warning: ..." lines. */
int doc_xml_parse(document *d, const char *data, size_t len, buf *err, buf *warn);

#endif
