/* The layer over libxml2's SAX text callbacks: each text chunk is placed
 * in the source (line and column, for the view's positions), and the text
 * is made what a browser gives where libxml2 differs (C1 and legacy
 * references, dropped numeric references and NULs, <noscript>). The state
 * is the parse's (parse.h), owned by the loader. */
#ifndef GLOSSA_SAX_TEXT_H
#define GLOSSA_SAX_TEXT_H

#include "parse.h"

/* Wraps ctxt's character, CDATA (and, for HTML, element) callbacks; call
 * after ctxt->_private points to ps. */
void sax_text_hook(xmlParserCtxtPtr ctxt, parse_state *ps);

#endif
