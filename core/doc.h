/* A loaded document: it owns its libxml2 tree, text view and annotation
 * store, and is the only thing that frees libxml2 memory. */
#ifndef GLOSSA_DOC_H
#define GLOSSA_DOC_H

#include <libxml/tree.h>
#include <stddef.h>

#include "annot.h"
#include "buf.h"
#include "doc_type.h"
#include "text.h"

typedef struct document {
  char *path;  /* as named on the command line; "-" for standard input */
  char *name;  /* what outputs show: path, or "<stdin>" */
  char *shown; /* what messages show: name on one line (core/oneline.h), so
                  that a file name or record id cannot forge a message line */
  doc_type type;
  xmlDocPtr xml;
  xmlNodePtr root; /* the view's root: body for HTML, the root element else */
  text_view view;
  annot_store annots;
  char *src;       /* the bytes as read (for text input, the view's source) */
  size_t srclen;
  char *warnings;  /* "NAME:LINE: warning: ...\n" lines, or NULL */
  char lang[8];    /* the language of its text (BCP 47 primary subtag): the
                      root's declaration, else "en"; --lang sets it */
  int lang_forced; /* set by --lang: elements' own declarations are ignored */
  /* The sentences of the last block asked about (span.sent_start and
   * sent_end, lua_sentence.c), kept while the rules asked with are the
   * same: start and end offsets in pairs. */
  struct doc_sents {
    size_t from, to;   /* the block; from == to: none kept */
    const void *lang;  /* the lang used */
    unsigned long user; /* the user list's stamp (lang_abbrs), 0: none */
    size_t *v, n, cap;
  } sents;
  struct xmlmem *mem; /* libxml2's allocations while parsing (xmlmem.h) */
  /* Annotations read in (core/import.h) whose text it does not have: the
   * import set's, which outlives the document; the array is the document's. */
  const struct import_annot **orphans;
  size_t norphans;
} document;

/* Call once before any document is loaded: refuses every external entity,
 * DTD and network fetch for the whole process. */
void doc_init(void);

/* Reads path ("-" for standard input) and parses it as type (DOC_AUTO: by
 * extension, then by content). On failure returns NULL and leaves a message
 * "NAME:LINE: what" or "NAME: what" in err. What XML loading left out (an
 * external entity, one only an external DTD declares) does not fail it: a
 * line "NAME:LINE: warning: what" per entity goes to d->warnings, for the
 * caller to print (in err, before the error, when the document fails
 * anyway). */
document *doc_load(const char *path, doc_type type, size_t max_size, buf *err);

/* Parses data[0..len) (copied); name is used in messages. */
document *doc_parse(const char *path, const char *data, size_t len,
                    doc_type type, buf *err);
/* The same without the copy: data is a malloc'd block of len + 1 bytes,
 * data[len] == '\0', which the document keeps as its src (or frees, when
 * the parse fails). */
document *doc_adopt(const char *path, char *data, size_t len, doc_type type, buf *err);

void doc_free(document *d);


#endif
