/* glossa dump: the text view of a document, three ways.
 *
 * The tree lists the view's elements and text segments in view order (the
 * order spans index into, which for HTML can differ from the tree's: text
 * fostered out of tables comes first), each indented under the nearest
 * element of the view around it. Elements show their view range [start,end)
 * in bytes and their source line; segments their range, source line:col and
 * a short quote, `masked` when matchers skip them; block boundaries are
 * marked where they fall. --text writes the view itself, byte for byte;
 * --json the same facts for tools. */
#include "dump.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "inputs.h"
#include "json.h"
#include "utf8.h"

#define DUMP_MAX_SIZE ((size_t)256 << 20)
#define QUOTE_CP 40 /* code points of a segment the tree quotes */

typedef struct colours {
  const char *elem, *range, *quote, *masked, *block, *dim, *off;
} colours;

static const colours ansi = {"\033[1;34m", "\033[36m", "\033[32m", "\033[33m",
                             "\033[35m", "\033[2m", "\033[0m"};
static const colours plain = {"", "", "", "", "", "", ""};

/* Depth of each element: how many elements of the view are around it.
 * Iterative (trees may be very deep); each element is settled once. */
static size_t *elem_depths(const text_view *v) {
  size_t *depth = malloc((v->nelems + 1) * sizeof *depth);
  size_t *stack = malloc((v->nelems + 1) * sizeof *stack);
  if (!depth || !stack) {
    free(depth);
    free(stack);
    return NULL;
  }
  for (size_t i = 0; i < v->nelems; i++) depth[i] = (size_t)-1;
  for (size_t i = 0; i < v->nelems; i++) {
    size_t n = 0, cur = i, base = 0;
    for (;;) {
      if (depth[cur] != (size_t)-1) {
        base = depth[cur] + 1;
        break;
      }
      stack[n++] = cur;
      const text_elem *p = NULL;
      for (xmlNodePtr q = v->elems[cur].node->parent; q && q->type == XML_ELEMENT_NODE && !p;
           q = q->parent)
        p = text_elem_of(v, q);
      if (!p) break;
      cur = (size_t)(p - v->elems);
    }
    while (n > 0) depth[stack[--n]] = base++;
  }
  free(stack);
  return depth;
}

/* The nearest element of the view around a text node, or NULL. */
static const text_elem *elem_around(const text_view *v, xmlNodePtr n) {
  for (xmlNodePtr q = n->parent; q && q->type == XML_ELEMENT_NODE; q = q->parent) {
    const text_elem *e = text_elem_of(v, q);
    if (e) return e;
  }
  return NULL;
}

/* /html/body/p: the element path of a text node from the document root;
 * past PATH_MAX_NAMES elements only the innermost ones, after "/…" (a
 * whole path for every segment of a tree nested 100 000 deep would make
 * the output, and the time, quadratic). */
#define PATH_MAX_NAMES 64
static void node_path(buf *b, xmlNodePtr n) {
  const xmlChar *names[PATH_MAX_NAMES];
  size_t k = 0;
  xmlNodePtr p = n->parent;
  for (; p && p->type == XML_ELEMENT_NODE && k < PATH_MAX_NAMES; p = p->parent)
    names[k++] = p->name;
  if (p && p->type == XML_ELEMENT_NODE) buf_adds(b, "/…");
  if (!k) buf_addc(b, '/');
  while (k > 0) buf_printf(b, "/%s", (const char *)names[--k]);
}

static void quote_short(FILE *out, const char *s, size_t n) {
  size_t cut = n, cps = 0;
  for (size_t i = 0; i < n;) {
    if (cps == QUOTE_CP) {
      cut = i;
      break;
    }
    uint32_t cp;
    size_t w = utf8_decode(s + i, n - i, &cp);
    i += w ? w : 1;
    cps++;
  }
  putc('"', out);
  for (size_t k = 0; k < cut; k++) {
    unsigned char ch = (unsigned char)s[k];
    if (ch == '\n') fputs("\\n", out);
    else if (ch == '\t') fputs("\\t", out);
    else if (ch == '"' || ch == '\\') fprintf(out, "\\%c", ch);
    else if (ch < 0x20 || ch == 0x7f) fprintf(out, "\\x%02x", ch);
    else putc(ch, out);
  }
  fputs(cut < n ? "…\"" : "\"", out);
}

/* Two spaces a level up to INDENT_MAX levels, then the depth as a number:
 * a tree nested 100 000 deep would otherwise take 10^10 spaces. */
#define INDENT_MAX 32
static void indent(FILE *out, size_t depth) {
  for (size_t i = 0; i < depth && i < INDENT_MAX; i++) fputs("  ", out);
  if (depth > INDENT_MAX) fprintf(out, "(depth %zu) ", depth);
}

/* An element's id and class, which CSS selectors (doc:css) name. */
static void put_id_class(FILE *out, xmlNodePtr n) {
  static const char *const names[] = {"id", "class"};
  for (int k = 0; k < 2; k++) {
    xmlAttrPtr a = xmlHasProp(n, BAD_CAST names[k]);
    if (!a || !a->children || !a->children->content) continue;
    fprintf(out, " %s=", names[k]);
    const char *v = (const char *)a->children->content;
    quote_short(out, v, strlen(v)); /* quoted, escaped, long ones cut */
  }
}

static int dump_tree(FILE *out, const document *d, const colours *c) {
  const text_view *v = &d->view;
  size_t *depth = elem_depths(v);
  if (!depth) return -1;
  fprintf(out, "%s# %s (%s): %zu bytes, %zu code points, %zu elements, %zu segments, %zu block boundaries%s\n",
          c->dim, d->name, doc_type_name(d->type), v->len, text_cp(v, v->len), v->nelems,
          v->nsegs, v->nblocks, c->off);
  fprintf(out, "%s# [start,end): byte offsets from 0, end excluded (in Lua, doc:span(start + 1, end)); "
               "LINE:COL in the source file%s\n", c->dim, c->off);
  size_t ei = 0, si = 0, bi = 0;
  while (ei < v->nelems || si < v->nsegs) {
    /* elements entered at or before the next segment's start come first */
    int elem = ei < v->nelems && (si == v->nsegs || v->elems[ei].start <= v->segs[si].start);
    size_t start = elem ? v->elems[ei].start : v->segs[si].start;
    size_t dep;
    if (elem) {
      dep = depth[ei];
    } else {
      const text_elem *e = elem_around(v, v->segs[si].node);
      dep = e ? depth[e - v->elems] + 1 : 0;
    }
    for (; bi < v->nblocks && v->blocks[bi] <= start; bi++) {
      indent(out, dep);
      fprintf(out, "%s── block boundary %zu%s\n", c->block, v->blocks[bi], c->off);
    }
    indent(out, dep);
    if (elem) {
      const text_elem *e = &v->elems[ei++];
      fprintf(out, "%s<%s", c->elem, (const char *)e->node->name);
      put_id_class(out, e->node);
      fprintf(out, ">%s %s[%zu,%zu)%s line %ld\n", c->off, c->range, e->start, e->end, c->off,
              xmlGetLineNo(e->node));
    } else {
      const text_seg *sg = &v->segs[si++];
      unsigned long line, col;
      text_linecol(v, sg->start, &line, &col);
      fprintf(out, "%s[%zu,%zu)%s %lu:%lu ", c->range, sg->start, sg->start + sg->len, c->off,
              line, col);
      if (sg->masked) fprintf(out, "%smasked%s ", c->masked, c->off);
      fputs(c->quote, out);
      quote_short(out, v->s + sg->start, sg->len);
      fprintf(out, "%s\n", c->off);
    }
  }
  for (; bi < v->nblocks; bi++)
    fprintf(out, "%s── block boundary %zu%s\n", c->block, v->blocks[bi], c->off);
  free(depth);
  return 0;
}

static int dump_json(FILE *out, const document *d) {
  const text_view *v = &d->view;
  size_t *depth = elem_depths(v);
  if (!depth) return -1;
  buf b = BUF_INIT, path = BUF_INIT;
  int rc = buf_adds(&b, "{\"path\": ") || json_cstr(&b, d->name) ||
           buf_adds(&b, ",\n \"type\": ") || json_cstr(&b, doc_type_name(d->type)) ||
           buf_adds(&b, ",\n \"text\": ") || json_str(&b, v->s, v->len) ||
           buf_adds(&b, ",\n \"segments\": [");
  for (size_t i = 0; i < v->nsegs && !rc; i++) {
    const text_seg *sg = &v->segs[i];
    unsigned long line, col;
    text_linecol(v, sg->start, &line, &col);
    path.len = 0;
    node_path(&path, sg->node);
    rc = buf_printf(&b, "%s\n  {\"start\": %zu, \"end\": %zu, \"line\": %lu, \"col\": %lu, \"masked\": %s, \"path\": ",
                    i ? "," : "", sg->start, sg->start + sg->len, line, col,
                    sg->masked ? "true" : "false") ||
         json_cstr(&b, path.s ? path.s : "/") || buf_addc(&b, '}');
  }
  rc = rc || buf_adds(&b, "],\n \"elements\": [");
  for (size_t i = 0; i < v->nelems && !rc; i++) {
    const text_elem *e = &v->elems[i];
    rc = buf_printf(&b, "%s\n  {\"name\": ", i ? "," : "") ||
         json_cstr(&b, (const char *)e->node->name) ||
         buf_printf(&b, ", \"start\": %zu, \"end\": %zu, \"line\": %ld, \"depth\": %zu}", e->start,
                    e->end, xmlGetLineNo(e->node), depth[i]);
  }
  rc = rc || buf_adds(&b, "],\n \"blocks\": [");
  for (size_t i = 0; i < v->nblocks && !rc; i++)
    rc = buf_printf(&b, "%s%zu", i ? ", " : "", v->blocks[i]);
  rc = rc || buf_adds(&b, "]}\n");
  if (!rc) fwrite(b.s, 1, b.len, out);
  buf_free(&b);
  buf_free(&path);
  free(depth);
  return rc;
}

static const char dump_usage[] =
    "Usage: glossa dump [--text | --json] [--color WHEN] [-t TYPE] FILE\n"
    "\n"
    "Shows the text view scripts see, with offsets in bytes ([start,end), the\n"
    "view's UTF-8 bytes; scripts count code points from 1):\n"
    "  (default)        the tree: each element of the view with its range and\n"
    "                   source line, each text segment with its range, source\n"
    "                   line:col and a short quote (masked: script, style and\n"
    "                   noscript text that matchers skip), and the block\n"
    "                   boundaries where they fall\n"
    "      --text       the exact text view, byte for byte\n"
    "      --json       {path, type, text, segments: [{start, end, line, col,\n"
    "                   masked, path}], elements: [{name, start, end, line,\n"
    "                   depth}], blocks: [offsets]}\n"
    "      --color WHEN colour the tree: auto (a terminal, unless NO_COLOR is\n"
    "                   set; the default), always or never\n"
    "  -t, --type TYPE  read FILE as text, html or xml\n"
    "  -h, --help       show this help\n";

int dump_main(int argc, char **argv) {
  enum { TREE, TEXT, JSON } mode = TREE;
  doc_type type = DOC_AUTO;
  int colour = -1; /* auto */
  static const struct option opts[] = {{"text", no_argument, NULL, 'x'},
                                       {"json", no_argument, NULL, 'j'},
                                       {"color", required_argument, NULL, 'c'},
                                       {"type", required_argument, NULL, 't'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":t:h", opts, NULL)) != -1) {
    const char *bad = NULL;
    switch (c) {
    case 'x': mode = TEXT; break;
    case 'j': mode = JSON; break;
    case 'c':
      if (!strcmp(optarg, "always")) colour = 1;
      else if (!strcmp(optarg, "never")) colour = 0;
      else if (!strcmp(optarg, "auto")) colour = -1;
      else bad = "--color must be auto, always or never";
      break;
    case 't':
      type = doc_type_parse(optarg);
      if (type == DOC_AUTO) bad = "--type must be text, html or xml";
      break;
    case 'h': fputs(dump_usage, stdout); return 0;
    case ':': bad = "this option needs a value"; break;
    default: bad = "unknown option"; break;
    }
    if (bad) {
      fprintf(stderr, "glossa: dump: %s ('%s')\nTry 'glossa dump --help' for more information.\n",
              bad, argv[optind - 1]);
      return 2;
    }
  }
  int status;
  document *d = inputs_load_one("dump", argc, argv, optind, type, DUMP_MAX_SIZE, &status);
  if (!d) return status;
  int rc = 0;
  if (mode == TEXT) {
    fwrite(d->view.s, 1, d->view.len, stdout);
  } else if (mode == JSON) {
    rc = dump_json(stdout, d);
  } else {
    if (colour < 0) {
      const char *nc = getenv("NO_COLOR");
      colour = isatty(1) && !(nc && *nc);
    }
    rc = dump_tree(stdout, d, colour ? &ansi : &plain);
  }
  if (rc) fprintf(stderr, "glossa: dump: out of memory\n");
  doc_free(d);
  return rc ? 1 : 0;
}
