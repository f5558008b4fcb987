/* The annotation store of one document: it owns every annotation, and every
 * string and attribute set they point to. */
#ifndef GLOSSA_ANNOT_H
#define GLOSSA_ANNOT_H

#include <stddef.h>

typedef enum attr_type { ATTR_STRING, ATTR_NUMBER, ATTR_INTEGER, ATTR_BOOL } attr_type;

typedef struct annot_attr {
  const char *key; /* interned */
  attr_type type;
  const char *s;   /* interned, ATTR_STRING */
  double n;        /* ATTR_NUMBER */
  long long i;     /* ATTR_INTEGER, ATTR_BOOL (0/1) */
} annot_attr;

/* Attributes sorted by key, shared by every annotation of one bulk call. */
typedef struct annot_attrs {
  size_t n;
  annot_attr v[];
} annot_attrs;

typedef struct annot {
  size_t start, end;  /* bytes of the text view, [start, end) */
  unsigned long seq;  /* creation order in the document, from 1: the id */
  const char *label;  /* interned */
  const char *note;   /* interned or NULL */
  const char *script; /* interned: the script that made it */
  long line;          /* script line that made it, or 0 */
  const char *matcher; /* interned: what found the span (--explain), or NULL */
  const annot_attrs *attrs; /* NULL when none */
} annot;

#define ANNOT_MAXRUNS 66 /* 64 and the one pushed before merging, and a spare */

typedef struct annot_store {
  annot *v;
  size_t n, cap;
  struct annot_pool *pool;
  annot_attrs **sets;
  size_t nsets, setcap;
  /* The query index over v[0..indexed): iv holds sorted runs side by side,
   * each with its own interval tree, of sizes run[0..nruns) from left to
   * right, each more than twice the next (so at most 64 of them). A query
   * sorts what was added since as a new run and merges the last runs while
   * that order is broken: an annotation is merged O(log n) times in all,
   * in linear merges, instead of the whole index being sorted again. */
  struct interval *iv, *tmp; /* tmp: the merges' scratch */
  size_t indexed, ivcap, tmpcap;
  size_t run[ANNOT_MAXRUNS];
  int nruns;
} annot_store;

typedef enum annot_rel {
  ANNOT_ANY,         /* every annotation */
  ANNOT_WITHIN,      /* s <= a.start, a.end <= e */
  ANNOT_OVERLAPPING, /* a.start < e, s < a.end (half-open: touching is not overlapping) */
  ANNOT_CONTAINING   /* a.start <= s, e <= a.end */
} annot_rel;

void annot_init(annot_store *st);
void annot_free(annot_store *st);

/* Returns the store's copy of s (one per distinct string), NULL out of memory. */
const char *annot_intern(annot_store *st, const char *s);

/* Takes ownership of attrs (malloc'd; NULL for none), sorting it by key;
 * returns the shared set, or NULL when out of memory (attrs freed). */
const annot_attrs *annot_keep_attrs(annot_store *st, annot_attrs *attrs);

/* Appends an annotation (its strings must be interned); returns it or NULL. */
annot *annot_add(annot_store *st, size_t start, size_t end, const char *label,
                 const char *note, const char *script, long line,
                 const annot_attrs *attrs, const char *matcher);

/* The annotations in output order: by start, then end, then creation.
 * Malloc'd array (the caller frees it); NULL when out of memory. Pointers are
 * valid until the next annot_add. */
const annot **annot_sorted(const annot_store *st);

/* Indices into st->v of the annotations in relation rel to [s, e), in
 * output order, as a malloc'd array in *out (the caller frees it) of *nout.
 * The interval index answers; annotations added since the last query are
 * first sorted into it (see annot_store).
 * Returns 0, or -1 out of memory. */
int annot_query(annot_store *st, annot_rel rel, size_t s, size_t e, size_t **out,
                size_t *nout);

#endif
