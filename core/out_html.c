/* -f html: one document as a standalone page to read. The document's own
 * structure is redrawn from the tree (HTML: a whitelist of elements without
 * any attribute, so none of its scripts, styles or resources survive; XML:
 * <div>/<span> named by data-el; text: its paragraphs, white space kept),
 * with its text taken from the text view, so that each annotation becomes
 * <mark class="g-m"> fragments that share its data-id. Notes sit in a side
 * column that inline JavaScript aligns with their spans after layout; a
 * legend counts and toggles each label. Nothing is fetched: a
 * Content-Security-Policy forbids every load but inline CSS and JS. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "json.h"
#include "output.h"
#include "outstyle.h"
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

/* The default colours, twelve that stay apart (CIE76 distance 26 or more
 * between any two): Okabe and Ito's seven (without black, which as a tint is
 * the grey of plain text), then Tableau 10's red, teal and brown and
 * Tableau's (D3 category10) purple and green. A label takes the slot its
 * name hashes to (FNV-1a), or the next free one when a label before it in
 * name order holds it: up to twelve labels of a document are always apart,
 * and a label keeps its colour across documents unless it collides. Beyond
 * twelve, golden-angle hues. glossa.style, then --style, come first. */
static const uint32_t palette[] = {0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00,
                                   0xCC79A7, 0xE15759, 0x76B7B2, 0x9C755F, 0x9467BD, 0x2CA02C};
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
  const out_opts *o;
  const text_view *v;
  const annot **nest; /* annotations in nesting order */
  size_t n;
  size_t *lab;        /* label index of nest[i] */
  const char **labels; /* distinct labels, by name */
  size_t nlabels;
  size_t *count;      /* annotations per label */
  uint32_t *col;      /* per label: 0xRRGGBB */
  size_t *segoff;     /* per segment: its annotations are segann[segoff[i]..segoff[i+1]) */
  size_t *segann;     /* indices into nest */
  /* per-segment scratch */
  size_t *stack, *frag; /* open annotations (indices into nest) and their fragment numbers */
  size_t depth, stackcap;
  int *height;        /* per fragment of the current segment */
  size_t nfrag, fragcap;
  xmlNodePtr root;
  int root_tag;       /* draw the root element itself */
  /* folding (HTML): the outermost element drawn folded, or NULL; text
   * starts of the elements that hold the content (main, article, h1),
   * which are never folded away */
  xmlNodePtr fold;
  size_t *content, ncontent;
} page;

/* hsl(h, 65%, 42%) as 0xRRGGBB. */
static uint32_t hue_rgb(unsigned h) {
  double l = .42, c = (1 - fabs(2 * l - 1)) * .65, hh = (h % 360) / 60.0;
  double x = c * (1 - fabs(fmod(hh, 2) - 1)), m = l - c / 2, r = 0, g = 0, b = 0;
  switch ((int)hh) {
  case 0: r = c, g = x; break;
  case 1: r = x, g = c; break;
  case 2: g = c, b = x; break;
  case 3: g = x, b = c; break;
  case 4: r = x, b = c; break;
  default: r = c, b = x;
  }
  return (uint32_t)((r + m) * 255 + .5) << 16 | (uint32_t)((g + m) * 255 + .5) << 8 |
         (uint32_t)((b + m) * 255 + .5);
}

/* The colours of the k labels (sorted, distinct) into col. */
static void html_colours(const char *const *labels, size_t k, const out_opts *o, uint32_t *col) {
  int taken[NPALETTE] = {0};
  unsigned extra = 0;
  for (size_t i = 0; i < k; i++) {
    if (o && (outstyle_get(o->script_style, labels[i], &col[i]) || outstyle_get(o->style, labels[i], &col[i])))
      continue;
    size_t slot = fnv1a(labels[i]) % NPALETTE, tries = 0;
    while (taken[slot] && tries < NPALETTE) slot = (slot + 1) % NPALETTE, tries++;
    if (tries < NPALETTE) {
      taken[slot] = 1;
      col[i] = palette[slot];
    } else {
      col[i] = hue_rgb(17 + 137 * ++extra);
    }
  }
}

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
  html_colours(p->labels, k, p->o, p->col);
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

/* ---- attributes kept: language and direction ---- */

/* The value of n's attribute name (HTML: any case; xml: also xml:NAME),
 * when it is one text node; NULL otherwise. Nothing allocated. */
static const char *prop(xmlNodePtr n, const char *name, int xml) {
  for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next) {
    if (!a->name || xmlStrcasecmp(a->name, BAD_CAST name)) continue;
    if (a->ns && !(xml && a->ns->prefix && xmlStrEqual(a->ns->prefix, BAD_CAST "xml"))) continue;
    if (!a->ns && xml == 2) continue; /* XML: only xml:lang */
    if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
      return (const char *)a->children->content;
    return a->children ? NULL : "";
  }
  return NULL;
}

/* A language tag as written, when it looks like one (letters, digits and
 * '-', at most 35); else NULL. */
static const char *lang_ok(const char *l) {
  size_t i = 0;
  if (!l) return NULL;
  for (; l[i]; i++)
    if (i >= 35 || !((l[i] >= 'a' && l[i] <= 'z') || (l[i] >= 'A' && l[i] <= 'Z') ||
                     (l[i] >= '0' && l[i] <= '9') || l[i] == '-'))
      return NULL;
  return i ? l : NULL;
}

static const char *dir_ok(const char *d) {
  static const char *const dirs[] = {"ltr", "rtl", "auto"};
  for (size_t i = 0; d && i < 3; i++)
    if (!xmlStrcasecmp(BAD_CAST d, BAD_CAST dirs[i])) return dirs[i];
  return NULL;
}

/* Whether a language (its primary subtag) is written right to left. */
static int rtl_lang(const char *l) {
  static const char *const rtl[] = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps",
                                    "sd", "syr", "ug", "ur", "yi", NULL};
  size_t n = strcspn(l, "-_");
  for (const char *const *r = rtl; *r; r++)
    if (strlen(*r) == n && !xmlStrncasecmp(BAD_CAST l, BAD_CAST *r, (int)n)) return 1;
  return 0;
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

/* ---- folding what a page's stylesheet hid or set aside ---- */

/* The page's CSS is not drawn, but its structure is: menus, banners and
 * what it hid would come first as plain text and push the content down.
 * So an HTML block is drawn folded (in a closed <details> whose summary
 * says why) when it is hidden (the hidden attribute, aria-hidden="true",
 * display:none or visibility:hidden in its style attribute), a menu (<nav>,
 * role navigation, menu, menubar, search, banner, contentinfo or
 * complementary, a class or id with the word menu, nav, navbar, navigation,
 * sidebar, breadcrumb(s), submenu or dropdown), a form, or a header, footer
 * or aside outside any main or article, unless it holds content (main,
 * article, role main, h1) or is part of a table. A hidden inline element is
 * drawn dimmed instead. Text and annotations stay, folded or not. */

static int has_word(const char *v, const char *const *words) {
  while (v && *v) {
    while (*v && !((*v | 32) >= 'a' && (*v | 32) <= 'z') && !(*v >= '0' && *v <= '9')) v++;
    const char *w = v;
    while ((*v | 32) >= 'a' && (*v | 32) <= 'z') v++;
    while (*v >= '0' && *v <= '9') v++;
    for (const char *const *k = words; *k && v > w; k++)
      if (strlen(*k) == (size_t)(v - w) && !xmlStrncasecmp(BAD_CAST w, BAD_CAST *k, (int)(v - w))) return 1;
  }
  return 0;
}

/* Whether style (an attribute's value) says display:none or visibility:hidden. */
static int style_hides(const char *style) {
  if (!style) return 0;
  char t[256];
  size_t k = 0;
  for (const char *c = style; *c && k + 1 < sizeof t; c++)
    if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r') t[k++] = (char)((*c >= 'A' && *c <= 'Z') ? *c | 32 : *c);
  t[k] = '\0';
  return strstr(t, "display:none") || strstr(t, "visibility:hidden");
}

static const char *hidden_why(xmlNodePtr n) {
  if (prop(n, "hidden", 0)) return "hidden";
  const char *ah = prop(n, "aria-hidden", 0);
  if (ah && !xmlStrcasecmp(BAD_CAST ah, BAD_CAST "true")) return "aria-hidden";
  if (style_hides(prop(n, "style", 0))) return "display: none";
  return NULL;
}

static int is_content(xmlNodePtr n) {
  const char *role = prop(n, "role", 0);
  return xmlStrEqual(n->name, BAD_CAST "main") || xmlStrEqual(n->name, BAD_CAST "article") ||
         xmlStrEqual(n->name, BAD_CAST "h1") || (role && !xmlStrcasecmp(BAD_CAST role, BAD_CAST "main"));
}

/* The text starts of the content elements, in order (the view's elements
 * are in document order). */
static int content_index(page *p) {
  const text_view *v = p->v;
  if (p->d->type != DOC_HTML) return 0;
  for (size_t i = 0; i < v->nelems; i++) {
    if (v->elems[i].start >= v->elems[i].end || !is_content(v->elems[i].node)) continue;
    if (!p->content && !(p->content = malloc(v->nelems * sizeof *p->content))) return -1;
    p->content[p->ncontent++] = v->elems[i].start;
  }
  return 0;
}

/* Whether n's text holds a content element's start: never folded. */
static int holds_content(const page *p, xmlNodePtr n) {
  const text_elem *e = text_elem_of(p->v, n);
  if (!e || e->start >= e->end) return 0;
  size_t lo = 0, hi = p->ncontent;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (p->content[mid] < e->start) lo = mid + 1;
    else hi = mid;
  }
  return lo < p->ncontent && p->content[lo] < e->end;
}

static int in_content(xmlNodePtr n) {
  for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (xmlStrEqual(n->name, BAD_CAST "main") || xmlStrEqual(n->name, BAD_CAST "article")) return 1;
  return 0;
}

/* Why n is drawn folded, or NULL. */
static const char *fold_why(const page *p, xmlNodePtr n, el_map m) {
  static const char *const roles[] = {"navigation", "menu", "menubar", "search", "banner",
                                      "contentinfo", "complementary", NULL};
  static const char *const words[] = {"menu", "nav", "navbar", "navigation", "sidebar", "breadcrumb",
                                      "breadcrumbs", "submenu", "dropdown", NULL};
  static const char *const cells[] = {"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
                                      "colgroup", NULL};
  if (p->d->type != DOC_HTML || p->fold || m.kind != EL_TAG || n == p->root) return NULL;
  if (!text_is_block(TEXT_HTML, n->name) || in_list(cells, n->name) || in_table_context(n)) return NULL;
  const char *why = hidden_why(n), *role = prop(n, "role", 0);
  if (!why && xmlStrEqual(n->name, BAD_CAST "nav")) why = "nav";
  if (!why && xmlStrEqual(n->name, BAD_CAST "form")) why = "form";
  for (const char *const *r = roles; !why && role && *r; r++)
    if (!xmlStrcasecmp(BAD_CAST role, BAD_CAST *r)) why = *r;
  if (!why && (has_word(prop(n, "class", 0), words) || has_word(prop(n, "id", 0), words))) why = "menu";
  if (!why && (xmlStrEqual(n->name, BAD_CAST "header") || xmlStrEqual(n->name, BAD_CAST "footer") ||
               xmlStrEqual(n->name, BAD_CAST "aside")) && !in_content(n))
    why = (const char *)n->name;
  if (!why || is_content(n) || holds_content(p, n)) return NULL;
  return why;
}

/* A hidden inline HTML element: drawn dimmed. */
static int dims(const page *p, xmlNodePtr n, el_map m) {
  return p->d->type == DOC_HTML && m.kind == EL_TAG && n != p->root &&
         !text_is_block(TEXT_HTML, n->name) && hidden_why(n);
}

static int open_element(page *p, xmlNodePtr n, el_map m) {
  if (m.kind != EL_TAG && m.kind != EL_VOID) return 0;
  const char *why = fold_why(p, n, m);
  if (why) {
    p->fold = n;
    if (buf_adds(p->b, "<details class=\"g-fold\"><summary>") || escs(p->b, why, 0) ||
        buf_adds(p->b, "</summary>"))
      return -1;
  } else if (dims(p, n, m) && buf_adds(p->b, "<span class=\"g-dim\" title=\"hidden in the page\">")) {
    return -1;
  }
  if (buf_printf(p->b, "<%s", m.tag)) return -1;
  if (m.named && (buf_adds(p->b, " data-el=\"") || escs(p->b, (const char *)n->name, 1) ||
                  buf_addc(p->b, '"')))
    return -1;
  if (p->d->type != DOC_TEXT) { /* its own language and direction */
    int xml = is_html_element(p, n) ? 0 : 2;
    const char *lang = lang_ok(prop(n, "lang", xml)), *dir = xml ? NULL : dir_ok(prop(n, "dir", 0));
    if (lang && (buf_adds(p->b, " lang=\"") || escs(p->b, lang, 1) || buf_addc(p->b, '"'))) return -1;
    if (dir && buf_printf(p->b, " dir=\"%s\"", dir)) return -1;
  }
  /* a parser drops a newline right after <pre>: give it one to drop */
  return buf_adds(p->b, strcmp(m.tag, "pre") ? ">" : ">\n");
}

static int close_element(page *p, xmlNodePtr n) {
  el_map m = map_element(p, n);
  if (m.kind != EL_TAG) return 0;
  if (buf_printf(p->b, "</%s>", m.tag)) return -1;
  if (n == p->fold) {
    p->fold = NULL;
    return buf_adds(p->b, "</details>");
  }
  return dims(p, n, m) ? buf_adds(p->b, "</span>") : 0;
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
      escs(b, a->label, 0) || buf_adds(b, "</span> <span class=\"g-q\" dir=\"auto\">"))
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
    ".g-fold{margin:.3em 0;border:1px dashed var(--line);border-radius:4px;padding:0 .6em;color:var(--muted)}\n"
    ".g-fold>summary{cursor:pointer;font:.8rem var(--sans)}\n"
    ".g-dim{color:var(--muted)}\n"
    ".g-lab{background:var(--c);color:var(--t)!important;padding:0 .3em;border-radius:3px}\n"
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
    ".g-note{position:relative;left:0;right:0;margin:0 0 .4rem;background:#fff;border:1px solid var(--line);"
    "border-left:4px solid var(--c);border-radius:4px;padding:.3rem .55rem;cursor:pointer;"
    "scroll-margin:8rem 0;transition:top .15s}\n"
    ".g-note:hover,.g-note:focus,.g-note.g-hot{box-shadow:0 1px 6px rgba(0,0,0,.15);outline:none;z-index:2}\n"
    ".g-note.g-chip{display:inline-block;margin-right:.3rem;right:auto;max-width:100%;padding:.12rem .5rem .12rem .45rem}\n"
    ".g-js .g-note{position:absolute;margin:0}\n"
    ".g-note.g-cur{box-shadow:0 0 0 2px var(--c);z-index:3}\n"
    ".g-m.g-cur{box-shadow:0 0 0 2px var(--c);background:var(--f)}\n"
    ".g-note.g-open .g-nh{white-space:normal}\n"
    ".g-note.g-miss{display:none}\n"
    ".g-grp{position:absolute;left:0;right:0;z-index:1}\n"
    ".g-gh{display:flex;align-items:center;gap:.35rem;width:100%;font:inherit;font-size:.74rem;text-align:left;"
    "background:#f6f8fa;border:1px dashed #afb8c1;border-radius:4px;padding:.1rem .45rem;cursor:pointer;"
    "white-space:nowrap;overflow:hidden;color:var(--muted)}\n"
    ".g-gh::before{content:\"\\25B8\"}.g-x>.g-gh::before{content:\"\\25BE\"}\n"
    ".g-gn{font-weight:600;color:var(--ink)}\n"
    ".g-gl{background:var(--b);border-bottom:2px solid var(--c);padding:0 .3em;border-radius:2px;"
    "font-variant-numeric:tabular-nums;color:var(--ink)}\n"
    ".g-gb{display:none}\n"
    ".g-grp.g-x{z-index:5}\n"
    ".g-grp.g-x>.g-gb{display:block;position:relative;max-height:300px;overflow:auto;background:#fff;"
    "border:1px solid var(--line);border-top:0;border-radius:0 0 4px 4px;box-shadow:0 4px 12px rgba(0,0,0,.18);padding:.3rem}\n"
    ".g-js .g-grp .g-note{position:static;margin:0 0 .3rem}.g-js .g-grp .g-note.g-chip{margin-right:.3rem}\n"
    ".g-grp.g-cur>.g-gh{box-shadow:0 0 0 2px #0b5cad}\n"
    ".g-m.g-miss{background:none;border-color:transparent}\n"
    ".g-find{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .7rem;margin-top:.45rem;font-size:.8rem}\n"
    ".g-find[hidden]{display:none}\n"
    ".g-find input{font:inherit;padding:.15rem .45rem;border:1px solid var(--line);border-radius:4px;width:17rem;max-width:100%}\n"
    ".g-found{font-variant-numeric:tabular-nums}\n"
    ".g-help{color:var(--muted)}.g-help kbd{font:inherit;border:1px solid var(--line);border-radius:3px;padding:0 .25em;background:#f6f8fa}\n"
    ".g-nh{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\n"
    ".g-lab{font-weight:600;color:var(--c);font-size:.7rem;text-transform:uppercase;letter-spacing:.03em}\n"
    ".g-q{font-family:var(--serif);color:#3d444d}\n"
    ".g-q::before{content:\"\\201C\"}.g-q::after{content:\"\\201D\"}\n"
    ".g-nt{margin-top:.15rem;font-weight:500}\n"
    ".g-at{margin-top:.15rem;color:var(--muted);font-size:.76rem}.g-at b{font-weight:600}\n"
    "@media (max-width:900px){.g-wrap{grid-template-columns:minmax(0,1fr)}"
    ".g-js .g-note{position:static;margin:0 0 .4rem}.g-js .g-note.g-chip{margin-right:.3rem}.g-notes{min-height:0!important}}\n";

static const char js[] =
    "(function () {\n"
    "  'use strict';\n"
    "  var root = document.documentElement;\n"
    "  root.classList.add('g-js');\n"
    "  var docEl = document.getElementById('g-doc');\n"
    "  var col = document.getElementById('g-notes');\n"
    "  var notes = Array.prototype.slice.call(col.querySelectorAll('.g-note'));\n"
    "  var frags = {}, byId = {}, hay = {};\n"
    "  Array.prototype.forEach.call(docEl.querySelectorAll('.g-m'), function (m) {\n"
    "    var id = m.getAttribute('data-id');\n"
    "    (frags[id] || (frags[id] = [])).push(m);\n"
    "  });\n"
    "  notes.forEach(function (n) { byId[n.getAttribute('data-id')] = n; });\n"
    "  /* what the search box looks in: label, whole quote, note, attributes */\n"
    "  try {\n"
    "    JSON.parse(document.getElementById('g-data').textContent).annotations.forEach(function (a) {\n"
    "      var at = [];\n"
    "      for (var k in a.attrs) at.push(k + '=' + a.attrs[k]);\n"
    "      hay[a.id] = [a.label, a.exact, a.note || '', at.join(' ')].join('\\n').toLowerCase();\n"
    "    });\n"
    "  } catch (e) {}\n"
    "  function shown(el) { return !!el && el.getClientRects().length > 0; }\n"
    "  function labelOn(el) {\n"
    "    var m = /(?:^| )l(\\d+)(?: |$)/.exec(el.className);\n"
    "    return !m || !root.classList.contains('g-off-' + m[1]);\n"
    "  }\n"
    "  function live(n) { return labelOn(n) && !n.classList.contains('g-miss'); }\n"
    "  /* Each note as near its span's first line as the notes above it allow,\n"
    "     in the order of their spans' tops; chips (label and quote only) share\n"
    "     a row while they fit and their spans start no lower than the row. A\n"
    "     note that would end up more than BOUND px below its span (and the\n"
    "     room for a group) joins a collapsed group at its span instead: one\n"
    "     line, \"N notes\", opened by a click, Enter or o. So a note's top, or\n"
    "     its group's, is never above its span's top, nor more than BOUND below\n"
    "     (a group is made only where the notes before it left room). */\n"
    "  var BOUND = 200, groups = [], openGroups = {}, names = {};\n"
    "  Array.prototype.forEach.call(document.querySelectorAll('#g-legend input[data-l]'), function (c) {\n"
    "    names[c.getAttribute('data-l')] = c.parentNode.querySelector('.g-name').textContent;\n"
    "  });\n"
    "  function groupOf(n) { return n.parentNode !== col ? n.closest('.g-grp') : null; }\n"
    "  function layout() {\n"
    "    if (groups.length) {\n"
    "      groups.forEach(function (g) { g.remove(); });\n"
    "      groups = [];\n"
    "      notes.forEach(function (n) { col.appendChild(n); });\n"
    "    }\n"
    "    if (getComputedStyle(notes.length ? notes[0] : col).position !== 'absolute') return;\n"
    "    var base = col.getBoundingClientRect().top, width = col.clientWidth, items = [], last = 0;\n"
    "    notes.forEach(function (n, k) {\n"
    "      if (!live(n)) return;\n"
    "      var f = frags[n.getAttribute('data-id')] || [], want = null;\n"
    "      for (var i = 0; i < f.length && want === null; i++) {\n"
    "        var r = f[i].getClientRects();\n"
    "        if (r.length) want = r[0].top - base;\n"
    "      }\n"
    "      if (want === null) want = last; /* its span folded away: where the one before is */\n"
    "      last = want;\n"
    "      items.push({n: n, k: k, want: want, h: n.offsetHeight, w: n.offsetWidth,\n"
    "                  chip: n.classList.contains('g-chip')});\n"
    "    });\n"
    "    items.sort(function (a, b) { return a.want - b.want || a.k - b.k; });\n"
    "    var probe = makeGroup(), R = probe.offsetHeight + 4;\n"
    "    probe.remove();\n"
    "    var y = 0, x = 0, rowTop = -1, rowBottom = 0, g = null, gs = [];\n"
    "    items.forEach(function (it) {\n"
    "      var want = it.want, limit = want + BOUND - R;\n"
    "      if (it.chip) {\n"
    "        if (rowTop >= 0 && x + it.w <= width && want <= rowTop + 1 &&\n"
    "            Math.max(rowBottom, rowTop + it.h) + 4 <= limit) {\n"
    "          it.left = x, it.top = rowTop;\n"
    "          x += it.w + 4;\n"
    "          rowBottom = Math.max(rowBottom, rowTop + it.h);\n"
    "          y = Math.max(y, rowBottom + 4);\n"
    "          return;\n"
    "        }\n"
    "        var top = Math.max(want, y);\n"
    "        if (top + it.h + 4 <= limit) {\n"
    "          rowTop = top, it.left = 0, it.top = top;\n"
    "          x = it.w + 4;\n"
    "          rowBottom = top + it.h;\n"
    "          y = rowBottom + 4;\n"
    "          return;\n"
    "        }\n"
    "      } else {\n"
    "        var t = Math.max(want, y);\n"
    "        if (t + it.h + 6 <= limit) {\n"
    "          rowTop = -1, it.left = 0, it.top = t;\n"
    "          y = t + it.h + 6;\n"
    "          return;\n"
    "        }\n"
    "      }\n"
    "      if (g && want <= g.top + 1 && g.top - want <= BOUND) { g.items.push(it); return; }\n"
    "      g = {top: Math.max(want, y), items: [it]};\n"
    "      gs.push(g);\n"
    "      y = g.top + R;\n"
    "      rowTop = -1;\n"
    "    });\n"
    "    items.forEach(function (it) {\n"
    "      if (it.top === undefined) return;\n"
    "      it.n.style.left = it.left + 'px';\n"
    "      it.n.style.top = it.top + 'px';\n"
    "    });\n"
    "    gs.forEach(function (g) {\n"
    "      var el = makeGroup(g.items);\n"
    "      el.style.top = g.top + 'px';\n"
    "      groups.push(el);\n"
    "    });\n"
    "    col.style.minHeight = y + 'px';\n"
    "    if (cur && groupOf(cur)) groupOf(cur).classList.add('g-cur');\n"
    "  }\n"
    "  /* a group of notes (items, in their spans' order), or an empty one to measure */\n"
    "  function makeGroup(items) {\n"
    "    var el = document.createElement('div'), head = document.createElement('button');\n"
    "    var body = document.createElement('div'), count = {}, order = [];\n"
    "    el.className = 'g-grp';\n"
    "    head.type = 'button';\n"
    "    head.className = 'g-gh';\n"
    "    body.className = 'g-gb';\n"
    "    (items || []).forEach(function (it) {\n"
    "      var m = /(?:^| )l(\\d+)(?: |$)/.exec(it.n.className), l = m ? m[1] : '';\n"
    "      if (!(l in count)) { count[l] = 0; order.push(l); }\n"
    "      count[l]++;\n"
    "      body.appendChild(it.n);\n"
    "    });\n"
    "    var n = items ? items.length : 0, text = document.createElement('span');\n"
    "    text.className = 'g-gn';\n"
    "    text.textContent = n + ' note' + (n === 1 ? '' : 's');\n"
    "    head.appendChild(text);\n"
    "    order.forEach(function (l) {\n"
    "      var s = document.createElement('span');\n"
    "      s.className = 'g-gl l' + l;\n"
    "      s.textContent = count[l];\n"
    "      s.title = (names[l] || '') + ': ' + count[l];\n"
    "      head.appendChild(s);\n"
    "    });\n"
    "    el.appendChild(head);\n"
    "    el.appendChild(body);\n"
    "    col.appendChild(el);\n"
    "    if (n && openGroups[items[0].n.getAttribute('data-id')]) el.classList.add('g-x');\n"
    "    return el;\n"
    "  }\n"
    "  function expand(el, on) {\n"
    "    el.classList.toggle('g-x', on);\n"
    "    var first = el.querySelector('.g-note');\n"
    "    if (first) openGroups[first.getAttribute('data-id')] = on;\n"
    "  }\n"
    "  /* makes note n visible where it is: its group opened and scrolled to it */\n"
    "  function reveal(n) {\n"
    "    var g = groupOf(n);\n"
    "    if (!g) return;\n"
    "    expand(g, true);\n"
    "    var body = g.querySelector('.g-gb');\n"
    "    body.scrollTop = n.offsetTop - body.offsetTop - 4;\n"
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
    "  /* opens the folds around a note's span; its first fragment, or null */\n"
    "  function unfold(n) {\n"
    "    var f = frags[n.getAttribute('data-id')];\n"
    "    if (!f || !f.length) return null;\n"
    "    for (var e = f[0].closest('details'); e; e = e.parentElement.closest('details'))\n"
    "      if (!e.open) { e.open = true; layout(); }\n"
    "    return f[0];\n"
    "  }\n"
    "  function toSpan(n) {\n"
    "    var m = unfold(n);\n"
    "    if (!m) return;\n"
    "    m.scrollIntoView({block: 'center'});\n"
    "    flash(frags[n.getAttribute('data-id')]);\n"
    "  }\n"
    "  /* the current note (j/k, n/p, a click): it and its span outlined */\n"
    "  var cur = null;\n"
    "  function setCurrent(n) {\n"
    "    if (cur) {\n"
    "      cur.classList.remove('g-cur');\n"
    "      (frags[cur.getAttribute('data-id')] || []).forEach(function (m) { m.classList.remove('g-cur'); });\n"
    "    }\n"
    "    groups.forEach(function (g) { g.classList.remove('g-cur'); });\n"
    "    cur = n;\n"
    "    root.setAttribute('data-current', n ? n.getAttribute('data-id') : '');\n"
    "    if (!n) return;\n"
    "    var m = unfold(n), g = groupOf(n);\n"
    "    n.classList.add('g-cur');\n"
    "    if (g) g.classList.add('g-cur');\n"
    "    (frags[n.getAttribute('data-id')] || []).forEach(function (f) { f.classList.add('g-cur'); });\n"
    "    if (m) m.scrollIntoView({block: 'center'});\n"
    "    else n.scrollIntoView({block: 'center'});\n"
    "  }\n"
    "  function step(d) {\n"
    "    var list = notes.filter(live);\n"
    "    if (!list.length) return setCurrent(null);\n"
    "    var i = cur ? list.indexOf(cur) : -1;\n"
    "    if (i < 0) {\n"
    "      /* from none, or from a note now hidden: the first live note after it */\n"
    "      var at = cur ? notes.indexOf(cur) : -1, j = 0;\n"
    "      while (j < list.length && notes.indexOf(list[j]) <= at) j++;\n"
    "      i = d > 0 ? j : j - 1;\n"
    "      if (!cur && d < 0) i = list.length - 1;\n"
    "    } else {\n"
    "      i += d;\n"
    "    }\n"
    "    setCurrent(list[Math.max(0, Math.min(list.length - 1, i))]);\n"
    "  }\n"
    "  function open(n) {\n"
    "    if (!n) return;\n"
    "    if (n !== cur) setCurrent(n);\n"
    "    n.classList.add('g-open');\n"
    "    layout();\n"
    "    toSpan(n);\n"
    "    reveal(n);\n"
    "  }\n"
    "  /* the search box: every word in the label, quote, note or attributes */\n"
    "  var find = document.getElementById('g-find'), box = document.getElementById('g-search');\n"
    "  var found = document.getElementById('g-found');\n"
    "  find.hidden = false;\n"
    "  function search() {\n"
    "    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean), hits = 0;\n"
    "    notes.forEach(function (n) {\n"
    "      var id = n.getAttribute('data-id'), h = hay[id] || n.textContent.toLowerCase();\n"
    "      var miss = !words.every(function (w) { return h.indexOf(w) >= 0; });\n"
    "      if (!miss) hits++;\n"
    "      n.classList.toggle('g-miss', miss);\n"
    "      (frags[id] || []).forEach(function (m) { m.classList.toggle('g-miss', miss); });\n"
    "    });\n"
    "    found.textContent = words.length ? hits + ' of ' + notes.length : '';\n"
    "    layout();\n"
    "  }\n"
    "  box.addEventListener('input', search);\n"
    "  function clear() {\n"
    "    if (box.value) { box.value = ''; search(); }\n"
    "    box.blur();\n"
    "    setCurrent(null);\n"
    "    groups.forEach(function (g) { expand(g, false); });\n"
    "  }\n"
    "  document.addEventListener('keydown', function (e) {\n"
    "    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;\n"
    "    var t = e.target;\n"
    "    if (t === box) {\n"
    "      if (e.key === 'Escape') { e.preventDefault(); clear(); }\n"
    "      else if (e.key === 'Enter') { e.preventDefault(); box.blur(); setCurrent(notes.filter(live)[0] || null); }\n"
    "      return;\n"
    "    }\n"
    "    /* typing is left alone, and Enter and space on what they work on */\n"
    "    if (t && t.closest && (t.closest('textarea, select, [contenteditable]') ||\n"
    "        t.matches('input') && !/^(checkbox|radio|button)$/.test(t.type))) return;\n"
    "    if ((e.key === 'Enter' || e.key === ' ') && t && t.closest && t.closest('summary, button, a, label, input')) return;\n"
    "    var onNote = t && t.closest ? t.closest('#g-notes .g-note') : null;\n"
    "    switch (e.key) {\n"
    "    case 'j': case 'n': step(1); break;\n"
    "    case 'k': case 'p': step(-1); break;\n"
    "    case 'o': open(cur); break;\n"
    "    case 'Enter': case ' ':\n"
    "      if (onNote) open(onNote);\n"
    "      else if (e.key === 'Enter' && cur) open(cur);\n"
    "      else return;\n"
    "      break;\n"
    "    case '/': box.focus(); box.select(); break;\n"
    "    case 'Escape': clear(); break;\n"
    "    default: return;\n"
    "    }\n"
    "    e.preventDefault();\n"
    "  });\n"
    "  col.addEventListener('click', function (e) {\n"
    "    var h = e.target.closest('.g-gh');\n"
    "    if (h) { expand(h.parentNode, !h.parentNode.classList.contains('g-x')); return; }\n"
    "    var n = e.target.closest('.g-note');\n"
    "    if (!n) return;\n"
    "    if (n !== cur) setCurrent(n);\n"
    "    toSpan(n);\n"
    "  });\n"
    "  docEl.addEventListener('click', function (e) {\n"
    "    var m = e.target.closest ? e.target.closest('.g-m') : null;\n"
    "    while (m && !(labelOn(m) && byId[m.getAttribute('data-id')] && live(byId[m.getAttribute('data-id')])))\n"
    "      m = m.parentElement.closest('.g-m');\n"
    "    if (!m) return;\n"
    "    var n = byId[m.getAttribute('data-id')];\n"
    "    reveal(n);\n"
    "    if (!shown(n)) return;\n"
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

/* One label's colours as CSS variables: --c the colour, --t the text on it,
 * --b, --w and --f its tints for a span, a wide span and a flash. */
static int label_css(buf *b, const char *sel, size_t i, uint32_t c) {
  unsigned r = c >> 16 & 255, g = c >> 8 & 255, bl = c & 255;
  return buf_printf(b, "%s%zu{--c:#%06x;--t:#%06x;--b:rgba(%u,%u,%u,.26);--w:rgba(%u,%u,%u,.11);"
                       "--f:rgba(%u,%u,%u,.6)}\n",
                    sel, i, (unsigned)c, (unsigned)outstyle_ink(c), r, g, bl, r, g, bl, r, g, bl);
}

/* The lang and dir attributes of the text's container: the document's body
 * (or root), then its html element, declare them; --lang, and else the
 * document's language, give lang; a right-to-left language gives rtl
 * where neither element says a dir. */
static int doc_lang_dir(page *p) {
  const document *d = p->d;
  int xml = d->type == DOC_XML ? 2 : d->type == DOC_HTML ? 0 : 1;
  xmlNodePtr top = d->root, up = top && top->parent && top->parent->type == XML_ELEMENT_NODE ? top->parent : NULL;
  const char *lang = NULL, *dir = NULL;
  if (!d->lang_forced && d->type != DOC_TEXT) {
    lang = lang_ok(prop(top, "lang", xml));
    if (!lang) lang = lang_ok(prop(up, "lang", xml));
  }
  if (!lang && d->lang[0]) lang = d->lang;
  if (d->type != DOC_TEXT) {
    dir = dir_ok(prop(top, "dir", 0));
    if (!dir) dir = dir_ok(prop(up, "dir", 0));
  }
  if (!dir && lang && rtl_lang(lang)) dir = "rtl";
  if (lang && (buf_adds(p->b, " lang=\"") || escs(p->b, lang, 1) || buf_addc(p->b, '"'))) return -1;
  return dir ? buf_printf(p->b, " dir=\"%s\"", dir) : 0;
}

static int draw_page(page *p, const annot **order) {
  buf *b = p->b;
  const document *d = p->d;
  int rc = buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"glossa\">\n<title>") ||
           escs(b, d->name, 0) || buf_adds(b, " — glossa</title>\n<style>\n") ||
           buf_adds(b, css);
  for (size_t i = 0; i < p->nlabels && !rc; i++)
    rc = label_css(b, ".l", i, p->col[i]) ||
         buf_printf(b, ".g-off-%zu .g-m.l%zu{background:none;border-color:transparent;cursor:auto}"
                       ".g-off-%zu .g-note.l%zu{display:none}\n", i, i, i, i);
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
  rc = rc || buf_adds(b, "</ul>\n"
                         "<div class=\"g-find\" id=\"g-find\" hidden><input type=\"search\" id=\"g-search\" "
                         "placeholder=\"Search labels, quotes, notes\" aria-label=\"Search the notes\" "
                         "autocomplete=\"off\"><span class=\"g-found\" id=\"g-found\" aria-live=\"polite\"></span>"
                         "<span class=\"g-help\"><kbd>j</kbd>/<kbd>k</kbd> next/previous note · <kbd>o</kbd> open · "
                         "<kbd>/</kbd> search · <kbd>Esc</kbd> clear</span></div>\n"
                         "</header>\n<div class=\"g-wrap\">\n") ||
       buf_printf(b, "<main class=\"g-doc %s\" id=\"g-doc\"",
                  d->type == DOC_TEXT ? "g-plain" : d->type == DOC_HTML ? "g-html" : "g-xml") ||
       doc_lang_dir(p) || buf_addc(b, '>') ||
       draw_document(p) || buf_adds(b, "</main>\n<aside class=\"g-notes\" id=\"g-notes\">\n");
  if (!rc && p->n == 0) rc = buf_adds(b, "<p class=\"g-notes-empty\">No annotations.</p>\n");
  for (size_t i = 0; i < p->n && !rc; i++) rc = draw_note(p, order[i]);
  rc = rc || buf_adds(b, "</aside>\n</div>\n") || draw_data(p, order) ||
       buf_adds(b, "<script>\n") || buf_adds(b, js) || buf_adds(b, "</script>\n</body>\n</html>\n");
  return rc ? -1 : 0;
}

/* ---- what the run's index needs of a document (out_state.sum) ---- */

/* A string of the summary: its length, ':', its bytes (so any byte may be
 * in it). */
static int sum_str(buf *b, const char *s, size_t n) {
  return buf_printf(b, "%zu:", n) || buf_add(b, s, n);
}

/* One record per document, in the grammar out_html_run_end reads:
 *   D FILE NAME TYPE TOTAL NLABELS\n   then NLABELS lines
 *   L LABEL COUNT RRGGBB\n            (labels by name, as the page's legend)
 * strings as sum_str writes them, FILE "" when the document has none. */
static int page_sum(buf *sum, const page *p, const char *file) {
  const document *d = p->d;
  const char *type = doc_type_name(d->type);
  int rc = buf_adds(sum, "D ") || sum_str(sum, file ? file : "", file ? strlen(file) : 0) ||
           buf_addc(sum, ' ') || sum_str(sum, d->name, strlen(d->name)) || buf_addc(sum, ' ') ||
           sum_str(sum, type, strlen(type)) || buf_printf(sum, " %zu %zu\n", p->n, p->nlabels);
  for (size_t i = 0; i < p->nlabels && !rc; i++)
    rc = buf_adds(sum, "L ") || sum_str(sum, p->labels[i], strlen(p->labels[i])) ||
         buf_printf(sum, " %zu %06x\n", p->count[i], (unsigned)p->col[i]);
  return rc ? -1 : 0;
}

static int html_page(buf *b, out_state *st, const document *d, const out_opts *o) {
  page p = {.b = b, .d = d, .o = o, .v = &d->view, .n = d->annots.nlive};
  const annot **order = annot_sorted(&d->annots);
  p.nest = malloc((p.n + 1) * sizeof *p.nest);
  int rc = -1;
  if (!order || !p.nest) goto done;
  memcpy(p.nest, order, p.n * sizeof *p.nest);
  qsort(p.nest, p.n, sizeof *p.nest, cmp_nest);
  if (labels_build(&p) || segments_index(&p) || content_index(&p)) goto done;
  rc = draw_page(&p, order);
  if (!rc && st && st->sum) rc = page_sum(st->sum, &p, st->file);
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
  free(p.content);
  return rc;
}

int out_html(buf *b, const document *d, const out_opts *o) { return html_page(b, NULL, d, o); }

int out_html_doc(buf *b, out_state *st, const document *d, const out_opts *o) {
  return html_page(b, st, d, o);
}

/* ---- the run's index.html (out_html_run_end) ---- */

typedef struct ix_str {
  const char *s;
  size_t n;
} ix_str;

typedef struct ix_entry { /* one label of one document */
  ix_str label;
  size_t count;
  uint32_t col;
} ix_entry;

typedef struct ix_doc {
  ix_str file, name, type;
  size_t total, first, nlabels; /* its labels: entries[first..first+nlabels) */
} ix_doc;

typedef struct ix_label { /* one label of the run */
  ix_str label;
  size_t count, docs;
  uint32_t col; /* as the first document that has it draws it */
} ix_label;

static int ix_cmp(ix_str a, ix_str b) {
  int c = memcmp(a.s, b.s, a.n < b.n ? a.n : b.n);
  return c ? c : (a.n > b.n) - (a.n < b.n);
}

/* The summary's reader: each returns 0, or -1 where the record is not
 * what page_sum writes (not reached; the rest is then left out). */
typedef struct ix_in {
  const char *s, *e;
} ix_in;

static int ix_lit(ix_in *in, const char *lit) {
  size_t n = strlen(lit);
  if ((size_t)(in->e - in->s) < n || memcmp(in->s, lit, n)) return -1;
  in->s += n;
  return 0;
}

static int ix_num(ix_in *in, size_t *v, int base) {
  const char *q = in->s;
  size_t x = 0;
  for (; q < in->e; q++) {
    int dg = *q >= '0' && *q <= '9' ? *q - '0' : base == 16 && *q >= 'a' && *q <= 'f' ? *q - 'a' + 10 : -1;
    if (dg < 0) break;
    x = x * (size_t)base + (size_t)dg;
  }
  if (q == in->s) return -1;
  in->s = q;
  *v = x;
  return 0;
}

static int ix_string(ix_in *in, ix_str *out) {
  size_t n;
  if (ix_num(in, &n, 10) || ix_lit(in, ":") || (size_t)(in->e - in->s) < n) return -1;
  out->s = in->s, out->n = n;
  in->s += n;
  return 0;
}

/* A path below DIR as a relative URL: bytes other than letters, digits,
 * '-', '.', '_', '~' and '/' percent-encoded (so a ':' cannot make it a
 * scheme, nor '#' or '?' cut it). */
static int url_path(buf *b, ix_str p) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < p.n; i++) {
    unsigned char c = (unsigned char)p.s[i];
    int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep ? buf_addc(b, (char)c)
             : buf_addc(b, '%') || buf_addc(b, hex[c >> 4]) || buf_addc(b, hex[c & 15]))
      return -1;
  }
  return 0;
}

static int colour_vars(buf *b, uint32_t c) {
  unsigned r = c >> 16 & 255, g = c >> 8 & 255, bl = c & 255;
  return buf_printf(b, "--c:#%06x;--t:#%06x;--b:rgba(%u,%u,%u,.26)", (unsigned)c,
                    (unsigned)outstyle_ink(c), r, g, bl);
}

static const char index_css[] =
    ":root{--ink:#1f2328;--muted:#656d76;--line:#d8dee4;--paper:#fff;--desk:#f3f1ec;"
    "--sans:system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",\"Liberation Sans\",sans-serif}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--desk);color:var(--ink);font-family:var(--sans)}\n"
    ".g-top{background:#fff;border-bottom:1px solid var(--line);padding:.8rem 1.5rem}\n"
    ".g-top h1{font-size:1.15rem;margin:0;font-weight:600}\n"
    ".g-top h1 small{font-weight:400;color:var(--muted);margin-left:.6rem;font-size:.85rem}\n"
    "main{max-width:72rem;margin:0 auto;padding:1.5rem}\n"
    "section{background:var(--paper);border:1px solid var(--line);border-radius:6px;"
    "padding:1rem 1.4rem 1.2rem;margin-bottom:1.5rem;overflow-x:auto}\n"
    "h2{font-size:1rem;margin:.2rem 0 .8rem}\n"
    "table{border-collapse:collapse;font-size:.86rem}\n"
    "th,td{padding:.28rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:baseline}\n"
    "thead th{font-weight:600;white-space:nowrap;border-bottom:2px solid var(--line)}\n"
    "tfoot td{font-weight:600;border-bottom:0}\n"
    ".g-num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".g-zero{color:#b7bdc4}\n"
    ".g-lab{display:inline-block;background:var(--c);color:var(--t);padding:0 .35em;border-radius:3px;"
    "font-size:.74rem;font-weight:600;white-space:nowrap}\n"
    "td.g-c{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.g-c span{display:inline-block;min-width:1.6em;padding:0 .3em;border-radius:3px;background:var(--b);"
    "border-bottom:2px solid var(--c)}\n"
    ".g-muted{color:var(--muted)}\n"
    "a{color:#0b5cad}\n"
    ".g-chart{width:100%}\n"
    ".g-chart td{border-bottom:0;padding:.18rem .6rem}\n"
    ".g-chart .g-bt{width:100%}\n"
    ".g-bar{height:1rem;background:var(--c);border-radius:2px;min-width:2px}\n";

/* index.html from the documents' records (page_sum), in input order: the
 * labels' chart (most annotations first, then by name) and a table of the
 * documents, a column per label (by name). */
int out_html_run_end(buf *out, const char *sum, size_t len, const out_opts *o) {
  (void)o;
  ix_in in = {sum, sum + len};
  ix_doc *docs = NULL;
  ix_entry *ent = NULL;
  ix_label *lab = NULL;
  size_t *rank = NULL; /* the chart's order: rank[r] is the label drawn r-th */
  size_t nd = 0, dcap = 0, ne = 0, ecap = 0, nl = 0, total = 0;
  int rc = -1;
  buf *b = &out[0];
  while (in.s < in.e) {
    ix_doc dc;
    if (ix_lit(&in, "D ") || ix_string(&in, &dc.file) || ix_lit(&in, " ") || ix_string(&in, &dc.name) ||
        ix_lit(&in, " ") || ix_string(&in, &dc.type) || ix_lit(&in, " ") || ix_num(&in, &dc.total, 10) ||
        ix_lit(&in, " ") || ix_num(&in, &dc.nlabels, 10) || ix_lit(&in, "\n"))
      break;
    dc.first = ne;
    size_t k = 0;
    for (; k < dc.nlabels; k++) {
      ix_entry en;
      size_t col;
      if (ix_lit(&in, "L ") || ix_string(&in, &en.label) || ix_lit(&in, " ") ||
          ix_num(&in, &en.count, 10) || ix_lit(&in, " ") || ix_num(&in, &col, 16) || ix_lit(&in, "\n"))
        break;
      en.col = (uint32_t)col;
      if (grow_array((void **)&ent, &ecap, ne + 1, sizeof *ent)) goto done;
      ent[ne++] = en;
    }
    if (k < dc.nlabels) {
      ne = dc.first;
      break;
    }
    if (grow_array((void **)&docs, &dcap, nd + 1, sizeof *docs)) goto done;
    docs[nd++] = dc;
    total += dc.total;
  }
  /* the run's labels: each document's are sorted, so a merge of them all
   * by insertion into a sorted array (few labels) */
  lab = malloc((ne + 1) * sizeof *lab);
  rank = malloc((ne + 1) * sizeof *rank);
  if (!lab || !rank) goto done;
  for (size_t i = 0; i < ne; i++) {
    size_t lo = 0, hi = nl;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (ix_cmp(lab[mid].label, ent[i].label) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo == nl || ix_cmp(lab[lo].label, ent[i].label)) {
      memmove(lab + lo + 1, lab + lo, (nl - lo) * sizeof *lab);
      lab[lo] = (ix_label){.label = ent[i].label, .col = ent[i].col};
      nl++;
    }
    lab[lo].count += ent[i].count;
    lab[lo].docs++;
  }
  for (size_t i = 0; i < nl; i++) { /* insertion sort, stable: by count down, then name */
    size_t j = i;
    while (j > 0 && lab[rank[j - 1]].count < lab[i].count) rank[j] = rank[j - 1], j--;
    rank[j] = i;
  }
  size_t max = nl ? lab[rank[0]].count : 0;
  rc = buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"glossa\">\n") ||
       buf_printf(b, "<title>%zu document%s — glossa</title>\n<style>\n", nd, nd == 1 ? "" : "s") ||
       buf_adds(b, index_css);
  for (size_t i = 0; i < nl && !rc; i++)
    rc = buf_printf(b, ".l%zu{", i) || colour_vars(b, lab[i].col) || buf_adds(b, "}\n");
  rc = rc || buf_adds(b, "</style>\n</head>\n<body>\n<header class=\"g-top\"><h1>Annotated documents") ||
       buf_printf(b, "<small>%zu document%s · %zu annotation%s · %zu label%s</small></h1></header>\n<main>\n",
                  nd, nd == 1 ? "" : "s", total, total == 1 ? "" : "s", nl, nl == 1 ? "" : "s");
  /* the chart */
  rc = rc || buf_adds(b, "<section id=\"g-labels\"><h2>Labels</h2>\n");
  if (!rc && nl == 0) rc = buf_adds(b, "<p class=\"g-muted\">No annotations.</p>\n");
  else if (!rc) {
    rc = buf_adds(b, "<table class=\"g-chart\">\n<thead><tr><th>Label</th><th class=\"g-bt\">Annotations</th>"
                     "<th class=\"g-num\">Count</th><th class=\"g-num\">Documents</th></tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < nl && !rc; r++) {
      size_t i = rank[r];
      const ix_label *l = &lab[i];
      size_t permille = max ? (l->count * 1000 + max / 2) / max : 0;
      rc = buf_printf(b, "<tr class=\"l%zu\"><td><span class=\"g-lab\">", i) ||
           esc(b, l->label.s, l->label.n, 0) ||
           buf_printf(b, "</span></td><td class=\"g-bt\"><div class=\"g-bar\" style=\"width:%zu.%zu%%\">"
                         "</div></td><td class=\"g-num\">%zu</td><td class=\"g-num\">%zu</td></tr>\n",
                      permille / 10, permille % 10, l->count, l->docs);
    }
    rc = rc || buf_adds(b, "</tbody>\n</table>\n");
  }
  rc = rc || buf_adds(b, "</section>\n<section id=\"g-docs\"><h2>Documents</h2>\n");
  if (!rc && nd == 0) rc = buf_adds(b, "<p class=\"g-muted\">No documents.</p>\n");
  else if (!rc) {
    rc = buf_adds(b, "<table class=\"g-table\">\n<thead><tr><th class=\"g-num\">#</th><th>Document</th>"
                     "<th>Type</th><th class=\"g-num\">Total</th>");
    for (size_t i = 0; i < nl && !rc; i++)
      rc = buf_printf(b, "<th class=\"g-num l%zu\"><span class=\"g-lab\">", i) ||
           esc(b, lab[i].label.s, lab[i].label.n, 0) || buf_adds(b, "</span></th>");
    rc = rc || buf_adds(b, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < nd && !rc; k++) {
      const ix_doc *dc = &docs[k];
      rc = buf_printf(b, "<tr><td class=\"g-num\">%zu</td><td>", k + 1);
      if (!rc && dc->file.n)
        rc = buf_adds(b, "<a href=\"") || url_path(b, dc->file) || buf_adds(b, "\">") ||
             esc(b, dc->name.s, dc->name.n, 0) || buf_adds(b, "</a>");
      else if (!rc) rc = esc(b, dc->name.s, dc->name.n, 0);
      rc = rc || buf_adds(b, "</td><td>") || esc(b, dc->type.s, dc->type.n, 0) ||
           buf_printf(b, "</td><td class=\"g-num\">%zu</td>", dc->total);
      const ix_entry *e = ent ? ent + dc->first : NULL; /* NULL: no label in the run */
      const ix_entry *ee = e ? e + dc->nlabels : NULL;
      for (size_t i = 0; i < nl && !rc; i++) {
        if (e < ee && !ix_cmp(e->label, lab[i].label)) {
          rc = buf_printf(b, "<td class=\"g-c l%zu\"", i) ||
               /* its page drew the label in another colour: that one */
               (e->col != lab[i].col &&
                (buf_adds(b, " style=\"") || colour_vars(b, e->col) || buf_addc(b, '"'))) ||
               buf_printf(b, "><span>%zu</span></td>", e->count);
          e++;
        } else {
          rc = buf_adds(b, "<td class=\"g-num g-zero\">·</td>");
        }
      }
      rc = rc || buf_adds(b, "</tr>\n");
    }
    rc = rc || buf_printf(b, "</tbody>\n<tfoot><tr><td></td><td>All</td><td></td><td class=\"g-num\">%zu</td>",
                          total);
    for (size_t i = 0; i < nl && !rc; i++) rc = buf_printf(b, "<td class=\"g-num\">%zu</td>", lab[i].count);
    rc = rc || buf_adds(b, "</tr></tfoot>\n</table>\n");
  }
  rc = rc || buf_adds(b, "</section>\n</main>\n</body>\n</html>\n");
  rc = rc ? -1 : 0;
done:
  free(docs);
  free(ent);
  free(lab);
  free(rank);
  return rc;
}
