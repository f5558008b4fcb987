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

/* Links of one annotation to others, sorted by role; shared by every
 * annotation of one bulk call. */
typedef struct annot_link {
  const char *role; /* interned */
  size_t target;    /* index into the store's v (its seq - 1): earlier */
} annot_link;

typedef struct annot_links {
  size_t n;
  annot_link v[];
} annot_links;

/* What a correction changed (annot_edit.what, a set of bits). */
#define ANNOT_SET_NOTE 1u
#define ANNOT_SET_ATTRS 2u
#define ANNOT_REMOVE 4u

/* One correction, by a script at a line (--explain says who). */
typedef struct annot_edit {
  unsigned what;
  const char *script; /* interned */
  long line;
  size_t prev; /* 1 + the index of the same annotation's previous edit; 0: none */
} annot_edit;

typedef struct annot {
  size_t start, end;  /* bytes of the text view, [start, end) */
  unsigned long seq;  /* creation order in the document, from 1: the id */
  const char *label;  /* interned */
  const char *note;   /* interned or NULL */
  const char *script; /* interned: the script that made it */
  long line;          /* script line that made it, or 0 */
  const char *matcher; /* interned: what found the span (--explain), or NULL */
  const annot_attrs *attrs; /* NULL when none */
  const annot_links *links; /* NULL when none */
  size_t edit;  /* 1 + the index in the store's edits of its latest correction; 0: none */
  int removed;  /* a:remove(): it keeps its place, id and links to it, but no
                   query, rule or writer sees it (annot_sorted, annot_query) */
  /* Read in (--annotations, core/import.h): how its text was found in this
   * document (1 + anchor_kind: exact, moved, fuzzy) and how well (0..1),
   * and the id it had in the file when that was no glossa id (brat's T3, a
   * W3C IRI), interned; 0 and NULL for one a script made. */
  unsigned char anchor;
  double anchor_score;
  const char *source_id;
} annot;

#define ANNOT_MAXRUNS 66 /* 64 and the one pushed before merging, and a spare */

typedef struct annot_store {
  annot *v;
  size_t n, cap;
  unsigned long last_seq; /* the seq given last: annotations read in keep
                             their glossa ids (aN), so a seq may skip */
  size_t nlive; /* those of v not removed */
  struct annot_pool *pool;
  void **sets; /* the attribute and link sets it owns */
  size_t nsets, setcap;
  annot_edit *edits; /* every correction, in the order made */
  size_t nedits, editcap;
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

/* Takes ownership of links (malloc'd; NULL for none), sorting it by role;
 * returns the shared set, or NULL when out of memory (links freed). Every
 * target must be an index into st->v. */
const annot_links *annot_keep_links(annot_store *st, annot_links *links);

/* Appends an annotation (its strings must be interned), whose seq is
 * last_seq + 1; returns it or NULL. */
annot *annot_add(annot_store *st, size_t start, size_t end, const char *label,
                 const char *note, const char *script, long line,
                 const annot_attrs *attrs, const char *matcher);

/* The live annotations (not removed) in output order: by start, then end,
 * then creation: st->nlive of them, then NULLs up to st->n + 1 entries.
 * Malloc'd array (the caller frees it); NULL when out of memory. Pointers are
 * valid until the next annot_add. Every writer goes through this (or
 * annot_sorted_all), so none writes a removed annotation. */
const annot **annot_sorted(const annot_store *st);

/* Every annotation, the removed ones too, in output order: st->n of them and
 * a NULL (--explain lists what was removed, and by whom). */
const annot **annot_sorted_all(const annot_store *st);

/* Corrects annotation i (live): what is ANNOT_SET_NOTE (note, interned or
 * NULL, replaces its note), ANNOT_SET_ATTRS (attrs, kept by the store or
 * NULL, replaces its attributes), both, or ANNOT_REMOVE; the change is
 * recorded as made by script (interned) at line. Returns 0, or -1 out of
 * memory (nothing changed). */
int annot_correct(annot_store *st, size_t i, unsigned what, const char *note,
                  const annot_attrs *attrs, const char *script, long line);

/* The latest edit of annotation a that changed any of what, or NULL. */
const annot_edit *annot_last_edit(const annot_store *st, const annot *a, unsigned what);

/* The earliest live annotation with exactly the span [s, e) and the label
 * (interned): its index in *found, or SIZE_MAX when there is none. Returns
 * 0, or -1 out of memory. */
int annot_find(annot_store *st, size_t s, size_t e, const char *label, size_t *found);

/* Indices into st->v of the live annotations in relation rel to [s, e), in
 * output order, as a malloc'd array in *out (the caller frees it) of *nout.
 * The interval index answers; annotations added since the last query are
 * first sorted into it (see annot_store).
 * Returns 0, or -1 out of memory. */
int annot_query(annot_store *st, annot_rel rel, size_t s, size_t e, size_t **out,
                size_t *nout);

#endif
