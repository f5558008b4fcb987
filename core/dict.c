#include "dict.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "bigmem.h"
#include "datafile.h"
#include "casefold.h"
#include "uchar.h"
#include "utf8.h"

/* The automaton is a trie over the bytes of the (folded) UTF-8 keys, states
 * numbered in breadth-first order so that the children of state s are the
 * states first[s] .. first[s+1]-1, sorted by their label byte. Failure links
 * and output links (the nearest terminal state on the failure chain) make a
 * scan O(text + hits). Positions in the text are counted in units: bytes,
 * or under nocase code points (so that hits map back to original offsets);
 * when a key holds a space, a run of white space in the text is one unit. */

#define NONE UINT32_MAX

/* What a scan reads of a state, together in one cache line. */
typedef struct state {
  uint32_t first; /* its first child */
  uint32_t fail;
  uint32_t outl;  /* nearest terminal state on the failure chain (self incl.) */
  uint32_t depth; /* in units */
} state;

typedef struct entry {
  size_t key;   /* offset in keys of the key as added, NUL-terminated */
  size_t fkey;  /* offset in folded (in_folded) or keys of the matched bytes */
  size_t val;   /* offset in keys of the value, SIZE_MAX when none */
  uint32_t flen : 30; /* bytes at fkey (under 2^30) */
  uint32_t in_folded : 1; /* they differ from the key: folded, or white space made one ' ' */
  uint32_t spaced : 1;    /* they hold a ' ' (a run of white space in the text) */
  uint32_t vlen;
} entry;

/* A hash table slot keeps the low half of its key's hash (the bucket, for
 * up to 2^32 slots), so probes and growth rarely need to read the key. */
typedef struct hslot {
  uint32_t id;
  uint32_t h;
} hslot;

struct dict {
  dict_opts o;
  int built;
  buf keys;   /* keys and values, each NUL-terminated */
  buf folded; /* keys as matched where they differ from keys (freed by dict_build) */
  int spaced; /* a key holds a space: white space runs in the text are one unit */
  entry *ents;
  size_t nents, capents;
  hslot *hash;    /* open addressing over entry ids (NONE: empty); until built */
  size_t hcap;    /* power of two */
  /* Features: entry i has set fset[i] when i < nfset, else none (0); set s
   * (1-based) is sets[s - 1], its names and values packed in fdata. Plain
   * dicts allocate none of it. */
  uint32_t *fset;
  size_t nfset, capfset;
  buf fdata;
  struct fsetinfo {
    size_t off;     /* in fdata */
    uint32_t n;     /* features */
    uint32_t bytes; /* packed, NULs included */
  } *sets;
  size_t nsets, capsets;
  hslot *fhash; /* open addressing over set indices (NONE: empty); until built */
  size_t fhcap;
  /* the automaton, after dict_build */
  size_t nstates;
  state *st;       /* nstates + 1 (the last one only holds first) */
  uint8_t *label;  /* the byte on the edge into each state */
  uint32_t *term;  /* entry ending at each state, or NONE */
  uint32_t maxunits;
  uint32_t root[256]; /* root transitions, 0 (the root) when none */
  uint32_t n1;        /* states 1..n1 are the root's children (depth 1) */
  uint32_t *row1;     /* their full transitions: row1[(s - 1) * 256 + byte] */
};

dict *dict_new(const dict_opts *o) {
  dict *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  if (o) d->o = *o;
  d->o.nocase = !!d->o.nocase;
  d->o.words = !!d->o.words;
  d->o.all = !!d->o.all;
  return d;
}

void dict_free(dict *d) {
  if (!d) return;
  buf_free(&d->keys);
  buf_free(&d->folded);
  free(d->ents);
  bigmem_free(d->hash);
  free(d->fset);
  buf_free(&d->fdata);
  free(d->sets);
  free(d->fhash);
  bigmem_free(d->st);
  bigmem_free(d->label);
  bigmem_free(d->term);
  free(d->row1);
  free(d);
}

/* ---- adding entries ---- */

static uint64_t hash_bytes(const unsigned char *p, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15u ^ n;
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  memcpy(&w, p, n);
  h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
  h ^= h >> 29;
  return h;
}

static const unsigned char *fkey_of(const dict *d, const entry *e) {
  const buf *b = e->in_folded ? &d->folded : &d->keys;
  return (const unsigned char *)b->s + e->fkey;
}

/* Slot for the folded key p[0..n) with hash h: holding its entry, or the
 * empty one. */
static size_t hash_slot(const dict *d, const unsigned char *p, size_t n, uint64_t h) {
  size_t mask = d->hcap - 1, i = (size_t)h & mask;
  for (;; i = (i + 1) & mask) {
    const hslot *sl = &d->hash[i];
    if (sl->id == NONE) return i;
    if (sl->h != (uint32_t)h) continue;
    const entry *e = &d->ents[sl->id];
    if (e->flen == n && !memcmp(fkey_of(d, e), p, n)) return i;
  }
}

/* Makes room for at least n entries at half load. */
static int hash_grow(dict *d, size_t n) {
  size_t cap = d->hcap ? d->hcap : 1024;
  while (cap < 2 * n) cap *= 2;
  if (cap == d->hcap) return 0;
  if (cap > (size_t)UINT32_MAX + 1) return -1;
  hslot *h = bigmem_alloc(cap * sizeof *h);
  if (!h) return -1;
  memset(h, 0xFF, cap * sizeof *h);
  for (size_t i = 0; i < d->hcap; i++) {
    if (d->hash[i].id == NONE) continue;
    size_t j = d->hash[i].h & (cap - 1);
    while (h[j].id != NONE) j = (j + 1) & (cap - 1);
    h[j] = d->hash[i];
  }
  bigmem_free(d->hash);
  d->hash = h;
  d->hcap = cap;
  return 0;
}

/* Room for n more entries whose keys and values take about bytes. */
static int reserve(dict *d, size_t n, size_t bytes) {
  if (hash_grow(d, d->nents + n) || buf_reserve(&d->keys, bytes + 2 * n)) return -1;
  if (d->nents + n > d->capents) {
    entry *e = realloc(d->ents, (d->nents + n) * sizeof *e);
    if (!e) return -1;
    d->ents = e;
    d->capents = d->nents + n;
  }
  return 0;
}

/* Appends key[0..klen) (valid UTF-8) as it is matched to out, NUL after:
 * folded when fold, each run of white space one ' ', none at either end. */
static int fold_into(buf *out, const char *key, size_t klen, int fold) {
  if (buf_reserve(out, klen + 1)) return -1;
  size_t i = 0, start = out->len;
  int space = 0;
  while (i < klen) {
    uint32_t cp;
    size_t n = utf8_decode(key + i, klen - i, &cp);
    i += n;
    if (uchar_is_space(cp)) {
      space = 1;
      continue;
    }
    if (space && out->len > start && buf_addc(out, ' ')) return -1;
    space = 0;
    char tmp[4];
    size_t m = utf8_encode(fold ? casefold_simple(cp) : cp, tmp);
    if (buf_add(out, tmp, m)) return -1;
  }
  return buf_addc(out, '\0');
}

/* Whether key[0..klen) is matched as it is: no white space but single
 * spaces between other characters. */
static int plain_key(const char *key, size_t klen) {
  for (size_t i = 0; i < klen;) {
    uint32_t cp;
    size_t n = utf8_decode(key + i, klen - i, &cp);
    if (uchar_is_space(cp) && (cp != ' ' || i == 0 || i + 1 == klen || key[i + 1] == ' '))
      return 0;
    i += n;
  }
  return 1;
}

/* ---- features ---- */

int dict_feature_name_ok(const char *k, size_t n) {
  if (n == 0) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)k[i];
    int alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '.' || c == '-'))) return 0;
  }
  return 1;
}

static int feature_cmp(const void *a, const void *b) {
  const dict_feature *x = *(const dict_feature *const *)a, *y = *(const dict_feature *const *)b;
  size_t n = x->klen < y->klen ? x->klen : y->klen;
  int c = memcmp(x->key, y->key, n);
  return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

/* Checks f[0..nf) and sorts pointers to them by name into by (nf of them):
 * 0, or -1 for a bad name or value or a name given twice. */
static int features_sorted(const dict_feature *f, size_t nf, const dict_feature **by) {
  for (size_t i = 0; i < nf; i++) {
    if (!f[i].key || !dict_feature_name_ok(f[i].key, f[i].klen)) return -1;
    if (f[i].vlen && (!f[i].value || memchr(f[i].value, '\0', f[i].vlen) ||
                      !utf8_valid(f[i].value, f[i].vlen, NULL)))
      return -1;
    if (f[i].klen + f[i].vlen >= UINT32_MAX / 4) return -1;
    by[i] = &f[i];
  }
  qsort(by, nf, sizeof *by, feature_cmp);
  for (size_t i = 1; i < nf; i++)
    if (feature_cmp(&by[i - 1], &by[i]) == 0) return -1;
  return 0;
}

/* The set id (1-based) of the features by[0..nf) (sorted, checked): the
 * existing set with the same packed bytes, or a new one. 0 out of memory. */
static uint32_t fset_intern(dict *d, const dict_feature *const *by, size_t nf) {
  size_t off = d->fdata.len;
  for (size_t i = 0; i < nf; i++)
    if (buf_add(&d->fdata, by[i]->key, by[i]->klen) || buf_addc(&d->fdata, '\0') ||
        buf_add(&d->fdata, by[i]->value ? by[i]->value : "", by[i]->vlen) ||
        buf_addc(&d->fdata, '\0'))
      goto oom;
  size_t bytes = d->fdata.len - off;
  if (bytes >= UINT32_MAX || nf >= UINT32_MAX || d->nsets >= UINT32_MAX - 2) goto oom;
  if ((d->nsets + 1) * 2 > d->fhcap) { /* half load at most */
    size_t cap = d->fhcap ? d->fhcap * 2 : 64;
    hslot *h = malloc(cap * sizeof *h);
    if (!h) goto oom;
    memset(h, 0xFF, cap * sizeof *h);
    for (size_t i = 0; i < d->fhcap; i++) {
      if (d->fhash[i].id == NONE) continue;
      size_t j = d->fhash[i].h & (cap - 1);
      while (h[j].id != NONE) j = (j + 1) & (cap - 1);
      h[j] = d->fhash[i];
    }
    free(d->fhash);
    d->fhash = h;
    d->fhcap = cap;
  }
  const char *p = d->fdata.s + off;
  uint64_t hv = hash_bytes((const unsigned char *)p, bytes);
  size_t mask = d->fhcap - 1, i = (size_t)hv & mask;
  for (;; i = (i + 1) & mask) {
    const hslot *sl = &d->fhash[i];
    if (sl->id == NONE) break;
    const struct fsetinfo *fs = &d->sets[sl->id];
    if (sl->h == (uint32_t)hv && fs->bytes == bytes && !memcmp(d->fdata.s + fs->off, p, bytes)) {
      d->fdata.len = off; /* shared: the copy is dropped */
      return sl->id + 1;
    }
  }
  if (d->nsets == d->capsets) {
    size_t cap = d->capsets ? d->capsets * 2 : 16;
    struct fsetinfo *v = realloc(d->sets, cap * sizeof *v);
    if (!v) goto oom;
    d->sets = v;
    d->capsets = cap;
  }
  d->sets[d->nsets] = (struct fsetinfo){off, (uint32_t)nf, (uint32_t)bytes};
  d->fhash[i] = (hslot){(uint32_t)d->nsets, (uint32_t)hv};
  return (uint32_t)++d->nsets;
oom:
  d->fdata.len = off;
  return 0;
}

/* Entry `entry` gets set (not 0): entries before it without one get 0. */
static int fset_assign(dict *d, size_t entry, uint32_t set) {
  if (entry >= d->capfset) {
    size_t cap = d->capfset ? d->capfset : 64;
    while (cap <= entry) cap *= 2;
    uint32_t *v = realloc(d->fset, cap * sizeof *v);
    if (!v) return -1;
    d->fset = v;
    d->capfset = cap;
  }
  if (entry >= d->nfset) {
    memset(d->fset + d->nfset, 0, (entry - d->nfset) * sizeof *d->fset);
    d->nfset = entry + 1;
  }
  d->fset[entry] = set;
  return 0;
}

unsigned dict_fset(const dict *d, size_t entry) {
  return entry < d->nfset ? d->fset[entry] : 0;
}

size_t dict_fset_count(const dict *d) { return d->nsets; }

const char *dict_fset_data(const dict *d, unsigned set, size_t *n) {
  if (set == 0 || set > d->nsets) {
    *n = 0;
    return NULL;
  }
  *n = d->sets[set - 1].n;
  return d->fdata.s + d->sets[set - 1].off;
}

static int add_entry(dict *d, const char *key, size_t klen, const char *value, size_t vlen,
                     const dict_feature *const *by, size_t nf);

int dict_add(dict *d, const char *key, size_t klen, const char *value, size_t vlen) {
  return dict_add_features(d, key, klen, value, vlen, NULL, 0);
}

int dict_add_features(dict *d, const char *key, size_t klen, const char *value, size_t vlen,
                      const dict_feature *f, size_t nf) {
  if (d->built || !key) return -1;
  if (!utf8_valid(key, klen, NULL)) return -1;
  if (nf && !f) return -1;
  /* the features sorted by name: on the stack for a line's few */
  const dict_feature *small[16], **by = small;
  if (nf > 16 && (nf > SIZE_MAX / sizeof *by || !(by = malloc(nf * sizeof *by)))) return -1;
  int rc = features_sorted(f, nf, by) ? -1 : add_entry(d, key, klen, value, vlen, by, nf);
  if (by != small) free(by);
  return rc;
}

/* dict_add_features once the features are checked and sorted (by). */
static int add_entry(dict *d, const char *key, size_t klen, const char *value, size_t vlen,
                     const dict_feature *const *by, size_t nf) {
  if (klen == 0) return 0;
  /* every offset and count of the automaton is 32 bits */
  if (klen >= UINT32_MAX / 4 || vlen >= UINT32_MAX || d->nents >= UINT32_MAX - 1) return -1;
  if ((d->nents + 1) * 2 > d->hcap && hash_grow(d, d->nents + 1)) return -1;
  size_t keys0 = d->keys.len, fold0 = d->folded.len;
  const unsigned char *fk;
  size_t fl;
  int in_folded = d->o.nocase || !plain_key(key, klen);
  if (in_folded) {
    if (fold_into(&d->folded, key, klen, d->o.nocase)) goto oom;
    fk = (const unsigned char *)d->folded.s + fold0;
    fl = d->folded.len - fold0 - 1;
    if (fl >= UINT32_MAX / 4) goto oom;
    if (fl == 0) { /* only white space */
      d->folded.len = fold0;
      return 0;
    }
  } else {
    fk = (const unsigned char *)key;
    fl = klen;
  }
  uint64_t hv = hash_bytes(fk, fl);
  size_t slot = hash_slot(d, fk, fl, hv);
  if (d->hash[slot].id != NONE) { /* duplicate: the first value wins */
    d->folded.len = fold0;
    return 0;
  }
  if (d->nents == d->capents) {
    size_t cap = d->capents ? d->capents * 2 : 256;
    entry *e = realloc(d->ents, cap * sizeof *e);
    if (!e) goto oom;
    d->ents = e;
    d->capents = cap;
  }
  int spaced = memchr(fk, ' ', fl) != NULL;
  entry e = {keys0, in_folded ? fold0 : keys0, SIZE_MAX, (uint32_t)fl, (uint32_t)in_folded,
             (uint32_t)spaced, 0};
  d->spaced |= spaced;
  if (buf_add(&d->keys, key, klen) || buf_addc(&d->keys, '\0')) goto oom;
  if (value) {
    e.val = d->keys.len;
    e.vlen = (uint32_t)vlen;
    if (buf_add(&d->keys, value, vlen) || buf_addc(&d->keys, '\0')) goto oom;
  }
  if (nf) { /* the entry is new: its features are kept */
    uint32_t set = fset_intern(d, by, nf);
    if (!set || fset_assign(d, d->nents, set)) goto oom;
  }
  d->ents[d->nents] = e;
  d->hash[slot] = (hslot){(uint32_t)d->nents++, (uint32_t)hv};
  return 0;
oom:
  d->keys.len = keys0;
  if (d->keys.s) d->keys.s[keys0] = '\0';
  d->folded.len = fold0;
  return -1;
}

/* Opens path for reading a dictionary: -1 with "PATH: what" in err unless it
 * is a regular file of at most DICT_FILE_MAX bytes. Never blocks (a FIFO is
 * opened without waiting for a writer, then refused). */
int dict_open_file(const char *path, struct stat *st, buf *err) {
  const char *why;
  int fd = datafile_open(path, st, &why);
  if (fd == -1) {
    if (err) buf_printf(err, "%s: %s", path, strerror(errno));
    return -1;
  }
  if (fd == -2) {
    if (err) buf_printf(err, "%s: %s, not a dictionary file (a dictionary is read from a regular file)", path, why);
    return -1;
  }
  if ((unsigned long long)st->st_size > DICT_FILE_MAX) {
    if (err)
      buf_printf(err, "%s: %llu bytes is over the %llu (1 GiB) a dictionary file may have", path,
                 (unsigned long long)st->st_size, (unsigned long long)DICT_FILE_MAX);
    close(fd);
    return -1;
  }
  return fd;
}

int dict_load_file(dict *d, const char *path, buf *err) {
  struct stat st;
  int fd = dict_open_file(path, &st, err);
  if (fd < 0) return -1;
  int rc = dict_load_fd(d, fd, path, err);
  close(fd);
  return rc;
}

/* The feature columns of one line, reused from line to line. */
typedef struct fvec {
  dict_feature *f;
  struct fcol {
    const char *key; /* as f[i], to sort the names and find one given twice */
    size_t klen;
    unsigned col;    /* its TSV column (from 1) */
    size_t at;       /* its byte in the line */
  } *col;
  size_t n, cap;
} fvec;

/* The character column (from 1) of byte at of the line s (valid UTF-8). */
static size_t char_col(const char *s, size_t at) {
  size_t c = 1;
  for (size_t i = 0; i < at; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

static int fcol_cmp(const void *a, const void *b) {
  const struct fcol *x = a, *y = b;
  size_t n = x->klen < y->klen ? x->klen : y->klen;
  int c = memcmp(x->key, y->key, n);
  if (c) return c;
  if (x->klen != y->klen) return x->klen < y->klen ? -1 : 1;
  return (x->col > y->col) - (x->col < y->col);
}

/* Reads the feature columns of the line s[0..n) (valid UTF-8) from byte
 * from on (column 3) into fv: 0, or -1 with "PATH:LINE:COL: what" in err. */
static int read_features(fvec *fv, const char *s, size_t n, size_t from, const char *path,
                         size_t lineno, buf *err) {
  const char *why = NULL;
  size_t at = from, bad = from;
  unsigned col = 3;
  for (;; col++) {
    const char *c = s + at, *tab = memchr(c, '\t', n - at);
    size_t len = tab ? (size_t)(tab - c) : n - at;
    const char *eq = memchr(c, '=', len);
    bad = at;
    if (len == 0) why = "is empty";
    else if (!eq) why = "has no '='";
    else if (eq == c) why = "has no name before '='";
    else if (!dict_feature_name_ok(c, (size_t)(eq - c))) why = "name";
    else if (memchr(eq + 1, '\0', len - (size_t)(eq + 1 - c))) {
      why = "nul";
      bad = (size_t)((const char *)memchr(eq + 1, '\0', len - (size_t)(eq + 1 - c)) - s);
    }
    if (why) {
      if (err) {
        size_t show = len > 40 ? 40 : len;
        while (show < len && ((unsigned char)c[show] & 0xC0) == 0x80) show--; /* whole characters */
        buf_printf(err, "%s:%zu:%zu: column %u ", path, lineno, char_col(s, bad), col);
        if (!strcmp(why, "name"))
          buf_printf(err, "(\"%.*s\"): '%.*s' is not a feature name (letters, digits, '_', '.' "
                          "and '-', starting with a letter or '_')",
                     (int)show, c, (int)(eq - c), c);
        else if (!strcmp(why, "nul"))
          buf_printf(err, "(feature '%.*s'): its value holds a NUL byte", (int)(eq - c), c);
        else if (len == 0)
          buf_printf(err, "is empty: each column after the label is a feature NAME=VALUE "
                          "(remove the extra TAB)");
        else
          buf_printf(err, "(\"%.*s%s\") %s: each column after the label must be a "
                          "feature, NAME=VALUE",
                     (int)show, c, show < len ? "…" : "", why);
      }
      return -1;
    }
    if (fv->n == fv->cap) {
      size_t cap = fv->cap ? fv->cap * 2 : 8;
      dict_feature *f = realloc(fv->f, cap * sizeof *f);
      if (f) fv->f = f;
      struct fcol *k = f ? realloc(fv->col, cap * sizeof *k) : NULL;
      if (!k) {
        if (err) buf_printf(err, "%s:%zu: out of memory", path, lineno);
        return -1;
      }
      fv->col = k;
      fv->cap = cap;
    }
    size_t klen = (size_t)(eq - c);
    fv->f[fv->n] = (dict_feature){c, klen, eq + 1, len - klen - 1};
    fv->col[fv->n++] = (struct fcol){c, klen, col, at};
    if (!tab) break;
    at += len + 1;
  }
  /* a name given twice: the leftmost second use is named, with the first */
  qsort(fv->col, fv->n, sizeof *fv->col, fcol_cmp); /* by name, then column */
  const struct fcol *dup = NULL, *orig = NULL, *group = fv->col;
  for (size_t i = 1; i < fv->n; i++) {
    const struct fcol *a = &fv->col[i - 1], *b = &fv->col[i];
    if (a->klen != b->klen || memcmp(a->key, b->key, a->klen)) {
      group = b;
      continue;
    }
    if (b == group + 1 && (!dup || b->col < dup->col)) dup = b, orig = group;
  }
  if (dup) {
    if (err)
      buf_printf(err, "%s:%zu:%zu: column %u: feature '%.*s' is given twice (first in column "
                      "%u): keep one",
                 path, lineno, char_col(s, dup->at), dup->col, (int)dup->klen, dup->key,
                 orig->col);
    return -1;
  }
  return 0;
}

int dict_load_fd(dict *d, int fd, const char *path, buf *err) {
  /* the whole file at once: its lines tell how much room the entries need */
  buf all = BUF_INIT;
  fvec fv = {0};
  int rc = 0;
  struct stat st;
  size_t want = fstat(fd, &st) == 0 && st.st_size > 0 && (unsigned long long)st.st_size <= DICT_FILE_MAX
                    ? (size_t)st.st_size + 1 : 65536;
  for (size_t extra = want; rc == 0;) {
    if (all.len > DICT_FILE_MAX) { /* it grew while read, or /proc-like */
      if (err)
        buf_printf(err, "%s: over the %llu bytes (1 GiB) a dictionary file may have", path,
                   (unsigned long long)DICT_FILE_MAX);
      rc = -1;
      break;
    }
    if (all.len + 1 >= all.cap && buf_reserve(&all, extra)) {
      if (err) buf_printf(err, "%s: out of memory", path);
      rc = -1;
      break;
    }
    ssize_t got = read(fd, all.s + all.len, all.cap - all.len - 1);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      if (err) buf_printf(err, "%s: %s", path, strerror(errno));
      rc = -1;
      break;
    }
    if (got == 0) break;
    all.len += (size_t)got;
    all.s[all.len] = '\0';
    extra = all.len < 65536 ? 65536 : all.len;
  }
  size_t lines = 0;
  for (const char *p = all.s; rc == 0 && p && (p = memchr(p, '\n', all.len - (size_t)(p - all.s)));
       p++)
    lines++;
  if (rc == 0 && reserve(d, lines + 1, all.len)) {
    if (err) buf_printf(err, "%s: out of memory", path);
    rc = -1;
  }
  size_t lineno = 0;
  for (size_t at = 0; rc == 0 && at < all.len;) {
    char *s = all.s + at, *nl = memchr(s, '\n', all.len - at);
    size_t n = nl ? (size_t)(nl - s) : all.len - at;
    at += n + 1;
    lineno++;
    if (n && s[n - 1] == '\r') n--;
    if (lineno == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { /* BOM */
      s += 3;
      n -= 3;
    }
    size_t w = 0;
    while (w < n && (s[w] == ' ' || s[w] == '\t')) w++;
    if (w == n) continue; /* blank */
    size_t bad;
    if (!utf8_valid(s, n, &bad)) {
      if (err) buf_printf(err, "%s:%zu: invalid UTF-8 at byte %zu", path, lineno, bad + 1);
      rc = -1;
      break;
    }
    char *tab = memchr(s, '\t', n);
    size_t klen = tab ? (size_t)(tab - s) : n;
    const char *val = tab ? tab + 1 : NULL;
    size_t vlen = tab ? n - klen - 1 : 0;
    const char *more = val ? memchr(val, '\t', vlen) : NULL;
    fv.n = 0;
    if (more) { /* the label, then feature columns */
      rc = read_features(&fv, s, n, (size_t)(more + 1 - s), path, lineno, err);
      if (rc) break;
      vlen = (size_t)(more - val);
    }
    if (dict_add_features(d, s, klen, val, vlen, fv.f, fv.n)) {
      if (err)
        buf_printf(err, "%s:%zu: %s", path, lineno,
                   d->built ? "dictionary already built" : "out of memory");
      rc = -1;
      break;
    }
  }
  free(fv.f);
  free(fv.col);
  buf_free(&all);
  return rc;
}

/* ---- building ---- */

typedef struct skey {
  const unsigned char *p;
  uint32_t len, id;
} skey;

static int skey_cmp(const void *a, const void *b) {
  const skey *x = a, *y = b;
  uint32_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->p, y->p, n);
  if (c) return c;
  return (x->len > y->len) - (x->len < y->len);
}

/* The child of s (not the root) labelled c, or NONE. */
static inline uint32_t child(const dict *d, uint32_t s, unsigned c) {
  uint32_t lo = d->st[s].first, hi = d->st[s + 1].first;
  while (hi - lo > 8) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (d->label[mid] < c) lo = mid + 1;
    else hi = mid + 1; /* mid may be the one */
  }
  for (; lo < hi; lo++) {
    if (d->label[lo] >= c) return d->label[lo] == c ? lo : NONE;
  }
  return NONE;
}

/* The goto-with-failure transition of the automaton. */
static inline uint32_t step(const dict *d, uint32_t s, unsigned c) {
  for (;;) {
    if (s <= d->n1) return s == 0 ? d->root[c] : d->row1[(size_t)(s - 1) * 256 + c];
    uint32_t t = child(d, s, c);
    if (t != NONE) return t;
    s = d->st[s].fail;
  }
}

/* The arrays of the states, for cap states: at most one per byte of the
 * keys plus the root, so the trie never has to grow; the pages past the
 * states really made are never touched, and are given back afterwards. */
static int alloc_states(dict *d, size_t cap, uint32_t **lo, uint32_t **hi, uint32_t **db) {
  if (cap > UINT32_MAX - 2) return -1;
  d->st = bigmem_alloc((cap + 1) * sizeof *d->st);
  d->label = bigmem_alloc(cap + 1);
  d->term = bigmem_alloc((cap + 1) * sizeof *d->term);
  *lo = bigmem_alloc((cap + 1) * sizeof **lo);
  *hi = bigmem_alloc((cap + 1) * sizeof **hi);
  *db = bigmem_alloc((cap + 1) * sizeof **db);
  return d->st && d->label && d->term && *lo && *hi && *db ? 0 : -1;
}

int dict_build(dict *d) {
  if (d->built) return d->built > 0 ? 0 : -1;
  d->built = -1; /* until it succeeds: no more adds, no scans */
  bigmem_free(d->hash);
  d->hash = NULL;
  d->hcap = 0;
  free(d->fhash); /* sets are looked up only while adding */
  d->fhash = NULL;
  d->fhcap = 0;
  size_t n = d->nents;
  skey *ks = malloc((n ? n : 1) * sizeof *ks);
  if (!ks) return -1;
  size_t bytes = 1;
  for (size_t i = 0; i < n; i++) {
    ks[i] = (skey){fkey_of(d, &d->ents[i]), d->ents[i].flen, (uint32_t)i};
    bytes += d->ents[i].flen;
  }
  qsort(ks, n, sizeof *ks, skey_cmp);

  /* Breadth-first trie: state q covers the sorted keys [lo[q], hi[q]) that
   * share its first db[q] bytes; its children are appended in label order. */
  uint32_t *lo = NULL, *hi = NULL, *db = NULL;
  size_t ns = 1;
  int rc = -1;
  if (alloc_states(d, bytes, &lo, &hi, &db)) goto out;
  lo[0] = 0;
  hi[0] = (uint32_t)n;
  db[0] = 0;
  d->label[0] = 0;
  d->st[0].depth = 0;
  d->maxunits = 0;
  for (size_t q = 0; q < ns; q++) {
    uint32_t i = lo[q], e = hi[q], b = db[q];
    d->term[q] = NONE;
    if (i < e && ks[i].len == b) d->term[q] = ks[i++].id;
    d->st[q].first = (uint32_t)ns;
    while (i < e) {
      unsigned char c = ks[i].p[b];
      uint32_t j = i + 1;
      while (j < e && ks[j].p[b] == c) j++;
      d->label[ns] = c;
      d->st[ns].depth = d->st[q].depth + (d->o.nocase ? (c & 0xC0) != 0x80 : 1);
      if (d->st[ns].depth > d->maxunits) d->maxunits = d->st[ns].depth;
      lo[ns] = i;
      hi[ns] = j;
      db[ns] = b + 1;
      ns++;
      i = j;
    }
  }
  d->st[ns].first = (uint32_t)ns;
  d->nstates = ns;
  bigmem_free(lo);
  bigmem_free(hi);
  bigmem_free(db);
  lo = hi = db = NULL;
  bigmem_shrink(d->st, (ns + 1) * sizeof *d->st);
  bigmem_shrink(d->label, ns);
  bigmem_shrink(d->term, ns * sizeof *d->term);

  /* Failure and output links, parents before children (BFS order). */
  for (int c = 0; c < 256; c++) d->root[c] = 0;
  for (uint32_t c = d->st[0].first; c < d->st[1].first; c++) d->root[d->label[c]] = c;
  d->st[0].fail = 0;
  d->st[0].outl = NONE;
  for (uint32_t q = 0; q < ns; q++) {
    for (uint32_t c = d->st[q].first; c < d->st[q + 1].first; c++) {
      d->st[c].fail = q == 0 ? 0 : step(d, d->st[q].fail, d->label[c]);
      d->st[c].outl = d->term[c] != NONE ? c : d->st[d->st[c].fail].outl;
    }
  }
  /* a dense table for the states most scans keep falling back to */
  d->n1 = d->st[1].first - 1;
  d->row1 = malloc((size_t)(d->n1 ? d->n1 : 1) * 256 * sizeof *d->row1);
  if (!d->row1) goto out;
  for (uint32_t q = 1; q <= d->n1; q++)
    for (unsigned c = 0; c < 256; c++) {
      uint32_t t = child(d, q, c);
      d->row1[(size_t)(q - 1) * 256 + c] = t != NONE ? t : d->root[c];
    }
  /* the folded keys live on only in the automaton */
  buf_free(&d->folded);
  d->built = 1;
  rc = 0;
out:
  free(ks);
  bigmem_free(lo);
  bigmem_free(hi);
  bigmem_free(db);
  return rc;
}

size_t dict_count(const dict *d) { return d->nents; }

size_t dict_states(const dict *d) { return d->nstates; }

const char *dict_key(const dict *d, size_t entry) {
  return entry < d->nents ? d->keys.s + d->ents[entry].key : NULL;
}

const char *dict_value(const dict *d, size_t entry) {
  if (entry >= d->nents || d->ents[entry].val == SIZE_MAX) return NULL;
  return d->keys.s + d->ents[entry].val;
}

size_t dict_value_len(const dict *d, size_t entry) {
  return entry < d->nents ? d->ents[entry].vlen : 0;
}

size_t dict_memory(const dict *d) {
  size_t m = sizeof *d + d->keys.cap + d->folded.cap + d->capents * sizeof(entry) +
             d->hcap * sizeof(hslot) + d->capfset * sizeof *d->fset + d->fdata.cap +
             d->capsets * sizeof *d->sets + d->fhcap * sizeof *d->fhash;
  if (d->nstates) m += (d->nstates + 1) * sizeof(state) + d->nstates * (1 + sizeof(uint32_t));
  if (d->row1) m += (size_t)(d->n1 ? d->n1 : 1) * 256 * sizeof *d->row1;
  return m;
}

/* ---- word boundaries ---- */

int dict_is_word(unsigned long cp) {
  if (cp < 0x80)
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 'a' && cp <= 'z') || cp == '_';
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return 0;
  if (uchar_is_space((uint32_t)cp)) return 0; /* U+1680, U+FEFF: white space to keys and texts */
  if (cp >= 0x2000 && cp <= 0x2BFF) return 0;
  if (cp >= 0x2E00 && cp <= 0x2E7F) return 0;
  if (cp >= 0x3000 && cp <= 0x303F) return 0;
  if (cp >= 0xE000 && cp <= 0xF8FF) return 0;
  if (cp >= 0xFE30 && cp <= 0xFE4F) return 0;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return 0;
  if (cp >= 0xFF1A && cp <= 0xFF20) return 0;
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return 0;
  return cp <= 0x10FFFF;
}

/* True when the code point ending at byte off of t is a word character
 * (bytes that are not valid UTF-8 are not). */
static int word_before(const char *t, size_t off) {
  if (off == 0) return 0;
  unsigned char c = (unsigned char)t[off - 1];
  if (c < 0x80) return dict_is_word(c);
  size_t i = off - 1;
  while (i > 0 && off - i < 4 && ((unsigned char)t[i] & 0xC0) == 0x80) i--;
  uint32_t cp;
  size_t n = utf8_decode(t + i, off - i, &cp);
  return n == off - i && dict_is_word(cp);
}

/* True when the code point starting at byte off of t[0..len) is one. */
static int word_after(const char *t, size_t len, size_t off) {
  if (off >= len) return 0;
  unsigned char c = (unsigned char)t[off];
  if (c < 0x80) return dict_is_word(c);
  uint32_t cp;
  return utf8_decode(t + off, len - off, &cp) && dict_is_word(cp);
}

/* ---- scanning ---- */

/* A hit waiting until no later one can start before it. Units: su is the
 * index of its first unit, eu one past its last. */
typedef struct hit {
  size_t su, eu, start, end;
  uint32_t entry;
} hit;

enum { STACK_HITS = 64, STACK_RING = 256 };

typedef struct scan {
  const dict *d;
  const char *text;
  size_t len, from;
  dict_hit_fn fn;
  void *ud;
  hit *h;            /* pending hits h[head..tail), sorted by (su, eu) */
  size_t head, tail, cap;
  hit stack[STACK_HITS];
  size_t done;       /* leftmost-longest: units before it are taken */
  int oom;
} scan;

static int pend(scan *sc, size_t su, size_t eu, size_t start, size_t end, uint32_t entry) {
  if (sc->tail == sc->cap) {
    if (sc->head > 0) {
      memmove(sc->h, sc->h + sc->head, (sc->tail - sc->head) * sizeof *sc->h);
      sc->tail -= sc->head;
      sc->head = 0;
    } else {
      size_t cap = sc->cap * 2;
      hit *h = sc->h == sc->stack ? malloc(cap * sizeof *h) : realloc(sc->h, cap * sizeof *h);
      if (!h) return -1;
      if (sc->h == sc->stack) memcpy(h, sc->stack, sizeof sc->stack);
      sc->h = h;
      sc->cap = cap;
    }
  }
  size_t i = sc->tail;
  while (i > sc->head && sc->h[i - 1].su > su) i--;
  if (!sc->d->o.all && i > sc->head && sc->h[i - 1].su == su) {
    sc->h[i - 1] = (hit){su, eu, start, end, entry}; /* longer: ends later */
    return 0;
  }
  memmove(sc->h + i + 1, sc->h + i, (sc->tail - i) * sizeof *sc->h);
  sc->h[i] = (hit){su, eu, start, end, entry};
  sc->tail++;
  return 0;
}

/* Reports the pending hits that start before unit `limit` (no hit found
 * later can start there or earlier). Returns fn's non-zero value, or 0. */
static int settle(scan *sc, size_t limit) {
  while (sc->head < sc->tail && sc->h[sc->head].su < limit) {
    hit x = sc->h[sc->head++];
    if (!sc->d->o.all) {
      if (x.su < sc->done) continue;
      sc->done = x.eu;
    }
    int r = sc->fn(sc->ud, x.start, x.end, x.entry);
    if (r) return r;
  }
  if (sc->head == sc->tail) sc->head = sc->tail = 0;
  return 0;
}

/* The bytes of the white space at text[p..to): a run of white space code
 * points, 0 when p starts none. */
static size_t space_run(const char *text, size_t p, size_t to) {
  size_t i = p;
  while (i < to) {
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80) {
      if (uchar_class(c) != UCHAR_SPACE) break;
      i++;
      continue;
    }
    uint32_t cp;
    size_t n = utf8_decode(text + i, to - i, &cp);
    if (!n || !uchar_is_space(cp)) break;
    i += n;
  }
  return i - p;
}

/* Bytes that may start white space (ASCII's, and the lead bytes of U+0085,
 * U+00A0, U+1680, U+2000..U+205F, U+3000, U+FEFF). */
static const unsigned char space_lead[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
    [0xC2] = 1, [0xE1] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1};

/* Where a hit of `units` units that ends at byte end starts, for the byte
 * scan of a spaced dict (whose positions do not say it, runs of white space
 * having been one unit): inside a hit every unit is one byte of its key or
 * one run of white space (keys hold no white space but single ' '). */
static size_t start_of(const char *text, size_t from, size_t end, size_t units) {
  size_t i = end;
  for (; units > 0 && i > from; units--) {
    size_t b = i - 1;
    while (b > from && i - b < 4 && ((unsigned char)text[b] & 0xC0) == 0x80) b--;
    uint32_t cp;
    if (utf8_decode(text + b, i - b, &cp) != i - b || !uchar_is_space(cp)) {
      i--; /* a byte of the key */
      continue;
    }
    i = b; /* the whole run */
    while (i > from) {
      b = i - 1;
      while (b > from && i - b < 4 && ((unsigned char)text[b] & 0xC0) == 0x80) b--;
      if (utf8_decode(text + b, i - b, &cp) != i - b || !uchar_is_space(cp)) break;
      i = b;
    }
  }
  return i;
}

/* Collects the hits ending at unit k (ending at byte end) in state s; ring
 * maps units to byte offsets (NULL: units are bytes, a run of white space
 * one when the dict is spaced). */
static inline int collect(scan *sc, uint32_t s, size_t k, size_t end, const size_t *ring,
                          size_t mask) {
  const dict *d = sc->d;
  for (uint32_t o = d->st[s].outl; o != NONE; o = d->st[d->st[o].fail].outl) {
    size_t su = k + 1 - d->st[o].depth;
    if (!d->o.all && su < sc->done) continue; /* overlaps a reported hit */
    size_t start = ring                              ? ring[su & mask]
                   : d->ents[d->term[o]].spaced ? start_of(sc->text, sc->from, end, d->st[o].depth)
                                                : end - d->st[o].depth;
    if (d->o.words && (word_before(sc->text, start) || word_after(sc->text, sc->len, end)))
      continue;
    if (pend(sc, su, k + 1, start, end, d->term[o])) return -1;
  }
  return 0;
}

int dict_scan(const dict *d, const char *text, size_t len, size_t from, size_t to,
              dict_hit_fn fn, void *ud) {
  return dict_scan_until(d, text, len, from, to, fn, ud, NULL);
}

/* How often a scan looks at its stop flag: a position can cost as many
 * steps as the keys ending there (a^1 .. a^2000 on "aaa…"). */
#define POLL 4096

int dict_scan_until(const dict *d, const char *text, size_t len, size_t from, size_t to,
                    dict_hit_fn fn, void *ud, const atomic_int *stop) {
  if (d->built != 1) return -1;
  if (to > len) to = len;
  if (from > to) from = to;
  scan sc = {.d = d, .text = text, .len = len, .from = from, .fn = fn, .ud = ud, .cap = STACK_HITS};
  sc.h = sc.stack;
  size_t ringbuf[STACK_RING], *ring = NULL, mask = 0;
  int r = 0;
  uint32_t s = 0;
  const unsigned char *t = (const unsigned char *)text;
  if (!d->o.nocase && !d->spaced) {
    size_t k = 0;
    for (size_t p = from; p < to; p++, k++) {
      if (stop && k % POLL == POLL - 1 && atomic_load(stop)) goto stopped;
      s = step(d, s, t[p]);
      if (d->st[s].outl != NONE && collect(&sc, s, k, p + 1, NULL, 0)) goto oom;
      if (sc.head < sc.tail && (r = settle(&sc, k + 1 - d->st[s].depth))) goto out;
    }
  } else if (!d->o.nocase) { /* the same, a run of white space fed as one ' ' */
    size_t k = 0;
    for (size_t p = from; p < to; k++) {
      if (stop && k % POLL == POLL - 1 && atomic_load(stop)) goto stopped;
      unsigned c = t[p];
      size_t n = 1;
      if (space_lead[c] && (n = space_run(text, p, to)) > 0) c = ' ';
      else n = 1;
      s = step(d, s, c);
      p += n;
      if (d->st[s].outl != NONE && collect(&sc, s, k, p, NULL, 0)) goto oom;
      if (sc.head < sc.tail && (r = settle(&sc, k + 1 - d->st[s].depth))) goto out;
    }
  } else {
    size_t rn = 1;
    while (rn <= d->maxunits) rn *= 2;
    ring = rn <= STACK_RING ? ringbuf : malloc(rn * sizeof *ring);
    if (!ring) goto oom;
    mask = rn - 1;
    size_t k = 0;
    for (size_t p = from; p < to; k++) {
      if (stop && k % POLL == POLL - 1 && atomic_load(stop)) goto stopped;
      unsigned c = t[p];
      size_t n = 1;
      ring[k & mask] = p;
      if (c < 0x80 && !(d->spaced && uchar_class(c) == UCHAR_SPACE)) {
        s = step(d, s, c - 'A' < 26u ? c + 32 : c);
      } else {
        uint32_t cp;
        n = utf8_decode(text + p, to - p, &cp);
        if (n == 0) {
          n = 1;
          s = 0; /* nothing matches across invalid bytes */
        } else if (d->spaced && uchar_is_space(cp)) {
          /* a run of white space is one ' ' ("President\u00A0Putin", a newline) */
          while (p + n < to) {
            size_t m = utf8_decode(text + p + n, to - p - n, &cp);
            if (!m || !uchar_is_space(cp)) break;
            n += m;
          }
          s = step(d, s, ' ');
        } else {
          unsigned char u[4];
          size_t m = utf8_encode(casefold_simple(cp), (char *)u);
          for (size_t i = 0; i < m; i++) s = step(d, s, u[i]);
        }
      }
      p += n;
      if (d->st[s].outl != NONE && collect(&sc, s, k, p, ring, mask)) goto oom;
      if (sc.head < sc.tail && (r = settle(&sc, k + 1 - d->st[s].depth))) goto out;
    }
  }
  r = settle(&sc, SIZE_MAX);
  goto out;
stopped:
  r = DICT_STOPPED;
  goto out;
oom:
  r = -1;
out:
  if (sc.h != sc.stack) free(sc.h);
  if (ring != ringbuf) free(ring);
  return r;
}
