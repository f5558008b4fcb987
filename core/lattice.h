/* The lattice rules match over (rule.h): for one region of a text (a block,
 * or its part outside masked text), its tokens are the nodes' steps and the
 * annotations and dictionary hits over them are longer edges. Node i is the
 * boundary before token i; node ntok the end. The lattice owns its arrays;
 * the text, the annotation store and the dicts are the caller's. */
#ifndef GLOSSA_LATTICE_H
#define GLOSSA_LATTICE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "dict.h"
#include "sentence.h"

#define LATTICE_ANN UINT32_MAX /* an edge's kind: an annotation; else a dict's index */

typedef struct lattice_edge {
  uint32_t from, to;   /* nodes, from < to */
  uint32_t kind;       /* LATTICE_ANN, or which dict (rule_set_dict) */
  size_t ref;          /* the annotation's index in its store, or the dict entry */
  size_t order;        /* the annotation's place in output order (ties: its earlier) */
} lattice_edge;

typedef struct lattice {
  const char *text;
  size_t from, to;       /* the region */
  size_t *tok;           /* 2 * ntok: each token's [start, end) */
  uint32_t ntok, tokcap;
  uint32_t *sent;        /* per token: its sentence, numbered along the region */
  uint32_t sentcap;
  lattice_edge *edges;   /* after lattice_finish: by from, kind, longest first, order */
  size_t nedges, edgecap;
  size_t *at;            /* ntok + 2 entries: edges from node i are edges[at[i]..at[i+1]) */
  size_t atcap;
  /* token attributes, computed on first use */
  unsigned *flags;       /* LATTICE_KNOWN once computed */
  size_t *lower, *shape; /* 2 per token: offset and length in attrs, or SIZE_MAX */
  buf attrs;
  int oom;
} lattice;

#define LATTICE_KNOWN (1u << 31)

void lattice_init(lattice *l);
void lattice_free(lattice *l);

/* Starts the lattice of text[from, to): its tokens (sentence_tokens) and,
 * when sentences is set, which sentence each is in (sentence_split; else
 * all are in sentence 0). Edges are cleared. Returns 0, or -1 out of
 * memory. */
int lattice_reset(lattice *l, const char *text, size_t from, size_t to, const sentence_opts *o,
                  int sentences);

/* Adds the annotation [start, end) as an edge over the tokens it overlaps,
 * when it lies inside the region and overlaps one; order: its place in
 * output order. Returns 0, or -1 out of memory. */
int lattice_add_ann(lattice *l, size_t start, size_t end, size_t index, size_t order);

/* Adds the hits of d (its index kind) in the region that start and end on
 * token boundaries. Returns 0, -1 out of memory, or DICT_STOPPED when stop
 * was set during the scan. */
int lattice_add_dict(lattice *l, const dict *d, uint32_t kind, size_t textlen,
                     const atomic_int *stop);

/* Sorts the edges and indexes them by node; 0 or -1 out of memory. */
int lattice_finish(lattice *l);

/* A token's attributes (tokattr.h): its flags, its case folding and its
 * shape (pointers valid until the next call). NULL out of memory. */
unsigned lattice_flags(lattice *l, uint32_t tok);
const char *lattice_lower(lattice *l, uint32_t tok, size_t *n);
const char *lattice_shape(lattice *l, uint32_t tok, size_t *n);

#endif
