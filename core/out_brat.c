/* -f brat: the brat standoff format, as brat and INCEpTION read it, and
 * the configuration brat needs to show it (docs/brat.md says all of this
 * for users, and is the reference for reading the files back).
 *
 * DIR/NAME.txt is the text view, byte for byte; DIR/NAME.ann holds, for each
 * live annotation in output order (n from 1):
 *   T<n>\tTYPE START END[;START END…]\tTEXT
 *   #<m>\tAnnotatorNotes T<n>\tNOTE            when it has a note
 *   A<m>\tKEY T<n>                              an attribute that is true
 *   A<m>\tKEY T<n> VALUE                        an integer, a string token
 *   #<m>\tAnnotatorNotes T<n>\tglossa:attr JKEY JVALUE   any other attribute
 * and after them, for each annotation's links to live ones (role order):
 *   R<k>\tROLE Arg1:T<n> Arg2:T<target>
 * Offsets are in out_opts.units (code points unless told otherwise) into
 * the .txt. brat's TEXT cannot hold a line break, so a span is split at
 * line breaks (LF, CR, and what else Python's line reader, brat's, ends a
 * line at: VT, FF, 0x1C-0x1E, NEL, U+2028, U+2029; the line breaks belong
 * to no fragment) into one fragment per non-empty line piece, and TEXT is
 * the fragments joined by one space; a span with no text but line breaks
 * (or an empty one) is the zero-width fragment START START.
 *
 * Names (TYPE from a label, KEY from an attribute name, ROLE from a link's
 * role) must be brat storage forms, [A-Za-z0-9_-]+; each is written so that
 * it can be read back exactly:
 *   name    = "__00_" (the empty name) | { char }
 *   char    = ALNUM | "-" | "_" (one not followed by another "_")
 *           | "__" HEX "_"            (U+HEX: every other character, an
 *                                      "_" followed by "_", a space)
 *   HEX     = two or more of 0-9A-F, as few as the code point needs (%02X)
 * Reading: left to right, "__" HEX+ "_" is an escape, anything else is
 * itself; "__00_" is nothing. A name brat reads specially (only hyphens,
 * SPAN_DEFAULT, ARC_DEFAULT, ATTRIBUTE_DEFAULT, Equiv) has its first
 * character escaped. So "deal making" is deal__20_making, "a__b" is
 * a__5F__b, and a name with no "__" that brat holds is itself (every type
 * of brat's own configurations is).
 *
 * An A line holds what brat's A lines and annotation.conf can hold and
 * read back as the same type: true (no VALUE); an integer (VALUE
 * -?(0|[1-9][0-9]*)); a string that is none of these and has no white
 * space, line break, ',', '|', '<' or '>' (VALUE: the string). Every other
 * attribute (false, a number, another string) is a glossa:attr note:
 * JKEY is the attribute name as a JSON string, JVALUE a JSON string
 * (string), true or false (boolean), an integer (no '.', 'e'), a number
 * written with a '.' or an exponent, or NaN, Infinity, -Infinity.
 * NOTE is the note itself when it has no tab or line break and does not
 * start with "glossa:"; else "glossa:note " and the note as a JSON string.
 * The JSON strings escape '"', '\', controls, U+0085, U+2028 and U+2029
 * (so no JSON string breaks a line), and nothing else.
 *
 * The run files (out_brat_run_end): annotation.conf declares every TYPE,
 * ROLE and KEY (with its VALUEs) the run's documents wrote, sorted, with
 * any overlap allowed; visual.conf gives each TYPE a colour and each name
 * that was escaped its original text as its label. */
#include "out_brat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfacts.h"
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

/* ---- characters ------------------------------------------------------------ */

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

/* Whether cp is white space to Python (str.isspace, and so \s in brat's
 * configuration parser and split() in its standoff reader). */
static int py_space(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 ||
         cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* What next_cp gives for bytes that are not UTF-8. */
#define BAD_CP 0xFFFFFFFFu

/* The code point at s[0..n) in *cp and its length; BAD_CP for an
 * ill-formed sequence (glossa's names and notes are UTF-8, but the writer
 * does not count on it), which is written as U+FFFD. */
static size_t next_cp(const char *s, size_t n, uint32_t *cp) {
  size_t k = utf8_decode(s, n, cp);
  if (k) return k;
  *cp = BAD_CP;
  return utf8_bad_len(s, n);
}

static int is_alnum(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* ---- names ------------------------------------------------------------------ */

/* s as a brat storage form (the grammar above), appended to b. */
static int add_name(buf *b, const char *s) {
  size_t n = strlen(s);
  if (!n) return buf_adds(b, "__00_");
  static const char *const special[] = {"SPAN_DEFAULT", "ARC_DEFAULT", "ATTRIBUTE_DEFAULT",
                                        "Equiv"};
  int first = strspn(s, "-") == n;
  for (size_t i = 0; i < sizeof special / sizeof *special && !first; i++)
    first = !strcmp(s, special[i]);
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = next_cp(s + i, n - i, &c);
    int plain = !(first && i == 0) &&
                (is_alnum(c) || c == '-' || (c == '_' && (i + 1 >= n || s[i + 1] != '_')));
    if (plain ? buf_addc(b, (char)c) : buf_printf(b, "__%02X_", c == BAD_CP ? 0xFFFDu : c))
      return -1;
    i += k;
  }
  return 0;
}

/* Whether add_name writes s as it is. */
static int name_plain(const char *s) {
  buf b = BUF_INIT;
  int same = add_name(&b, s) == 0 && !strcmp(b.s, s);
  buf_free(&b);
  return same;
}

/* ---- JSON --------------------------------------------------------------------- */

/* s as a JSON string that holds no line break of brat's reader: '"', '\',
 * controls, U+0085, U+2028 and U+2029 escaped, bytes that are not UTF-8
 * U+FFFD. */
static int add_json(buf *b, const char *s) {
  size_t n = strlen(s);
  if (buf_addc(b, '"')) return -1;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = next_cp(s + i, n - i, &c);
    int rc;
    if (c == '"' || c == '\\') rc = buf_addc(b, '\\') || buf_addc(b, (char)c);
    else if (c == '\n') rc = buf_adds(b, "\\n");
    else if (c == '\t') rc = buf_adds(b, "\\t");
    else if (c == '\r') rc = buf_adds(b, "\\r");
    else if (c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029)
      rc = buf_printf(b, "\\u%04x", (unsigned)c);
    else if (c == BAD_CP) rc = buf_adds(b, "\xEF\xBF\xBD");
    else rc = buf_add(b, s + i, k);
    if (rc) return -1;
    i += k;
  }
  return buf_addc(b, '"');
}

/* A number that reads back as the same double and as a number, not an
 * integer: the shortest %g that does, with ".0" when it has no '.' or
 * exponent; NaN, Infinity, -Infinity. */
static int add_number(buf *b, double v) {
  if (isnan(v)) return buf_adds(b, "NaN");
  if (isinf(v)) return buf_adds(b, v > 0 ? "Infinity" : "-Infinity");
  char s[40];
  for (int p = 1; p <= 17; p++) {
    snprintf(s, sizeof s, "%.*g", p, v);
    if (strtod(s, NULL) == v) break;
  }
  return buf_adds(b, s) || (!strpbrk(s, ".eE") && buf_adds(b, ".0"));
}

/* ---- attributes ------------------------------------------------------------- */

/* How an attribute is written. */
enum { AT_NOTE, AT_BINARY, AT_VALUE };

/* Whether s reads as an integer: -?(0|[1-9][0-9]*). */
static int integer_form(const char *s) {
  if (*s == '-') s++;
  if (*s == '0') return s[1] == '\0';
  if (*s < '1' || *s > '9') return 0;
  while (*s >= '0' && *s <= '9') s++;
  return *s == '\0';
}

static int attr_kind(const annot_attr *a) {
  switch (a->type) {
  case ATTR_BOOL: return a->i ? AT_BINARY : AT_NOTE;
  case ATTR_INTEGER: return AT_VALUE;
  case ATTR_STRING: {
    const char *s = a->s ? a->s : "";
    size_t n = strlen(s);
    if (!n || integer_form(s)) return AT_NOTE;
    for (size_t i = 0; i < n;) {
      uint32_t c;
      size_t k = next_cp(s + i, n - i, &c);
      if (py_space(c) || break_len(s + i, n - i) || c == ',' || c == '|' || c == '<' || c == '>' ||
          c == BAD_CP)
        return AT_NOTE;
      i += k;
    }
    return AT_VALUE;
  }
  default: return AT_NOTE;
  }
}

static int add_value(buf *b, const annot_attr *a) {
  if (a->type == ATTR_INTEGER) return buf_printf(b, "%lld", a->i);
  return buf_adds(b, a->s);
}

/* The glossa:attr form of an attribute: JKEY JVALUE. */
static int add_attr_note(buf *b, const annot_attr *a) {
  if (buf_adds(b, "glossa:attr ") || add_json(b, a->key) || buf_addc(b, ' ')) return -1;
  switch (a->type) {
  case ATTR_STRING: return add_json(b, a->s ? a->s : "");
  case ATTR_NUMBER: return add_number(b, a->n);
  case ATTR_INTEGER: return buf_printf(b, "%lld", a->i);
  default: return buf_adds(b, a->i ? "true" : "false");
  }
}

/* ---- the .ann lines -------------------------------------------------------- */

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

/* A note on its line: itself when it can be, else glossa:note JSON. */
static int add_note(buf *b, const char *s) {
  size_t n = strlen(s);
  int plain = strncmp(s, "glossa:", 7) != 0;
  for (size_t i = 0; i < n && plain; i++) plain = s[i] != '\t' && !break_len(s + i, n - i);
  if (plain) {
    size_t bad;
    plain = utf8_valid(s, n, &bad);
  }
  return plain ? buf_adds(b, s) : buf_adds(b, "glossa:note ") || add_json(b, s);
}

/* ---- what the run files need (out_state.sum) ----------------------------------
 * One line per fact, its fields separated by tabs (names never hold one,
 * labels are made to hold none):
 *   E NAME          an entity type
 *   B NAME          an attribute that is true somewhere
 *   V NAME VALUE    an attribute's value
 *   R NAME          a relation type
 *   L NAME TEXT     a name that is not its original text, TEXT */

/* The original text of a name as a [labels] entry of visual.conf can hold
 * it: no tab, line break, '|', '<' or '>' (each a space), no '!' first
 * (a '¡'); so shown, not read back. */
static int add_display(buf *b, const char *s) {
  size_t n = strlen(s), start = b->len;
  while (n && (unsigned char)*s <= ' ') s++, n--;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = next_cp(s + i, n - i, &c);
    int rc;
    if (c == '!' && b->len == start) rc = buf_adds(b, "\xC2\xA1");
    else if (c == '|' || c == '<' || c == '>' || py_space(c)) rc = buf_addc(b, ' ');
    else if (c < 0x20 || c == 0x7F || c == BAD_CP) rc = buf_adds(b, "\xEF\xBF\xBD");
    else rc = buf_add(b, s + i, k);
    if (rc) return -1;
    i += k;
  }
  while (b->len > start && b->s[b->len - 1] == ' ') b->s[--b->len] = '\0';
  return b->len == start ? buf_adds(b, "(empty)") : 0;
}

static int sum_name(buf *sum, char kind, const char *name) {
  if (!sum) return 0;
  if (buf_addc(sum, kind) || buf_addc(sum, '\t') || add_name(sum, name) || buf_addc(sum, '\n'))
    return -1;
  if (name_plain(name)) return 0;
  return buf_adds(sum, "L\t") || add_name(sum, name) || buf_addc(sum, '\t') ||
         add_display(sum, name) || buf_addc(sum, '\n');
}

static int ann(buf *b, buf *sum, const document *d, const units *un) {
  const annot **order = annot_sorted(&d->annots);
  size_t *tnum = calloc(d->annots.n + 1, sizeof *tnum);
  if (!order || !tnum) {
    free(order);
    free(tnum);
    return -1;
  }
  unsigned long notes = 0, attrs = 0, rels = 0;
  size_t from = sum ? sum->len : 0;
  int rc = 0;
  for (size_t i = 0; i < d->annots.nlive; i++) tnum[order[i] - d->annots.v] = i + 1;
  for (size_t i = 0; i < d->annots.nlive && rc == 0; i++) {
    const annot *a = order[i];
    unsigned long t = (unsigned long)i + 1;
    rc = buf_printf(b, "T%lu\t", t) || add_name(b, a->label) || buf_addc(b, ' ') ||
         add_span(b, un, a->start, a->end) || buf_addc(b, '\n') || sum_name(sum, 'E', a->label);
    if (!rc && a->note)
      rc = buf_printf(b, "#%lu\tAnnotatorNotes T%lu\t", ++notes, t) || add_note(b, a->note) ||
           buf_addc(b, '\n');
    for (size_t k = 0; a->attrs && k < a->attrs->n && !rc; k++) {
      const annot_attr *at = &a->attrs->v[k];
      switch (attr_kind(at)) {
      case AT_BINARY:
        rc = buf_printf(b, "A%lu\t", ++attrs) || add_name(b, at->key) ||
             buf_printf(b, " T%lu\n", t) || sum_name(sum, 'B', at->key);
        break;
      case AT_VALUE:
        rc = buf_printf(b, "A%lu\t", ++attrs) || add_name(b, at->key) ||
             buf_printf(b, " T%lu ", t) || add_value(b, at) || buf_addc(b, '\n') ||
             sum_name(sum, 'B', at->key) ||
             (sum && (buf_adds(sum, "V\t") || add_name(sum, at->key) || buf_addc(sum, '\t') ||
                      add_value(sum, at) || buf_addc(sum, '\n')));
        break;
      default:
        rc = buf_printf(b, "#%lu\tAnnotatorNotes T%lu\t", ++notes, t) || add_attr_note(b, at) ||
             buf_addc(b, '\n');
      }
    }
  }
  for (size_t i = 0; i < d->annots.nlive && rc == 0; i++) {
    const annot *a = order[i];
    for (size_t k = 0; a->links && k < a->links->n && !rc; k++) {
      const annot_link *l = &a->links->v[k];
      if (l->target >= d->annots.n || !tnum[l->target]) continue; /* removed */
      rc = buf_printf(b, "R%lu\t", ++rels) || add_name(b, l->role) ||
           buf_printf(b, " Arg1:T%zu Arg2:T%zu\n", i + 1, tnum[l->target]) ||
           sum_name(sum, 'R', l->role);
    }
  }
  if (!rc && sum) rc = outfacts_compact(sum, from);
  free(order);
  free(tnum);
  return rc ? -1 : 0;
}

/* ---- the two files ----------------------------------------------------------- */

static int brat_files(buf *txt, buf *ann_out, buf *sum, const document *d, const out_opts *o) {
  units un = {0};
  int rc = buf_add(txt, d->view.s ? d->view.s : "", d->view.len) ||
                   units_init(&un, &d->view, o ? o->units : OUT_CODEPOINTS) ||
                   ann(ann_out, sum, d, &un) || buf_adds(ann_out, "") || buf_adds(txt, "")
               ? -1
               : 0;
  free(un.u16);
  return rc;
}

int out_brat(buf *txt, buf *ann_out, const document *d, const out_opts *o) {
  return brat_files(txt, ann_out, NULL, d, o);
}

int out_brat_doc(buf *out, out_state *st, const document *d, const out_opts *o) {
  return brat_files(&out[0], &out[1], st ? st->sum : NULL, d, o);
}

/* ---- the run files -------------------------------------------------------------- */

/* ColorBrewer's Set3: twelve light colours that black text reads on and
 * that tell each other apart; a type's is its place in the sorted types. */
static const char *const palette[12] = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072",
                                        "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
                                        "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"};

/* The field after the kind of a fact line ("K\tNAME…"), up to the next tab. */
static const char *field(const char *line, size_t *len) {
  const char *s = line + 2, *t = strchr(s, '\t');
  *len = t ? (size_t)(t - s) : strlen(s);
  return s;
}

int out_brat_run_end(buf *out, const char *sum, size_t len, const out_opts *o) {
  (void)o;
  char *store;
  size_t n;
  char **v = outfacts_sorted(sum, len, &store, &n);
  if (!v) return -1;
  buf *conf = &out[0], *vis = &out[1];
  int rc = buf_adds(conf, "# glossa -f brat: the types of this run's annotations (docs/brat.md)\n"
                          "[entities]\n");
  for (size_t i = 0; i < n && !rc; i++)
    if (v[i][0] == 'E') rc = buf_adds(conf, v[i] + 2) || buf_addc(conf, '\n');
  rc = rc || buf_adds(conf, "\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, "
                            "<OVL-TYPE>:<ANY>\n");
  for (size_t i = 0; i < n && !rc; i++)
    if (v[i][0] == 'R') rc = buf_printf(conf, "%s\tArg1:<ENTITY>, Arg2:<ENTITY>\n", v[i] + 2);
  rc = rc || buf_adds(conf, "\n[events]\n\n[attributes]\n");
  /* B lines sort before the V lines of the same names: each B starts a
   * declaration, its values (if any) follow */
  for (size_t i = 0; i < n && !rc; i++) {
    if (v[i][0] != 'B') continue;
    size_t kl;
    const char *key = field(v[i], &kl);
    rc = buf_printf(conf, "%s\tArg:<ENTITY>", key);
    size_t vals = 0;
    for (size_t j = 0; j < n && !rc; j++) {
      size_t jl;
      const char *k2 = field(v[j], &jl);
      if (v[j][0] != 'V' || jl != kl || memcmp(k2, key, kl)) continue;
      rc = buf_adds(conf, vals++ ? "|" : ", Value:") || buf_adds(conf, k2 + kl + 1);
    }
    rc = rc || buf_addc(conf, '\n');
  }
  rc = rc || buf_adds(vis, "# glossa -f brat: how brat shows this run's annotations (docs/brat.md)\n"
                           "[labels]\n");
  for (size_t i = 0; i < n && !rc; i++) {
    if (v[i][0] != 'L') continue;
    size_t nl;
    const char *name = field(v[i], &nl);
    rc = buf_add(vis, name, nl) || buf_adds(vis, " | ") || buf_adds(vis, name + nl + 1) ||
         buf_addc(vis, '\n');
  }
  rc = rc || buf_adds(vis, "\n[drawing]\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, "
                           "borderColor:darken\nARC_DEFAULT\tcolor:black\n");
  size_t types = 0;
  for (size_t i = 0; i < n && !rc; i++)
    if (v[i][0] == 'E')
      rc = buf_printf(vis, "%s\tbgColor:%s, borderColor:darken\n", v[i] + 2,
                      palette[types++ % 12]);
  free(v);
  free(store);
  return rc || buf_adds(conf, "") || buf_adds(vis, "") ? -1 : 0;
}
