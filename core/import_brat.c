/* Annotations read in from brat standoff (core/import.h): NAME.ann, with
 * NAME.txt beside it when it is there (the text its offsets count code
 * points in, which gives each annotation its quote and context; without it
 * the quote is the line's own TEXT, and the position alone is a hint).
 *
 * Lines read: T (text-bound: "T1\tLABEL START END[;START END…]\tTEXT", a
 * span from the first fragment's start to the last one's end), A/M
 * (attributes: "A1\tKEY T1[ VALUE]", a binary one is true; a VALUE that is
 * a whole number is an integer), R (relations: "R1\tROLE Arg1:T1 Arg2:T2",
 * a link of T1's to T2) and "#1\tAnnotatorNotes T1\tNOTE" (the note). Event
 * (E), normalization (N) and equivalence (*) lines are skipped, and said
 * once (import_set.warn). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "jsonread.h"
#include "jsonval.h"
#include "utf8.h"

#define OOM (buf_printf(err, "glossa: out of memory"), -1)

/* The T line's annotation of id[0..n), by the index made after them. */
static import_annot *by_id(import_group *g, const size_t *ids, size_t nids, const char *id, size_t n) {
  size_t i = import_id_find(g, ids, nids, id, n);
  return i == SIZE_MAX ? NULL : &g->v[i];
}

char *import_brat_name(const char *name, size_t n) {
  char *out = malloc(n + 1), *o = out;
  if (!out) return NULL;
  if (n == 5 && !memcmp(name, "__00_", 5)) return *out = '\0', out;
  for (size_t i = 0; i < n;) {
    size_t h = i + 2;
    if (i + 3 < n && name[i] == '_' && name[i + 1] == '_') {
      while (h < n && strchr("0123456789ABCDEF", name[h]) && name[h]) h++;
    }
    if (h > i + 3 && h < n && name[h] == '_' && h - i - 2 <= 6) {
      char hex[8] = {0};
      memcpy(hex, name + i + 2, h - i - 2);
      unsigned long cp = strtoul(hex, NULL, 16);
      if (cp && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
        o += utf8_encode((uint32_t)cp, o); /* at most 4 bytes for the 5 or more read */
        i = h + 1;
        continue;
      }
    }
    *o++ = name[i++];
  }
  *o = '\0';
  return out;
}

/* A "glossa:attr JKEY JVALUE" note of -f brat's: the attribute, added to a;
 * 0, 1 when text is no such note, -1 out of memory. */
static int glossa_attr(import_annot *a, const char *text, size_t n) {
  if (n < 12 || memcmp(text, "glossa:attr ", 12)) return 1;
  jsonread r;
  jsonread_init(&r, text + 12, n - 12);
  buf key = BUF_INIT;
  if (jsonread_string(&r, &key) || r.i >= r.n || r.s[r.i] != ' ') return buf_free(&key), 1;
  r.i++;
  const char *v = r.s + r.i;
  size_t vl = r.n - r.i;
  import_attr x = {0};
  int ok = 1;
  if (vl == 3 && !memcmp(v, "NaN", 3)) x.type = ATTR_NUMBER, x.n = NAN;
  else if (vl == 8 && !memcmp(v, "Infinity", 8)) x.type = ATTR_NUMBER, x.n = INFINITY;
  else if (vl == 9 && !memcmp(v, "-Infinity", 9)) x.type = ATTR_NUMBER, x.n = -INFINITY;
  else {
    jsonval *j = jsonval_read(&r);
    ok = j && !jsonread_end(&r);
    if (!ok) ;
    else if (j->type == JSONVAL_STRING) {
      x.type = ATTR_STRING;
      ok = (x.s = malloc(j->len + 1)) != NULL;
      if (ok) memcpy(x.s, j->s, j->len + 1);
    } else if (j->type == JSONVAL_TRUE || j->type == JSONVAL_FALSE)
      x.type = ATTR_BOOL, x.i = j->type == JSONVAL_TRUE;
    else if (j->type == JSONVAL_NUMBER && !strpbrk(j->s, ".eE"))
      x.type = ATTR_INTEGER, x.i = strtoll(j->s, NULL, 10);
    else if (j->type == JSONVAL_NUMBER) x.type = ATTR_NUMBER, x.n = j->num;
    else ok = 0;
    jsonval_free(j);
  }
  if (!ok || !(x.key = malloc(key.len + 1))) {
    free(x.s);
    buf_free(&key);
    return ok ? -1 : 1;
  }
  memcpy(x.key, key.s ? key.s : "", key.len);
  x.key[key.len] = '\0';
  buf_free(&key);
  import_attr *na = realloc(a->attrs, (a->nattrs + 1) * sizeof *na);
  if (!na) return free(x.key), free(x.s), -1;
  a->attrs = na;
  a->attrs[a->nattrs++] = x;
  return 0;
}

/* Whether v is an integer as glossa writes one: -?(0|[1-9][0-9]*), in range. */
static int integer(const char *v, long long *out) {
  const char *d = v + (*v == '-');
  if (!*d || (d[0] == '0' && d[1]) || (v[0] == '-' && d[0] == '0')) return 0;
  for (const char *c = d; *c; c++)
    if (*c < '0' || *c > '9') return 0;
  errno = 0;
  *out = strtoll(v, NULL, 10);
  return errno == 0;
}

/* Reads NAME.txt beside the .ann, when it is there: 1 read, 0 none, -1 error. */
static int read_txt(const char *file, char **text, size_t *len, buf *err) {
  size_t n = strlen(file);
  char *p = malloc(n + 1);
  if (!p) return OOM;
  memcpy(p, file, n - 4);
  memcpy(p + n - 4, ".txt", 5);
  FILE *f = fopen(p, "rb");
  if (!f) return free(p), 0;
  buf b = BUF_INIT;
  char chunk[65536];
  size_t k;
  int rc = 1;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (buf_add(&b, chunk, k)) rc = OOM;
  if (ferror(f)) rc = (buf_printf(err, "glossa: %s: cannot read it", p), -1);
  fclose(f);
  free(p);
  if (rc == 1 && buf_addc(&b, '\0')) rc = OOM;
  if (rc != 1) return buf_free(&b), rc;
  *len = b.len - 1;
  *text = b.s;
  return 1;
}

int import_brat(import_set *s, const char *file, const char *data, size_t len, buf *err) {
  /* the document: NAME, whatever its extension */
  const char *slash = strrchr(file, '/');
  const char *base = slash ? slash + 1 : file;
  buf key = BUF_INIT;
  if (buf_add(&key, base, strlen(base) - 4) || buf_addc(&key, '\0')) return OOM;
  import_group *g = import_group_for(s, file, key.s, file);
  buf_free(&key);
  if (!g) return OOM;
  g->by_stem = 1;
  if (!g->text) {
    int t = read_txt(file, &g->text, &g->textlen, err);
    if (t < 0) return -1;
  }
  buf where = BUF_INIT;
  size_t line = 0, at = 0;
  int rc = 0, skipped = 0;
  /* text-bound annotations first (the others refer to them), then the rest */
  size_t t0 = g->n, nids = 0, *ids = NULL; /* this file's T lines, by id */
  for (int pass = 0; pass < 2 && !rc; pass++) {
    if (pass == 1) {
      import_group sub = *g; /* its own T lines only: another file's T1 is another T1 */
      sub.v = g->v ? g->v + t0 : NULL; /* none yet: a file of no T lines, an empty one */
      sub.n -= t0;
      if (!(ids = import_ids(&sub, &nids))) {
        rc = OOM;
        break;
      }
      for (size_t k = 0; k < nids; k++) ids[k] += t0;
    }
    line = 0;
    at = 0;
    while (at < len && !rc) {
      const char *l = data + at, *nl = memchr(l, '\n', len - at);
      size_t n = nl ? (size_t)(nl - l) : len - at;
      at += n + 1;
      line++;
      if (n && l[n - 1] == '\r') n--;
      if (!n) continue;
      where.len = 0;
      buf_printf(&where, "%s:%zu", file, line);
      const char *tab = memchr(l, '\t', n);
      if (!tab) {
        if (pass) continue;
        buf_printf(err, "%s: not a brat annotation line (ID, a tab, then its fields)", where.s);
        rc = -1;
        break;
      }
      size_t idlen = (size_t)(tab - l);
      const char *f = tab + 1, *end = l + n;
      const char *tab2 = memchr(f, '\t', (size_t)(end - f));
      const char *fend = tab2 ? tab2 : end;
      char kind = l[0];
      if (pass == 0 && kind == 'T') {
        /* LABEL START END[;START END…] */
        const char *sp = memchr(f, ' ', (size_t)(fend - f));
        if (!sp || !tab2) {
          buf_printf(err, "%s: a T line is ID, a tab, LABEL START END, a tab, TEXT", where.s);
          rc = -1;
          break;
        }
        import_annot *a = import_annot_new(g);
        if (!a || !(a->id = strndup(l, idlen)) ||
            !(a->label = import_brat_name(f, (size_t)(sp - f))) || !(a->where = strdup(where.s))) {
          rc = OOM;
          break;
        }
        if (!*a->label) { /* as a script's annotate and the jsonl reader refuse one */
          buf_printf(err, "%s: the T line has no label (an empty TYPE, or __00_)", where.s);
          rc = -1;
          break;
        }
        char *offs = strndup(sp + 1, (size_t)(fend - sp - 1));
        if (!offs) {
          rc = OOM;
          break;
        }
        size_t first = SIZE_MAX, last = 0;
        int ok = 1;
        for (char *frag = offs, *next; frag && ok; frag = next) {
          next = strchr(frag, ';');
          if (next) *next++ = '\0';
          unsigned long long x, y;
          int used = 0;
          if (sscanf(frag, "%llu %llu%n", &x, &y, &used) != 2 || frag[used] || y < x) ok = 0;
          else {
            if (x < first) first = (size_t)x;
            if (y > last) last = (size_t)y;
          }
        }
        free(offs);
        if (!ok) {
          buf_printf(err, "%s: the offsets are START END pairs of whole numbers (;-separated), "
                          "each end not before its start", where.s);
          rc = -1;
          break;
        }
        a->has_pos = 1;
        a->units = IMPORT_CODEPOINTS;
        a->start = first;
        a->end = last;
        if (g->text) rc = import_quote_from(a, g->text, g->textlen, err);
        else if (!(a->exact = strndup(tab2 + 1, (size_t)(end - tab2 - 1)))) rc = OOM;
        else a->exact_len = strlen(a->exact);
        if (!g->text && strchr(sp + 1, ';') && a->exact) { /* fragments joined: no quote */
          free(a->exact);
          a->exact = NULL;
          a->exact_len = 0;
        }
      } else if (pass == 1 && (kind == 'A' || kind == 'M')) {
        /* KEY T1[ VALUE] */
        char *fields = strndup(f, (size_t)(fend - f));
        if (!fields) {
          rc = OOM;
          break;
        }
        char *k = strtok(fields, " "), *t = k ? strtok(NULL, " ") : NULL, *val = t ? strtok(NULL, "") : NULL;
        import_annot *a = t ? by_id(g, ids, nids, t, strlen(t)) : NULL;
        if (!k || !t) {
          buf_printf(err, "%s: an attribute line is ID, a tab, KEY ID[ VALUE]", where.s);
          rc = -1;
        } else if (!a) {
          buf_printf(err, "%s: attribute %s is of %s, which no T line of the file has", where.s, k, t);
          rc = -1;
        } else {
          import_attr *x = realloc(a->attrs, (a->nattrs + 1) * sizeof *x);
          if (!x) rc = OOM;
          else {
            a->attrs = x;
            x = &a->attrs[a->nattrs++];
            memset(x, 0, sizeof *x);
            if (!(x->key = import_brat_name(k, strlen(k)))) rc = OOM;
            else if (!val) x->type = ATTR_BOOL, x->i = 1;
            else if (integer(val, &x->i)) x->type = ATTR_INTEGER;
            else if (x->type = ATTR_STRING, !(x->s = strdup(val))) rc = OOM;
          }
        }
        free(fields);
      } else if (pass == 1 && kind == 'R') {
        char *fields = strndup(f, (size_t)(fend - f));
        if (!fields) {
          rc = OOM;
          break;
        }
        char *role = strtok(fields, " "), *a1 = role ? strtok(NULL, " ") : NULL,
             *a2 = a1 ? strtok(NULL, " ") : NULL;
        char *c1 = a1 ? strchr(a1, ':') : NULL, *c2 = a2 ? strchr(a2, ':') : NULL;
        import_annot *from = c1 ? by_id(g, ids, nids, c1 + 1, strlen(c1 + 1)) : NULL;
        if (!role || !c1 || !c2) {
          buf_printf(err, "%s: a relation line is ID, a tab, ROLE Arg1:ID Arg2:ID", where.s);
          rc = -1;
        } else if (!from) {
          buf_printf(err, "%s: relation %s is of %s, which no T line of the file has", where.s,
                     role, c1 + 1);
          rc = -1;
        } else {
          import_link *x = realloc(from->links, (from->nlinks + 1) * sizeof *x);
          if (!x) rc = OOM;
          else {
            from->links = x;
            x = &from->links[from->nlinks];
            x->role = import_brat_name(role, strlen(role));
            x->target = strdup(c2 + 1);
            if (!x->role || !x->target) free(x->role), free(x->target), rc = OOM;
            else from->nlinks++;
          }
        }
        free(fields);
      } else if (pass == 1 && kind == '#') {
        /* AnnotatorNotes T1\tNOTE */
        const char *sp = memchr(f, ' ', (size_t)(fend - f));
        import_annot *a = sp ? by_id(g, ids, nids, sp + 1, (size_t)(fend - sp - 1)) : NULL;
        if (sp && (size_t)(sp - f) == 14 && !memcmp(f, "AnnotatorNotes", 14) && a && tab2) {
          size_t nl2 = (size_t)(end - tab2 - 1);
          int ga = glossa_attr(a, tab2 + 1, nl2);
          char *note = NULL;
          if (ga <= 0) { /* an attribute brat cannot hold, or out of memory */
            if (ga < 0) rc = OOM;
            continue;
          }
          if (nl2 >= 12 && !memcmp(tab2 + 1, "glossa:note ", 12)) { /* one with tabs, line breaks */
            jsonread r;
            jsonread_init(&r, tab2 + 13, nl2 - 12);
            buf nb = BUF_INIT;
            if (!jsonread_string(&r, &nb) && !jsonread_end(&r) && !buf_addc(&nb, '\0')) {
              note = nb.s;
              nl2 = nb.len - 1;
            } else {
              buf_free(&nb);
              note = strndup(tab2 + 1, nl2);
            }
          } else note = strndup(tab2 + 1, nl2);
          if (note) nl2 = strlen(note); /* a NUL byte (or \u0000) ends a note, as it ends a C string */
          if (!note) rc = OOM;
          else if (a->note) { /* several notes: one, a line each */
            size_t ol = strlen(a->note);
            char *j = realloc(a->note, ol + 1 + nl2 + 1);
            if (!j) free(note), rc = OOM;
            else {
              a->note = j;
              j[ol] = '\n';
              memcpy(j + ol + 1, note, nl2 + 1);
              free(note);
            }
          } else a->note = note;
        } else if (!a && sp) {
          buf_printf(err, "%s: the note is of %.*s, which no T line of the file has", where.s,
                     (int)(fend - sp - 1), sp + 1);
          rc = -1;
        }
      } else if (pass == 1 && kind != 'T' && kind != 'A' && kind != 'M' && kind != 'R' && !skipped) {
        skipped = 1; /* E, N, *: nothing of glossa's holds them */
        buf_printf(&s->warn, "glossa: %s: warning: event, normalization and equivalence lines (E, "
                             "N, *) are not read in\n", where.s);
      }
    }
  }
  free(ids);
  buf_free(&where);
  return rc;
}
