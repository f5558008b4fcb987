/* Source byte offsets of text-view offsets, for the writer that inserts
 * marks into the document's own bytes (-f inline).
 *
 * The view keeps, for each segment, anchors with the source line:col of
 * their text (text.h); between two anchors the view is the source
 * verbatim but for newlines (CRLF and CR in the source are LF in the view)
 * and, in HTML, NUL bytes a browser drops. A segment is split at its
 * anchors into units: a verbatim unit maps byte for byte; an atomic unit is
 * text that does not stand in the source as itself (an entity or character
 * reference's expansion, text from an XML entity's replacement), whose
 * source is the reference: a view offset inside it maps to the nearer edge
 * of the reference. Nothing here is kept with the document: the map is
 * built per segment from the anchors and d->src, when a writer asks. */
#ifndef GLOSSA_SRCPOS_H
#define GLOSSA_SRCPOS_H

#include <stddef.h>

#include "doc.h"

typedef struct srcpos_unit {
  size_t vs, ve; /* view range */
  size_t ss, se; /* source byte range */
  int atomic;
} srcpos_unit;

typedef struct srcpos {
  const document *d;
  int html;
  int cdata;             /* the segment mapped is a CDATA section's */
  /* HTML: the source's CDATA sections (SVG's and MathML's: the only ones
   * whose text is in the view), [cd[2i], cd[2i+1]) their contents */
  size_t *cd, ncd;
  size_t *lines, nlines; /* byte offset of each source line's start */
  size_t bom;            /* bytes of a UTF-8 byte order mark */
  /* line:col lookups resume from the last one on the same line */
  unsigned long cline, ccol;
  size_t coff;
  /* the segment asked about last, and a cursor in it */
  srcpos_unit *u;
  size_t nu, cap;
  size_t ui, vp, sp;
  size_t last;     /* source end of the last segment mapped; SIZE_MAX: none */
  size_t degraded; /* segments mapped to a point (srcpos_segment) */
} srcpos;

/* Prepares m for d (HTML or XML). Returns 0; 1 when d's source is not one
 * this map can follow (not UTF-8: UTF-16, or bytes of another encoding);
 * -1 out of memory. */
int srcpos_init(srcpos *m, const document *d);

/* HTML: whether source byte at is in a CDATA section's content (its edges
 * included), and that content's [*start, *end). XML: 0 (its CDATA
 * sections are nodes of their own). */
int srcpos_in_cdata(const srcpos *m, size_t at, size_t *start, size_t *end);

/* Maps segment sg. A segment whose text cannot be found in the source as
 * its anchors say (or that has none: text from an XML entity's
 * replacement) is mapped to one point, where the segment mapped before it
 * ended (m->degraded counts them). Returns 0; 1 when sg cannot be placed
 * at all (no segment before it was mapped: the caller falls back); -1 out
 * of memory. */
int srcpos_segment(srcpos *m, const text_seg *sg);

/* The source byte offset of view offset off of the segment mapped last
 * (sg->start <= off <= sg->start + sg->len); an offset where one unit ends
 * and the next starts maps to the next one's start, the segment's end to
 * the end of its last unit. Fastest with offsets that grow. */
size_t srcpos_at(srcpos *m, size_t off);

void srcpos_free(srcpos *m);

#endif
