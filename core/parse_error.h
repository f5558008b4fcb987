/* The first error of a libxml2 parse, kept in the parse's state (parse.h)
 * and worded for the user: libxml2's message with what to do, the file's
 * line (and column), messages libxml2 sends to no parser caught too. */
#ifndef GLOSSA_PARSE_ERROR_H
#define GLOSSA_PARSE_ERROR_H

#include <libxml/xmlerror.h>

#include "buf.h"
#include "parse.h"

/* Takes ctxt's errors (and silences its warnings); call after
 * ctxt->_private points to ps. */
void parse_error_hook(xmlParserCtxtPtr ctxt);

/* The thread's libxml2 handler routed to ps while it parses, and back. */
typedef struct parse_error_saved {
  xmlStructuredErrorFunc fn;
  void *ctx;
} parse_error_saved;
parse_error_saved parse_error_route(parse_state *ps);
void parse_error_restore(parse_error_saved saved);

/* "NAME:LINE:COL: what" (or "NAME:LINE: what") into err. */
void parse_error_format(buf *err, const char *name, const parse_state *ps);

#endif
