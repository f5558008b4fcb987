/* Language declarations: xml:lang wins over lang on the same element, as
 * in XHTML; the nearest declaring element decides. */
#include "doc_lang.h"

#include <string.h>

#include "lang.h"

/* The text of attribute a (one text child, as libxml2 builds it). */
static const char *attr_text(xmlAttrPtr a) {
  return a && a->children && a->children->type == XML_TEXT_NODE && a->children->content
             ? (const char *)a->children->content
             : a ? "" : NULL;
}

int doc_lang_at(xmlNodePtr n, char *out) {
  out[0] = '\0';
  for (; n; n = n->parent) {
    if (n->type != XML_ELEMENT_NODE) continue;
    const char *v = attr_text(xmlHasNsProp(n, BAD_CAST "lang", XML_XML_NAMESPACE));
    if (!v) {
      xmlAttrPtr a = xmlHasProp(n, BAD_CAST "lang");
      /* xmlHasProp also finds xml:lang; a plain lang has no namespace */
      if (a && !a->ns) v = attr_text(a);
    }
    if (!v) continue;
    lang_primary(v, out);
    return out[0] != '\0';
  }
  return 0;
}
