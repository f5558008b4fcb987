#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "grow.h"
#include "utf8.h"

/* Zeroed bytes after a view's text (see text_build). */
#define TEXT_SLACK 64

int text_pos_add(text_posbuf *pb, xmlNodePtr n, size_t off, unsigned long line,
                 unsigned long col) {
  if (pb->n == pb->cap) {
    size_t cap = pb->cap ? pb->cap * 2 : 256;
    text_pos *v = realloc(pb->v, cap * sizeof *v);
    if (!v) return -1;
    pb->v = v;
    pb->cap = cap;
  }
  pb->v[pb->n++] = (text_pos){off, line, col ? col : 1, n};
  return 0;
}

void text_pos_free(text_posbuf *pb) {
  free(pb->v);
  pb->v = NULL;
  pb->n = pb->cap = 0;
}

/* Both lists in strcmp order, for in_sorted. */
#define NBLOCKS(list) (sizeof list / sizeof list[0] - 1)

/* HTML elements whose start or end separates paragraphs. */
static const char *const html_blocks[] = {
    "address", "article", "aside", "blockquote", "body", "br", "caption",
    "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "listing",
    "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary",
    "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul",
    NULL};

/* XML: a default list suited to XHTML, TEI, DocBook and Mallard. */
static const char *const xml_blocks[] = {
    "abstract", "address", "article", "author", "bibl", "blockquote",
    "body", "br", "caption", "cell", "chapter", "code", "dd", "desc", "div",
    "dl", "dt", "entry", "example", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "info", "item", "l", "label", "lg", "li", "list",
    "listitem", "note", "ol", "p", "page", "para", "pre", "programlisting",
    "row", "screen", "sect1", "sect2", "sect3", "sect4", "sect5", "section",
    "simpara", "sp", "speaker", "subtitle", "synopsis", "table", "td",
    "term", "th", "title", "tr", "ul", "varlistentry",
    NULL};

/* Is name in the sorted, NULL-terminated list n long? Binary search: the
 * walk asks twice for every element. */
static int in_sorted(const char *const *list, size_t n, const xmlChar *name) {
  if (!name) return 0;
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(list[mid], (const char *)name);
    if (c == 0) return 1;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

static int in_list(const char *const *list, const xmlChar *name) {
  if (!name) return 0;
  for (; *list; list++)
    if (strcmp(*list, (const char *)name) == 0) return 1;
  return 0;
}

typedef struct builder {
  text_view *v;
  buf s;
  const text_posbuf *pb;
  /* pb's entries by node: a hash table of the first entry of each node
   * (index + 1; 0 empty), and each entry's next of the same node (index +
   * 1; 0 none), in the order recorded. The nodes are keys only: an entry's
   * node may have been freed since (sax_text.c replaces <noscript>'s). */
  size_t *first, *next, mask;
  size_t segcap, elemcap, blockcap, anchorcap;
  text_mode mode;
  int masked; /* depth of script/style/noscript elements we are inside */
  int fostered; /* nodes were put in the view out of order (foster) */
  /* the root is a <frameset> (doc_html.c: a browser's body then): its text
   * keeps only white space outside <noframes>, depth of those inside */
  int frameset, noframes;
  /* the elements entered and not yet left: their index in v->elems, and
   * their KIND_* */
  struct frame { size_t elem; unsigned kind; } *stack;
  size_t depth, stackcap;
  /* what each element name is, by a hash of the name (libxml2's HTML tree
   * has a copy of the name in every element) */
  struct {
    char name[15];
    unsigned char kind; /* KIND_* | KIND_KNOWN */
  } kind[256];
} builder;

enum {
  KIND_BLOCK = 1, KIND_MASKING = 2, KIND_TABLE = 4, KIND_TEMPLATE = 8, KIND_KNOWN = 16,
  KIND_NOFRAMES = 32
};

static int add_block(builder *b) {
  text_view *v = b->v;
  size_t off = b->s.len;
  if (v->nblocks && v->blocks[v->nblocks - 1] == off) return 0;
  if (grow_array((void **)&v->blocks, &b->blockcap, v->nblocks + 1, sizeof(size_t)))
    return -1;
  v->blocks[v->nblocks++] = off;
  return 0;
}

int text_is_block(text_mode mode, const xmlChar *name) {
  switch (mode) {
  case TEXT_HTML: return in_sorted(html_blocks, NBLOCKS(html_blocks), name);
  case TEXT_XML: return in_sorted(xml_blocks, NBLOCKS(xml_blocks), name);
  default: return xmlStrEqual(name, BAD_CAST "p");
  }
}

static int is_masking_name(text_mode mode, const xmlChar *name) {
  if (mode != TEXT_HTML || !name) return 0;
  return xmlStrEqual(name, BAD_CAST "script") || xmlStrEqual(name, BAD_CAST "style") ||
         xmlStrEqual(name, BAD_CAST "noscript");
}

/* Element n's KIND_* flags; names of up to 14 bytes are looked up once
 * a document. */
static unsigned element_kind(builder *b, xmlNodePtr n) {
  const xmlChar *name = n->name;
  if (!name) return 0;
  uint32_t h = 2166136261u; /* FNV-1a */
  size_t len = 0;
  for (; name[len]; len++) h = (h ^ name[len]) * 16777619u;
  h ^= h >> 16;
  int fits = len < sizeof b->kind[0].name;
  unsigned char *slot_name = (unsigned char *)b->kind[h & 255].name;
  if (fits && b->kind[h & 255].kind & KIND_KNOWN && !memcmp(slot_name, name, len + 1))
    return b->kind[h & 255].kind;
  int html = b->mode == TEXT_HTML;
  unsigned kind = KIND_KNOWN | (text_is_block(b->mode, name) ? KIND_BLOCK : 0) |
                  (is_masking_name(b->mode, name) ? KIND_MASKING : 0) |
                  (html && xmlStrEqual(name, BAD_CAST "table") ? KIND_TABLE : 0) |
                  /* browsers keep a template's content in a separate
                   * fragment, out of textContent */
                  (html && xmlStrEqual(name, BAD_CAST "template") ? KIND_TEMPLATE : 0) |
                  (html && xmlStrEqual(name, BAD_CAST "noframes") ? KIND_NOFRAMES : 0);
  if (fits) {
    memcpy(slot_name, name, len + 1);
    b->kind[h & 255].kind = (unsigned char)kind;
  }
  return kind;
}

static size_t node_hash(const builder *b, xmlNodePtr n) {
  return (size_t)(((uint64_t)(uintptr_t)n * 0x9E3779B97F4A7C15ull) >> 32) & b->mask;
}

/* Index + 1 of node n's first entry in pb, or 0. */
static size_t first_pos(const builder *b, xmlNodePtr n) {
  for (size_t h = node_hash(b, n);; h = (h + 1) & b->mask)
    if (!b->first[h] || b->pb->v[b->first[h] - 1].node == n) return b->first[h];
}

/* The tables of b->first and b->next for pb: -1 out of memory. */
static int index_positions(builder *b, const text_posbuf *pb) {
  size_t cap = 16;
  while (cap < 2 * pb->n) cap *= 2;
  b->first = calloc(cap, sizeof *b->first);
  b->next = malloc(pb->n * sizeof *b->next);
  if (!b->first || !b->next) return -1;
  b->mask = cap - 1;
  for (size_t i = pb->n; i-- > 0;) { /* backwards: each chain in recorded order */
    xmlNodePtr n = pb->v[i].node;
    size_t h = node_hash(b, n);
    while (b->first[h] && pb->v[b->first[h] - 1].node != n) h = (h + 1) & b->mask;
    b->next[i] = b->first[h];
    b->first[h] = i + 1;
  }
  return 0;
}

static int drops_first_newline(xmlNodePtr text) {
  xmlNodePtr p = text->parent;
  if (text->prev || !p || p->type != XML_ELEMENT_NODE) return 0;
  return xmlStrEqual(p->name, BAD_CAST "pre") ||
         xmlStrEqual(p->name, BAD_CAST "textarea") ||
         xmlStrEqual(p->name, BAD_CAST "listing");
}

static int add_anchor(builder *b, size_t off, unsigned long line, unsigned long col) {
  text_view *v = b->v;
  if (v->nanchors && v->anchors[v->nanchors - 1].off == off) v->nanchors--;
  if (grow_array((void **)&v->anchors, &b->anchorcap, v->nanchors + 1, sizeof(text_anchor)))
    return -1;
  v->anchors[v->nanchors++] = (text_anchor){off, line, col};
  return 0;
}

static int add_segment(builder *b, xmlNodePtr n, size_t start) {
  text_view *v = b->v;
  if (grow_array((void **)&v->segs, &b->segcap, v->nsegs + 1, sizeof(text_seg)))
    return -1;
  text_seg *sg = &v->segs[v->nsegs++];
  sg->start = start;
  sg->len = b->s.len - start;
  sg->node = n;
  sg->masked = b->masked > 0;
  n->_private = (void *)(uintptr_t)v->nsegs;
  return 0;
}

/* Text in a frameset outside <noframes>: a browser's "in frameset"
 * insertion mode inserts its white space characters and drops the rest.
 * pos, k: n's first entry as add_text found them; each run kept gets an
 * anchor at its source line:col. */
static int add_frameset_text(builder *b, xmlNodePtr n, const char *c, const text_pos *pos,
                             size_t k) {
  size_t start = b->s.len;
  long l0 = xmlGetLineNo(n);
  unsigned long line = l0 > 0 ? (unsigned long)l0 : 1, col = 1;
  int run = 0;
  for (size_t j = 0; c[j]; j++) {
    for (; pos && pos->off <= j; pos = (k = b->next[k - 1]) ? &b->pb->v[k - 1] : NULL)
      if (pos->off == j) line = pos->line, col = pos->col;
    unsigned char ch = (unsigned char)c[j];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r') {
      if (!run && add_anchor(b, b->s.len, line, col)) return -1;
      if (buf_addc(&b->s, (char)ch)) return -1;
      run = 1;
    } else {
      run = 0;
    }
    if (ch == '\n') line++, col = 1;
    else if ((ch & 0xC0) != 0x80) col++;
  }
  return b->s.len == start ? 0 : add_segment(b, n, start);
}

static int add_text(builder *b, xmlNodePtr n) {
  const char *c = (const char *)n->content;
  if (!c || !*c) return 0;
  size_t k = 0; /* n's entries (index + 1), from its last at offset 0 */
  if (b->first)
    for (size_t j = k = first_pos(b, n); j; j = b->next[j - 1])
      if (b->pb->v[j - 1].off == 0) k = j;
  const text_pos *pos = k ? &b->pb->v[k - 1] : NULL;
  if (b->frameset && !b->noframes) return add_frameset_text(b, n, c, pos, k);
  size_t start = b->s.len, skip = 0;
  /* the newline right after <pre>, <textarea>, <listing> is not content */
  if (b->mode == TEXT_HTML && c[0] == '\n' && drops_first_newline(n)) skip = 1;
  if (buf_adds(&b->s, c + skip)) return -1;
  if (b->s.len == start) return 0;
  if (!pos) {
    long line = xmlGetLineNo(n);
    if (add_anchor(b, start, line > 0 ? (unsigned long)line : 1, 1)) return -1;
  }
  for (; pos; pos = (k = b->next[k - 1]) ? &b->pb->v[k - 1] : NULL) {
    unsigned long line = pos->line, col = pos->col;
    size_t off = pos->off;
    if (off < skip) off = skip, line++, col = 1;
    if (off - skip >= b->s.len - start) break;
    if (add_anchor(b, start + off - skip, line, col)) return -1;
  }
  return add_segment(b, n, start);
}

/* Node n comes in the walk; kind: an element's KIND_*. */
static int enter(builder *b, xmlNodePtr n, unsigned kind) {
  text_view *v = b->v;
  switch (n->type) {
  case XML_TEXT_NODE:
  case XML_CDATA_SECTION_NODE:
    return add_text(b, n);
  case XML_ELEMENT_NODE:
    if (grow_array((void **)&v->elems, &b->elemcap, v->nelems + 1, sizeof(text_elem)) ||
        grow_array((void **)&b->stack, &b->stackcap, b->depth + 1, sizeof *b->stack))
      return -1;
    v->elems[v->nelems].node = n;
    v->elems[v->nelems].start = v->elems[v->nelems].end = b->s.len;
    b->stack[b->depth++] = (struct frame){v->nelems, kind};
    n->_private = (void *)(uintptr_t)++v->nelems;
    if (kind & KIND_MASKING) b->masked++;
    if (kind & KIND_NOFRAMES) b->noframes++;
    return kind & KIND_BLOCK ? add_block(b) : 0;
  default:
    return 0;
  }
}

/* The walk leaves n: for an element, the last one entered. */
static int leave(builder *b, xmlNodePtr n) {
  if (n->type != XML_ELEMENT_NODE || !b->depth) return 0;
  struct frame f = b->stack[--b->depth];
  b->v->elems[f.elem].end = b->s.len;
  if (f.kind & KIND_MASKING) b->masked--;
  if (f.kind & KIND_NOFRAMES) b->noframes--;
  return f.kind & KIND_BLOCK ? add_block(b) : 0;
}

static int visit(builder *b, xmlNodePtr root);

/* Already in the view: fostered out of a table before the walk got here. */
static int visited(builder *b, xmlNodePtr n) {
  return text_seg_of(b->v, n) || text_elem_of(b->v, n);
}

static int is_whitespace(const xmlChar *s) {
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\f') return 0;
  return 1;
}

static int is_table_section(xmlNodePtr n) {
  return xmlStrEqual(n->name, BAD_CAST "tbody") || xmlStrEqual(n->name, BAD_CAST "thead") ||
         xmlStrEqual(n->name, BAD_CAST "tfoot") || xmlStrEqual(n->name, BAD_CAST "tr");
}

/* What an HTML5 parser lets stand inside table, section and row elements. */
static int belongs_in_table(xmlNodePtr n) {
  static const char *const ok[] = {"caption", "colgroup", "col", "tbody", "thead", "tfoot",
                                   "tr", "td", "th", "script", "style", "template",
                                   "form", "input", NULL};
  return in_list(ok, n->name);
}

/* Browsers "foster-parent" stray text and elements found directly inside a
 * table (or its sections and rows) in front of the table; libxml2 leaves them
 * in place. Emit them first; the walk skips them later. */
static int foster(builder *b, xmlNodePtr container) {
  for (xmlNodePtr c = container->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE && !is_whitespace(c->content)) {
      b->fostered = 1;
      if (visit(b, c)) return -1;
    } else if (c->type == XML_ELEMENT_NODE) {
      if (is_table_section(c)) {
        if (foster(b, c)) return -1;
      } else if (!belongs_in_table(c)) {
        b->fostered = 1;
        if (visit(b, c)) return -1;
      }
    }
  }
  return 0;
}

/* Document-order walk without recursion: trees may be 10^5 levels deep. */
static int visit(builder *b, xmlNodePtr root) {
  xmlNodePtr n = root;
  for (;;) {
    /* the tree is larger than the caches on long pages: the sibling is
     * fetched while the children are walked */
    __builtin_prefetch(n->next);
    unsigned kind = n->type == XML_ELEMENT_NODE ? element_kind(b, n) : 0;
    /* (only what foster put in the view can be in it already) */
    if (kind & KIND_TABLE && !(b->fostered && visited(b, n)) && foster(b, n)) return -1;
    if (n != root && b->fostered && visited(b, n)) goto next;
    if (enter(b, n, kind)) return -1;
    if (n->type == XML_ELEMENT_NODE && n->children && !(kind & KIND_TEMPLATE)) {
      n = n->children;
      continue;
    }
    if (leave(b, n)) return -1;
  next:
    for (;;) {
      if (n == root) return 0;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (leave(b, n)) return -1;
    }
  }
}

int text_build(text_view *v, xmlNodePtr root, text_mode mode, const text_posbuf *pb) {
  memset(v, 0, sizeof *v);
  builder b = {.v = v, .mode = mode, .pb = pb};
  if (pb && pb->n && index_positions(&b, pb)) goto oom;
  b.frameset = root && mode == TEXT_HTML && root->type == XML_ELEMENT_NODE &&
               xmlStrEqual(root->name, BAD_CAST "frameset");
  if (root && visit(&b, root)) goto oom;
  /* What libxml2 leaves after </body> or </html> (siblings of body, or a
   * second html element) a browser appends to body; after a frameset that
   * is the body it goes to html ("after frameset" mode), out of the view. */
  if (root && mode == TEXT_HTML && !b.frameset) {
    for (xmlNodePtr up = root; up && up->type != XML_DOCUMENT_NODE &&
                               up->type != XML_HTML_DOCUMENT_NODE;
         up = up->parent)
      for (xmlNodePtr s = up->next; s; s = s->next)
        if (visit(&b, s)) goto oom;
    /* and body's span covers it, as in the browser's tree */
    const text_elem *body = text_elem_of(v, root);
    if (body) ((text_elem *)body)->end = b.s.len;
  }
  free(b.first);
  free(b.next);
  free(b.stack);
  b.first = b.next = NULL;
  b.stack = NULL;
  /* PCRE2's JIT scans a subject in aligned vector loads (up to 64 bytes
   * with AVX-512) that may reach past its end: the view ends in 64 zeroed
   * bytes inside its allocation, so those reads see defined bytes. */
  if (buf_reserve(&b.s, TEXT_SLACK)) goto oom;
  memset(b.s.s + b.s.len, 0, b.s.cap - b.s.len);
  v->s = buf_detach(&b.s, &v->len);
  size_t nlcap = 0;
  if (grow_array((void **)&v->newlines, &nlcap, v->len / 32 + 1, sizeof *v->newlines)) goto oom;
  for (const char *p = v->s; (p = memchr(p, '\n', (size_t)(v->s + v->len - p))); p++) {
    if (v->nnewlines == nlcap &&
        grow_array((void **)&v->newlines, &nlcap, v->nnewlines + 1, sizeof *v->newlines))
      goto oom;
    v->newlines[v->nnewlines++] = (size_t)(p - v->s);
  }
  for (size_t i = 0; i < v->nsegs; i++) {
    const text_seg *sg = &v->segs[i];
    if (!sg->masked) continue;
    if (v->nmasked && v->masked[2 * v->nmasked - 1] == sg->start) {
      v->masked[2 * v->nmasked - 1] = sg->start + sg->len;
      continue;
    }
    size_t *m = realloc(v->masked, 2 * (v->nmasked + 1) * sizeof *m);
    if (!m) goto oom;
    v->masked = m;
    m[2 * v->nmasked] = sg->start;
    m[2 * v->nmasked + 1] = sg->start + sg->len;
    v->nmasked++;
  }
  size_t nidx = v->len / TEXT_CPSTEP + 1;
  v->cpidx = malloc(nidx * sizeof(size_t));
  v->astidx = malloc(nidx * sizeof(size_t));
  if (!v->cpidx || !v->astidx) goto oom;
  size_t cp = 0, astral = 0;
  for (size_t k = 0; k < nidx; k++) {
    v->cpidx[k] = cp;
    v->astidx[k] = astral;
    size_t from = k * TEXT_CPSTEP, to = from + TEXT_CPSTEP;
    if (to > v->len) to = v->len;
    if (from < to) {
      size_t c = utf8_count(v->s + from, to - from);
      cp += c;
      astral += utf8_count16(v->s + from, to - from) - c;
    }
  }
  return 0;
oom:
  free(b.first);
  free(b.next);
  free(b.stack);
  buf_free(&b.s);
  text_free(v);
  return -1;
}

void text_free(text_view *v) {
  free(v->s);
  free(v->segs);
  free(v->elems);
  free(v->blocks);
  free(v->anchors);
  free(v->newlines);
  free(v->cpidx);
  free(v->astidx);
  free(v->masked);
  memset(v, 0, sizeof *v);
}

const text_seg *text_seg_at(const text_view *v, size_t off) {
  if (v->nsegs == 0) return NULL;
  size_t lo = 0, hi = v->nsegs;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (v->segs[mid].start <= off) lo = mid;
    else hi = mid;
  }
  return &v->segs[lo];
}

/* How many newlines lie before offset off. */
static size_t newlines_before(const text_view *v, size_t off) {
  size_t lo = 0, hi = v->nnewlines;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v->newlines[mid] < off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

void text_linecol(const text_view *v, size_t off, unsigned long *line,
                  unsigned long *col) {
  if (off > v->len) off = v->len;
  if (v->nanchors == 0 || v->anchors[0].off > off) {
    *line = *col = 1;
    return;
  }
  size_t lo = 0, hi = v->nanchors;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (v->anchors[mid].off <= off) lo = mid;
    else hi = mid;
  }
  const text_anchor *a = &v->anchors[lo];
  /* newlines in [a->off, off), by binary search: no scan of long lines */
  size_t n1 = newlines_before(v, a->off), n2 = newlines_before(v, off);
  *line = a->line + (unsigned long)(n2 - n1);
  if (n2 > n1) *col = 1 + (unsigned long)(text_cp(v, off) - text_cp(v, v->newlines[n2 - 1] + 1));
  else *col = a->col + (unsigned long)(text_cp(v, off) - text_cp(v, a->off));
}

size_t text_cp(const text_view *v, size_t off) {
  if (off > v->len) off = v->len;
  size_t k = off / TEXT_CPSTEP;
  size_t from = k * TEXT_CPSTEP;
  return v->cpidx[k] + utf8_count(v->s + from, off - from);
}

size_t text_u16(const text_view *v, size_t off) {
  if (off > v->len) off = v->len;
  size_t k = off / TEXT_CPSTEP;
  size_t from = k * TEXT_CPSTEP;
  return v->cpidx[k] + v->astidx[k] + utf8_count16(v->s + from, off - from);
}

size_t text_byte_at(const text_view *v, size_t n, int u16) {
  size_t nidx = v->len / TEXT_CPSTEP + 1, lo = 0, hi = nidx;
  /* the last block that starts at or before n (cpidx, astidx grow) */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    size_t at = v->cpidx[mid] + (u16 ? v->astidx[mid] : 0);
    if (at <= n) lo = mid;
    else hi = mid;
  }
  size_t off = lo * TEXT_CPSTEP, c = v->cpidx[lo] + (u16 ? v->astidx[lo] : 0);
  /* a block may start inside a character, which cpidx counted already */
  while (off < v->len && (((unsigned char)v->s[off] & 0xC0) == 0x80)) off++;
  while (off < v->len) {
    size_t next = off + 1;
    while (next < v->len && ((unsigned char)v->s[next] & 0xC0) == 0x80) next++;
    size_t w = u16 && (unsigned char)v->s[off] >= 0xF0 ? 2 : 1; /* as utf8_count16 */
    if (c + w > n) break;
    c += w;
    off = next;
  }
  return off;
}

const text_seg *text_seg_of(const text_view *v, xmlNodePtr node) {
  if (!node ||
      (node->type != XML_TEXT_NODE && node->type != XML_CDATA_SECTION_NODE))
    return NULL;
  uintptr_t i = (uintptr_t)node->_private;
  if (i == 0 || i > v->nsegs || v->segs[i - 1].node != node) return NULL;
  return &v->segs[i - 1];
}

const text_elem *text_elem_of(const text_view *v, xmlNodePtr node) {
  if (!node || node->type != XML_ELEMENT_NODE) return NULL;
  uintptr_t i = (uintptr_t)node->_private;
  if (i == 0 || i > v->nelems || v->elems[i - 1].node != node) return NULL;
  return &v->elems[i - 1];
}

int text_is_block_boundary(const text_view *v, size_t off) {
  size_t lo = 0, hi = v->nblocks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v->blocks[mid] < off) lo = mid + 1;
    else hi = mid;
  }
  return lo < v->nblocks && v->blocks[lo] == off;
}

int text_masked(const text_view *v, size_t start, size_t end) {
  /* the first range ending after start */
  size_t lo = 0, hi = v->nmasked;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v->masked[2 * mid + 1] <= start) lo = mid + 1;
    else hi = mid;
  }
  if (lo == v->nmasked) return 0;
  size_t ms = v->masked[2 * lo];
  return start == end ? ms <= start : ms < end;
}

/* Index of the first block boundary > off. */
static size_t next_block(const text_view *v, size_t off) {
  size_t lo = 0, hi = v->nblocks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v->blocks[mid] <= off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* Index of the first masked range ending after off. */
static size_t next_masked(const text_view *v, size_t off) {
  size_t lo = 0, hi = v->nmasked;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v->masked[2 * mid + 1] <= off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

int text_regions(const text_view *v, size_t from, size_t to, int across_blocks,
                 text_region_fn fn, void *ud) {
  if (to > v->len) to = v->len;
  if (from > to) return 0;
  if (from == to) return text_masked(v, from, to) ? 0 : fn(ud, from, to);
  size_t pos = from;
  size_t b = next_block(v, pos), m = next_masked(v, pos);
  while (pos < to) {
    while (m < v->nmasked && v->masked[2 * m + 1] <= pos) m++;
    if (m < v->nmasked && v->masked[2 * m] <= pos) { /* inside masked text */
      pos = v->masked[2 * m + 1];
      continue;
    }
    size_t cut = to;
    if (m < v->nmasked && v->masked[2 * m] < cut) cut = v->masked[2 * m];
    if (!across_blocks) {
      while (b < v->nblocks && v->blocks[b] <= pos) b++;
      if (b < v->nblocks && v->blocks[b] < cut) cut = v->blocks[b];
    }
    int rc = fn(ud, pos, cut);
    if (rc) return rc;
    pos = cut;
  }
  return 0;
}

void text_block_at(const text_view *v, size_t off, size_t *start, size_t *end) {
  size_t i = next_block(v, off);
  *start = i > 0 ? v->blocks[i - 1] : 0;
  *end = i < v->nblocks ? v->blocks[i] : v->len;
}
