/* -f brat: the brat standoff format, as brat and INCEpTION read it.
 *
 * DIR/NAME.txt is the text view, byte for byte; DIR/NAME.ann holds, for each
 * annotation in output order (n from 1):
 *   T<n>\tLABEL START END[;START END…]\tTEXT
 *   #<m>\tAnnotatorNotes T<n>\tNOTE           when it has a note
 *   A<m>\tKEY T<n>[ VALUE]                     for the attributes brat can hold
 * Offsets are in out_opts.units (code points unless told otherwise) into
 * the .txt. brat's TEXT cannot hold a line break, so a span is split at
 * line breaks (LF, CR, and what else Python's line reader, brat's, ends a
 * line at: VT, FF, 0x1C-0x1E, NEL, U+2028, U+2029; the line breaks belong
 * to no fragment) into one fragment per non-empty line piece, and TEXT is
 * the fragments joined by one space; a span with no text but line breaks
 * (or an empty one) is the zero-width fragment START START. LABEL and KEY
 * have each space, tab and line break replaced by '_' (brat types hold no
 * spaces; an empty one is "_"); a NOTE has its line breaks and tabs
 * replaced by spaces. Whatever the labels, notes and text hold, each
 * annotation is its own lines.
 * Attributes: a boolean true is the binary attribute "A<m>\tKEY T<n>"; a
 * string, integer or number whose text is a single token (non-empty, no
 * whitespace) is the multi-valued "A<m>\tKEY T<n> VALUE". Others (false, a
 * value with spaces, an empty string, a non-finite number) have no brat form
 * and are left out.
 * The run names the files (core/outname.c) and writes them (core/sink.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "utf8.h"

/* ---- offsets --------------------------------------------------------------- */

/* Converts view byte offsets to the units asked for. UTF-16 counts come
 * from a table of counts every TEXT_CPSTEP bytes, like text_cp's. */
typedef struct units {
  const text_view *v;
  out_units u;
  size_t *u16; /* UTF-16 units before byte k * TEXT_CPSTEP */
} units;

static int units_init(units *un, const text_view *v, out_units u) {
  un->v = v;
  un->u = u;
  un->u16 = NULL;
  if (u != OUT_UTF16) return 0;
  size_t n = v->len / TEXT_CPSTEP + 1;
  un->u16 = malloc(n * sizeof *un->u16);
  if (!un->u16) return -1;
  size_t c = 0;
  for (size_t k = 0; k < n; k++) {
    un->u16[k] = c;
    size_t from = k * TEXT_CPSTEP, to = from + TEXT_CPSTEP < v->len ? from + TEXT_CPSTEP : v->len;
    if (from < to) c += utf8_count16(v->s + from, to - from);
  }
  return 0;
}

static size_t units_at(const units *un, size_t off) {
  switch (un->u) {
  case OUT_BYTES: return off;
  case OUT_UTF16: {
    if (off > un->v->len) off = un->v->len;
    size_t k = off / TEXT_CPSTEP, from = k * TEXT_CPSTEP;
    return un->u16[k] + utf8_count16(un->v->s + from, off - from);
  }
  default: return text_cp(un->v, off);
  }
}

/* ---- the .ann lines -------------------------------------------------------- */

/* The length of the line break at s[0..n), or 0. brat reads .ann files
 * with Python's line reader, which also ends a line at VT, FF, the
 * separators 0x1C-0x1E, NEL, U+2028 and U+2029: each is a line break
 * here too, so that no text can add a line to the .ann. */
static size_t break_len(const char *s, size_t n) {
  unsigned char c = (unsigned char)s[0];
  if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1C && c <= 0x1E)) return 1;
  if (c == 0xC2 && n >= 2 && (unsigned char)s[1] == 0x85) return 2;
  if (c == 0xE2 && n >= 3 && (unsigned char)s[1] == 0x80 &&
      ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9))
    return 3;
  return 0;
}

/* The length of the white space or line break at s (NUL-terminated), or 0. */
static size_t space_len(const char *s) {
  if (*s == ' ' || *s == '\t') return 1;
  return break_len(s, strlen(s) < 3 ? strlen(s) : 3);
}

/* A brat type or attribute name: white space and line breaks become '_';
 * "" becomes "_". */
static int add_name(buf *b, const char *s) {
  if (!*s) return buf_addc(b, '_');
  while (*s) {
    size_t k = space_len(s);
    if (k ? buf_addc(b, '_') : buf_addc(b, *s)) return -1;
    s += k ? k : 1;
  }
  return 0;
}

/* Note text on one line: line breaks and tabs become spaces. */
static int add_line(buf *b, const char *s) {
  while (*s) {
    size_t k = *s == '\t' ? 1 : space_len(s);
    if (k ? buf_addc(b, ' ') : buf_addc(b, *s)) return -1;
    s += k ? k : 1;
  }
  return 0;
}

/* The T line's offsets and text: one fragment per non-empty run of [s, e)
 * between line breaks. */
static int add_span(buf *b, const units *un, size_t s, size_t e) {
  const char *t = un->v->s;
  size_t frags = 0, k;
  for (size_t p = s; p < e;) {
    if ((k = break_len(t + p, e - p))) {
      p += k;
      continue;
    }
    size_t q = p;
    while (q < e && !break_len(t + q, e - q)) q++;
    if (buf_printf(b, "%s%zu %zu", frags++ ? ";" : "", units_at(un, p), units_at(un, q)))
      return -1;
    p = q;
  }
  if (frags == 0) {
    size_t at = units_at(un, s);
    return buf_printf(b, "%zu %zu\t", at, at);
  }
  if (buf_addc(b, '\t')) return -1;
  frags = 0;
  for (size_t p = s; p < e;) {
    if ((k = break_len(t + p, e - p))) {
      p += k;
      continue;
    }
    size_t q = p;
    while (q < e && !break_len(t + q, e - q)) q++;
    if ((frags++ && buf_addc(b, ' ')) || buf_add(b, t + p, q - p)) return -1;
    p = q;
  }
  return 0;
}

/* An attribute value as one brat token, or 0 when it has none. */
static int attr_value(char *out, size_t outsz, const annot_attr *a) {
  switch (a->type) {
  case ATTR_STRING: {
    const char *s = a->s;
    if (!s || !*s || strlen(s) >= outsz) return 0;
    for (const char *p = s; *p; p++)
      if (space_len(p)) return 0;
    snprintf(out, outsz, "%s", s);
    return 1;
  }
  case ATTR_INTEGER: snprintf(out, outsz, "%lld", a->i); return 1;
  case ATTR_NUMBER:
    if (!isfinite(a->n)) return 0;
    if (a->n == floor(a->n) && fabs(a->n) < 1e15) snprintf(out, outsz, "%.0f", a->n);
    else snprintf(out, outsz, "%.17g", a->n);
    return 1;
  default: return 0;
  }
}

static int ann(buf *b, const document *d, const units *un) {
  const annot **order = annot_sorted(&d->annots);
  if (!order) return -1;
  unsigned long notes = 0, attrs = 0;
  int rc = 0;
  char val[4096];
  for (size_t i = 0; i < d->annots.nlive && rc == 0; i++) {
    const annot *a = order[i];
    unsigned long t = (unsigned long)i + 1;
    rc = buf_printf(b, "T%lu\t", t) || add_name(b, a->label) || buf_addc(b, ' ') ||
         add_span(b, un, a->start, a->end) || buf_addc(b, '\n');
    if (!rc && a->note)
      rc = buf_printf(b, "#%lu\tAnnotatorNotes T%lu\t", ++notes, t) || add_line(b, a->note) ||
           buf_addc(b, '\n');
    for (size_t k = 0; a->attrs && k < a->attrs->n && !rc; k++) {
      const annot_attr *at = &a->attrs->v[k];
      if (at->type == ATTR_BOOL) {
        if (at->i)
          rc = buf_printf(b, "A%lu\t", ++attrs) || add_name(b, at->key) ||
               buf_printf(b, " T%lu\n", t);
      } else if (attr_value(val, sizeof val, at)) {
        rc = buf_printf(b, "A%lu\t", ++attrs) || add_name(b, at->key) ||
             buf_printf(b, " T%lu %s\n", t, val);
      }
    }
  }
  free(order);
  return rc ? -1 : 0;
}

/* ---- the two files ----------------------------------------------------------- */

int out_brat(buf *txt, buf *ann_out, const document *d, const out_opts *o) {
  units un = {0};
  int rc = buf_add(txt, d->view.s ? d->view.s : "", d->view.len) ||
                   units_init(&un, &d->view, o ? o->units : OUT_CODEPOINTS) || ann(ann_out, d, &un) ||
                   buf_adds(ann_out, "") || buf_adds(txt, "")
               ? -1
               : 0;
  free(un.u16);
  return rc;
}
