/* -f html: one document as a standalone page to read. The document's own
 * structure is redrawn from the tree (HTML: a whitelist of elements without
 * any attribute, so none of its scripts, styles or resources survive; XML:
 * <div>/<span> named by data-el; text: its paragraphs, white space kept),
 * with its text taken from the text view, so that each annotation becomes
 * <mark class="g-m"> fragments that share its data-id. Notes sit in a side
 * column that inline JavaScript aligns with their spans after layout; a
 * legend counts and toggles each label. Nothing is fetched: a
 * Content-Security-Policy forbids every load but inline CSS and JS. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "output.h"
#include "utf8.h"

/* Quotes in notes longer than this many code points are shortened. */
#define QUOTE_MAX 90
#define QUOTE_HEAD 60
#define QUOTE_TAIL 20
/* Spans longer than this many bytes get a fainter background, so that
 * sentences and paragraphs do not drown the short spans inside them. */
#define WIDE 240
/* Stacking levels drawn apart (.h0 … .hMAX); deeper ones share the last. */
#define HEIGHT_MAX 6

static const char xhtml_ns[] = "http://www.w3.org/1999/xhtml";

/* ---- escaping ---- */

/* s[0..n) as HTML text (attr: also quotes); CR as a reference, because a
 * parser would turn a raw one into LF; each ill-formed UTF-8 sequence (a
 * file name, a record id) as U+FFFD, since the page is UTF-8. */
static int esc(buf *b, const char *s, size_t n, int attr) {
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    const char *e = NULL;
    size_t skip = 1;
    switch (s[i]) {
    case '&': e = "&amp;"; break;
    case '<': e = "&lt;"; break;
    case '>': e = "&gt;"; break;
    case '\r': e = "&#13;"; break;
    case '"': e = attr ? "&quot;" : NULL; break;
    case '\'': e = attr ? "&#39;" : NULL; break;
    default:
      if ((unsigned char)s[i] >= 0x80) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k) {
          i += k - 1;
        } else {
          e = "\xEF\xBF\xBD";
          skip = utf8_bad_len(s + i, n - i);
        }
      }
    }
    if (!e) continue;
    if (buf_add(b, s + run, i - run) || buf_adds(b, e)) return -1;
    run = i + skip;
    i += skip - 1;
  }
  return buf_add(b, s + run, n - run);
}

static int escs(buf *b, const char *s, int attr) { return esc(b, s, strlen(s), attr); }

/* ---- labels and colours ---- */

/* Well-separated hues; a label takes the slot its name hashes to (the next
 * free one when an earlier label in name order holds it), so a label keeps
 * its colour across documents unless it collides. */
typedef struct colour {
  int h, s, l; /* the underline's hue, saturation, lightness */
} colour;
static const colour palette[] = {{212, 70, 40}, {28, 85, 42}, {352, 70, 45}, {172, 75, 28},
                                 {118, 50, 32}, {45, 90, 36}, {282, 55, 42}, {325, 70, 42},
                                 {0, 0, 32}, {85, 60, 30}};
#define NPALETTE (sizeof palette / sizeof palette[0])

static uint32_t fnv1a(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Nesting order: by start, longer first, then creation. */
static int cmp_nest(const void *pa, const void *pb) {
  const annot *a = *(const annot *const *)pa, *b = *(const annot *const *)pb;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end > b->end ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

typedef struct page {
  buf *b;
  const document *d;
  const text_view *v;
  const annot **nest; /* annotations in nesting order */
  size_t n;
  size_t *lab;        /* label index of nest[i] */
  const char **labels; /* distinct labels, by name */
  size_t nlabels;
  size_t *count;      /* annotations per label */
  colour *col;        /* per label */
  size_t *segoff;     /* per segment: its annotations are segann[segoff[i]..segoff[i+1]) */
  size_t *segann;     /* indices into nest */
  /* per-segment scratch */
  size_t *stack, *frag; /* open annotations (indices into nest) and their fragment numbers */
  size_t depth, stackcap;
  int *height;        /* per fragment of the current segment */
  size_t nfrag, fragcap;
  xmlNodePtr root;
  int root_tag;       /* draw the root element itself */
} page;

static size_t label_index(const page *p, const char *label) {
  size_t lo = 0, hi = p->nlabels;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(p->labels[mid], label);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0; /* not reached: every label is in the list */
}

static int labels_build(page *p) {
  size_t n = p->n;
  if (n == 0) return 0;
  p->labels = malloc(n * sizeof *p->labels);
  p->lab = malloc(n * sizeof *p->lab);
  if (!p->labels || !p->lab) return -1;
  for (size_t i = 0; i < n; i++) p->labels[i] = p->nest[i]->label;
  qsort(p->labels, n, sizeof *p->labels, cmp_str);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (k == 0 || strcmp(p->labels[k - 1], p->labels[i])) p->labels[k++] = p->labels[i];
  p->nlabels = k;
  p->count = calloc(k, sizeof *p->count);
  p->col = malloc(k * sizeof *p->col);
  if (!p->count || !p->col) return -1;
  for (size_t i = 0; i < n; i++) p->count[p->lab[i] = label_index(p, p->nest[i]->label)]++;
  int taken[NPALETTE] = {0};
  for (size_t i = 0, extra = 0; i < k; i++) {
    size_t slot = fnv1a(p->labels[i]) % NPALETTE, tries = 0;
    while (taken[slot] && tries < NPALETTE) slot = (slot + 1) % NPALETTE, tries++;
    if (tries < NPALETTE) {
      taken[slot] = 1;
      p->col[i] = palette[slot];
    } else { /* golden-angle steps */
      p->col[i] = (colour){(int)((17 + 137 * ++extra) % 360), 65, 38};
    }
  }
  return 0;
}

/* ---- which annotations touch which segment ---- */

/* One sweep over the segments in view order. A segment lists the non-empty
 * annotations overlapping it and the empty ones at an offset inside it, in
 * nesting order. */
static int segments_index(page *p) {
  const text_view *v = p->v;
  p->segoff = calloc(v->nsegs + 1, sizeof *p->segoff);
  size_t *active = malloc((p->n + 1) * sizeof *active);
  size_t cap = p->n + 16, len = 0, nact = 0, next = 0;
  p->segann = malloc(cap * sizeof *p->segann);
  if (!p->segoff || !active || !p->segann) {
    free(active);
    return -1;
  }
  for (size_t i = 0; i < v->nsegs; i++) {
    size_t s = v->segs[i].start, e = s + v->segs[i].len, keep = 0;
    for (size_t k = 0; k < nact; k++) {
      const annot *a = p->nest[active[k]];
      if (a->end > s || (a->end == s && a->start == a->end)) active[keep++] = active[k];
    }
    nact = keep;
    while (next < p->n && p->nest[next]->start < e) {
      const annot *a = p->nest[next];
      if (a->end > s || (a->start == a->end && a->start >= s)) active[nact++] = next;
      next++;
    }
    if (len + nact > cap) {
      size_t c = cap;
      while (len + nact > c) c *= 2;
      size_t *q = realloc(p->segann, c * sizeof *q);
      if (!q) {
        free(active);
        return -1;
      }
      p->segann = q, cap = c;
    }
    memcpy(p->segann + len, active, nact * sizeof *active);
    len += nact;
    p->segoff[i + 1] = len;
  }
  free(active);
  return 0;
}

/* ---- drawing one segment's text with its marks ---- */

static int scratch_grow(page *p) {
  if (p->depth < p->stackcap) return 0;
  size_t c = p->stackcap ? p->stackcap * 2 : 16;
  size_t *s = realloc(p->stack, c * sizeof *s);
  if (!s) return -1;
  p->stack = s;
  size_t *f = realloc(p->frag, c * sizeof *f);
  if (!f) return -1;
  p->frag = f;
  p->stackcap = c;
  return 0;
}

static int open_mark(page *p, size_t ai, int emit) {
  if (scratch_grow(p)) return -1;
  if (!emit && p->nfrag == p->fragcap) {
    size_t c = p->fragcap ? p->fragcap * 2 : 32;
    int *h = realloc(p->height, c * sizeof *h);
    if (!h) return -1;
    p->height = h, p->fragcap = c;
  }
  size_t f = p->nfrag++;
  if (!emit) p->height[f] = 0;
  p->stack[p->depth] = ai;
  p->frag[p->depth++] = f;
  if (!emit) return 0;
  int h = p->height[f] > HEIGHT_MAX ? HEIGHT_MAX : p->height[f];
  const annot *a = p->nest[ai];
  return buf_printf(p->b, "<mark class=\"g-m l%zu h%d%s\" data-id=\"a%lu\">", p->lab[ai], h,
                    a->end - a->start > WIDE ? " g-w" : "", a->seq);
}

/* Walks seg's text boundary by boundary, keeping the open marks properly
 * nested: where an outer annotation ends inside an inner one, the inner is
 * closed and reopened as a new fragment. The first pass (emit 0) measures
 * each fragment's height (how many marks are ever stacked inside it), the
 * second draws, giving taller fragments a lower underline. */
static int draw_pass(page *p, const text_seg *sg, const size_t *ann, size_t nann, int emit) {
  const char *s = p->v->s;
  size_t pos = sg->start, end = sg->start + sg->len, j = 0;
  p->depth = 0;
  p->nfrag = 0;
  for (;;) {
    /* close from the lowest ending mark up, reopen the survivors above it */
    size_t r = p->depth;
    for (size_t k = 0; k < p->depth; k++)
      if (p->nest[p->stack[k]]->end <= pos) {
        r = k;
        break;
      }
    if (r < p->depth) {
      size_t nkeep = 0, top = p->depth;
      for (size_t k = r; k < top; k++) {
        if (emit && buf_adds(p->b, "</mark>")) return -1;
        if (p->nest[p->stack[k]]->end > pos) p->stack[r + nkeep++] = p->stack[k];
      }
      p->depth = r; /* reopening reads stack[r + k] just before writing it */
      for (size_t k = 0; k < nkeep; k++)
        if (open_mark(p, p->stack[r + k], emit)) return -1;
    }
    if (pos == end) break;
    for (; j < nann && p->nest[ann[j]]->start <= pos; j++) {
      const annot *a = p->nest[ann[j]];
      if (a->start < a->end) {
        if (open_mark(p, ann[j], emit)) return -1;
      } else if (emit && buf_printf(p->b, "<mark class=\"g-m g-empty l%zu h0\" data-id=\"a%lu\"></mark>",
                                    p->lab[ann[j]], a->seq)) {
        return -1;
      }
    }
    size_t next = end;
    if (j < nann && p->nest[ann[j]]->start < next) next = p->nest[ann[j]]->start;
    for (size_t k = 0; k < p->depth; k++)
      if (p->nest[p->stack[k]]->end < next) next = p->nest[p->stack[k]]->end;
    if (!emit)
      for (size_t k = 0; k < p->depth; k++) {
        int h = (int)(p->depth - 1 - k);
        if (h > p->height[p->frag[k]]) p->height[p->frag[k]] = h;
      }
    if (emit && esc(p->b, s + pos, next - pos, 0)) return -1;
    pos = next;
  }
  if (emit)
    for (; p->depth > 0; p->depth--)
      if (buf_adds(p->b, "</mark>")) return -1;
  return 0;
}

static int is_whitespace(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f') return 0;
  return 1;
}

/* Where a parser would move a <mark> out (foster parenting). */
static int in_table_context(xmlNodePtr n) {
  static const char *const tbl[] = {"table", "tbody", "thead", "tfoot", "tr", "colgroup", NULL};
  xmlNodePtr parent = n->parent;
  if (!parent || parent->type != XML_ELEMENT_NODE) return 0;
  for (const char *const *t = tbl; *t; t++)
    if (xmlStrEqual(parent->name, BAD_CAST *t)) return 1;
  return 0;
}

static int draw_text(page *p, xmlNodePtr n, int html) {
  const text_seg *sg = text_seg_of(p->v, n);
  if (!sg || sg->masked) return 0;
  size_t i = (size_t)(sg - p->v->segs);
  const size_t *ann = p->segann + p->segoff[i];
  size_t nann = p->segoff[i + 1] - p->segoff[i];
  if (nann == 0 || (html && in_table_context(n) && is_whitespace(p->v->s + sg->start, sg->len)))
    return esc(p->b, p->v->s + sg->start, sg->len, 0);
  if (draw_pass(p, sg, ann, nann, 0)) return -1;
  return draw_pass(p, sg, ann, nann, 1);
}

/* ---- the document's elements ---- */

typedef enum el_kind {
  EL_SKIP,  /* neither it nor its content */
  EL_BARE,  /* its content without a tag */
  EL_VOID,  /* a tag without content or end tag */
  EL_TAG,   /* start tag, content, end tag */
} el_kind;

typedef struct el_map {
  el_kind kind;
  const char *tag;
  int named; /* data-el="original name" */
} el_map;

static int in_list(const char *const *list, const xmlChar *name) {
  for (; *list; list++)
    if (xmlStrEqual(BAD_CAST *list, name)) return 1;
  return 0;
}

/* HTML elements drawn as themselves (without attributes). */
static const char *const html_kept[] = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "figure", "figcaption", "section", "article", "aside",
    "header", "footer", "nav", "address", "hgroup", "table", "caption",
    "thead", "tbody", "tfoot", "tr", "td", "th", "em", "strong", "b", "i", "u",
    "s", "small", "sub", "sup", "code", "kbd", "samp", "var", "cite", "q", "abbr",
    "dfn", "time", "data", "bdi", "ins", "del", "span", "div", "ruby", "rt", "rp",
    NULL};
/* Ones that only load, run or hide things: not drawn at all. */
static const char *const html_skipped[] = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "base", NULL};
/* Empty ones that would draw something else than text (img, input…): dropped
 * when empty, their content (never, in practice) kept otherwise. */
static const char *const html_void[] = {
    "img", "input", "area", "col", "embed", "param", "source", "track",
    "keygen", "image", NULL};
/* Others become <div> when the text view treats them as blocks, else <span>. */
static const char *const html_blocks[] = {
    "body", "center", "details", "dialog", "dir", "fieldset", "form", "legend",
    "listing", "menu", "option", "summary", "textarea", "optgroup", "select",
    "iframe", "object", "video", "audio", "canvas", "map", "frameset", "frame",
    "html", "main", NULL};

static int is_html_element(const page *p, xmlNodePtr n) {
  if (p->d->type == DOC_HTML) return 1;
  return n->ns && n->ns->href && xmlStrEqual(n->ns->href, BAD_CAST xhtml_ns);
}

static el_map map_element(const page *p, xmlNodePtr n) {
  const xmlChar *name = n->name;
  if (n == p->root && !p->root_tag) return (el_map){EL_BARE, NULL, 0};
  if (p->d->type == DOC_TEXT)
    return xmlStrEqual(name, BAD_CAST "p") ? (el_map){EL_TAG, "p", 0} : (el_map){EL_BARE, NULL, 0};
  if (is_html_element(p, n)) {
    if (in_list(html_skipped, name)) return (el_map){EL_SKIP, NULL, 0};
    if (xmlStrEqual(name, BAD_CAST "br") || xmlStrEqual(name, BAD_CAST "hr") ||
        xmlStrEqual(name, BAD_CAST "wbr"))
      return (el_map){EL_VOID, (const char *)name, 0};
    if (in_list(html_void, name) && !n->children) return (el_map){EL_SKIP, NULL, 0};
    for (const char *const *k = html_kept; *k; k++)
      if (xmlStrEqual(BAD_CAST *k, name)) return (el_map){EL_TAG, *k, 0};
    if (xmlStrEqual(name, BAD_CAST "a")) return (el_map){EL_TAG, "span", 1};
    return (el_map){EL_TAG, in_list(html_blocks, name) ? "div" : "span", 1};
  }
  if ((xmlStrEqual(name, BAD_CAST "lb") || xmlStrEqual(name, BAD_CAST "br")) && !n->children)
    return (el_map){EL_VOID, "br", 1};
  return (el_map){EL_TAG, text_is_block(TEXT_XML, name) ? "div" : "span", 1};
}

static int open_element(page *p, xmlNodePtr n, el_map m) {
  if (m.kind != EL_TAG && m.kind != EL_VOID) return 0;
  if (buf_printf(p->b, "<%s", m.tag)) return -1;
  if (m.named && (buf_adds(p->b, " data-el=\"") || escs(p->b, (const char *)n->name, 1) ||
                  buf_addc(p->b, '"')))
    return -1;
  /* a parser drops a newline right after <pre>: give it one to drop */
  return buf_adds(p->b, strcmp(m.tag, "pre") ? ">" : ">\n");
}

static int close_element(page *p, xmlNodePtr n) {
  el_map m = map_element(p, n);
  return m.kind == EL_TAG ? buf_printf(p->b, "</%s>", m.tag) : 0;
}

/* Draws the subtree at top in document order, without recursion (trees may
 * be very deep). */
static int draw_tree(page *p, xmlNodePtr top) {
  xmlNodePtr n = top;
  for (;;) {
    int down = 0;
    if (n->type == XML_ELEMENT_NODE) {
      el_map m = map_element(p, n);
      if (m.kind == EL_SKIP) goto next;
      if (open_element(p, n, m)) return -1;
      down = m.kind != EL_VOID && n->children;
    } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (draw_text(p, n, is_html_element(p, n->parent ? n->parent : n))) return -1;
    }
    if (down) {
      n = n->children;
      continue;
    }
    if (n->type == XML_ELEMENT_NODE && close_element(p, n)) return -1;
  next:
    for (;;) {
      if (n == top) return 0;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (close_element(p, n)) return -1;
    }
  }
}

static int draw_document(page *p) {
  const document *d = p->d;
  p->root = d->root;
  p->root_tag = d->type == DOC_XML;
  if (!d->root) return 0;
  if (draw_tree(p, d->root)) return -1;
  /* what libxml2 leaves after </body>, which the view (as a browser) puts in body */
  if (d->type == DOC_HTML)
    for (xmlNodePtr up = d->root; up && up->type == XML_ELEMENT_NODE; up = up->parent)
      for (xmlNodePtr s = up->next; s; s = s->next)
        if (draw_tree(p, s)) return -1;
  return 0;
}

/* ---- notes, legend, data ---- */

static int attr_value(buf *b, const annot_attr *a) {
  switch (a->type) {
  case ATTR_STRING: return escs(b, a->s, 0);
  case ATTR_NUMBER: return buf_printf(b, "%.14g", a->n);
  case ATTR_INTEGER: return buf_printf(b, "%lld", a->i);
  case ATTR_BOOL: return buf_adds(b, a->i ? "true" : "false");
  }
  return 0;
}

static int draw_note(page *p, const annot *a) {
  buf *b = p->b;
  const char *q = p->v->s + a->start;
  size_t qn = a->end - a->start, cps = utf8_count(q, qn);
  size_t l = label_index(p, a->label);
  int chip = !a->note && !(a->attrs && a->attrs->n); /* label and quote only */
  if (buf_printf(b, "<div class=\"g-note l%zu%s\" data-id=\"a%lu\" tabindex=\"0\">"
                    "<div class=\"g-nh\"><span class=\"g-lab\">", l, chip ? " g-chip" : "", a->seq) ||
      escs(b, a->label, 0) || buf_adds(b, "</span> <span class=\"g-q\">"))
    return -1;
  if (cps <= QUOTE_MAX) {
    if (esc(b, q, qn, 0)) return -1;
  } else {
    size_t head = utf8_fwd(q, qn, 0, QUOTE_HEAD), tail = utf8_fwd(q, qn, 0, cps - QUOTE_TAIL);
    if (esc(b, q, head, 0) || buf_adds(b, "…") || esc(b, q + tail, qn - tail, 0)) return -1;
  }
  if (buf_adds(b, "</span></div>")) return -1;
  if (a->note && (buf_adds(b, "<div class=\"g-nt\">") || escs(b, a->note, 0) ||
                  buf_adds(b, "</div>")))
    return -1;
  if (a->attrs && a->attrs->n) {
    if (buf_adds(b, "<div class=\"g-at\">")) return -1;
    for (size_t i = 0; i < a->attrs->n; i++) {
      const annot_attr *at = &a->attrs->v[i];
      if (buf_adds(b, "<span><b>") || escs(b, at->key, 0) || buf_adds(b, "</b>=") ||
          attr_value(b, at) || buf_adds(b, "</span> "))
        return -1;
    }
    if (buf_adds(b, "</div>")) return -1;
  }
  return buf_adds(b, "</div>\n");
}


/* The annotations as JSON for scripts and tests, safe inside <script>: every
 * '<' (only ever inside strings) is written \u003c, so no "</script>" or
 * "<!--" can appear. */
static int draw_data(page *p, const annot **order) {
  buf j = BUF_INIT;
  const text_view *v = p->v;
  int rc = buf_adds(&j, "{\"name\":") || json_cstr(&j, p->d->name) ||
           buf_adds(&j, ",\"type\":") || json_cstr(&j, doc_type_name(p->d->type)) ||
           buf_adds(&j, ",\"annotations\":[");
  for (size_t i = 0; i < p->n && !rc; i++) {
    const annot *a = order[i];
    rc = buf_printf(&j, "%s\n{\"id\":\"a%lu\",\"label\":", i ? "," : "", a->seq) ||
         json_cstr(&j, a->label) || buf_adds(&j, ",\"note\":") || json_cstr(&j, a->note) ||
         buf_adds(&j, ",\"attrs\":") || json_attrs(&j, a->attrs) ||
         buf_printf(&j, ",\"start\":%zu,\"end\":%zu,\"exact\":", text_cp(v, a->start),
                    text_cp(v, a->end)) ||
         json_str(&j, v->s + a->start, a->end - a->start) || buf_addc(&j, '}');
  }
  rc = rc || buf_adds(&j, "]}");
  if (!rc && buf_adds(p->b, "<script type=\"application/json\" id=\"g-data\">")) rc = -1;
  size_t run = 0;
  for (size_t i = 0; i < j.len && !rc; i++) {
    if (j.s[i] != '<') continue;
    rc = buf_add(p->b, j.s + run, i - run) || buf_adds(p->b, "\\u003c");
    run = i + 1;
  }
  rc = rc || buf_add(p->b, j.s + run, j.len - run) || buf_adds(p->b, "</script>\n");
  buf_free(&j);
  return rc ? -1 : 0;
}

static const char css[] =
    ":root{--ink:#1f2328;--muted:#656d76;--line:#d8dee4;--paper:#fff;--desk:#f3f1ec;"
    "--sans:system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",\"Liberation Sans\",sans-serif;"
    "--serif:Charter,\"Bitstream Charter\",\"Iowan Old Style\",Georgia,\"DejaVu Serif\",\"Liberation Serif\",serif}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--desk);color:var(--ink);font-family:var(--sans)}\n"
    ".g-top{position:sticky;top:0;z-index:10;background:rgba(255,255,255,.96);"
    "border-bottom:1px solid var(--line);padding:.7rem 1.5rem .6rem;box-shadow:0 1px 3px rgba(0,0,0,.04)}\n"
    ".g-top h1{font-size:1.05rem;margin:0 0 .35rem;font-weight:600;word-break:break-all}\n"
    ".g-top h1 small{font-weight:400;color:var(--muted);margin-left:.6rem;font-size:.85rem}\n"
    ".g-legend{display:flex;flex-wrap:wrap;gap:.35rem .5rem;margin:0;padding:0;list-style:none;font-size:.82rem}\n"
    ".g-key{display:inline-flex;align-items:center;gap:.35rem;padding:.12rem .55rem .12rem .35rem;"
    "border:1px solid var(--line);border-radius:999px;cursor:pointer;user-select:none;background:#fff}\n"
    ".g-key input{margin:0;accent-color:var(--c)}\n"
    ".g-sw{width:.8rem;height:.8rem;border-radius:3px;background:var(--b);border-bottom:2px solid var(--c)}\n"
    ".g-key .g-n{color:var(--muted);font-variant-numeric:tabular-nums}\n"
    ".g-wrap{display:grid;grid-template-columns:minmax(0,44rem) minmax(16rem,25rem);gap:1.75rem;"
    "justify-content:center;padding:1.75rem 1.5rem 4rem}\n"
    ".g-doc{background:var(--paper);border:1px solid var(--line);border-radius:6px;padding:2rem 2.6rem;"
    "font:17px/2.05 var(--serif);overflow-wrap:break-word;min-width:0}\n"
    ".g-doc h1,.g-doc h2,.g-doc h3,.g-doc h4,.g-doc h5,.g-doc h6{font-family:var(--sans);line-height:1.6;margin:1.1em 0 .5em}\n"
    ".g-doc h1{font-size:1.55em}.g-doc h2{font-size:1.3em}.g-doc h3{font-size:1.12em}\n"
    ".g-doc p{margin:0 0 .9em}\n"
    ".g-doc blockquote{margin:1em 0;padding:.1em 0 .1em 1.1em;border-left:3px solid var(--line);color:#3d444d}\n"
    ".g-doc pre,.g-doc code,.g-doc kbd,.g-doc samp{font-family:\"DejaVu Sans Mono\",monospace;font-size:.88em}\n"
    ".g-doc pre{white-space:pre-wrap}\n"
    ".g-doc [data-el=a]{color:#0b5cad;text-decoration:underline;text-decoration-color:#9bbbe0}\n"
    ".g-doc table{border-collapse:collapse}.g-doc td,.g-doc th{border:1px solid var(--line);padding:.2em .5em}\n"
    ".g-doc div[data-el]{margin:.35em 0}\n"
    ".g-xml [data-el=head],.g-xml [data-el=title]{font-family:var(--sans);font-weight:600}\n"
    ".g-xml [data-el=teiHeader]{color:var(--muted);font-size:.9em;border-bottom:1px solid var(--line);margin-bottom:1em}\n"
    ".g-plain{white-space:pre-wrap;line-height:1.8}.g-plain p{margin:0}\n"
    ".g-m{background:var(--b);border-bottom:2px solid var(--c);padding:0 0 1px;cursor:pointer;"
    "border-radius:2px;scroll-margin:8rem 0}\n"
    ".g-m.h1{padding-bottom:4px}.g-m.h2{padding-bottom:7px}.g-m.h3{padding-bottom:10px}"
    ".g-m.h4{padding-bottom:13px}.g-m.h5{padding-bottom:16px}.g-m.h6{padding-bottom:19px}\n"
    ".g-m.g-w{background:var(--w)}\n"
    ".g-m.g-empty{border-bottom:0;border-left:2px solid var(--c);padding:0;margin:0 -1px}\n"
    ".g-m.g-hot{box-shadow:0 0 0 2px var(--c)}\n"
    ".g-flash{animation:g-flash 1.6s ease-out}\n"
    "@keyframes g-flash{0%,35%{box-shadow:0 0 0 3px var(--c);background:var(--f)}100%{box-shadow:0 0 0 0 transparent}}\n"
    ".g-notes{position:relative;font-size:.8rem;line-height:1.45;min-width:0}\n"
    ".g-notes-empty{color:var(--muted)}\n"
    ".g-note{position:absolute;left:0;right:0;background:#fff;border:1px solid var(--line);"
    "border-left:4px solid var(--c);border-radius:4px;padding:.3rem .55rem;cursor:pointer;"
    "scroll-margin:8rem 0;transition:top .15s}\n"
    ".g-note:hover,.g-note:focus,.g-note.g-hot{box-shadow:0 1px 6px rgba(0,0,0,.15);outline:none;z-index:2}\n"
    ".g-note.g-chip{right:auto;max-width:100%;padding:.12rem .5rem .12rem .45rem}\n"
    ".g-nh{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\n"
    ".g-lab{font-weight:600;color:var(--c);font-size:.7rem;text-transform:uppercase;letter-spacing:.03em}\n"
    ".g-q{font-family:var(--serif);color:#3d444d}\n"
    ".g-q::before{content:\"\\201C\"}.g-q::after{content:\"\\201D\"}\n"
    ".g-nt{margin-top:.15rem;font-weight:500}\n"
    ".g-at{margin-top:.15rem;color:var(--muted);font-size:.76rem}.g-at b{font-weight:600}\n"
    "@media (max-width:900px){.g-wrap{grid-template-columns:minmax(0,1fr)}"
    ".g-note{position:static;margin-bottom:.4rem}.g-note.g-chip{display:inline-block;margin-right:.3rem}.g-notes{min-height:0!important}}\n";

static const char js[] =
    "(function () {\n"
    "  'use strict';\n"
    "  var root = document.documentElement;\n"
    "  var docEl = document.getElementById('g-doc');\n"
    "  var col = document.getElementById('g-notes');\n"
    "  var notes = Array.prototype.slice.call(col.querySelectorAll('.g-note'));\n"
    "  var frags = {}, byId = {};\n"
    "  Array.prototype.forEach.call(docEl.querySelectorAll('.g-m'), function (m) {\n"
    "    var id = m.getAttribute('data-id');\n"
    "    (frags[id] || (frags[id] = [])).push(m);\n"
    "  });\n"
    "  notes.forEach(function (n) { byId[n.getAttribute('data-id')] = n; });\n"
    "  function shown(el) { return !!el && el.getClientRects().length > 0; }\n"
    "  function labelOn(el) {\n"
    "    var m = /(?:^| )l(\\d+)(?: |$)/.exec(el.className);\n"
    "    return !m || !root.classList.contains('g-off-' + m[1]);\n"
    "  }\n"
    "  /* Each note as near its span's first line as the notes above it allow;\n"
    "     chips (label and quote only) share a row while they fit and their\n"
    "     spans start no lower than the row. */\n"
    "  function layout() {\n"
    "    if (getComputedStyle(notes.length ? notes[0] : col).position !== 'absolute') return;\n"
    "    var base = col.getBoundingClientRect().top, width = col.clientWidth;\n"
    "    var y = 0, x = 0, rowTop = -1, rowBottom = 0;\n"
    "    notes.forEach(function (n) {\n"
    "      if (!labelOn(n)) return;\n"
    "      var f = frags[n.getAttribute('data-id')] || [], want = y;\n"
    "      for (var i = 0; i < f.length; i++) {\n"
    "        var r = f[i].getClientRects();\n"
    "        if (r.length) { want = r[0].top - base; break; }\n"
    "      }\n"
    "      if (n.classList.contains('g-chip')) {\n"
    "        var w = n.offsetWidth;\n"
    "        if (rowTop >= 0 && x + w <= width && want <= rowTop + 1) {\n"
    "          n.style.left = x + 'px';\n"
    "          n.style.top = rowTop + 'px';\n"
    "          x += w + 4;\n"
    "          rowBottom = Math.max(rowBottom, rowTop + n.offsetHeight);\n"
    "          y = rowBottom + 4;\n"
    "          return;\n"
    "        }\n"
    "        rowTop = Math.max(want, y);\n"
    "        n.style.left = '0px';\n"
    "        n.style.top = rowTop + 'px';\n"
    "        x = w + 4;\n"
    "        rowBottom = rowTop + n.offsetHeight;\n"
    "        y = rowBottom + 4;\n"
    "        return;\n"
    "      }\n"
    "      rowTop = -1;\n"
    "      var top = Math.max(want, y);\n"
    "      n.style.top = top + 'px';\n"
    "      y = top + n.offsetHeight + 6;\n"
    "    });\n"
    "    col.style.minHeight = y + 'px';\n"
    "  }\n"
    "  function flash(els) {\n"
    "    els.forEach(function (el) {\n"
    "      el.classList.remove('g-flash');\n"
    "      void el.offsetWidth;\n"
    "      el.classList.add('g-flash');\n"
    "    });\n"
    "    setTimeout(function () {\n"
    "      els.forEach(function (el) { el.classList.remove('g-flash'); });\n"
    "    }, 1700);\n"
    "  }\n"
    "  function toSpan(n) {\n"
    "    var f = frags[n.getAttribute('data-id')];\n"
    "    if (!f || !f.length) return;\n"
    "    f[0].scrollIntoView({block: 'center'});\n"
    "    flash(f);\n"
    "  }\n"
    "  col.addEventListener('click', function (e) {\n"
    "    var n = e.target.closest('.g-note');\n"
    "    if (n) toSpan(n);\n"
    "  });\n"
    "  col.addEventListener('keydown', function (e) {\n"
    "    var n = e.target.closest('.g-note');\n"
    "    if (n && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); toSpan(n); }\n"
    "  });\n"
    "  docEl.addEventListener('click', function (e) {\n"
    "    var m = e.target.closest ? e.target.closest('.g-m') : null;\n"
    "    while (m && !(labelOn(m) && shown(byId[m.getAttribute('data-id')])))\n"
    "      m = m.parentElement.closest('.g-m');\n"
    "    if (!m) return;\n"
    "    var n = byId[m.getAttribute('data-id')];\n"
    "    n.scrollIntoView({block: 'center'});\n"
    "    flash([n]);\n"
    "  });\n"
    "  function hot(e, on) {\n"
    "    var n = e.target.closest('.g-note');\n"
    "    if (!n) return;\n"
    "    (frags[n.getAttribute('data-id')] || []).forEach(function (m) { m.classList.toggle('g-hot', on); });\n"
    "  }\n"
    "  col.addEventListener('mouseover', function (e) { hot(e, true); });\n"
    "  col.addEventListener('mouseout', function (e) { hot(e, false); });\n"
    "  document.getElementById('g-legend').addEventListener('change', function (e) {\n"
    "    var c = e.target, l = c.getAttribute('data-l');\n"
    "    if (l === null) return;\n"
    "    root.classList.toggle('g-off-' + l, !c.checked);\n"
    "    layout();\n"
    "  });\n"
    "  /* #hide=LABEL,LABEL starts with those labels off */\n"
    "  var hm = /(?:^#|&)hide=([^&]*)/.exec(location.hash);\n"
    "  if (hm) {\n"
    "    var hide = hm[1].split(',').map(function (s) {\n"
    "      try { return decodeURIComponent(s); } catch (e) { return s; }\n"
    "    });\n"
    "    Array.prototype.forEach.call(document.querySelectorAll('#g-legend input[data-l]'), function (c) {\n"
    "      if (hide.indexOf(c.parentNode.querySelector('.g-name').textContent) < 0) return;\n"
    "      c.checked = false;\n"
    "      root.classList.add('g-off-' + c.getAttribute('data-l'));\n"
    "    });\n"
    "  }\n"
    "  layout();\n"
    "  window.addEventListener('load', layout);\n"
    "  window.addEventListener('resize', layout);\n"
    "  if (document.fonts && document.fonts.ready) document.fonts.ready.then(layout);\n"
    "  root.setAttribute('data-glossa', 'ready');\n"
    "})();\n";

static int draw_page(page *p, const annot **order) {
  buf *b = p->b;
  const document *d = p->d;
  int rc = buf_adds(b, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"glossa\">\n<title>") ||
           escs(b, d->name, 0) || buf_adds(b, " — glossa</title>\n<style>\n") ||
           buf_adds(b, css);
  for (size_t i = 0; i < p->nlabels && !rc; i++) {
    colour c = p->col[i];
    int bs = c.s + 20 > 90 ? 90 : c.s + 20;
    rc = buf_printf(b, ".l%zu{--c:hsl(%d,%d%%,%d%%);--b:hsla(%d,%d%%,55%%,.17);"
                       "--w:hsla(%d,%d%%,55%%,.08);--f:hsla(%d,%d%%,55%%,.55)}\n"
                       ".g-off-%zu .g-m.l%zu{background:none;border-color:transparent;cursor:auto}"
                       ".g-off-%zu .g-note.l%zu{display:none}\n",
                    i, c.h, c.s, c.l, c.h, bs, c.h, bs, c.h, bs, i, i, i, i);
  }
  rc = rc || buf_adds(b, "</style>\n</head>\n<body>\n<header class=\"g-top\"><h1>") ||
       escs(b, d->name, 0) ||
       buf_printf(b, "<small id=\"g-count\">%zu annotation%s · %s</small></h1>\n", p->n,
                  p->n == 1 ? "" : "s", doc_type_name(d->type)) ||
       buf_adds(b, "<ul class=\"g-legend\" id=\"g-legend\">");
  for (size_t i = 0; i < p->nlabels && !rc; i++)
    rc = buf_printf(b, "<li><label class=\"g-key l%zu\"><input type=\"checkbox\" checked data-l=\"%zu\">"
                       "<span class=\"g-sw\"></span><span class=\"g-name\">", i, i) ||
         escs(b, p->labels[i], 0) ||
         buf_printf(b, "</span><span class=\"g-n\">%zu</span></label></li>", p->count[i]);
  rc = rc || buf_printf(b, "</ul>\n</header>\n<div class=\"g-wrap\">\n<main class=\"g-doc %s\" id=\"g-doc\">",
                        d->type == DOC_TEXT ? "g-plain" : d->type == DOC_HTML ? "g-html" : "g-xml") ||
       draw_document(p) || buf_adds(b, "</main>\n<aside class=\"g-notes\" id=\"g-notes\">\n");
  if (!rc && p->n == 0) rc = buf_adds(b, "<p class=\"g-notes-empty\">No annotations.</p>\n");
  for (size_t i = 0; i < p->n && !rc; i++) rc = draw_note(p, order[i]);
  rc = rc || buf_adds(b, "</aside>\n</div>\n") || draw_data(p, order) ||
       buf_adds(b, "<script>\n") || buf_adds(b, js) || buf_adds(b, "</script>\n</body>\n</html>\n");
  return rc ? -1 : 0;
}

int out_html(buf *b, const document *d, const out_opts *o) {
  (void)o;
  page p = {.b = b, .d = d, .v = &d->view, .n = d->annots.nlive};
  const annot **order = annot_sorted(&d->annots);
  p.nest = malloc((p.n + 1) * sizeof *p.nest);
  int rc = -1;
  if (!order || !p.nest) goto done;
  memcpy(p.nest, order, p.n * sizeof *p.nest);
  qsort(p.nest, p.n, sizeof *p.nest, cmp_nest);
  if (labels_build(&p) || segments_index(&p)) goto done;
  rc = draw_page(&p, order);
done:
  free(order);
  free(p.nest);
  free(p.lab);
  free(p.labels);
  free(p.count);
  free(p.col);
  free(p.segoff);
  free(p.segann);
  free(p.stack);
  free(p.frag);
  free(p.height);
  return rc;
}
