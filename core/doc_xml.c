/* XML loading: libxml2's XML parser with the SAX text layer (sax_text.c),
 * the entity policy (xml_entity.c) and the error wording (parse_error.c)
 * hooked in. */
#include "doc_xml.h"

#include <string.h>

#include <libxml/parser.h>

#include "parse_error.h"
#include "sax_text.h"
#include "xml_entity.h"

int doc_xml_parse(document *d, const char *data, size_t len, buf *err, buf *warn) {
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    buf_printf(err, "%s: out of memory", d->shown);
    return -1;
  }
  parse_state ps;
  memset(&ps, 0, sizeof ps);
  ctxt->_private = &ps;
  ps.main = ctxt;
  sax_text_hook(ctxt, &ps);
  xml_entity_hook(ctxt, &ps);
  parse_error_hook(ctxt);
  ps.name = d->shown;
  ps.ent.expand_limit = len > XML_ENTITY_EXPAND_MIN ? len : XML_ENTITY_EXPAND_MIN;
  /* NOENT substitutes internal entities (within expand_limit, and libxml2's
   * amplification limits apply); external ones reach xml_entity_refuse. */
  int opts = XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_NOWARNING;
  if (len == 0) {
    buf_printf(err, "%s:1: the file is empty, and an XML document needs a root element", d->shown);
    xmlFreeParserCtxt(ctxt);
    return -1;
  }
  parse_error_saved saved = parse_error_route(&ps);
  d->xml = xmlCtxtReadMemory(ctxt, data, (int)len, d->name, NULL, opts);
  parse_error_restore(saved);
  if (!d->xml || !ctxt->wellFormed || ps.ent.stopped) {
    xml_entity_pass_warnings(&ps, d->shown, err);
    parse_error_format(err, d->shown, &ps);
    xmlFreeParserCtxt(ctxt);
    text_pos_free(&ps.text.pos);
    return -1;
  }
  xmlFreeParserCtxt(ctxt);
  xml_entity_pass_warnings(&ps, d->shown, warn);
  d->root = xmlDocGetRootElement(d->xml);
  int rc = ps.oom ? -1 : text_build(&d->view, d->root, TEXT_XML, &ps.text.pos);
  text_pos_free(&ps.text.pos);
  if (rc) {
    buf_printf(err, "%s: out of memory", d->shown);
    return -1;
  }
  return 0;
}

