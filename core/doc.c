/* A document: loaded, parsed by its type (doc_text.c, doc_html.c,
 * doc_xml.c), freed. */
#include "doc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "doc_html.h"
#include "doc_lang.h"
#include "doc_text.h"
#include "doc_xml.h"
#include "oneline.h"
#include "utf8.h"
#include "xml_entity.h"
#include "xmlmem.h"

static void quiet(void *ctx, const char *msg, ...) {
  (void)ctx, (void)msg; /* errors are read from the parser, not printed */
}

/* libxml2 reports some problems through no parser's handler but a
 * per-thread one, which prints to stderr naming no file: encoding errors
 * (an XML file that does not decode as it declares), I/O errors. During a
 * parse they go to the document's message (parse_error_route); elsewhere no
 * thread, workers included, prints them (the writers see to theirs). */
void doc_init(void) {
  xmlmem_install(); /* before libxml2 allocates anything */
  xmlInitParser();
  xmlSetExternalEntityLoader(xml_entity_refuse);
  xmlThrDefSetGenericErrorFunc(NULL, quiet); /* threads made from now on */
  xmlSetGenericErrorFunc(NULL, quiet);       /* this one */
}

/* Starts a message about the document at path with its name, on one line
 * (a file name can hold a line break). */
static void name_in(buf *err, const char *path) {
  const char *n = strcmp(path, "-") ? path : "<stdin>";
  oneline_add(err, n, strlen(n), 0);
}

/* libxml2 takes sizes as int. */
static int too_large(const char *path, size_t len, buf *err) {
  if (len <= INT32_MAX) return 0;
  name_in(err, path);
  buf_printf(err, ": %zu bytes is more than one document can hold (2 GiB)", len);
  return 1;
}

document *doc_parse(const char *path, const char *data, size_t len,
                    doc_type type, buf *err) {
  if (too_large(path, len, err)) return NULL;
  char *copy = malloc(len + 1);
  if (!copy) {
    name_in(err, path), buf_adds(err, ": out of memory");
    return NULL;
  }
  memcpy(copy, data, len);
  copy[len] = '\0';
  return doc_adopt(path, copy, len, type, err);
}

document *doc_adopt(const char *path, char *data, size_t len, doc_type type, buf *err) {
  if (too_large(path, len, err)) {
    free(data);
    return NULL;
  }
  document *d = calloc(1, sizeof *d);
  if (!d) {
    free(data);
    name_in(err, path), buf_adds(err, ": out of memory");
    return NULL;
  }
  annot_init(&d->annots);
  d->src = data;
  d->srclen = len;
  d->path = strdup(path);
  d->name = strdup(strcmp(path, "-") ? path : "<stdin>");
  d->shown = d->name ? oneline_dup(d->name) : NULL;
  if (!d->path || !d->name || !d->shown) {
    name_in(err, path), buf_adds(err, ": out of memory");
    doc_free(d);
    return NULL;
  }
  if (type == DOC_AUTO) type = doc_type_sniff(path, data, len);
  d->type = type;
  buf warn = BUF_INIT;
  d->mem = xmlmem_begin(len);
  int rc = type == DOC_TEXT   ? doc_text_parse(d, d->src, len, err)
           : type == DOC_HTML ? doc_html_parse(d, d->src, len, err, &warn)
                              : doc_xml_parse(d, d->src, len, err, &warn);
  xmlmem_end(d->mem);
  if (rc == 0 && !utf8_valid(d->view.s, d->view.len, NULL)) {
    buf_printf(err, "%s: the parser produced invalid UTF-8", d->shown);
    rc = -1;
  }
  if (rc == 0 && !doc_lang_at(d->root, d->lang)) strcpy(d->lang, "en");
  /* A warning is no failure, so it is not left in err (which callers read
   * only when loading fails): the document keeps it for the caller to print
   * in its place among the documents of a run. */
  if (rc == 0 && warn.len) d->warnings = buf_detach(&warn, NULL);
  buf_free(&warn);
  if (rc) {
    doc_free(d);
    return NULL;
  }
  return d;
}

static int read_all(FILE *f, size_t max, buf *out) {
  for (;;) {
    if (buf_reserve(out, 65536)) return -1;
    size_t n = fread(out->s + out->len, 1, out->cap - out->len - 1, f);
    out->len += n;
    out->s[out->len] = '\0';
    if (out->len > max) return -2;
    if (n == 0) return ferror(f) ? -3 : 0;
  }
}

document *doc_load(const char *path, doc_type type, size_t max_size, buf *err) {
  int is_stdin = !strcmp(path, "-");
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    int e = errno;
    name_in(err, path);
    buf_printf(err, ": cannot open: %s", strerror(e));
    return NULL;
  }
  buf data = BUF_INIT;
  int rc = read_all(f, max_size, &data);
  int e = errno;
  if (!is_stdin) fclose(f);
  document *d = NULL;
  if (rc == -2)
    name_in(err, path),
        buf_printf(err, ": larger than the input limit of %zu bytes (raise it with --max-size)",
                   max_size);
  else if (rc == -3)
    name_in(err, path), buf_printf(err, ": cannot read: %s", strerror(e));
  else if (rc)
    name_in(err, path), buf_adds(err, ": out of memory");
  else {
    size_t len;
    char *s = buf_detach(&data, &len); /* the document keeps the bytes as read */
    if (s) return doc_adopt(path, s, len, type, err);
    name_in(err, path), buf_adds(err, ": out of memory");
  }
  buf_free(&data);
  return d;
}

void doc_free(document *d) {
  if (!d) return;
  text_free(&d->view);
  annot_free(&d->annots);
  if (d->xml) xmlFreeDoc(d->xml);
  xmlmem_free(d->mem); /* after the tree made in it */
  free(d->warnings);
  free(d->orphans);
  free(d->sents.v);
  free(d->src);
  free(d->path);
  free(d->name);
  free(d->shown);
  free(d);
}

