/* A parse's first error, worded for the user. */
#include "parse_error.h"

#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "xml_entity.h"

/* libxml2's messages for the mistakes people make most in XML, worded for
 * them, with what to do: the message is kept, the hint follows. */
static const struct {
  const char *prefix, *hint;
} hints[] = {
    {"xmlParseEntityRef: no name",
     "a '&' that starts no entity: in XML write it as &amp; (or read the file as HTML: -t html)"},
    {"EntityRef: expecting ';'",
     "an entity reference without its ';': write &amp; for a lone '&', &name; for an entity "
     "(or read the file as HTML: -t html)"},
    {"Entity '", "XML knows only &amp; &lt; &gt; &quot; &apos; unless a DTD declares more: write "
                 "a character reference (&#160; for &nbsp;), or read the file as HTML: -t html"},
    {"StartTag: invalid element name",
     "a '<' that starts no tag: in XML text write it as &lt; (or read the file as HTML: -t html)"},
    {"Opening and ending tag mismatch",
     "XML closes elements in the order they were opened (<p><b>x</b></p>); HTML, which does "
     "not, reads with -t html"},
    {"Premature end of data in tag", "the file ends before this element is closed"},
    {"AttValue: \" or ' expected", "XML attribute values are quoted: a=\"1\" (HTML, which does not "
                                   "need it, reads with -t html)"},
    {"Extra content at the end of the document",
     "an XML document has one root element; this is more after it (HTML reads with -t html)"},
};

/* Writes libxml2's message msg into out, with its hint when one applies. */
static void explain(char *out, size_t size, const char *msg) {
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) n--;
  for (size_t i = 0; i < sizeof hints / sizeof *hints; i++)
    if (!strncmp(msg, hints[i].prefix, strlen(hints[i].prefix))) {
      snprintf(out, size, "%.*s: %s", (int)n, msg, hints[i].hint);
      return;
    }
  snprintf(out, size, "%.*s", (int)n, msg);
}

/* Keeps the first error: later ones are mostly consequences of it. */
static void on_error(void *ctx, xmlErrorPtr err) {
  xmlParserCtxtPtr ctxt = ctx;
  parse_state *ps = ctxt ? ctxt->_private : NULL;
  if (!ps || !err) return;
  if (err->code == XML_WAR_UNDECLARED_ENTITY && ps->name && !ctxt->html) {
    xml_entity_undeclared(ctxt, ps, err);
    return;
  }
  if (err->level < XML_ERR_ERROR || ps->err.msg[0]) return;
  if (err->code == XML_ERR_ENTITY_LOOP && !ctxt->html)
    xml_entity_loop_message(ps, ctxt, ps->err.msg, sizeof ps->err.msg);
  else if (err->code == XML_ERR_INTERNAL_ERROR && err->message &&
           !strncmp(err->message, "Excessive depth in document", 27))
    /* libxml2's hint names a parser option glossa does not offer: lifting
     * the limit would also lift libxml2's guards on entity expansion, and
     * it copies entity content recursively */
    snprintf(ps->err.msg, sizeof ps->err.msg,
             "elements nested more than %u deep: libxml2 reads XML only to that depth, "
             "so glossa cannot load this document",
             xmlParserMaxDepth);
  else if (err->code == XML_ERR_UNSUPPORTED_ENCODING && err->str1)
    snprintf(ps->err.msg, sizeof ps->err.msg,
             "the document declares the encoding %s, which iconv cannot decode: convert the "
             "file to UTF-8, or correct its encoding declaration",
             err->str1);
  else if (err->code == XML_ERR_NO_MEMORY && err->message && strstr(err->message, "huge text node"))
    /* not out of memory: libxml2's limit (XML_MAX_TEXT_LENGTH) */
    snprintf(ps->err.msg, sizeof ps->err.msg,
             "text too long: over 10 MB of text without markup in one place (libxml2's limit)");
  else
    explain(ps->err.msg, sizeof ps->err.msg, err->message ? err->message : "parse error");
  size_t n = strlen(ps->err.msg);
  while (n && (ps->err.msg[n - 1] == '\n' || ps->err.msg[n - 1] == ' ')) ps->err.msg[--n] = '\0';
  ps->err.line = xml_entity_line(ps, ctxt, err->line);
  /* inside an entity's text the column is the entity's, not the file's */
  ps->err.col = ctxt == ps->main && err->domain == XML_FROM_PARSER && err->int2 > 0 ? err->int2 : 0;
}

/* What reaches the thread's handler during a parse (no parser context
 * with it): kept as the first error, if it is one, worded for the user. */
static void on_loose_error(void *ctx, xmlErrorPtr err) {
  parse_state *ps = ctx;
  if (!err || err->level < XML_ERR_ERROR || ps->err.msg[0]) return;
  xmlParserCtxtPtr main = ps->main;
  const char *msg = err->message ? err->message : "parse error";
  const char *bytes = strstr(msg, "bytes ");
  const char *enc = main && main->input && main->input->encoding ? (const char *)main->input->encoding
                    : main && main->encoding                    ? (const char *)main->encoding
                                                                : NULL;
  if (err->domain == XML_FROM_I18N && bytes)
    snprintf(ps->err.msg, sizeof ps->err.msg,
             "the text does not decode as %s%s (%.*s cannot be read): convert the file to "
             "UTF-8, or correct its encoding declaration",
             enc ? enc : "the encoding it declares", enc ? ", the encoding it declares" : "",
             (int)strcspn(bytes, "\n"), bytes);
  else
    snprintf(ps->err.msg, sizeof ps->err.msg, "%s", msg);
  size_t n = strlen(ps->err.msg);
  while (n && (ps->err.msg[n - 1] == '\n' || ps->err.msg[n - 1] == ' ')) ps->err.msg[--n] = '\0';
  ps->err.line = main && main->input && main->input->line > 0 ? main->input->line : 1;
}

parse_error_saved parse_error_route(parse_state *ps) {
  parse_error_saved saved = {xmlStructuredError, xmlStructuredErrorContext};
  xmlSetStructuredErrorFunc(ps, on_loose_error);
  return saved;
}

void parse_error_restore(parse_error_saved saved) { xmlSetStructuredErrorFunc(saved.ctx, saved.fn); }

void parse_error_hook(xmlParserCtxtPtr ctxt) {
  ctxt->sax->serror = on_error;
  ctxt->sax->warning = NULL;
  ctxt->sax->error = NULL;
}

void parse_error_format(buf *err, const char *name, const parse_state *ps) {
  if (ps->err.msg[0] && ps->err.col)
    buf_printf(err, "%s:%d:%d: %s", name, ps->err.line, ps->err.col, ps->err.msg);
  else if (ps->err.msg[0]) buf_printf(err, "%s:%d: %s", name, ps->err.line, ps->err.msg);
  else buf_printf(err, "%s: not well-formed XML", name);
}

