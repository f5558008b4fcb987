/* -f inline: the document itself with its annotations written into it.
 *
 * HTML input: each annotation becomes
 *   <mark class="glossa glossa-LABEL" data-glossa-id="aN"
 *         data-glossa-label="LABEL" title="NOTE">…</mark>
 * where the class's LABEL keeps [A-Za-z0-9_-] and turns every other code
 * point into '-' (data-glossa-label has it verbatim); title only with a note.
 * XML input: <g:mark g:id="aN" g:label="LABEL" g:note="NOTE">…</g:mark> in the
 * namespace https://glossa.dev/ns#, declared once on the root element (and
 * only when there is a mark). The prefix is "g" unless the document declares
 * "g" somewhere; then "glossa", then g1, g2, …
 * Text input: the minimal page <!DOCTYPE html><html><head><meta
 * charset="utf-8"><title>NAME</title></head><body><pre>…</pre></body></html>
 * with HTML marks in the pre (whose text content is the text view exactly).
 *
 * Fragments: a mark never wraps an element boundary, so an annotation that
 * crosses one is split into one mark per text-node piece, and overlapping
 * annotations nest: the one that starts first (or, starting together, ends
 * last) is outside, and an inner one that outlives it is split where it
 * ends. All fragments of annotation aN carry the same id; when there are
 * n > 1 of them, fragment k (in document order) also carries
 * data-glossa-part="k/n" and data-glossa-frag="aN-k" (XML: g:part, g:frag),
 * and, unless it is the last, data-glossa-next="aN-(k+1)" (XML: g:next):
 * the frag of the next fragment, so every next names a mark that exists.
 * An empty annotation is an empty mark at its position.
 * Text inside script, style, noscript, textarea, title, xmp, iframe,
 * noembed, noframes and plaintext (HTML) cannot hold markup: it gets no
 * marks, and an annotation over it loses those pieces.
 *
 * HTML and XML are written as the input's own bytes with the marks
 * inserted (splice_doc): each text-node piece's view range is placed in the
 * source by srcpos.h, and the marks go in at those bytes, only where the
 * source has text: never inside a tag, a comment or a reference. A boundary
 * inside a reference's expansion (or an XML entity's replacement) moves to
 * the nearer edge of the reference; text with no place of its own in the
 * bytes (an entity's replacement holding markup) has its marks where the
 * text before it ends. A CDATA section cannot hold an element: at its
 * content's edges the marks go outside it, inside it the section is closed
 * before them and reopened after ("]]>" MARKS "<![CDATA["). Attribute values
 * of the marks hold ASCII only (character references past it), so they read
 * the same in whatever encoding the page declares. Deleting the inserted
 * bytes gives back the input byte for byte (tests/writers/unmark.py).
 * Input this cannot follow (UTF-16, bytes of an encoding other than UTF-8
 * that are not ASCII, text that cannot be found where the parser placed it
 * before any other) is written the old way instead (tree_doc): libxml2's
 * serialisation of a copy of the tree (htmlDocDumpMemoryFormat(…, 0) for
 * HTML, xmlDocDumpMemory for XML), with the same marks; the copy is made
 * without recursion (trees may be 200 000 deep) and the document's own tree
 * is never touched.
 *
 * The output of an HTML page is the page itself, its scripts and event
 * handlers included: opened in a browser, they would run. So the first
 * element of its head is
 *   <meta http-equiv="Content-Security-Policy" content="default-src 'none';
 *         style-src 'unsafe-inline'; form-action 'none'">
 * before any of the page's markup (inserted right after the <head> tag; a
 * page without one gets <head>META</head> after its <html> tag, or its
 * doctype): no script runs, nothing is fetched (images, style sheets,
 * frames), no form is sent; its inline styles still apply. The same for
 * XHTML (an XML document whose root is the XHTML html; <PFX:meta .../>);
 * other XML (SVG, say) has no such element and is written as it is. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "htmlstream.h"
#include "output.h"
#include "utf8.h"
#include "path.h"
#include "srcpos.h"

#define GLOSSA_NS "https://glossa.dev/ns#"

/* ---- strings --------------------------------------------------------------- */

/* Appends s with every invalid UTF-8 sequence and every character XML 1.0
 * forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF) as U+FFFD. */
static int add_clean(buf *b, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    int bad = k == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
              cp == 0xFFFE || cp == 0xFFFF;
    if (bad ? buf_adds(b, "\xEF\xBF\xBD") : buf_add(b, s + i, k)) return -1;
    i += k ? k : 1;
  }
  return 0;
}

/* LABEL as a CSS class name: [A-Za-z0-9_-] kept, other code points '-'. */
static int add_class(buf *b, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (buf_addc(b, ok ? (char)c : '-')) return -1;
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
  }
  return 0;
}

/* Escapes s[0..n) for HTML text (attr: for a double-quoted attribute). A CR
 * is written as a reference, since parsers turn a literal one into LF. */
static int add_escaped(buf *b, const char *s, size_t n, int attr) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    const char *r = c == '&'                  ? "&amp;"
                    : c == '<'                ? "&lt;"
                    : c == '>'                ? "&gt;"
                    : c == '\r'               ? "&#13;"
                    : attr && c == '"'        ? "&quot;"
                    : attr && c == '\n'       ? "&#10;"
                    : attr && c == '\t'       ? "&#9;"
                                              : NULL;
    if (r ? buf_adds(b, r) : buf_addc(b, c)) return -1;
  }
  return 0;
}

/* ---- fragments ------------------------------------------------------------- */

/* What the nesting walk produces, in document order. Annotations are named
 * by their index in output order. */
typedef struct sink {
  int (*open)(void *ud, size_t ai);
  int (*close)(void *ud);
  int (*text)(void *ud, size_t p, size_t q); /* view bytes [p, q) */
  int (*empty)(void *ud, size_t ai);
  void *ud;
} sink;

typedef struct inl {
  const document *d;
  const annot **order; /* output order */
  size_t n;
  size_t *nparts;      /* fragments of each annotation (the counting pass) */
  size_t *done;        /* fragments written so far (the writing pass) */
  unsigned char *emitted; /* empty annotation already placed */
  unsigned char *onstack;
  size_t *act, nact;   /* annotations that may touch the current piece */
  size_t *prio, *stack, *bounds;
} inl;

static int by_prio(const void *a, const void *b, void *ud) {
  const inl *x = ud;
  const annot *p = x->order[*(const size_t *)a], *q = x->order[*(const size_t *)b];
  if (p->start != q->start) return p->start < q->start ? -1 : 1;
  if (p->end != q->end) return p->end > q->end ? -1 : 1;
  return p->seq < q->seq ? -1 : p->seq > q->seq;
}

static int by_size(const void *a, const void *b) {
  size_t p = *(const size_t *)a, q = *(const size_t *)b;
  return p < q ? -1 : p > q;
}

/* Insertion sort by priority: the active list is as short as the deepest
 * overlap, and qsort has no context argument in C17. */
static void sort_prio(inl *x, size_t *v, size_t n) {
  for (size_t i = 1; i < n; i++) {
    size_t t = v[i], j = i;
    while (j > 0 && by_prio(&v[j - 1], &t, x) > 0) v[j] = v[j - 1], j--;
    v[j] = t;
  }
}

/* True when annotation ai has something to show in [s, e]. */
static int touches(const inl *x, size_t ai, size_t s, size_t e) {
  const annot *a = x->order[ai];
  if (a->start == a->end) return !x->emitted[ai] && s <= a->start && a->start <= e;
  return a->start < e && a->end > s;
}

/* Writes the piece [s, e) of the view (one text node's, or the whole view
 * for text input) through k: the active annotations clipped to it, nested
 * with a stack; an annotation that ends while others opened after it are
 * still open closes them, and they reopen as new fragments. */
static int piece(inl *x, size_t s, size_t e, const sink *k) {
  size_t np = 0, nb = 0, depth = 0;
  for (size_t i = 0; i < x->nact; i++) {
    size_t ai = x->act[i];
    if (!touches(x, ai, s, e)) continue;
    const annot *a = x->order[ai];
    x->prio[np++] = ai;
    if (a->start > s && a->start < e) x->bounds[nb++] = a->start;
    if (a->end > s && a->end < e) x->bounds[nb++] = a->end;
  }
  sort_prio(x, x->prio, np);
  x->bounds[nb++] = s;
  x->bounds[nb++] = e;
  qsort(x->bounds, nb, sizeof *x->bounds, by_size);
  for (size_t bi = 0; bi < nb; bi++) {
    size_t p = x->bounds[bi];
    if (bi > 0 && p == x->bounds[bi - 1]) continue;
    /* close from the lowest mark that ends here (everything at the end) */
    size_t keep = 0;
    while (keep < depth && p < e && x->order[x->stack[keep]]->end > p) keep++;
    while (depth > keep) {
      x->onstack[x->stack[--depth]] = 0;
      if (k->close(k->ud)) return -1;
    }
    for (size_t i = 0; i < np; i++) {
      size_t ai = x->prio[i];
      const annot *a = x->order[ai];
      if (a->start == p && a->end == p && !x->emitted[ai]) {
        x->emitted[ai] = 1;
        if (k->empty(k->ud, ai)) return -1;
      }
    }
    if (p == e) break;
    for (size_t i = 0; i < np; i++) {
      size_t ai = x->prio[i];
      const annot *a = x->order[ai];
      if (x->onstack[ai] || a->start > p || a->end <= p) continue;
      x->onstack[ai] = 1;
      x->stack[depth++] = ai;
      if (k->open(k->ud, ai)) return -1;
    }
    size_t q = e;
    for (size_t j = bi + 1; j < nb; j++)
      if (x->bounds[j] > p) {
        q = x->bounds[j];
        break;
      }
    if (k->text(k->ud, p, q)) return -1;
  }
  return 0;
}

/* Brings the active list up to the piece [s, e): adds the annotations that
 * start by e (from *next on, in output order), drops those behind s. */
static void advance(inl *x, size_t *next, size_t s, size_t e) {
  while (*next < x->n && x->order[*next]->start <= e) x->act[x->nact++] = (*next)++;
  size_t w = 0;
  for (size_t i = 0; i < x->nact; i++) {
    const annot *a = x->order[x->act[i]];
    int keep = a->start == a->end ? !x->emitted[x->act[i]] && a->start >= s : a->end > s;
    if (keep) x->act[w++] = x->act[i];
  }
  x->nact = w;
}

static int piece_touched(const inl *x, size_t s, size_t e) {
  for (size_t i = 0; i < x->nact; i++)
    if (touches(x, x->act[i], s, e)) return 1;
  return 0;
}

static int count_open(void *ud, size_t ai) {
  ((inl *)ud)->nparts[ai]++;
  return 0;
}
static int count_close(void *ud) { (void)ud; return 0; }
static int count_text(void *ud, size_t p, size_t q) { (void)ud, (void)p, (void)q; return 0; }
static int count_empty(void *ud, size_t ai) { return count_open(ud, ai); }

/* The fragment number and attribute values of the next fragment of ai. */
typedef struct frag {
  char id[32], part[48], name[48], next[48];
  int split;
} frag;

static void next_frag(inl *x, size_t ai, frag *f) {
  const annot *a = x->order[ai];
  size_t k = ++x->done[ai], n = x->nparts[ai];
  snprintf(f->id, sizeof f->id, "a%lu", a->seq);
  f->split = n > 1;
  snprintf(f->part, sizeof f->part, "%zu/%zu", k, n);
  snprintf(f->name, sizeof f->name, "a%lu-%zu", a->seq, k);
  f->next[0] = '\0';
  if (k < n) snprintf(f->next, sizeof f->next, "a%lu-%zu", a->seq, k + 1);
}

/* ---- text input: a page written directly ------------------------------------- */

typedef struct page {
  inl *x;
  buf *b;
  buf tmp;
} page;

static int page_attr(page *pg, const char *name, const char *value, int clean) {
  pg->tmp.len = 0;
  if (clean ? add_clean(&pg->tmp, value) : buf_adds(&pg->tmp, value)) return -1;
  return buf_printf(pg->b, " %s=\"", name) || add_escaped(pg->b, pg->tmp.s, pg->tmp.len, 1) ||
         buf_addc(pg->b, '"');
}

static int page_open(void *ud, size_t ai) {
  page *pg = ud;
  const annot *a = pg->x->order[ai];
  frag f;
  next_frag(pg->x, ai, &f);
  if (buf_adds(pg->b, "<mark class=\"glossa glossa-") || add_class(pg->b, a->label) ||
      buf_addc(pg->b, '"') || page_attr(pg, "data-glossa-id", f.id, 0) ||
      page_attr(pg, "data-glossa-label", a->label, 1) ||
      (a->note && page_attr(pg, "title", a->note, 1)) ||
      (f.split && page_attr(pg, "data-glossa-part", f.part, 0)) ||
      (f.split && page_attr(pg, "data-glossa-frag", f.name, 0)) ||
      (f.next[0] && page_attr(pg, "data-glossa-next", f.next, 0)))
    return -1;
  return buf_addc(pg->b, '>');
}

static int page_close(void *ud) { return buf_adds(((page *)ud)->b, "</mark>"); }

static int page_text(void *ud, size_t p, size_t q) {
  page *pg = ud;
  return add_escaped(pg->b, pg->x->d->view.s + p, q - p, 0);
}

static int page_empty(void *ud, size_t ai) {
  return page_open(ud, ai) || page_close(ud);
}

static int text_page(inl *x, buf *b) {
  const document *d = x->d;
  page pg = {x, b, BUF_INIT};
  sink k = {page_open, page_close, page_text, page_empty, &pg};
  int rc = buf_adds(b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>") ||
           add_clean(&pg.tmp, path_base(d->name)) ||
           add_escaped(b, pg.tmp.s ? pg.tmp.s : "", pg.tmp.len, 0) ||
           buf_adds(b, "</title></head><body><pre>") ||
           /* a browser drops one newline right after <pre>: give it one */
           (d->view.len && d->view.s[0] == '\n' && buf_addc(b, '\n'));
  size_t next = 0;
  if (!rc) advance(x, &next, 0, d->view.len);
  rc = rc || piece(x, 0, d->view.len, &k) || buf_adds(b, "</pre></body></html>\n");
  buf_free(&pg.tmp);
  return rc ? -1 : 0;
}

/* ---- HTML and XML: the copied tree ------------------------------------------- */

typedef struct tree {
  inl *x;
  xmlDocPtr doc;     /* the copy (owned by out_inline) */
  int xml;           /* XML marks (else HTML) */
  xmlNsPtr ns;       /* the glossa namespace (XML), declared on first use */
  const char *prefix;
  xmlNodePtr node;   /* the copy's text node being replaced */
  const char *content; /* its content, and where the view's piece starts in it */
  size_t s;
  xmlNodePtr *open;  /* the marks open in this piece, outermost first */
  size_t depth;
  buf tmp;
} tree;

/* Links n in before ref, or as the last child of parent (ref NULL). No
 * merging of adjacent text nodes, unlike xmlAddPrevSibling/xmlAddChild. */
static void link_node(xmlNodePtr parent, xmlNodePtr ref, xmlNodePtr n) {
  n->parent = parent;
  n->doc = parent->doc;
  if (ref) {
    n->next = ref;
    n->prev = ref->prev;
    if (ref->prev) ref->prev->next = n;
    else parent->children = n;
    ref->prev = n;
  } else {
    n->next = NULL;
    n->prev = parent->last;
    if (parent->last) parent->last->next = n;
    else parent->children = n;
    parent->last = n;
  }
}

static void attach(tree *t, xmlNodePtr n) {
  if (t->depth) link_node(t->open[t->depth - 1], NULL, n);
  else link_node(t->node->parent, t->node, n);
}

static xmlNodePtr text_piece(tree *t, const char *s, size_t n) {
  xmlNodePtr c = t->node->type == XML_CDATA_SECTION_NODE
                     ? xmlNewCDataBlock(t->doc, BAD_CAST s, (int)n)
                     : xmlNewDocTextLen(t->doc, BAD_CAST s, (int)n);
  if (c && t->node->name == xmlStringTextNoenc) c->name = xmlStringTextNoenc;
  return c;
}

static int tree_text(void *ud, size_t p, size_t q) {
  tree *t = ud;
  xmlNodePtr c = text_piece(t, t->content + (p - t->s), q - p);
  if (!c) return -1;
  attach(t, c);
  return 0;
}

static int set_attr(tree *t, xmlNodePtr m, const char *name, const char *value, int clean) {
  t->tmp.len = 0;
  if (clean ? add_clean(&t->tmp, value) : buf_adds(&t->tmp, value)) return -1;
  const xmlChar *val = BAD_CAST(t->tmp.s ? t->tmp.s : "");
  xmlAttrPtr a = t->xml ? xmlNewNsProp(m, t->ns, BAD_CAST name, val)
                        : xmlNewProp(m, BAD_CAST name, val);
  return a ? 0 : -1;
}

/* The first prefix among g, glossa, g1, g2, … that no element declares. */
static int pick_prefix(xmlNodePtr root, char *out, size_t outsz) {
  int g = 0, glossa = 0;
  unsigned long maxn = 0;
  xmlNodePtr n = root;
  while (n) {
    if (n->type == XML_ELEMENT_NODE)
      for (xmlNsPtr ns = n->nsDef; ns; ns = ns->next) {
        const char *p = (const char *)ns->prefix;
        if (!p) continue;
        if (!strcmp(p, "g")) g = 1;
        else if (!strcmp(p, "glossa")) glossa = 1;
        else if (p[0] == 'g' && p[1] >= '0' && p[1] <= '9') {
          unsigned long v = strtoul(p + 1, NULL, 10);
          if (v > maxn) maxn = v;
        }
      }
    if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) n = n->parent;
    n = n && n != root ? n->next : NULL;
  }
  if (!g) snprintf(out, outsz, "g");
  else if (!glossa) snprintf(out, outsz, "glossa");
  else snprintf(out, outsz, "g%lu", maxn + 1);
  return 0;
}

static int tree_open(void *ud, size_t ai) {
  tree *t = ud;
  const annot *a = t->x->order[ai];
  frag f;
  next_frag(t->x, ai, &f);
  if (t->xml && !t->ns) {
    xmlNodePtr root = xmlDocGetRootElement(t->doc);
    char prefix[32];
    pick_prefix(root, prefix, sizeof prefix);
    t->ns = xmlNewNs(root, BAD_CAST GLOSSA_NS, BAD_CAST prefix);
    if (!t->ns) return -1;
  }
  xmlNodePtr m = xmlNewDocNode(t->doc, t->xml ? t->ns : NULL, BAD_CAST "mark", NULL);
  if (!m) return -1;
  attach(t, m); /* from here on the copy owns m */
  int rc;
  if (t->xml) {
    rc = set_attr(t, m, "id", f.id, 0) || set_attr(t, m, "label", a->label, 1) ||
         (a->note && set_attr(t, m, "note", a->note, 1)) ||
         (f.split && set_attr(t, m, "part", f.part, 0)) ||
         (f.split && set_attr(t, m, "frag", f.name, 0)) ||
         (f.next[0] && set_attr(t, m, "next", f.next, 0));
  } else {
    buf cls = BUF_INIT;
    rc = buf_adds(&cls, "glossa glossa-") || add_class(&cls, a->label) ||
         set_attr(t, m, "class", cls.s, 0) || set_attr(t, m, "data-glossa-id", f.id, 0) ||
         set_attr(t, m, "data-glossa-label", a->label, 1) ||
         (a->note && set_attr(t, m, "title", a->note, 1)) ||
         (f.split && set_attr(t, m, "data-glossa-part", f.part, 0)) ||
         (f.split && set_attr(t, m, "data-glossa-frag", f.name, 0)) ||
         (f.next[0] && set_attr(t, m, "data-glossa-next", f.next, 0));
    buf_free(&cls);
  }
  if (rc) return -1;
  t->open[t->depth++] = m;
  return 0;
}

static int tree_close(void *ud) {
  ((tree *)ud)->depth--;
  return 0;
}

static int tree_empty(void *ud, size_t ai) {
  return tree_open(ud, ai) || tree_close(ud);
}

/* HTML elements whose content is raw text: markup inside would be text. */
static int raw_text_parent(xmlNodePtr n) {
  static const char *const raw[] = {"script", "style", "noscript", "textarea", "title",
                                    "xmp", "iframe", "noembed", "noframes", "plaintext",
                                    NULL};
  xmlNodePtr p = n->parent;
  if (!p || p->type != XML_ELEMENT_NODE) return 0;
  for (const char *const *r = raw; *r; r++)
    if (xmlStrEqual(p->name, BAD_CAST * r)) return 1;
  return 0;
}

typedef struct nodeidx {
  xmlNodePtr node;
  size_t seg;
} nodeidx;

static int by_node(const void *a, const void *b) {
  const nodeidx *p = a, *q = b;
  return p->node < q->node ? -1 : p->node > q->node;
}

/* map[i]: the copy's node for segment i, found by walking both trees in
 * parallel (iteratively: trees may be very deep). */
static int map_copy(const document *d, xmlDocPtr copy, xmlNodePtr *map) {
  const text_view *v = &d->view;
  nodeidx *idx = malloc((v->nsegs ? v->nsegs : 1) * sizeof *idx);
  if (!idx) return -1;
  for (size_t i = 0; i < v->nsegs; i++) idx[i] = (nodeidx){v->segs[i].node, i};
  qsort(idx, v->nsegs, sizeof *idx, by_node);
  xmlNodePtr a = d->xml->children, b = copy->children;
  xmlNodePtr atop = (xmlNodePtr)d->xml;
  int rc = 0;
  while (a) {
    if (!b || a->type != b->type) {
      rc = -1;
      break;
    }
    if (a->type == XML_TEXT_NODE || a->type == XML_CDATA_SECTION_NODE) {
      nodeidx key = {a, 0};
      nodeidx *hit = bsearch(&key, idx, v->nsegs, sizeof *idx, by_node);
      if (hit) map[hit->seg] = b;
    }
    if ((a->type == XML_ELEMENT_NODE || a->type == XML_DOCUMENT_FRAG_NODE) && a->children) {
      a = a->children;
      b = b->children;
      continue;
    }
    while (a != atop && !a->next) {
      a = a->parent;
      b = b ? b->parent : NULL;
    }
    if (a == atop) break;
    a = a->next;
    b = b ? b->next : NULL;
  }
  free(idx);
  return rc;
}

/* True when segment sg can take marks in the copy's node c: not masked,
 * not raw text, and its view text is the end of c's content (the view may
 * drop one leading newline, after <pre>). */
static int usable(const document *d, const text_seg *sg, xmlNodePtr c) {
  if (!c || sg->masked || (d->type == DOC_HTML && raw_text_parent(sg->node))) return 0;
  const char *s = (const char *)c->content;
  size_t n = s ? strlen(s) : 0;
  return n >= sg->len && n - sg->len <= 1 &&
         !memcmp(s + (n - sg->len), d->view.s + sg->start, sg->len);
}

/* Replaces segment sg's node in the copy by its pieces and marks. */
static int tree_segment(tree *t, const text_seg *sg, xmlNodePtr cnode) {
  const char *c = (const char *)cnode->content;
  size_t skip = strlen(c) - sg->len;
  t->node = cnode;
  t->content = c + skip;
  t->s = sg->start;
  t->depth = 0;
  sink k = {tree_open, tree_close, tree_text, tree_empty, t};
  if (skip) {
    xmlNodePtr lead = text_piece(t, c, skip);
    if (!lead) return -1;
    attach(t, lead);
  }
  if (piece(t->x, sg->start, sg->start + sg->len, &k)) return -1;
  xmlUnlinkNode(cnode);
  xmlFreeNode(cnode);
  return 0;
}

/* One pass over the segments: counting (t NULL) or writing. */
static int tree_pass(inl *x, tree *t, xmlNodePtr *map) {
  const text_view *v = &x->d->view;
  sink count = {count_open, count_close, count_text, count_empty, x};
  size_t next = 0;
  x->nact = 0;
  memset(x->emitted, 0, x->n);
  for (size_t i = 0; i < v->nsegs; i++) {
    const text_seg *sg = &v->segs[i];
    size_t s = sg->start, e = s + sg->len;
    advance(x, &next, s, e);
    if (!map[i] || !piece_touched(x, s, e)) continue;
    if (t ? tree_segment(t, sg, map[i]) : piece(x, s, e, &count)) return -1;
  }
  return 0;
}

/* Copies element or leaf a (not its children) as the last child of parent,
 * as xmlCopyDoc would: namespaces, attributes, entity references. Linked
 * without merging adjacent text nodes, so the copy mirrors the tree node
 * for node (map_copy walks both in step). */
static xmlNodePtr copy_node(xmlDocPtr copy, xmlNodePtr parent, xmlNodePtr a) {
  if (a->type == XML_DTD_NODE) {
    if (!copy->intSubset && (copy->intSubset = xmlCopyDtd((xmlDtdPtr)a)) != NULL)
      xmlSetTreeDoc((xmlNodePtr)copy->intSubset, copy);
    xmlNodePtr dtd = (xmlNodePtr)copy->intSubset;
    if (dtd) link_node(parent, NULL, dtd);
    return dtd;
  }
  if (a->type != XML_ELEMENT_NODE) {
    /* leaves: libxml2's copy goes no deeper than an attribute's text */
    xmlNodePtr c = xmlDocCopyNode(a, copy, 1);
    if (c) link_node(parent, NULL, c);
    return c;
  }
  xmlNodePtr c = xmlDocCopyNode(a, copy, 0); /* name and line only */
  if (!c) return NULL;
  link_node(parent, NULL, c);
  if (a->nsDef && !(c->nsDef = xmlCopyNamespaceList(a->nsDef))) return NULL;
  if (a->ns) {
    /* in scope in the copy, else declared at its top, as xmlStaticCopyNode
     * does (namespaces come from XML, whose depth the parser bounds) */
    xmlNsPtr ns = xmlSearchNs(copy, c, a->ns->prefix);
    if (!ns) {
      xmlNsPtr orig = xmlSearchNs(a->doc, a, a->ns->prefix);
      xmlNodePtr top = c;
      while (top->parent) top = top->parent;
      ns = orig ? xmlNewNs(top, orig->href, orig->prefix) : xmlNewNs(c, a->ns->href, a->ns->prefix);
    }
    c->ns = ns;
  }
  if (a->properties && !(c->properties = xmlCopyPropList(c, a->properties))) return NULL;
  return c;
}

/* xmlCopyDoc(doc, 1) without its recursion: libxml2 copies the tree
 * recursively, one C stack frame per level, and a page nested some 60 000
 * deep overflows the stack. Walks the tree iteratively instead. */
static xmlDocPtr copy_doc(xmlDocPtr doc) {
  xmlDocPtr copy = xmlCopyDoc(doc, 0); /* the document's own fields */
  if (!copy) return NULL;
  if (doc->intSubset) {
    /* a DTD's children are declarations: flat */
    copy->intSubset = xmlCopyDtd(doc->intSubset);
    if (!copy->intSubset) goto fail;
    xmlSetTreeDoc((xmlNodePtr)copy->intSubset, copy);
    copy->intSubset->parent = copy;
  }
  if (doc->oldNs && !(copy->oldNs = xmlCopyNamespaceList(doc->oldNs))) goto fail;
  xmlNodePtr top = (xmlNodePtr)doc, a = doc->children, parent = (xmlNodePtr)copy;
  while (a) {
    xmlNodePtr c = copy_node(copy, parent, a);
    if (!c) goto fail;
    if (a->type == XML_ELEMENT_NODE && a->children) {
      a = a->children;
      parent = c;
      continue;
    }
    while (a != top && !a->next) {
      a = a->parent;
      if (a != top) parent = parent->parent;
    }
    a = a == top ? NULL : a->next;
  }
  return copy;
fail:
  xmlFreeDoc(copy);
  return NULL;
}

/* What a page written by -f inline may do when opened: show itself with its
 * inline styles. No script runs (its own <script> elements, event handler
 * attributes, javascript: URLs), nothing is fetched, no form is sent: the
 * policy of -f html (out_html.c) without glossa's own script. */
static const char inline_csp[] =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'";

static const xmlChar xhtml_ns[] = "http://www.w3.org/1999/xhtml";

/* Puts <meta http-equiv="Content-Security-Policy" content=inline_csp> first
 * in the head of the copy (made when there is none), so that the policy
 * holds before any of the page's own markup. HTML, and XHTML (an XML
 * document whose root is html in the XHTML namespace: a browser opening it
 * as such runs its scripts too); other XML is left as it is. */
static int add_csp(xmlDocPtr copy, int xml) {
  xmlNodePtr html = xmlDocGetRootElement(copy);
  if (!html || !xmlStrEqual(html->name, BAD_CAST "html")) return 0;
  xmlNsPtr ns = xml ? html->ns : NULL;
  if (xml && (!ns || !xmlStrEqual(ns->href, xhtml_ns))) return 0;
  xmlNodePtr head = NULL, first = NULL;
  for (xmlNodePtr c = html->children; c && !head; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!first) first = c;
    if (xmlStrEqual(c->name, BAD_CAST "head") && c->ns == ns) head = c;
  }
  if (!head) {
    head = xmlNewDocNode(copy, ns, BAD_CAST "head", NULL);
    if (!head) return -1;
    link_node(html, first, head);
  }
  xmlNodePtr meta = xmlNewDocNode(copy, ns, BAD_CAST "meta", NULL);
  if (!meta) return -1;
  link_node(head, head->children, meta);
  return xmlNewProp(meta, BAD_CAST "http-equiv", BAD_CAST "Content-Security-Policy") &&
                 xmlNewProp(meta, BAD_CAST "content", BAD_CAST inline_csp)
             ? 0
             : -1;
}

static void ignore_error(void *ctx, xmlErrorPtr e) { (void)ctx, (void)e; }

/* libxml2 writes an HTML page in the encoding its http-equiv <meta> names.
 * When that is no encoding a browser knows (glossa read the page as
 * browsers do, ignoring it) or none iconv has, the copy is written in
 * UTF-8 and its <meta> says so. */
static int html_output_encoding(xmlDocPtr copy) {
  const xmlChar *enc = htmlGetMetaEncoding(copy);
  if (!enc) return 0;
  xmlCharEncodingHandlerPtr h = htmlstream_is_label((const char *)enc, strlen((const char *)enc))
                                    ? xmlFindCharEncodingHandler((const char *)enc)
                                    : NULL;
  if (h) {
    xmlCharEncCloseFunc(h);
    return 0;
  }
  return htmlSetMetaEncoding(copy, BAD_CAST "UTF-8") < 0 ? -1 : 0;
}

static int tree_doc(inl *x, buf *b) {
  const document *d = x->d;
  const text_view *v = &d->view;
  /* the copy is this writer's: freed below, whatever happens */
  xmlDocPtr copy = copy_doc(d->xml);
  xmlNodePtr *map = calloc(v->nsegs ? v->nsegs : 1, sizeof *map);
  tree t = {.x = x, .doc = copy, .xml = d->type != DOC_HTML};
  t.open = malloc((x->n ? x->n : 1) * sizeof *t.open);
  int rc = -1;
  if (!copy || !map || !t.open || map_copy(d, copy, map)) goto done;
  for (size_t i = 0; i < v->nsegs; i++)
    if (!usable(d, &v->segs[i], map[i])) map[i] = NULL;
  if (tree_pass(x, NULL, map) || tree_pass(x, &t, map) || add_csp(copy, t.xml)) goto done;
  xmlChar *mem = NULL;
  int size = 0;
  /* libxml2 reports characters the output encoding cannot hold (written as
   * character references instead) to the thread's handler: not a failure */
  if (d->type == DOC_HTML && html_output_encoding(copy)) goto done;
  xmlStructuredErrorFunc fn = xmlStructuredError;
  void *fctx = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(NULL, ignore_error);
  if (d->type == DOC_HTML) {
    htmlDocDumpMemoryFormat(copy, &mem, &size, 0);
  } else {
    xmlDocDumpMemory(copy, &mem, &size);
  }
  xmlSetStructuredErrorFunc(fctx, fn);
  if (mem) {
    rc = buf_add(b, mem, (size_t)size);
    xmlFree(mem);
  }
done:
  if (copy) xmlFreeDoc(copy);
  free(map);
  free(t.open);
  buf_free(&t.tmp);
  return rc;
}

/* ---- HTML and XML: marks inserted into the source bytes ---------------------- */

/* One insertion: text[off, off + len) goes in before source byte at; those
 * at one byte go in the order made (seq). */
typedef struct ins {
  size_t at, seq, off, len;
} ins;

typedef struct splice {
  inl *x;
  srcpos m;
  int xml;
  char prefix[32];
  buf text;     /* every insertion's bytes */
  ins *v;
  size_t n, cap;
  /* the segment being written: where the view's piece is, and the run of
   * events at one source byte not yet made an insertion */
  const text_seg *sg;
  int cdata;
  size_t seg_ss, seg_se;
  size_t cur;      /* view offset of the next event */
  size_t gat, goff; /* the pending group's byte and its start in text */
  int group;
  buf tmp;
} splice;

static int add_ins(splice *sp, size_t at, size_t off) {
  if (sp->n == sp->cap) {
    size_t cap = sp->cap ? sp->cap * 2 : 64;
    ins *v = realloc(sp->v, cap * sizeof *v);
    if (!v) return -1;
    sp->v = v, sp->cap = cap;
  }
  sp->v[sp->n] = (ins){at, sp->n, off, sp->text.len - off};
  sp->n++;
  return 0;
}

/* Makes the pending group an insertion. A CDATA section holds no markup:
 * at its content's edges the group goes outside the section, inside it the
 * section is closed before and reopened after ("]]>" GROUP "<![CDATA["), so
 * the inserted bytes are still one run, and deleting them gives back the
 * section. */
static int flush_group(splice *sp) {
  if (!sp->group) return 0;
  sp->group = 0;
  size_t at = sp->gat, off = sp->goff;
  const char *s = sp->x->d->src;
  size_t n = sp->x->d->srclen;
  if (!sp->xml) /* HTML text of a CDATA section (SVG, MathML): as XML's */
    sp->cdata = srcpos_in_cdata(&sp->m, at, &sp->seg_ss, &sp->seg_se);
  if (sp->cdata) {
    /* outside at an edge, unless another section adjoins there: then
     * "]]>" GROUP "<![CDATA[" always means a split section */
    if (at == sp->seg_ss && at >= 9 && !memcmp(s + at - 9, "<![CDATA[", 9) &&
        !(at >= 12 && !memcmp(s + at - 12, "]]>", 3))) {
      at -= 9;
    } else if (at == sp->seg_se && at + 3 <= n && !memcmp(s + at, "]]>", 3) &&
               !(at + 12 <= n && !memcmp(s + at + 3, "<![CDATA[", 9))) {
      at += 3;
    } else {
      /* wrap: move the group's bytes behind "]]>" and add "<![CDATA[" */
      size_t len = sp->text.len - off;
      if (buf_reserve(&sp->text, len + 12)) return -1;
      memmove(sp->text.s + off + 3, sp->text.s + off, len);
      memcpy(sp->text.s + off, "]]>", 3);
      sp->text.len += 3;
      if (buf_adds(&sp->text, "<![CDATA[")) return -1;
    }
  }
  return add_ins(sp, at, off);
}

/* Starts or continues the group at the source byte of the current view
 * offset. */
static int group_here(splice *sp) {
  size_t at = srcpos_at(&sp->m, sp->cur);
  if (sp->group && at == sp->gat) return 0;
  if (flush_group(sp)) return -1;
  sp->group = 1;
  sp->gat = at;
  sp->goff = sp->text.len;
  return 0;
}

/* An attribute value: clean (add_clean), escaped for a double-quoted value,
 * every character past ASCII as a character reference, so that the marks
 * read the same whatever encoding the page declares. */
static int sp_attr(splice *sp, const char *name, const char *value) {
  sp->tmp.len = 0;
  if (add_clean(&sp->tmp, value)) return -1;
  buf *b = &sp->text;
  if (buf_printf(b, " %s%s%s=\"", sp->xml ? sp->prefix : "", sp->xml ? ":" : "", name))
    return -1;
  const char *s = sp->tmp.s ? sp->tmp.s : "";
  for (size_t i = 0; i < sp->tmp.len;) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) {
      uint32_t cp;
      size_t k = utf8_decode(s + i, sp->tmp.len - i, &cp);
      if (buf_printf(b, "&#x%X;", (unsigned)cp)) return -1;
      i += k ? k : 1;
      continue;
    }
    if (add_escaped(b, s + i, 1, 1)) return -1;
    i++;
  }
  return buf_addc(b, '"');
}

static int sp_tag(splice *sp, size_t ai, int empty) {
  const annot *a = sp->x->order[ai];
  frag f;
  next_frag(sp->x, ai, &f);
  buf *b = &sp->text;
  int rc;
  if (sp->xml) {
    rc = buf_printf(b, "<%s:mark", sp->prefix) || sp_attr(sp, "id", f.id) ||
         sp_attr(sp, "label", a->label) || (a->note && sp_attr(sp, "note", a->note)) ||
         (f.split && sp_attr(sp, "part", f.part)) || (f.split && sp_attr(sp, "frag", f.name)) ||
         (f.next[0] && sp_attr(sp, "next", f.next)) || buf_adds(b, empty ? "/>" : ">");
  } else {
    rc = buf_adds(b, "<mark class=\"glossa glossa-") || add_class(b, a->label) ||
         buf_addc(b, '"') || sp_attr(sp, "data-glossa-id", f.id) ||
         sp_attr(sp, "data-glossa-label", a->label) || (a->note && sp_attr(sp, "title", a->note)) ||
         (f.split && sp_attr(sp, "data-glossa-part", f.part)) ||
         (f.split && sp_attr(sp, "data-glossa-frag", f.name)) ||
         (f.next[0] && sp_attr(sp, "data-glossa-next", f.next)) ||
         buf_adds(b, empty ? "></mark>" : ">");
  }
  return rc ? -1 : 0;
}

static int sp_open(void *ud, size_t ai) {
  splice *sp = ud;
  return group_here(sp) || sp_tag(sp, ai, 0);
}

static int sp_close(void *ud) {
  splice *sp = ud;
  if (group_here(sp)) return -1;
  return sp->xml ? buf_printf(&sp->text, "</%s:mark>", sp->prefix) : buf_adds(&sp->text, "</mark>");
}

static int sp_text(void *ud, size_t p, size_t q) {
  (void)p;
  ((splice *)ud)->cur = q;
  return 0;
}

static int sp_empty(void *ud, size_t ai) {
  splice *sp = ud;
  return group_here(sp) || sp_tag(sp, ai, 1);
}

/* Whether segment sg takes marks: not masked, not raw text (HTML). */
static int takes_marks(const document *d, const text_seg *sg) {
  return !sg->masked && !(d->type == DOC_HTML && raw_text_parent(sg->node));
}

/* HTML: whether segment sg (mapped in m) is text of a CDATA section in a
 * MathML token element (mi, mo, mn, ms, mtext): a mark there is an HTML
 * element, inside which the section reopened after it would be a bogus
 * comment, so such text takes no mark (as raw text). In SVG a mark is an
 * SVG element, and the section is split around it as in XML. */
static int cdata_in_mathml(const document *d, const text_seg *sg, const srcpos *m) {
  static const char *const tokens[] = {"mi", "mo", "mn", "ms", "mtext", NULL};
  xmlNodePtr p = sg->node->parent;
  if (d->type != DOC_HTML || !p || p->type != XML_ELEMENT_NODE) return 0;
  int token = 0;
  for (const char *const *t = tokens; *t && !token; t++) token = xmlStrEqual(p->name, BAD_CAST * t);
  size_t c0, c1;
  for (size_t k = 0; token && k < m->nu; k++)
    if (srcpos_in_cdata(m, m->u[k].ss, &c0, &c1)) return 1;
  return 0;
}

/* One pass over the segments the annotations touch: counting (sp NULL: the
 * fragments each annotation has, and whether every such segment can be
 * found in the source; 1 when one cannot) or writing. */
static int splice_pass(inl *x, splice *sp, srcpos *m) {
  const text_view *v = &x->d->view;
  sink count = {count_open, count_close, count_text, count_empty, x};
  sink k = {sp_open, sp_close, sp_text, sp_empty, sp};
  size_t next = 0;
  x->nact = 0;
  memset(x->emitted, 0, x->n);
  for (size_t i = 0; i < v->nsegs; i++) {
    const text_seg *sg = &v->segs[i];
    size_t s = sg->start, e = s + sg->len;
    advance(x, &next, s, e);
    if (!takes_marks(x->d, sg) || !piece_touched(x, s, e)) continue;
    int rc = srcpos_segment(m, sg);
    if (rc) return rc;
    if (cdata_in_mathml(x->d, sg, m)) continue;
    if (!sp) {
      if (piece(x, s, e, &count)) return -1;
      continue;
    }
    sp->sg = sg;
    sp->cdata = sg->node->type == XML_CDATA_SECTION_NODE && !(m->nu == 1 && m->u[0].ss == m->u[0].se);
    sp->seg_ss = m->u[0].ss;
    sp->seg_se = m->u[m->nu - 1].se;
    sp->cur = s;
    if (piece(x, s, e, &k) || flush_group(sp)) return -1;
  }
  return 0;
}

/* ---- where the page's own markup starts ---- */

static int ci_prefix(const char *s, size_t n, size_t i, const char *w) {
  size_t k = strlen(w);
  return n - i >= k && !strncasecmp(s + i, w, k);
}

/* Past the tag, comment, doctype or processing instruction at s[i] ('<'):
 * quoted attribute values and a doctype's internal subset skipped whole. */
static size_t skip_markup(const char *s, size_t n, size_t i) {
  if (ci_prefix(s, n, i, "<!--")) {
    const char *e = NULL;
    for (size_t j = i + 4; j + 3 <= n; j++)
      if (!memcmp(s + j, "-->", 3)) {
        e = s + j;
        break;
      }
    return e ? (size_t)(e - s) + 3 : n;
  }
  char q = 0;
  int depth = 0;
  for (size_t j = i + 1; j < n; j++) {
    char c = s[j];
    if (q) {
      if (c == q) q = 0;
    } else if (c == '"' || c == '\'') {
      q = c;
    } else if (c == '[') {
      depth++;
    } else if (c == ']' && depth) {
      depth--;
    } else if (c == '>' && !depth) {
      return j + 1;
    }
  }
  return n;
}

static size_t skip_space(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f'))
    i++;
  return i;
}

/* Whether s[i] starts the tag "<NAME" (NAME maybe with a prefix, which is
 * stored in pfx) followed by a space, '>' or '/'. */
static int is_tag(const char *s, size_t n, size_t i, const char *name, char *pfx, size_t pfxsz) {
  if (i >= n || s[i] != '<') return 0;
  size_t j = i + 1, colon = 0;
  while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' && s[j] != '>' &&
         s[j] != '/' && s[j] != '\f') {
    if (s[j] == ':' && !colon) colon = j;
    j++;
  }
  size_t ns = colon ? colon + 1 : i + 1, k = strlen(name);
  if (j - ns != k || strncasecmp(s + ns, name, k)) return 0;
  if (pfx) snprintf(pfx, pfxsz, "%.*s", colon ? (int)(colon - i - 1) : 0, s + i + 1);
  return 1;
}

/* The prolog: byte order mark, spaces, comments, doctype, PIs; returns the
 * offset of the first other thing. */
static size_t past_prolog(const char *s, size_t n, size_t i) {
  for (;;) {
    i = skip_space(s, n, i);
    if (i + 1 < n && s[i] == '<' && (s[i + 1] == '!' || s[i + 1] == '?'))
      i = skip_markup(s, n, i);
    else
      return i;
  }
}

static int sp_insert(splice *sp, size_t at, const char *str) {
  size_t off = sp->text.len;
  return buf_adds(&sp->text, str) || add_ins(sp, at, off);
}

/* The Content-Security-Policy of add_csp, into the bytes: first in the
 * head, right after its start tag; a page without a <head> tag gets
 * <head><meta></head> right after <html> (or after the doctype, when there
 * is no <html> tag either): a browser puts what the page has for its head
 * (a <title> before <body>, say) into that head all the same. */
static int sp_csp(splice *sp) {
  const document *d = sp->x->d;
  const char *s = d->src;
  size_t n = d->srclen;
  size_t i = past_prolog(s, n, sp->m.bom);
  char pfx[64] = "";
  int xml = d->type != DOC_HTML;
  if (xml) {
    xmlNodePtr root = xmlDocGetRootElement(d->xml);
    if (!root || !xmlStrEqual(root->name, BAD_CAST "html") || !root->ns ||
        !xmlStrEqual(root->ns->href, xhtml_ns))
      return 0;
  }
  int html_tag = is_tag(s, n, i, "html", pfx, sizeof pfx);
  if (xml && !html_tag) return 0;
  if (html_tag) i = skip_markup(s, n, i);
  for (;;) {
    i = skip_space(s, n, i);
    if (i + 3 < n && !memcmp(s + i, "<!--", 4)) i = skip_markup(s, n, i);
    else break;
  }
  int head = is_tag(s, n, i, "head", NULL, 0);
  if (head) i = skip_markup(s, n, i);
  else if (html_tag) i = skip_markup(s, n, past_prolog(s, n, sp->m.bom));
  else i = past_prolog(s, n, sp->m.bom);
  buf_free(&sp->tmp);
  const char *p = pfx[0] ? pfx : NULL;
  int rc = xml ? buf_printf(&sp->tmp, "%s%s%s%s<%s%smeta http-equiv=\"Content-Security-Policy\" "
                                      "content=\"%s\"/>%s%s%s%s",
                            head ? "" : "<", head ? "" : (p ? p : ""), head ? "" : (p ? ":" : ""),
                            head ? "" : "head>", p ? p : "", p ? ":" : "", inline_csp,
                            head ? "" : "</", head ? "" : (p ? p : ""),
                            head ? "" : (p ? ":" : ""), head ? "" : "head>")
               : buf_printf(&sp->tmp,
                            "%s<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">%s",
                            head ? "" : "<head>", inline_csp, head ? "" : "</head>");
  if (rc) return -1;
  char *str = buf_detach(&sp->tmp, NULL);
  if (!str) return -1;
  rc = sp_insert(sp, i, str);
  free(str);
  return rc;
}

/* The namespace declaration, right after the root element's name. */
static int sp_xmlns(splice *sp) {
  const char *s = sp->x->d->src;
  size_t n = sp->x->d->srclen;
  size_t i = past_prolog(s, n, sp->m.bom);
  if (i >= n || s[i] != '<') return 1;
  i++;
  while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '>' &&
         s[i] != '/')
    i++;
  buf_free(&sp->tmp);
  if (buf_printf(&sp->tmp, " xmlns:%s=\"%s\"", sp->prefix, GLOSSA_NS)) return -1;
  char *str = buf_detach(&sp->tmp, NULL);
  if (!str) return -1;
  int rc = sp_insert(sp, i, str);
  free(str);
  return rc;
}

static int by_at(const void *a, const void *b) {
  const ins *p = a, *q = b;
  if (p->at != q->at) return p->at < q->at ? -1 : 1;
  return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* Writes d's source with the marks in it; 1 when its text cannot be found
 * in its bytes (the caller writes the tree instead). */
static int splice_doc(inl *x, buf *b) {
  const document *d = x->d;
  splice sp = {.x = x, .xml = d->type != DOC_HTML};
  int rc = srcpos_init(&sp.m, d);
  if (!rc) rc = splice_pass(x, NULL, &sp.m);
  if (rc) goto done;
  size_t marks = 0;
  for (size_t i = 0; i < x->n; i++) marks += x->nparts[i];
  if (sp.xml && marks) pick_prefix(xmlDocGetRootElement(d->xml), sp.prefix, sizeof sp.prefix);
  rc = splice_pass(x, &sp, &sp.m);
  if (!rc && sp.xml && marks) rc = sp_xmlns(&sp);
  if (!rc) rc = sp_csp(&sp);
  if (rc) goto done;
  if (sp.n) qsort(sp.v, sp.n, sizeof *sp.v, by_at);
  size_t from = 0;
  for (size_t i = 0; i < sp.n && !rc; i++) {
    const ins *in = &sp.v[i];
    rc = buf_add(b, d->src + from, in->at - from) || buf_add(b, sp.text.s + in->off, in->len);
    from = in->at;
  }
  if (!rc) rc = buf_add(b, d->src + from, d->srclen - from);
  if (rc) rc = -1;
done:
  srcpos_free(&sp.m);
  buf_free(&sp.text);
  buf_free(&sp.tmp);
  free(sp.v);
  return rc;
}

/* Writes d with its marks into b; *unmarked: the annotations it could put
 * no mark for (all their text in raw text, which holds no markup). */
static int write_inline(buf *b, const document *d, size_t *unmarked) {
  inl x = {.d = d, .n = d->annots.nlive};
  x.order = annot_sorted(&d->annots);
  size_t n = x.n ? x.n : 1;
  x.nparts = calloc(n, sizeof *x.nparts);
  x.done = calloc(n, sizeof *x.done);
  x.emitted = calloc(n, 1);
  x.onstack = calloc(n, 1);
  x.act = malloc(n * sizeof *x.act);
  x.prio = malloc(n * sizeof *x.prio);
  x.stack = malloc(n * sizeof *x.stack);
  x.bounds = malloc((2 * n + 2) * sizeof *x.bounds);
  int rc = -1;
  if (x.order && x.nparts && x.done && x.emitted && x.onstack && x.act && x.prio && x.stack &&
      x.bounds) {
    if (d->type == DOC_TEXT || !d->xml) {
      /* counting pass, then the page */
      sink count = {count_open, count_close, count_text, count_empty, &x};
      size_t next = 0;
      advance(&x, &next, 0, d->view.len);
      rc = piece(&x, 0, d->view.len, &count);
      memset(x.emitted, 0, n);
      x.nact = 0;
      rc = rc || text_page(&x, b);
    } else {
      size_t len = b->len;
      rc = splice_doc(&x, b);
      if (rc == 1) {
        /* the bytes cannot be followed: the tree, serialised */
        b->len = len;
        memset(x.nparts, 0, n * sizeof *x.nparts);
        memset(x.done, 0, n * sizeof *x.done);
        rc = tree_doc(&x, b);
      }
    }
  }
  *unmarked = 0;
  for (size_t i = 0; !rc && i < x.n; i++) *unmarked += x.nparts[i] == 0;
  free(x.order);
  free(x.nparts);
  free(x.done);
  free(x.emitted);
  free(x.onstack);
  free(x.act);
  free(x.prio);
  free(x.stack);
  free(x.bounds);
  return rc ? -1 : 0;
}

int out_inline(buf *b, const document *d, const out_opts *o) {
  (void)o;
  size_t unmarked;
  return write_inline(b, d, &unmarked);
}

int out_inline_doc(buf *b, out_state *st, const document *d, const out_opts *o) {
  (void)o;
  size_t unmarked;
  if (write_inline(b, d, &unmarked)) return -1;
  if (!unmarked || !st) return 0;
  st->left_out += unmarked;
  if (!st->msg) return 0;
  return buf_printf(st->msg,
                    "%s: %zu annotation%s in raw text (script, style, textarea, title, xmp, "
                    "iframe, noembed, noframes, noscript, plaintext, a CDATA section in "
                    "MathML), which holds no markup: left out of -f inline\n",
                    d->shown, unmarked, unmarked == 1 ? "" : "s")
             ? -1
             : 0;
}
