/* The entity policy of XML loading: external entities and DTDs are never
 * read, entity references may add only so much, and what that costs the
 * document is said. The state is the parse's (parse.h), owned by the
 * loader; the warnings in it are handed on with xml_entity_pass_warnings. */
#ifndef GLOSSA_XML_ENTITY_H
#define GLOSSA_XML_ENTITY_H

#include "parse.h"

/* Entity references may add at most this much to a document, or as much as
 * the file itself holds if that is more. Below libxml2's 10 MB limit on a
 * text node, so that text from entities meets this limit first. */
#define XML_ENTITY_EXPAND_MIN ((size_t)8 << 20)

/* Wraps ctxt's entity lookups; call after ctxt->_private points to ps. */
void xml_entity_hook(xmlParserCtxtPtr ctxt, parse_state *ps);

/* libxml2's external entity loader for the whole process: opens nothing. */
xmlParserInputPtr xml_entity_refuse(const char *url, const char *id, xmlParserCtxtPtr ctxt);

/* The line an error at line of ctxt is on in the file: inside an entity's
 * value, the line of the reference being expanded. */
int xml_entity_line(const parse_state *ps, xmlParserCtxtPtr ctxt, int line);

/* The warning for a reference to an undeclared entity (err). */
void xml_entity_undeclared(xmlParserCtxtPtr ctxt, parse_state *ps, xmlErrorPtr err);

/* libxml2's "entity reference loop", told apart: a loop, too deep, or too
 * large; the message into out. */
void xml_entity_loop_message(const parse_state *ps, xmlParserCtxtPtr ctxt, char *out,
                             size_t outsz);

/* Hands the parse's warnings on into warn (and frees them in ps). */
void xml_entity_pass_warnings(parse_state *ps, const char *name, buf *warn);

#endif
