/* The tokens and sentences of a document as the token-based writers (-f
 * conll, -f spans) write them: the ones doc:tokens() and doc:sentences()
 * give a script, over the same text (each block of the view apart, masked
 * text left out) in the same language (llang_at: the nearest element's
 * declaration, --lang, else the document's), with that language's own
 * abbreviations (a script's glossa.abbreviations is the script's, and does
 * not apply here). */
#ifndef GLOSSA_OUTTOK_H
#define GLOSSA_OUTTOK_H

#include <stddef.h>

#include "doc.h"

typedef struct outtok {
  size_t start, end; /* bytes of the view, [start, end), never empty */
  int sent_start;    /* the first token of a sentence */
} outtok;

typedef struct outtoks {
  outtok *v; /* in text order, disjoint */
  size_t n, cap;
} outtoks;

/* Fills t (zeroed by the caller, or reused: it is emptied first) with d's
 * tokens. Returns 0, or -1 out of memory. */
int outtok_build(outtoks *t, const document *d);
void outtok_free(outtoks *t);

/* The tokens that overlap [s, e) (t.start < e and s < t.end), as the index
 * range [*first, *last); an empty range (*first == *last) when there are
 * none, and always for an empty span (s == e). */
void outtok_cover(const outtoks *t, size_t s, size_t e, size_t *first, size_t *last);

#endif
