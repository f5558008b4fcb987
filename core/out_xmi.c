/* -f xmi: a UIMA CAS per document in XMI 2.0, as UIMA's XmiCasDeserializer
 * and INCEpTION read it, and the TypeSystem.xml that declares its types
 * (docs/xmi.md says all of this for users).
 *
 * NAME.xmi holds, in xmi:id order: cas:NULL (0); the cas:Sofa (1), whose
 * sofaString is the text view; the tcas:DocumentAnnotation (2) over all of
 * it, with the document's language; with --segments, DKPro Core's Sentence
 * and then Token annotations (core/outtok.h: the ones -f conll writes);
 * then each live annotation in output order; and a cas:View whose members
 * are all of them but the Sofa. begin and end count UTF-16 code units, as
 * Java strings (and so UIMA's covered text) do.
 *
 * An annotation with nothing but its label (no note, no attributes, no link
 * to a live annotation) is DKPro Core's NamedEntity with value = the label,
 * a type INCEpTION has without any project set-up. Any other is
 * webanno.custom.TYPE, TYPE made from the label, with the features
 *   label      uima.cas.String   the label itself
 *   note       uima.cas.String   when it has one
 *   attr_KEY   Boolean, Long, Double or String, by the values KEY has
 *              across the run (one kind: that; integers and numbers:
 *              Double; else String, each value written as glossa writes it)
 *   link_ROLE  uima.tcas.Annotation: the annotation it links to
 * Names are made so that two labels (keys, roles) never give one name and
 * every name is a UIMA identifier (a letter, then letters, digits, '_'):
 *   m(s)  = each ASCII letter or digit itself, "_" as "__", every other
 *           byte as "_x" and two upper-case hex digits
 *   TYPE  = m(label) when it starts with an ASCII letter, else "L_", the
 *           first byte in two hex digits, and m(the rest)
 *   KEY   = m(key), ROLE = m(role)
 * ("L_" and a hex digit is no sequence m makes, so no m(label) is an L_
 * name.) XML 1.0 cannot hold the controls but TAB, LF and CR, nor U+FFFE,
 * U+FFFF: each is written as U+FFFD (one UTF-16 unit too, so no offset
 * moves) and counted in a message; TAB, LF and CR are character references,
 * which attribute-value normalisation leaves alone.
 *
 * The facts a document gives the run file (out_state.sum), sorted:
 *   A\tTYPE\tattr_KEY\tKIND    KIND b, i, n or s: a value's kind
 *   L\tTYPE\tlink_ROLE
 *   T\tTYPE\tLABEL             LABEL as XML text */
#include "out_xmi.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfacts.h"
#include "outtok.h"
#include "utf8.h"

#define NER "de.tudarmstadt.ukp.dkpro.core.api.ner.type."
#define SEG "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type."
#define CUSTOM "webanno.custom."

/* ---- names ------------------------------------------------------------------ */

static int is_alpha(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static int is_alnum(unsigned char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

static const char hexd[] = "0123456789ABCDEF";

/* m(s) */
static int add_mangled(buf *b, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    int rc = is_alnum(c)  ? buf_addc(b, (char)c)
             : c == '_' ? buf_add(b, "__", 2)
                        : buf_add(b, (char[]){'_', 'x', hexd[c >> 4], hexd[c & 15]}, 4);
    if (rc) return -1;
  }
  return 0;
}

static int add_type(buf *b, const char *label) {
  unsigned char c = (unsigned char)label[0];
  if (is_alpha(c)) return add_mangled(b, label);
  if (buf_add(b, "L_", 2)) return -1;
  if (!c) return 0;
  return buf_add(b, (char[]){hexd[c >> 4], hexd[c & 15]}, 2) || add_mangled(b, label + 1);
}

/* ---- XML text ------------------------------------------------------------- */

/* s[0..n) as attribute-value text; every character XML 1.0 cannot hold (and
 * every byte that is not UTF-8) as U+FFFD, counted in *bad. */
static int add_xml(buf *b, const char *s, size_t n, size_t *bad) {
  size_t run = 0; /* s[run..i): bytes to copy as they are */
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    const char *rep = NULL;
    size_t len = 1;
    if (c >= 0x80) {
      uint32_t cp;
      len = utf8_decode(s + i, n - i, &cp);
      if (!len) len = utf8_bad_len(s + i, n - i), cp = 0xFFFF; /* not UTF-8: U+FFFD too */
      if (cp == 0xFFFE || cp == 0xFFFF) rep = "\xEF\xBF\xBD";
    } else if (c == '&') rep = "&amp;";
    else if (c == '<') rep = "&lt;";
    else if (c == '>') rep = "&gt;";
    else if (c == '"') rep = "&quot;";
    else if (c == '\t') rep = "&#9;";
    else if (c == '\n') rep = "&#10;";
    else if (c == '\r') rep = "&#13;";
    else if (c < 0x20) rep = "\xEF\xBF\xBD";
    if (rep) {
      if (buf_add(b, s + run, i - run) || buf_adds(b, rep)) return -1;
      if (rep[0] == '\xEF') ++*bad;
      run = i + len;
    }
    i += len;
  }
  return buf_add(b, s + run, n - run);
}

static int add_xmls(buf *b, const char *s, size_t *bad) { return add_xml(b, s, strlen(s), bad); }

/* ---- one document --------------------------------------------------------- */

static char attr_kind(const annot_attr *a) {
  switch (a->type) {
  case ATTR_BOOL: return 'b';
  case ATTR_INTEGER: return 'i';
  case ATTR_NUMBER: return 'n';
  default: return 's';
  }
}

static int add_value(buf *b, const annot_attr *a, size_t *bad) {
  switch (a->type) {
  case ATTR_BOOL: return buf_adds(b, a->i ? "true" : "false");
  case ATTR_INTEGER: return buf_printf(b, "%lld", a->i);
  case ATTR_NUMBER:
    if (isnan(a->n)) return buf_adds(b, "NaN");
    if (isinf(a->n)) return buf_adds(b, a->n > 0 ? "Infinity" : "-Infinity");
    return buf_printf(b, "%.17g", a->n);
  default: return add_xmls(b, a->s ? a->s : "", bad);
  }
}

typedef struct xdoc {
  buf *b, *sum;
  const document *d;
  size_t bad; /* characters written as U+FFFD */
} xdoc;

static size_t u16(const xdoc *x, size_t off) { return text_u16(&x->d->view, off); }

static int span(xdoc *x, const char *elem, size_t id, size_t s, size_t e) {
  return buf_printf(x->b, "<%s xmi:id=\"%zu\" sofa=\"1\" begin=\"%zu\" end=\"%zu\"", elem, id,
                    u16(x, s), u16(x, e));
}

/* Whether a has a link to a live annotation (xid: their xmi:ids, 0 for the
 * removed). */
static int has_links(const annot *a, const size_t *xid, size_t n) {
  for (size_t k = 0; a->links && k < a->links->n; k++)
    if (a->links->v[k].target < n && xid[a->links->v[k].target]) return 1;
  return 0;
}

static int custom(xdoc *x, const annot *a, size_t id, const size_t *xid) {
  buf *b = x->b, *sum = x->sum;
  const size_t n = x->d->annots.n;
  buf type = {0};
  int rc = add_type(&type, a->label) || buf_adds(b, "<custom:") || buf_add(b, type.s, type.len) ||
           buf_printf(b, " xmi:id=\"%zu\" sofa=\"1\" begin=\"%zu\" end=\"%zu\" label=\"", id,
                      u16(x, a->start), u16(x, a->end)) ||
           add_xmls(b, a->label, &x->bad) || buf_addc(b, '"');
  if (!rc && a->note)
    rc = buf_adds(b, " note=\"") || add_xmls(b, a->note, &x->bad) || buf_addc(b, '"');
  for (size_t k = 0; !rc && a->attrs && k < a->attrs->n; k++) {
    const annot_attr *at = &a->attrs->v[k];
    rc = buf_adds(b, " attr_") || add_mangled(b, at->key) || buf_adds(b, "=\"") ||
         add_value(b, at, &x->bad) || buf_addc(b, '"');
    if (!rc && sum)
      rc = buf_adds(sum, "A\t") || buf_add(sum, type.s, type.len) || buf_adds(sum, "\tattr_") ||
           add_mangled(sum, at->key) || buf_printf(sum, "\t%c\n", attr_kind(at));
  }
  for (size_t k = 0; !rc && a->links && k < a->links->n; k++) {
    const annot_link *l = &a->links->v[k];
    if (l->target >= n || !xid[l->target]) continue; /* removed */
    rc = buf_adds(b, " link_") || add_mangled(b, l->role) ||
         buf_printf(b, "=\"%zu\"", xid[l->target]);
    if (!rc && sum)
      rc = buf_adds(sum, "L\t") || buf_add(sum, type.s, type.len) || buf_adds(sum, "\tlink_") ||
           add_mangled(sum, l->role) || buf_addc(sum, '\n');
  }
  if (!rc) rc = buf_adds(b, "/>\n");
  if (!rc && sum) {
    size_t ignored = 0; /* said for the document already */
    rc = buf_adds(sum, "T\t") || buf_add(sum, type.s, type.len) || buf_addc(sum, '\t') ||
         add_xmls(sum, a->label, &ignored) || buf_addc(sum, '\n');
  }
  buf_free(&type);
  return rc ? -1 : 0;
}

static int write_doc(xdoc *x, const annot **order, size_t *xid, const outtoks *tk) {
  buf *b = x->b;
  const document *d = x->d;
  size_t nsent = 0;
  for (size_t i = 0; i < tk->n; i++) nsent += tk->v[i].sent_start || i == 0;
  size_t base = 3 + (tk->n ? nsent + tk->n : 0);
  for (size_t i = 0; i < d->annots.nlive; i++) xid[order[i] - d->annots.v] = base + i;

  int rc = buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\""
                       " xmlns:cas=\"http:///uima/cas.ecore\""
                       " xmlns:tcas=\"http:///uima/tcas.ecore\""
                       " xmlns:ner=\"http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore\""
                       " xmlns:seg=\"http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore\""
                       " xmlns:custom=\"http:///webanno/custom.ecore\" xmi:version=\"2.0\">\n"
                       "<cas:NULL xmi:id=\"0\"/>\n"
                       "<cas:Sofa xmi:id=\"1\" sofaNum=\"1\" sofaID=\"_InitialView\""
                       " mimeType=\"text/plain\" sofaString=\"") ||
           add_xml(b, d->view.s ? d->view.s : "", d->view.len, &x->bad) ||
           buf_printf(b, "\"/>\n<tcas:DocumentAnnotation xmi:id=\"2\" sofa=\"1\" begin=\"0\""
                         " end=\"%zu\" language=\"%s\"/>\n",
                      u16(x, d->view.len), d->lang[0] ? d->lang : "x-unspecified");
  /* Sentences: from a sentence's first token to the end of its last. */
  size_t id = 3;
  for (size_t i = 0; i < tk->n && !rc;) {
    size_t j = i + 1;
    while (j < tk->n && !tk->v[j].sent_start) j++;
    rc = span(x, "seg:Sentence", id++, tk->v[i].start, tk->v[j - 1].end) || buf_adds(b, "/>\n");
    i = j;
  }
  for (size_t i = 0; i < tk->n && !rc; i++)
    rc = span(x, "seg:Token", id++, tk->v[i].start, tk->v[i].end) || buf_adds(b, "/>\n");
  for (size_t i = 0; i < d->annots.nlive && !rc; i++) {
    const annot *a = order[i];
    if (!a->note && !a->attrs && !has_links(a, xid, d->annots.n))
      rc = span(x, "ner:NamedEntity", base + i, a->start, a->end) || buf_adds(b, " value=\"") ||
           add_xmls(b, a->label, &x->bad) || buf_adds(b, "\"/>\n");
    else rc = custom(x, a, base + i, xid);
  }
  if (!rc) rc = buf_adds(b, "<cas:View sofa=\"1\" members=\"2");
  for (size_t k = 3; k < base + d->annots.nlive && !rc; k++) rc = buf_printf(b, " %zu", k);
  if (!rc) rc = buf_adds(b, "\"/>\n</xmi:XMI>\n");
  return rc ? -1 : 0;
}

int out_xmi_doc(buf *out, out_state *st, const document *d, const out_opts *o) {
  const annot **order = annot_sorted(&d->annots);
  size_t *xid = calloc(d->annots.n + 1, sizeof *xid);
  outtoks tk = {0};
  xdoc x = {.b = &out[0], .sum = st ? st->sum : NULL, .d = d};
  size_t from = x.sum ? x.sum->len : 0;
  int rc = !order || !xid || (o && o->segments && outtok_build(&tk, d)) ||
           write_doc(&x, order, xid, &tk) || (x.sum && outfacts_compact(x.sum, from));
  if (!rc && x.bad && st && st->msg)
    rc = buf_printf(st->msg,
                    "%s: -f xmi: %zu character%s that XML 1.0 cannot hold (a control, U+FFFE, "
                    "U+FFFF) written as U+FFFD; no offset moves\n",
                    d->shown, x.bad, x.bad == 1 ? "" : "s");
  outtok_free(&tk);
  free(order);
  free(xid);
  return rc ? -1 : 0;
}

/* ---- the type system -------------------------------------------------------- */

/* The field k (0: the kind) of a fact line, and its length. */
static const char *field(const char *line, int k, size_t *len) {
  const char *s = line;
  for (; k > 0 && s; k--) s = strchr(s, '\t'), s = s ? s + 1 : NULL;
  if (!s) s = "";
  const char *t = strchr(s, '\t');
  *len = t ? (size_t)(t - s) : strlen(s);
  return s;
}

static int same_field(const char *a, const char *b, int k) {
  size_t la, lb;
  const char *fa = field(a, k, &la), *fb = field(b, k, &lb);
  return la == lb && !memcmp(fa, fb, la);
}

static int feature(buf *b, const char *name, size_t len, const char *range) {
  return buf_adds(b, "        <featureDescription>\n          <name>") || buf_add(b, name, len) ||
         buf_printf(b, "</name>\n          <description/>\n          <rangeTypeName>%s"
                       "</rangeTypeName>\n        </featureDescription>\n",
                    range);
}

static int type_open(buf *b, const char *name, size_t len, const char *desc, size_t dlen) {
  return buf_adds(b, "    <typeDescription>\n      <name>") || buf_add(b, name, len) ||
         buf_adds(b, "</name>\n      <description>") || buf_add(b, desc, dlen) ||
         buf_adds(b, "</description>\n      <supertypeName>uima.tcas.Annotation</supertypeName>\n");
}

static int plain_open(buf *b, const char *name, const char *desc) {
  return type_open(b, name, strlen(name), desc, strlen(desc));
}

static int plain_type(buf *b, const char *name, const char *desc) {
  return plain_open(b, name, desc) || buf_adds(b, "    </typeDescription>\n");
}

static const char *range_of(unsigned kinds) {
  switch (kinds) {
  case 1: return "uima.cas.Boolean";
  case 2: return "uima.cas.Long";
  case 4: case 6: return "uima.cas.Double";
  default: return "uima.cas.String";
  }
}

int out_xmi_run_end(buf *out, const char *sum, size_t len, const out_opts *o) {
  char *store;
  size_t n;
  char **v = outfacts_sorted(sum, len, &store, &n);
  if (!v) return -1;
  /* sorted: the A lines, then the L lines, then the T lines, each by TYPE */
  size_t a = 0, l = 0, t = 0;
  while (l < n && v[l][0] == 'A') l++;
  t = l;
  while (t < n && v[t][0] == 'L') t++;
  buf *b = &out[0];
  int rc = buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<typeSystemDescription xmlns=\"http://uima.apache.org/resourceSpecifier\">\n"
                       "  <name>glossa</name>\n"
                       "  <description>The types of the annotations of a glossa -f xmi run "
                       "(docs/xmi.md)</description>\n"
                       "  <version>1</version>\n"
                       "  <types>\n") ||
           plain_open(b, NER "NamedEntity", "DKPro Core: an annotation with only a label, the value") ||
           buf_adds(b, "      <features>\n") || feature(b, "value", 5, "uima.cas.String") ||
           feature(b, "identifier", 10, "uima.cas.String") ||
           buf_adds(b, "      </features>\n    </typeDescription>\n");
  if (!rc && o && o->segments)
    rc = plain_type(b, SEG "Sentence", "DKPro Core: a sentence (--segments)") ||
         plain_type(b, SEG "Token", "DKPro Core: a token (--segments)");
  for (size_t i = t; i < n && !rc; i++) {
    size_t tl, dl;
    const char *ty = field(v[i], 1, &tl), *desc = field(v[i], 2, &dl);
    rc = buf_adds(b, "    <typeDescription>\n      <name>" CUSTOM) || buf_add(b, ty, tl) ||
         buf_adds(b, "</name>\n      <description>glossa label: ") || buf_add(b, desc, dl) ||
         buf_adds(b, "</description>\n      <supertypeName>uima.tcas.Annotation</supertypeName>\n"
                     "      <features>\n") ||
         feature(b, "label", 5, "uima.cas.String") || feature(b, "note", 4, "uima.cas.String");
    while (!rc && a < l && same_field(v[a], v[i], 1)) {
      unsigned kinds = 0;
      size_t j = a;
      for (; j < l && same_field(v[j], v[i], 1) && same_field(v[j], v[a], 2); j++) {
        size_t kl;
        const char *k = field(v[j], 3, &kl);
        kinds |= *k == 'b' ? 1u : *k == 'i' ? 2u : *k == 'n' ? 4u : 8u;
      }
      size_t fl;
      const char *f = field(v[a], 2, &fl);
      rc = feature(b, f, fl, range_of(kinds));
      a = j;
    }
    for (; !rc && l < t && same_field(v[l], v[i], 1); l++) {
      size_t fl;
      const char *f = field(v[l], 2, &fl);
      rc = feature(b, f, fl, "uima.tcas.Annotation");
    }
    if (!rc) rc = buf_adds(b, "      </features>\n    </typeDescription>\n");
  }
  if (!rc) rc = buf_adds(b, "  </types>\n</typeSystemDescription>\n");
  free(v);
  free(store);
  return rc ? -1 : 0;
}
