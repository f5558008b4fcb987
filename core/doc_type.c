/* Type sniffing: a known extension decides, else the first bytes do (a
 * doctype or <html> is HTML, <?xml XML, other markup HTML when common HTML
 * elements start early, anything else text). */
#include "doc_type.h"

#include <string.h>
#include <strings.h>

const char *doc_type_name(doc_type t) {
  switch (t) {
  case DOC_TEXT: return "text";
  case DOC_HTML: return "html";
  case DOC_XML: return "xml";
  default: return "auto";
  }
}

doc_type doc_type_parse(const char *s) {
  if (!strcmp(s, "text") || !strcmp(s, "txt")) return DOC_TEXT;
  if (!strcmp(s, "html") || !strcmp(s, "htm")) return DOC_HTML;
  if (!strcmp(s, "xml")) return DOC_XML;
  return DOC_AUTO;
}

static doc_type by_extension(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  if (!dot) return DOC_AUTO;
  static const struct { const char *ext; doc_type t; } map[] = {
      {".txt", DOC_TEXT},  {".text", DOC_TEXT},    {".md", DOC_TEXT},
      {".rst", DOC_TEXT},  {".html", DOC_HTML},    {".htm", DOC_HTML},
      {".xml", DOC_XML},   {".xhtml", DOC_XML},    {".tei", DOC_XML},
      {".page", DOC_XML},  {".docbook", DOC_XML},  {".dbk", DOC_XML},
      {".svg", DOC_XML},   {".rss", DOC_XML},      {".atom", DOC_XML},
  };
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (!strcasecmp(dot, map[i].ext)) return map[i].t;
  return DOC_AUTO;
}

static int starts_ci(const char *p, const char *end, const char *word) {
  size_t n = strlen(word);
  return (size_t)(end - p) >= n && !strncasecmp(p, word, n);
}

static doc_type by_content(const char *data, size_t len) {
  const char *p = data, *end = data + len;
  if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
  if (p == end || *p != '<') return DOC_TEXT;
  if (starts_ci(p, end, "<!doctype html") || starts_ci(p, end, "<html"))
    return DOC_HTML;
  if (starts_ci(p, end, "<?xml")) return DOC_XML;
  /* A fragment: HTML if it names common HTML elements early on. */
  size_t look = (size_t)(end - p) < 2048 ? (size_t)(end - p) : 2048;
  static const char *const tags[] = {"<head", "<body", "<p>", "<div", "<br",
                                     "<a href", "<span", "<table", NULL};
  for (const char *const *t = tags; *t; t++)
    for (const char *q = p; q + strlen(*t) <= p + look; q++)
      if (starts_ci(q, p + look, *t)) return DOC_HTML;
  return DOC_XML;
}

doc_type doc_type_sniff(const char *path, const char *data, size_t len) {
  doc_type t = strcmp(path, "-") ? by_extension(path) : DOC_AUTO;
  return t != DOC_AUTO ? t : by_content(data, len);
}
