#include "outname.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest a record's id makes a file name: room for ~N and an extension
 * within the 255 bytes most file systems allow. */
#define ID_MAX 200

/* Whether the last component of s[0..n) ends in ext (any case). */
static int ends_in(const char *s, size_t n, const char *ext) {
  size_t e = strlen(ext);
  return n > e && s[n - e - 1] != '/' && !strncasecmp(s + n - e, ext, e);
}

/* Where the extension of the last component of s[0..n) starts (n: none). */
static size_t ext_start(const char *s, size_t n) {
  for (size_t k = n; k > 0 && s[k - 1] != '/'; k--)
    if (s[k - 1] == '.' && k > 1 && s[k - 2] != '/') return k - 1;
  return n;
}

/* A record's id as one file name (see outname.h). */
static int add_id(buf *b, const char *id) {
  size_t n = strlen(id);
  if (n > ID_MAX) {
    n = ID_MAX;
    while (n > 0 && ((unsigned char)id[n] & 0xC0) == 0x80) n--; /* not inside a character */
  }
  if (!n) return buf_addc(b, '_');
  for (size_t k = 0; k < n; k++) {
    unsigned char c = (unsigned char)id[k];
    int bad = c == '/' || c == '\\' || c < 0x20 || c == 0x7f || (k == 0 && c == '.');
    if (buf_addc(b, bad ? '_' : (char)c)) return -1;
  }
  return 0;
}

int outname_make(buf *name, size_t *ext_at, const char *rel, int record, const out_writer *w,
                 doc_type type) {
  size_t base = name->len;
  if (record ? add_id(name, rel) : buf_adds(name, strcmp(rel, "-") ? rel : "stdin")) return -1;
  const char *s = name->s + base;
  size_t n = name->len - base;
  const char *ext = NULL; /* added; NULL: the name is kept as it is */
  if (w->xml_name && type == DOC_XML) ext = ext_start(s, n) < n ? NULL : ".xml";
  else if (w->page_name) /* a page: a mirrored site keeps its names */
    ext = ends_in(s, n, ".html") || ends_in(s, n, ".htm") ? NULL : w->ext;
  else ext = w->ext;
  if (!ext) {
    *ext_at = base + ext_start(s, n);
    return 0;
  }
  *ext_at = name->len;
  return buf_adds(name, ext);
}

/* ---- the names given out ---------------------------------------------------- */

typedef struct entry {
  char *name, *owner; /* name NULL: an empty slot */
  uint64_t hash;
} entry;

struct outname_table {
  entry *v;
  size_t cap, n; /* cap a power of two, kept at most half full */
};

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

outname_table *outname_new(void) {
  return calloc(1, sizeof(outname_table));
}

void outname_free(outname_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->cap; i++) {
    free(t->v[i].name);
    free(t->v[i].owner);
  }
  free(t->v);
  free(t);
}

static entry *find(outname_table *t, const char *name, uint64_t h) {
  for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1))
    if (!t->v[i].name || (t->v[i].hash == h && !strcmp(t->v[i].name, name))) return &t->v[i];
}

static int grow(outname_table *t) {
  size_t cap = t->cap ? t->cap * 2 : 256;
  entry *old = t->v, *v = calloc(cap, sizeof *v);
  if (!v) return -1;
  size_t oldcap = t->cap;
  t->v = v;
  t->cap = cap;
  for (size_t i = 0; i < oldcap; i++)
    if (old[i].name) *find(t, old[i].name, old[i].hash) = old[i];
  free(old);
  return 0;
}

int outname_claim(outname_table *t, buf *name, size_t ext_at, const char *owner,
                  const char **other) {
  if ((t->n + 1) * 2 > t->cap && grow(t)) return -1;
  uint64_t h = hash(name->s);
  entry *e = find(t, name->s, h);
  int taken = e->name != NULL;
  if (taken) {
    *other = e->owner;
    /* NAME~k.EXT for the first free k */
    buf alt = BUF_INIT;
    for (unsigned long k = 2;; k++) {
      alt.len = 0;
      if (buf_add(&alt, name->s, ext_at) || buf_printf(&alt, "~%lu", k) ||
          buf_adds(&alt, name->s + ext_at))
        return buf_free(&alt), -1;
      h = hash(alt.s);
      e = find(t, alt.s, h);
      if (!e->name) break;
    }
    name->len = 0;
    int rc = buf_add(name, alt.s, alt.len);
    buf_free(&alt);
    if (rc) return -1;
  }
  char *nm = strdup(name->s), *ow = strdup(owner);
  if (!nm || !ow) return free(nm), free(ow), -1;
  e->name = nm;
  e->owner = ow;
  e->hash = h;
  t->n++;
  return taken;
}
