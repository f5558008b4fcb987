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
 * data-glossa-part="k/n" (XML: g:part) and, unless it is the last,
 * data-glossa-next="aN-(k+1)" (XML: g:next), "aN-k" being the name of
 * fragment k. An empty annotation is an empty mark at its position.
 * Text inside script, style, noscript, textarea, title, xmp, iframe,
 * noembed, noframes and plaintext (HTML) cannot hold markup: it gets no
 * marks, and an annotation over it loses those pieces.
 *
 * Everything outside the marks is libxml2's serialisation of the input tree
 * (htmlDocDumpMemoryFormat(…, 0) for HTML, xmlDocDumpMemory for XML): the
 * writer copies the document's tree (without recursion: trees may be
 * 200 000 deep), splits the copy's text nodes, wraps the pieces, serialises
 * the copy and frees it. The document's own tree is never touched.
 *
 * The output of an HTML page is the page itself, its scripts and event
 * handlers included: opened in a browser, they would run. So the first
 * element of its head (made if it has none) is
 *   <meta http-equiv="Content-Security-Policy" content="default-src 'none';
 *         style-src 'unsafe-inline'; form-action 'none'">
 * before any of the page's markup: no script runs, nothing is fetched
 * (images, style sheets, frames), no form is sent; its inline styles still
 * apply. The same for XHTML (an XML document whose root is the XHTML html);
 * other XML (SVG, say) has no such element and is written as it is. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "htmlstream.h"
#include "output.h"
#include "utf8.h"
#include "path.h"

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
  char id[32], part[48], next[48];
  int split;
} frag;

static void next_frag(inl *x, size_t ai, frag *f) {
  const annot *a = x->order[ai];
  size_t k = ++x->done[ai], n = x->nparts[ai];
  snprintf(f->id, sizeof f->id, "a%lu", a->seq);
  f->split = n > 1;
  snprintf(f->part, sizeof f->part, "%zu/%zu", k, n);
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
         (f.next[0] && set_attr(t, m, "next", f.next, 0));
  } else {
    buf cls = BUF_INIT;
    rc = buf_adds(&cls, "glossa glossa-") || add_class(&cls, a->label) ||
         set_attr(t, m, "class", cls.s, 0) || set_attr(t, m, "data-glossa-id", f.id, 0) ||
         set_attr(t, m, "data-glossa-label", a->label, 1) ||
         (a->note && set_attr(t, m, "title", a->note, 1)) ||
         (f.split && set_attr(t, m, "data-glossa-part", f.part, 0)) ||
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

int out_inline(buf *b, const document *d, const out_opts *o) {
  (void)o;
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
      rc = tree_doc(&x, b);
    }
  }
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
