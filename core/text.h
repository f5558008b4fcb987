/* The text view of a document and its offset map; the view owns its arrays,
 * the xmlNode pointers in it belong to the document's tree. */
#ifndef GLOSSA_TEXT_H
#define GLOSSA_TEXT_H

#include <libxml/tree.h>
#include <stddef.h>

/* A run of the view that comes from one text or CDATA node. Segments tile the
 * view: seg[i+1].start == seg[i].start + seg[i].len. */
typedef struct text_seg {
  size_t start, len;
  xmlNodePtr node;
  int masked;              /* inside script/style/noscript: matchers skip it */
} text_seg;

/* Source position of a view offset. Between two anchors the view is the
 * source verbatim, so positions in between are counted from the anchor;
 * every segment starts with one, and so does the text after each entity or
 * character reference. */
typedef struct text_anchor {
  size_t off;
  unsigned long line, col;
} text_anchor;

/* Source positions as the parser reports them: for byte off of text node
 * node's content, in the order recorded. The view builder finds a node's by
 * its address; one at off 0 starts the node anew (libxml2 may free a node
 * while parsing and make another at its address). The tree's _private
 * fields are left to the view. */
typedef struct text_pos {
  size_t off;
  unsigned long line, col;
  xmlNodePtr node;
} text_pos;

typedef struct text_posbuf {
  text_pos *v;
  size_t n, cap;
} text_posbuf;

/* Records that byte off of text node n comes from source line:col. Offsets
 * must grow along a node. Returns 0, or -1 out of memory. */
int text_pos_add(text_posbuf *pb, xmlNodePtr n, size_t off, unsigned long line,
                 unsigned long col);
void text_pos_free(text_posbuf *pb);

/* An element inside the view and the view range its text covers. */
typedef struct text_elem {
  xmlNodePtr node;
  size_t start, end;
} text_elem;

typedef struct text_view {
  char *s; /* NUL-terminated; may contain no NUL */
  size_t len;
  text_seg *segs;
  size_t nsegs;
  text_elem *elems;
  size_t nelems;
  text_anchor *anchors; /* sorted by offset */
  size_t nanchors;
  size_t *blocks; /* sorted, unique offsets where a block element starts or ends */
  size_t nblocks;
  size_t *cpidx;  /* code points before byte k * TEXT_CPSTEP */
  size_t *astidx; /* 4-byte (astral) characters before byte k * TEXT_CPSTEP */
  size_t *newlines; /* offsets of every '\n' in the view, sorted */
  size_t nnewlines;
  size_t *masked; /* sorted, disjoint [masked[2i], masked[2i+1]) ranges */
  size_t nmasked; /* number of ranges */
} text_view;

#define TEXT_CPSTEP 256

/* How a tree becomes a view. */
typedef enum text_mode { TEXT_PLAIN, TEXT_HTML, TEXT_XML } text_mode;

/* Builds the view from the subtree(s) under root in document order, with
 * source positions from pb (may be NULL: then libxml2's line numbers). For
 * TEXT_HTML, root is the body element; text that libxml2 leaves after body
 * (browsers move it into body) is taken from body's following siblings.
 * Afterwards each text node's _private is its segment index + 1 and each
 * element's _private its element index + 1 (the tree's only use of it). Returns 0, or -1 out of memory. */
int text_build(text_view *v, xmlNodePtr root, text_mode mode, const text_posbuf *pb);

/* Whether an element of this name separates blocks (paragraphs) in mode. */
int text_is_block(text_mode mode, const xmlChar *name);
void text_free(text_view *v);

/* Segment holding byte off (the last one for off == len); NULL if the view is
 * empty. */
const text_seg *text_seg_at(const text_view *v, size_t off);

/* Source line and column (1-based; column in code points) of byte off. */
void text_linecol(const text_view *v, size_t off, unsigned long *line,
                  unsigned long *col);

/* Code points in the view before byte off. */
size_t text_cp(const text_view *v, size_t off);

/* UTF-16 code units in the view before byte off (what JavaScript counts). */
size_t text_u16(const text_view *v, size_t off);

/* The inverse of text_cp (u16 = 0) or text_u16 (u16 = 1): the byte offset
 * of the character at that many code points (UTF-16 units) into the view;
 * one inside a surrogate pair gives the pair's character; past the end,
 * v->len. */
size_t text_byte_at(const text_view *v, size_t n, int u16);

/* The segment of a text or CDATA node, or NULL when it adds nothing. */
const text_seg *text_seg_of(const text_view *v, xmlNodePtr node);

/* The element record for node, or NULL when it is not in the view. */
const text_elem *text_elem_of(const text_view *v, xmlNodePtr node);

/* True when [start, end) overlaps masked text (script, style, noscript);
 * an empty range is masked when it lies inside masked text. */
int text_masked(const text_view *v, size_t start, size_t end);

/* Calls fn(ud, start, end) for each maximal range of [from, to) that holds no
 * masked text and, unless across_blocks, crosses no block boundary: the
 * ranges matchers search. Returns 0, or what fn returned (non-zero stops). */
typedef int (*text_region_fn)(void *ud, size_t start, size_t end);
int text_regions(const text_view *v, size_t from, size_t to, int across_blocks,
                 text_region_fn fn, void *ud);

/* The block around off: the range between the block boundaries before and
 * after it (the whole view when there are none). */
void text_block_at(const text_view *v, size_t off, size_t *start, size_t *end);

/* True when off is a block boundary (the start or end of a block element). */
int text_is_block_boundary(const text_view *v, size_t off);

#endif
