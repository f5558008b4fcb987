/* The language data: each compiled-in file parsed the first time its
 * language is asked for, under one lock; the result is never freed (it is
 * the process's, like the compiled-in bytes it was read from). */
#include "lang.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "casefold.h"
#include "utf8.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static lang *loaded[64];        /* by index in lang_data_files */
static char unknown_seen[32][8]; /* languages already reported unknown */
static int nunknown;
static const lang generic = {.ellipsis_ends = 1};

void lang_primary(const char *tag, char *out) {
  size_t n = 0;
  if (tag)
    for (; ((tag[n] | 0x20) >= 'a' && (tag[n] | 0x20) <= 'z') && n < 7; n++)
      out[n] = (char)(tag[n] | 0x20);
  /* two to seven letters, then the end or another subtag */
  if (!tag || n < 2 || (tag[n] && tag[n] != '-' && tag[n] != '_')) n = 0;
  out[n] = '\0';
}

lang_class lang_class_parse(const char *s, size_t n) {
  static const char *const names[] = {"title", "inner", "final", "attr", "number"};
  for (int i = 0; i < 5; i++)
    if (strlen(names[i]) == n && !memcmp(names[i], s, n)) return (lang_class)(i + 1);
  return LANG_NONE;
}

static int by_bytes(const void *x, const void *y) {
  const lang_abbr *a = x, *b = y;
  int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);
  return c ? c : (a->n > b->n) - (a->n < b->n);
}

static int by_str(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The entry as written, runs of white space made one space, into a fresh
 * string. */
static char *normalise(const char *s, size_t n, size_t *out_n) {
  char *r = malloc(n + 1);
  if (!r) return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = s[i] == ' ' || s[i] == '\t';
    if (sp && (k == 0 || r[k - 1] == ' ')) continue;
    r[k++] = sp ? ' ' : s[i];
  }
  while (k && r[k - 1] == ' ') k--;
  r[k] = '\0';
  *out_n = k;
  return r;
}

int lang_user_add(lang_abbrs *u, const char *abbr, size_t n, lang_class cls) {
  size_t len;
  char *s = normalise(abbr, n, &len);
  if (!s) return -1;
  int multi = memchr(s, ' ', len) != NULL, suffix = len > 2 && s[0] == '-';
  lang_abbr **v = suffix ? &u->suffix : multi ? &u->multi : &u->one;
  size_t *cnt = suffix ? &u->nsuffix : multi ? &u->nmulti : &u->none;
  lang_abbr *g = realloc(*v, (*cnt + 1) * sizeof **v);
  if (!g) {
    free(s);
    return -1;
  }
  *v = g;
  g[(*cnt)++] = (lang_abbr){s, len, cls};
  return 0;
}

void lang_user_sort(lang_abbrs *u) {
  static atomic_ulong stamps;
  if (u->none) qsort(u->one, u->none, sizeof *u->one, by_bytes);
  u->multi_max = 0;
  for (size_t i = 0; i < u->nmulti; i++)
    for (size_t a = 0, b; a < u->multi[i].n; a = b + 1) {
      for (b = a; b < u->multi[i].n && u->multi[i].s[b] != ' ';) b++;
      if (b - a > u->multi_max) u->multi_max = b - a;
    }
  u->stamp = atomic_fetch_add(&stamps, 1) + 1;
}

void lang_user_free(lang_abbrs *u) {
  for (size_t i = 0; i < u->none; i++) free((char *)u->one[i].s);
  for (size_t i = 0; i < u->nmulti; i++) free((char *)u->multi[i].s);
  for (size_t i = 0; i < u->nsuffix; i++) free((char *)u->suffix[i].s);
  free(u->one);
  free(u->multi);
  free(u->suffix);
  memset(u, 0, sizeof *u);
}

/* The code points of a setting's value (separated by TAB or space) into v. */
static int chars(const char *s, size_t n, uint32_t *v, int max, int pairs) {
  int k = 0;
  for (size_t i = 0; i < n;) {
    if (s[i] == ' ' || s[i] == '\t') {
      i++;
      continue;
    }
    uint32_t a, b = 0;
    size_t m = utf8_decode(s + i, n - i, &a);
    if (!m) return -1;
    i += m;
    if (pairs) {
      m = i < n ? utf8_decode(s + i, n - i, &b) : 0;
      if (!m) return -1;
      i += m;
    }
    if (k == max) return -1;
    v[pairs ? 2 * k : k] = a;
    if (pairs) v[2 * k + 1] = b;
    k++;
  }
  return k;
}

static void free_words(const char **v, size_t n) {
  for (size_t i = 0; i < n; i++) free((char *)v[i]);
  free(v);
}

/* The words of a setting's value, each a fresh string, sorted; NULL when
 * memory runs out. */
static const char **words(const char *s, size_t n, size_t *count) {
  size_t cap = 8, k = 0;
  const char **v = malloc(cap * sizeof *v);
  for (size_t i = 0; v && i < n;) {
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    size_t j = i;
    while (j < n && s[j] != ' ' && s[j] != '\t') j++;
    if (j == i) break;
    char *w = NULL;
    if (k == cap) {
      const char **g = realloc(v, (cap *= 2) * sizeof *v);
      if (g) v = g;
      else goto oom;
    }
    if (!(w = malloc(j - i + 1))) goto oom;
    memcpy(w, s + i, j - i);
    w[j - i] = '\0';
    v[k++] = w;
    i = j;
  }
  if (v) qsort(v, k, sizeof *v, by_str);
  *count = k;
  return v;
oom:
  free_words(v, k);
  return NULL;
}

static int yes(const char *s, size_t n) { return n == 3 && !memcmp(s, "yes", 3); }

/* One setting line "@NAME<TAB>VALUE" into l; -1 when it is not one. */
static int setting(lang *l, const char *name, size_t nn, const char *v, size_t vn) {
#define IS(lit) (nn == sizeof lit - 1 && !memcmp(name, lit, nn))
  if (IS("terminators")) return (l->nterms = chars(v, vn, l->terms, LANG_MAX_CHARS, 0)) < 0 ? -1 : 0;
  if (IS("not-terminators"))
    return (l->nnotterms = chars(v, vn, l->notterms, LANG_MAX_CHARS, 0)) < 0 ? -1 : 0;
  if (IS("no-space-after"))
    return (l->nnospace = chars(v, vn, l->nospace, LANG_MAX_CHARS, 0)) < 0 ? -1 : 0;
  if (IS("openers")) return (l->nopeners = chars(v, vn, l->openers, LANG_MAX_CHARS, 0)) < 0 ? -1 : 0;
  if (IS("no-split-inside"))
    return (l->nnosplit = chars(v, vn, l->nosplit[0], LANG_MAX_CHARS, 1)) < 0 ? -1 : 0;
  if (IS("starters")) return (l->starters = words(v, vn, &l->nstarters)) ? 0 : -1;
  if (IS("months")) return (l->months = words(v, vn, &l->nmonths)) ? 0 : -1;
  if (IS("elision")) return (l->elisions = words(v, vn, &l->nelisions)) ? 0 : -1;
  if (IS("clitics")) return (l->clitics = words(v, vn, &l->nclitics)) ? 0 : -1;
  if (IS("ordinal-dot")) {
    l->ordinal_dot = yes(v, vn) ? 1 : vn == 7 && !memcmp(v, "capital", 7) ? 2 : 0;
    return 0;
  }
  if (IS("initials")) {
    l->initials_syllable = vn == 8 && !memcmp(v, "syllable", 8);
    return 0;
  }
  int *flag = IS("roman-ordinal") ? &l->roman_ordinal : IS("cjk-ascii") ? &l->cjk_ascii
              : IS("caseless") ? &l->caseless : IS("ellipsis-ends") ? &l->ellipsis_ends
              : IS("dotted-date") ? &l->dotted_date : IS("space-before") ? &l->space_before
                                                      : NULL;
#undef IS
  if (!flag) return -1;
  *flag = yes(v, vn);
  return 0;
}

/* Lines of the data format into l (settings) and u (abbreviations). */
static int parse(lang *l, lang_abbrs *u, const char *name, const char *text, size_t len,
                 buf *err) {
  size_t lineno = 0;
  for (size_t i = 0; i < len;) {
    const char *p = text + i, *nl = memchr(p, '\n', len - i);
    size_t n = nl ? (size_t)(nl - p) : len - i;
    i += n + (nl != NULL);
    lineno++;
    if (n && p[n - 1] == '\r') n--;
    if (n == 0 || p[0] == '#') continue;
    const char *tab = memchr(p, '\t', n);
    size_t kn = tab ? (size_t)(tab - p) : n;
    const char *v = tab ? tab + 1 : p + n;
    size_t vn = (size_t)(p + n - v);
    if (p[0] == '@') {
      if (!l || setting(l, p + 1, kn - 1, v, vn)) {
        buf_printf(err, "%s:%zu: '%.*s' is no setting glossa knows (data/lang/README.md lists them)",
                   name, lineno, (int)kn, p);
        return -1;
      }
      continue;
    }
    if (p[kn - 1] != '.') {
      buf_printf(err, "%s:%zu: '%.*s' does not end with a period: an abbreviation is written with it",
                 name, lineno, (int)kn, p);
      return -1;
    }
    lang_class c = tab ? lang_class_parse(v, vn) : LANG_INNER;
    if (c == LANG_NONE) {
      buf_printf(err, "%s:%zu: '%.*s' is no class: title, inner, final, attr or number", name,
                 lineno, (int)vn, v);
      return -1;
    }
    if (kn == 0 || lang_user_add(u, p, kn, c)) {
      buf_printf(err, kn ? "%s:%zu: out of memory" : "%s:%zu: an empty abbreviation", name, lineno);
      return -1;
    }
  }
  lang_user_sort(u);
  return 0;
}

int lang_user_parse(lang_abbrs *u, const char *name, const char *text, size_t len, buf *err) {
  return parse(NULL, u, name, text, len, err);
}

const lang *lang_get(const char *tag, int *unknown) {
  char code[8];
  lang_primary(tag, code);
  if (unknown) *unknown = 0;
  if (!code[0]) return &generic;
  size_t i = 0;
  while (i < lang_data_count && strcmp(lang_data_files[i].code, code)) i++;
  pthread_mutex_lock(&lock);
  const lang *r = &generic;
  if (i == lang_data_count || i >= sizeof loaded / sizeof *loaded) {
    int seen = 0;
    for (int k = 0; k < nunknown && !seen; k++) seen = !strcmp(unknown_seen[k], code);
    if (!seen && nunknown < 32) strcpy(unknown_seen[nunknown++], code);
    if (!seen && unknown) *unknown = 1;
  } else if (loaded[i]) {
    r = loaded[i];
  } else {
    lang *l = calloc(1, sizeof *l);
    buf err = BUF_INIT;
    if (l) {
      l->ellipsis_ends = 1;
      memcpy(l->code, code, sizeof l->code);
      if (parse(l, &l->abbrs, lang_data_files[i].code, lang_data_files[i].text,
                lang_data_files[i].len, &err) == 0) {
        r = loaded[i] = l;
      } else { /* out of memory (tests/unit/lang.c shows the data parses): tried again next time */
        lang_user_free(&l->abbrs);
        free_words(l->starters, l->nstarters);
        free_words(l->months, l->nmonths);
        free_words(l->elisions, l->nelisions);
        free_words(l->clitics, l->nclitics);
        free(l);
      }
    }
    buf_free(&err);
  }
  pthread_mutex_unlock(&lock);
  return r;
}

static lang_class find(const lang_abbrs *a, const char *s, size_t n) {
  size_t lo = 0, hi = a->none;
  lang_abbr key = {s, n, LANG_NONE};
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = by_bytes(&a->one[mid], &key);
    if (!c) return a->one[mid].cls;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return LANG_NONE;
}

lang_class lang_lookup(const lang *l, const lang_abbrs *user, const char *s, size_t n,
                       int capital_ok) {
  lang_class c = user ? find(user, s, n) : LANG_NONE;
  if (!c) c = find(&l->abbrs, s, n);
  if (c || !capital_ok) return c;
  /* the entry with its first letter lower-cased */
  uint32_t cp;
  size_t k = utf8_decode(s, n, &cp);
  if (!k || n > 64) return LANG_NONE;
  uint32_t lo = casefold_simple(cp);
  if (lo == cp) return LANG_NONE;
  char tmp[72];
  size_t m = utf8_encode(lo, tmp);
  memcpy(tmp + m, s + k, n - k);
  c = user ? find(user, tmp, m + n - k) : LANG_NONE;
  return c ? c : find(&l->abbrs, tmp, m + n - k);
}

static int in_words(const char **v, size_t nv, const char *s, size_t n) {
  size_t lo = 0, hi = nv;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strncmp(v[mid], s, n);
    if (!c && v[mid][n]) c = 1;
    if (!c) return 1;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

int lang_is_starter(const lang *l, const char *s, size_t n) {
  return in_words(l->starters, l->nstarters, s, n);
}

int lang_is_month(const lang *l, const char *s, size_t n) {
  return in_words(l->months, l->nmonths, s, n);
}

/* s[0..n) lower-cased (ASCII), ’ as ', into out (size >= n + 1); 0 when
 * it does not fit. */
static size_t fold_apos(const char *s, size_t n, char *out, size_t size) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k + 1 >= size) return 0;
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x99) {
      out[k++] = '\'';
      i += 2;
    } else {
      out[k++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    }
  }
  out[k] = '\0';
  return k;
}

int lang_is_elision(const lang *l, const char *s, size_t n) {
  char t[32];
  size_t k = l->nelisions ? fold_apos(s, n, t, sizeof t) : 0;
  return k && in_words(l->elisions, l->nelisions, t, k);
}

int lang_is_clitic(const lang *l, const char *s, size_t n) {
  char t[32];
  size_t k = l->nclitics ? fold_apos(s, n, t, sizeof t) : 0;
  return k && in_words(l->clitics, l->nclitics, t, k);
}

static lang_class suffix_in(const lang_abbrs *a, const char *s, size_t n) {
  for (size_t i = 0; a && i < a->nsuffix; i++) {
    size_t k = a->suffix[i].n - 1; /* without the '-' */
    if (n >= k + 2 && !memcmp(s + n - k, a->suffix[i].s + 1, k)) return a->suffix[i].cls;
  }
  return LANG_NONE;
}

lang_class lang_lookup_suffix(const lang *l, const lang_abbrs *user, const char *s, size_t n) {
  lang_class c = suffix_in(user, s, n);
  return c ? c : suffix_in(&l->abbrs, s, n);
}
