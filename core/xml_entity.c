/* What XML loading refuses: external entities and DTDs are never read
 * (on_get_entity and on_get_parameter_entity answer for them,
 * xml_entity_refuse backs them up), and entity references may add only so
 * much. What that costs the document is said on stderr: a refused entity is
 * a warning (the document loads without its text), a stopped expansion an
 * error. */
#include "xml_entity.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

int xml_entity_line(const parse_state *ps, xmlParserCtxtPtr ctxt, int line) {
  if (ps->main && ctxt != ps->main && ps->main->input) line = ps->main->input->line;
  return line > 0 ? line : 1;
}

/* One warning per entity (a document may reference one thousands of times),
 * and at most WARN_MAX per document; key names what is warned about. */
enum { WARN_MAX = 10 };

__attribute__((format(printf, 4, 5)))
static void warn_once(parse_state *ps, int line, const char *key, const char *fmt, ...) {
  buf k = BUF_INIT;
  if (buf_printf(&k, "\n%s\n", key)) {
    ps->oom = 1;
    return;
  }
  int seen = ps->ent.warned.s && strstr(ps->ent.warned.s, k.s);
  if (!seen && buf_add(&ps->ent.warned, k.s + (ps->ent.warned.len ? 1 : 0), k.len - (ps->ent.warned.len ? 1 : 0)))
    ps->oom = 1;
  buf_free(&k);
  if (seen) return;
  if (ps->ent.nwarnings == WARN_MAX) {
    ps->ent.unlisted++;
    return;
  }
  ps->ent.nwarnings++;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (buf_printf(&ps->ent.warnings, "%s:%d: warning: %s\n", ps->name, line, msg)) ps->oom = 1;
}

/* An external entity (ent) or resource (url) glossa did not read. */
static void warn_refused(parse_state *ps, int line, xmlEntityPtr ent, const char *url) {
  const char *where = ent && ent->SystemID ? (const char *)ent->SystemID : url ? url : "?";
  char key[300];
  if (ent && ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY) {
    snprintf(key, sizeof key, "&%s", (const char *)ent->name);
    warn_once(ps, line, key,
              "external entity \"%s\" (%s) not loaded: glossa never reads files or URLs "
              "a document names, so the reference is left out of the text",
              (const char *)ent->name, where);
  } else if (ent && ent->etype == XML_EXTERNAL_PARAMETER_ENTITY) {
    snprintf(key, sizeof key, "%%%s", (const char *)ent->name);
    warn_once(ps, line, key,
              "external parameter entity \"%%%s\" (%s) not loaded: glossa never reads files "
              "or URLs a document names, so the declarations in it are missing",
              (const char *)ent->name, where);
  } else {
    snprintf(key, sizeof key, "<%s", where);
    warn_once(ps, line, key,
              "%s not loaded: glossa never reads files or URLs a document names", where);
  }
}

/* The loader libxml2 calls for every external resource: nothing is opened.
 * External entities do not get here (the wrappers below answer for them
 * before libxml2 would look the file up); this is the backstop. */
xmlParserInputPtr xml_entity_refuse(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
  (void)id;
  parse_state *ps = ctxt ? ctxt->_private : NULL; /* glossa makes every parser (doc_html.c, doc_xml.c) */
  if (ps && ps->name)
    warn_refused(ps, xml_entity_line(ps, ctxt, ctxt->input ? ctxt->input->line : 0), NULL, url);
  return NULL;
}

/* A reference to an entity the document does not declare is only a warning
 * in libxml2 when an external DTD or parameter entity (which glossa does
 * not read) might have declared it; the reference is left out. */
void xml_entity_undeclared(xmlParserCtxtPtr ctxt, parse_state *ps, xmlErrorPtr err) {
  const char *name = err->str1 ? err->str1 : "?";
  int pe = err->message && !strncmp(err->message, "PEReference", 11);
  char key[300];
  snprintf(key, sizeof key, "?%s%s", pe ? "%" : "", name);
  xmlDtdPtr dtd = ctxt->myDoc ? ctxt->myDoc->intSubset : NULL;
  const char *ext = dtd && dtd->SystemID ? (const char *)dtd->SystemID
                    : dtd && dtd->ExternalID ? (const char *)dtd->ExternalID : NULL;
  int line = xml_entity_line(ps, ctxt, err->line);
  if (pe)
    warn_once(ps, line, key,
              "parameter entity \"%%%s\" is not declared in the document, so it is left out%s%s%s",
              name, ext ? ": glossa never reads the external DTD (" : "", ext ? ext : "",
              ext ? ") that may declare it" : "");
  else if (ext)
    warn_once(ps, line, key,
              "entity \"%s\" is not declared in the document, so it is left out: glossa never "
              "reads the external DTD (%s) that may declare it (declare it in the document, or "
              "use a character reference)",
              name, ext);
  else
    warn_once(ps, line, key,
              "entity \"%s\" is not declared in the document, so it is left out: it may be "
              "declared in an external parameter entity, which glossa never reads",
              name);
}

/* What a reference to ent adds: its replacement's text and nodes once
 * libxml2 has parsed it (a node costs what its struct does: entities full
 * of empty elements amplify too), else its value (whose own references are
 * counted as they are expanded). */
static size_t expansion_size(xmlEntityPtr ent) {
  if (!ent->children) return ent->length > 0 ? (size_t)ent->length : 0;
  size_t n = 0;
  int depth = 0;
  for (xmlNodePtr c = ent->children; c;) {
    n += sizeof *c;
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      n += strlen((const char *)c->content);
    if (c->type == XML_ELEMENT_NODE && c->children) {
      c = c->children;
      depth++;
      continue;
    }
    while (!c->next && depth > 0) {
      c = c->parent;
      depth--;
    }
    c = c->next;
  }
  return n;
}

static void stop_expansion(xmlParserCtxtPtr ctxt, parse_state *ps) {
  ps->ent.stopped = 1;
  snprintf(ps->err.msg, sizeof ps->err.msg,
           "entity expansion too large: the entity references add more than %zu MB to the "
           "document (glossa's limit: %zu MB, or the file's size if larger)",
           ps->ent.expand_limit >> 20, XML_ENTITY_EXPAND_MIN >> 20);
  ps->err.line = xml_entity_line(ps, ctxt, ctxt->input ? ctxt->input->line : 0);
  /* stop the entity's context and the document's: both go on otherwise */
  ctxt->wellFormed = 0;
  xmlStopParser(ctxt);
  if (ps->main && ps->main != ctxt) {
    ps->main->wellFormed = 0;
    xmlStopParser(ps->main);
  }
}

/* libxml2 asks for each entity reference (also while reading the DTD and
 * attribute values). References in content and attributes are counted
 * against expand_limit. A text-only entity referenced in content is handed
 * back as a predefined entity, whose text libxml2 passes to the characters
 * callback: otherwise it copies the text and appends it to the text node,
 * re-measuring the whole node each time, which makes many references in
 * one paragraph quadratic. */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  if (ps->ent.stopped) return NULL;
  xmlEntityPtr ent = ps->ent.get_entity(ctx, name);
  int content = ctxt->instate == XML_PARSER_CONTENT;
  if (!ent || (!content && ctxt->instate != XML_PARSER_ATTRIBUTE_VALUE)) return ent;
  int d = ctxt->depth < 0 ? 0 : ctxt->depth > 63 ? 63 : ctxt->depth;
  for (int i = d + 1; i <= ps->ent.chain_top; i++) ps->ent.chain[i] = NULL;
  ps->ent.chain[d] = ent;
  ps->ent.chain_top = d;
  if (ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY && content) {
    /* Answered here: on the way to the loader libxml2 would stat the file
     * (an automounter may go to the network for that). A predefined entity
     * without content makes the reference nothing. */
    warn_refused(ps, xml_entity_line(ps, ctxt, ctxt->input ? ctxt->input->line : 0), ent, NULL);
    memset(&ps->ent.text_entity, 0, sizeof ps->ent.text_entity);
    ps->ent.text_entity.type = XML_ENTITY_DECL;
    ps->ent.text_entity.etype = XML_INTERNAL_PREDEFINED_ENTITY;
    ps->ent.text_entity.name = ent->name;
    return &ps->ent.text_entity;
  }
  if (ent->etype != XML_INTERNAL_GENERAL_ENTITY) return ent;
  xmlNodePtr t = ent->children;
  int text_only = content && t && t == ent->last && t->type == XML_TEXT_NODE && t->content;
  /* text-only: its text is appended to the text node there, no node added */
  size_t n = text_only ? strlen((const char *)t->content) : expansion_size(ent);
  ps->ent.expanded = n > SIZE_MAX - ps->ent.expanded ? SIZE_MAX : ps->ent.expanded + n;
  if (ps->ent.expanded > ps->ent.expand_limit) {
    stop_expansion(ctxt, ps);
    return NULL;
  }
  if (text_only) {
    memset(&ps->ent.text_entity, 0, sizeof ps->ent.text_entity);
    ps->ent.text_entity.type = XML_ENTITY_DECL;
    ps->ent.text_entity.etype = XML_INTERNAL_PREDEFINED_ENTITY;
    ps->ent.text_entity.name = ent->name;
    ps->ent.text_entity.content = t->content;
    ps->ent.text_entity.length = (int)n;
    return &ps->ent.text_entity;
  }
  /* libxml2 adds this one's nodes itself, past what wrapped has seen */
  if (content) ps->text.last_text = NULL;
  return ent;
}

/* An external parameter entity is answered as an empty internal one, for
 * the same reason. */
static xmlEntityPtr on_get_parameter_entity(void *ctx, const xmlChar *name) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt->_private;
  xmlEntityPtr ent = ps->ent.get_parameter_entity(ctx, name);
  if (!ent || ent->etype != XML_EXTERNAL_PARAMETER_ENTITY) return ent;
  warn_refused(ps, xml_entity_line(ps, ctxt, ctxt->input ? ctxt->input->line : 0), ent, NULL);
  memset(&ps->ent.param_entity, 0, sizeof ps->ent.param_entity);
  ps->ent.param_entity.type = XML_ENTITY_DECL;
  ps->ent.param_entity.etype = XML_INTERNAL_PARAMETER_ENTITY;
  ps->ent.param_entity.name = ent->name;
  ps->ent.param_entity.content = BAD_CAST "";
  return &ps->ent.param_entity;
}

/* libxml2 says "Detected an entity reference loop" both for a loop and for
 * its amplification limit (billion laughs); tell them apart by the chain of
 * entities being expanded. */
void xml_entity_loop_message(const parse_state *ps, xmlParserCtxtPtr ctxt, char *out,
                                size_t outsz) {
  int top = ps->ent.chain_top < ctxt->depth ? ps->ent.chain_top : ctxt->depth;
  for (int i = 0; i <= top; i++)
    for (int j = i + 1; ps->ent.chain[i] && j <= top; j++)
      if (ps->ent.chain[j] == ps->ent.chain[i]) {
        const xmlChar *via = NULL;
        for (int k = i + 1; k < j && !via; k++)
          if (ps->ent.chain[k] && ps->ent.chain[k] != ps->ent.chain[i]) via = ps->ent.chain[k]->name;
        snprintf(out, outsz, "entity reference loop: entity \"%s\" refers to itself%s%s%s",
                 (const char *)ps->ent.chain[i]->name, via ? " through \"" : "",
                 via ? (const char *)via : "", via ? "\"" : "");
        return;
      }
  if (ctxt->depth >= 40)
    snprintf(out, outsz, "entity references nested too deep (libxml2's limit)");
  else
    snprintf(out, outsz,
             "entity expansion too large: the entities expand to far more text than the "
             "file holds (libxml2's limit on entity amplification)");
}

void xml_entity_hook(xmlParserCtxtPtr ctxt, parse_state *ps) {
  ps->ent.get_entity = ctxt->sax->getEntity ? ctxt->sax->getEntity : xmlSAX2GetEntity;
  ps->ent.get_parameter_entity = ctxt->sax->getParameterEntity ? ctxt->sax->getParameterEntity
                                                               : xmlSAX2GetParameterEntity;
  ctxt->sax->getEntity = on_get_entity;
  ctxt->sax->getParameterEntity = on_get_parameter_entity;
}

/* Hands the warnings of a parse on: into warn when the document loads, else
 * ahead of the error in err. */
void xml_entity_pass_warnings(parse_state *ps, const char *name, buf *warn) {
  if (ps->ent.unlisted)
    buf_printf(&ps->ent.warnings, "%s: warning: %zu more entities not loaded or not declared (not listed)\n",
               name, ps->ent.unlisted);
  if (ps->ent.warnings.len && buf_add(warn, ps->ent.warnings.s, ps->ent.warnings.len)) ps->oom = 1;
  buf_free(&ps->ent.warnings);
  buf_free(&ps->ent.warned);
}

