/* The language a document's text is in, as its markup declares it (HTML
 * lang, xml:lang): read from the tree without allocating; the caller owns
 * the small buffers it fills. */
#ifndef GLOSSA_DOC_LANG_H
#define GLOSSA_DOC_LANG_H

#include <libxml/tree.h>

/* The primary subtag (lower case, at most 7 letters) of the language the
 * nearest element at or above n declares, with xml:lang or (HTML and
 * XHTML) lang, into out[8]; "" when none does, or the declaration is empty
 * (which undeclares it, as in XML). Returns whether one was found. */
int doc_lang_at(xmlNodePtr n, char *out);

#endif
