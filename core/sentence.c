/* Sentence, token and block splitting: one forward pass, no allocation;
 * what differs by language comes from lang.h. */
#include "sentence.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "lang.h"
#include "uchar.h"
#include "utf8.h"

/* ---- characters ---------------------------------------------------------- */

/* Decodes the code point at s[i] (i < to); an invalid byte decodes as
 * U+FFFD of length 1. */
static size_t dec(const char *s, size_t i, size_t to, uint32_t *cp) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n = utf8_decode(s + i, to - i, cp);
  if (!n) {
    *cp = 0xFFFD;
    n = 1;
  }
  return n;
}

static int in(uint32_t c, uint32_t lo, uint32_t hi) { return c >= lo && c <= hi; }

static int is_digit(uint32_t c) { return c - '0' < 10; }

static int has(const uint32_t *v, int n, uint32_t c) {
  for (int i = 0; i < n; i++)
    if (v[i] == c) return 1;
  return 0;
}

/* Sentence-final marks of any language that has them: unambiguous in their
 * scripts (a language's data adds others, such as the Greek ';'). */
static int is_term_any(uint32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203C ||
         c == 0x203D || in(c, 0x2047, 0x2049) || c == 0x37E || c == 0x589 || c == 0x61F ||
         c == 0x6D4 || in(c, 0x964, 0x965) || c == 0x104B || c == 0x1362 ||
         in(c, 0x1367, 0x1368) || c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF61;
}

/* Terminators after which no white space is needed, in any language. */
static int is_cjk_term(uint32_t c) {
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF61;
}

static int is_cjk(uint32_t c) {
  return in(c, 0x3040, 0x30FF) || in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) ||
         in(c, 0xAC00, 0xD7AF) || in(c, 0xF900, 0xFAFF) || in(c, 0x20000, 0x2FFFF) ||
         in(c, 0x3000, 0x303F) || in(c, 0xFF00, 0xFF60);
}

/* Marks that may close a sentence right after its terminal: quotes of any
 * kind (straight ones are ambiguous, and German and Urdu close with “; after
 * a terminal they close) and closing brackets. */
static int is_closer(uint32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' ||
         c == 0x2019 || c == 0x201D || c == 0x201C || c == 0x2018 || c == 0xBB || c == 0xAB ||
         c == 0x2039 || c == 0x203A || c == 0x3009 || c == 0x300B ||
         c == 0x300D || c == 0x300F || c == 0x3011 || c == 0x3015 ||
         c == 0xFF09 || c == 0xFF3D || c == 0xFF63;
}

/* Quotes and brackets that may open a sentence before its first word. */
static int is_opener(uint32_t c) {
  return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x2018 || c == 0x201C ||
         c == 0x201E || c == 0xAB || c == 0xBB || c == 0x2039 || c == 0x300C || c == 0x300E ||
         c == 0x300A || c == 0xBF || c == 0xA1;
}

/* List bullets: each starts an item. */
static int is_bullet(uint32_t c) {
  return c == 0x2022 || c == 0x25E6 || c == 0x25AA || c == 0x2023 || c == 0x2043 || c == 0x25CF;
}

/* Superscript digits (a footnote mark: ".¹ Next"). */
static int is_sup_digit(uint32_t c) {
  return c == 0xB9 || c == 0xB2 || c == 0xB3 || in(c, 0x2070, 0x2079);
}

/* What continues a sentence rather than starting one. (’ and ” after a
 * space open one: Dutch ’s Avonds, Swedish ”Vänta; so does » in German.) */
static int is_continuation(uint32_t c) {
  if (c < 0x80) return uchar_is_lower(c) || (c && strchr(",;:.!?)]}-%", (int)c));
  return uchar_is_lower(c) || in(c, 0x2010, 0x2015) || c == 0x203A || c == 0x2026 || c == 0x2030 ||
         c == 0x3001 || c == 0x3002 || c == 0xFF0C || is_term_any(c);
}

/* ---- the splitting context ---------------------------------------------- */

typedef struct ctx {
  const char *s;
  size_t to;
  const lang *l;
  const lang_abbrs *user;
  int at_start; /* the next token starts a sentence (for capitalised entries) */
} ctx;

static const lang *en;
static void find_english(void) { en = lang_get("en", NULL); }

static const lang *english(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, find_english);
  return en;
}

static int ctx_term(const ctx *x, uint32_t c) {
  if (has(x->l->notterms, x->l->nnotterms, c)) return 0;
  return is_term_any(c) || has(x->l->terms, x->l->nterms, c);
}

static int ctx_nospace(const ctx *x, uint32_t c) {
  return is_cjk_term(c) || has(x->l->nospace, x->l->nnospace, c);
}

/* ---- tokens -------------------------------------------------------------- */

enum { T_WORD, T_ABBR, T_TERM, T_CLOSE, T_OTHER };

/* How a word's final period behaves. */
enum { P_TERM, P_NEVER, P_ENDS };

typedef struct token {
  size_t start, end;
  int kind;
  int ends;     /* T_ABBR: the sentence ends with it (its period does double duty) */
  int nospace;  /* T_TERM: no white space needed after it */
  int ellipsis; /* T_TERM: … or a run of periods */
  int period;   /* T_TERM: a single '.' */
  uint32_t cp;  /* the first code point */
  int letters;  /* T_WORD: letters only, two or more */
  int digits;   /* T_WORD: digits only: how many */
} token;

static int is_apos(uint32_t c) { return c == '\'' || c == 0x2019; }
static int is_hyphen(uint32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

/* The class of the code point at s[i], or -1 at to. */
static inline int class_at(const char *s, size_t i, size_t to, uint32_t *cp, size_t *n) {
  if (i >= to) return -1;
  unsigned b = (unsigned char)s[i];
  if (b < 0x80) { /* most text: no decoding, inline */
    *cp = b;
    *n = 1;
    return uchar_class(b);
  }
  *n = dec(s, i, to, cp);
  return uchar_class(*cp);
}

static size_t skip_space(const char *s, size_t i, size_t to) {
  uint32_t c;
  size_t n;
  while (class_at(s, i, to, &c, &n) == UCHAR_SPACE) i += n;
  return i;
}

/* The word at s[i] (letters, digits, marks) after white space and opening
 * marks: its extent in *ws, *we, its first code point in *first; 0 when
 * there is none before the next other character. */
static int next_word(const char *s, size_t i, size_t to, size_t *ws, size_t *we,
                     uint32_t *first) {
  uint32_t c;
  size_t n;
  i = skip_space(s, i, to);
  int k;
  while ((k = class_at(s, i, to, &c, &n)) == UCHAR_PUNCT && is_opener(c)) i += n;
  if (k != UCHAR_ALNUM) return 0;
  *ws = i;
  *first = c;
  while ((k = class_at(s, i, to, &c, &n)) == UCHAR_ALNUM || k == UCHAR_EXTEND) i += n;
  *we = i;
  return 1;
}

/* The decimal digits s[0..n) (at most three). */
static int atoi_n(const char *s, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
  return v;
}

static int roman_value(const char *s, size_t n) {
  static const char *const r[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
                                  "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii",
                                  "xix", "xx"};
  if (n == 0 || n > 5) return 0;
  char low[6];
  int upper = s[0] >= 'A' && s[0] <= 'Z';
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (upper ? !(c == 'I' || c == 'V' || c == 'X') : !(c == 'i' || c == 'v' || c == 'x')) return 0;
    low[i] = (char)(c | 0x20);
  }
  for (int v = 0; v < 20; v++)
    if (strlen(r[v]) == n && !memcmp(r[v], low, n)) return v + 1;
  return 0;
}

/* What follows "No." makes it an abbreviation: a number, a Roman numeral,
 * or a capital letter, alone or with digits after it. */
static int number_follows(const char *s, size_t i, size_t to) {
  size_t ws, we;
  uint32_t c;
  if (!next_word(s, i, to, &ws, &we, &c)) {
    i = skip_space(s, i, to);
    return i < to && (s[i] == '$' || s[i] == '#'); /* "approx. $40" */
  }
  if (ws != skip_space(s, i, to)) return 0;
  if (is_digit(c) || roman_value(s + ws, we - ws)) return 1;
  size_t n = (size_t)utf8_decode(s + ws, we - ws, &c);
  if (!uchar_is_upper(c)) return 0;
  for (size_t k = ws + n; k < we; k++) /* "App. B", "Fig. S2", not "No. It" */
    if (!is_digit((unsigned char)s[k])) return 0;
  return 1;
}

/* Whether multi-word entry e ("z. B.") holds the period at s[p] as the end
 * of its segment k, the text around matching the rest of it (any white
 * space between words). Returns 0, or 1 + whether it is the last segment. */
static int multi_at(const lang_abbr *e, const char *s, size_t ws, size_t p, size_t to) {
  /* split e into segments on the fly: find one equal to s[ws, p] */
  const char *seg[8];
  size_t len[8], nseg = 0;
  for (size_t i = 0; i < e->n && nseg < 8;) {
    size_t j = i;
    while (j < e->n && e->s[j] != ' ') j++;
    seg[nseg] = e->s + i;
    len[nseg++] = j - i;
    i = j + 1;
  }
  size_t wl = p + 1 - ws;
  for (size_t k = 0; k < nseg; k++) {
    if (len[k] != wl || memcmp(seg[k], s + ws, wl)) continue;
    /* backwards */
    size_t at = ws;
    int ok = 1;
    for (size_t j = k; ok && j-- > 0;) {
      while (at > 0 && (s[at - 1] == ' ' || s[at - 1] == '\t' || s[at - 1] == '\n')) at--;
      ok = at >= len[j] && !memcmp(s + at - len[j], seg[j], len[j]);
      at -= ok ? len[j] : 0;
      /* the word must start there */
      if (ok && at > 0) {
        uint32_t c;
        size_t b = at - 1;
        while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80) b--;
        dec(s, b, at, &c);
        ok = uchar_class(c) != UCHAR_ALNUM;
      }
    }
    /* forwards */
    at = p + 1;
    for (size_t j = k + 1; ok && j < nseg; j++) {
      at = skip_space(s, at, to);
      ok = to - at >= len[j] && !memcmp(s + at, seg[j], len[j]);
      at += len[j];
    }
    if (ok) return 1 + (k == nseg - 1);
  }
  return 0;
}

/* Whether the word before s[ws] (white space between) starts with a
 * capital letter. */
static int after_name(const char *s, size_t ws) {
  size_t b = ws;
  while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n')) b--;
  if (b == ws) return 0;
  size_t e = b;
  while (b > 0 && (((unsigned char)s[b - 1] & 0xC0) == 0x80 || uchar_class((unsigned char)s[b - 1]) == UCHAR_ALNUM ||
                   (unsigned char)s[b - 1] >= 0x80))
    b--;
  if (b == e) return 0;
  uint32_t c;
  dec(s, b, e, &c);
  return uchar_is_upper(c);
}

/* A Devanagari syllable: a consonant and its vowel signs ("रा"). */
static int is_syllable(const char *s, size_t n) {
  uint32_t c;
  size_t i = 0, k = utf8_decode(s, n, &c);
  if (!k || !in(c, 0x915, 0x939)) return 0;
  for (i = k; i < n; i += k) {
    k = utf8_decode(s + i, n - i, &c);
    if (!k || !(in(c, 0x900, 0x903) || in(c, 0x93A, 0x94F) || in(c, 0x951, 0x957))) return 0;
  }
  return 1;
}

/* What scan_word learns about a word on the way. */
typedef struct wordinfo {
  size_t cps;     /* letters and digits in the current segment (between joiners) */
  size_t total;   /* letters and digits in the word */
  int dotted;     /* one-letter segments joined by periods: "U.N", "e.g" */
  int periods;    /* inner periods */
  int digits;     /* only digits so far */
  size_t ndigits;
  int letters;    /* only letters so far */
  int seg_letters; /* only letters in the current segment */
  uint32_t first; /* first code point */
} wordinfo;

/* How the period at s[p] after the word s[ws, p) behaves: P_TERM (it may
 * end the sentence as any terminator does), P_NEVER (an abbreviation inside
 * a sentence), P_ENDS (an abbreviation that ends the sentence here). */
static int period_after(const ctx *x, size_t ws, size_t p, const wordinfo *w) {
  const char *s = x->s;
  const lang *l = x->l;
  size_t to = x->to;
  int cls = LANG_NONE;
  for (int u = 0; u < 2 && !cls; u++) {
    const lang_abbrs *a = u ? &l->abbrs : x->user;
    if (a && p + 1 - ws > a->multi_max) continue; /* longer than any of their words */
    for (size_t i = 0; a && i < a->nmulti && !cls; i++) {
      int m = multi_at(&a->multi[i], s, ws, p, to);
      if (m == 1) return P_NEVER; /* a period inside "z. B." */
      if (m == 2) cls = a->multi[i].cls;
    }
  }
  /* a word glued to what precedes it ("c=d.", "/a.b.") is no abbreviation */
  int standalone = 1;
  if (ws > 0) {
    size_t b = ws - 1;
    while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80) b--;
    uint32_t pc;
    dec(s, b, ws, &pc);
    standalone = uchar_class(pc) != UCHAR_PUNCT || is_opener(pc) || is_hyphen(pc) ||
                 in(pc, 0x2012, 0x2015) || (is_term_any(pc) && uchar_is_upper(w->first));
    /* (after a stop without a space: "Tuesday.Mr. Smith") */
  }
  if (!cls && standalone) cls = lang_lookup(l, x->user, s + ws, p + 1 - ws, x->at_start);
  if (!cls && standalone && (l->abbrs.nsuffix || (x->user && x->user->nsuffix)))
    cls = lang_lookup_suffix(l, x->user, s + ws, p + 1 - ws);
  if (cls == LANG_NUMBER) cls = number_follows(s, p + 1, to) ? LANG_INNER : LANG_NONE;
  if (!cls) {
    if (w->periods && w->dotted && w->cps == 1) cls = LANG_FINAL; /* U.N., a.m. */
    else if (w->total == 1 && uchar_is_upper(w->first) && (w->first != 'I' || after_name(s, ws)))
      cls = LANG_TITLE; /* an initial; "I." only after a name ("Henry I. Smith", not "So did I.") */
    else if (l->initials_syllable && is_syllable(s + ws, p - ws)) cls = LANG_TITLE;
  }
  size_t nws, nwe;
  uint32_t nc;
  int word = next_word(s, p + 1, to, &nws, &nwe, &nc);
  switch (cls) {
  case LANG_TITLE:
  case LANG_INNER: return P_NEVER;
  case LANG_FINAL: return word && uchar_is_upper(nc) ? P_ENDS : P_NEVER;
  case LANG_ATTR:
    if (!word) return skip_space(s, p + 1, to) == to ? P_ENDS : P_NEVER;
    return lang_is_starter(l, s + nws, nwe - nws) ||
                   (nwe < to && s[nwe] == '.' &&
                    (lang_is_starter(l, s + nws, nwe + 1 - nws) ||
                     lang_lookup(l, x->user, s + nws, nwe + 1 - nws, 0) == LANG_TITLE))
               ? P_ENDS
               : P_NEVER;
  default: break;
  }
  /* ordinals: "14. Mai", "3. místě", "XII. století" */
  int ordinal = l->ordinal_dot && ((w->digits && w->ndigits <= 3 && !w->periods) ||
                                   (l->roman_ordinal && roman_value(s + ws, p - ws) &&
                                    uchar_is_upper(w->first)));
  if (ordinal && word) {
    if (uchar_is_lower(nc) || is_digit(nc) || lang_is_month(l, s + nws, nwe - nws) ||
        (nwe < to && s[nwe] == '.' && lang_is_month(l, s + nws, nwe + 1 - nws)))
      return P_NEVER;
    if (l->ordinal_dot == 2 && uchar_is_upper(nc) && !lang_is_starter(l, s + nws, nwe - nws))
      return P_NEVER;
  }
  /* dotted dates: "2023. 5. 14." */
  if (l->dotted_date && w->digits) {
    if (word && is_digit(nc) && nwe < to && s[nwe] == '.') return P_NEVER;
    size_t b = ws; /* the last number of one: "N. 14." */
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
    if (b < ws && b > 1 && s[b - 1] == '.' && is_digit((unsigned char)s[b - 2])) return P_NEVER;
  }
  return P_TERM;
}

/* "works.Then", "1,000.That": whether the word at s[i], right after a
 * terminator, starts a sentence though no space came between: a capital
 * and a lower-case letter, and not going on as an address does
 * ("Jane.Doe@example.com", "/srv/a.Bc/", "x.Com.au"). */
static int glued_word(const char *s, size_t i, size_t to) {
  uint32_t c, c2;
  size_t n, n2;
  if (class_at(s, i, to, &c, &n) != UCHAR_ALNUM || !uchar_is_upper(c)) return 0;
  if (class_at(s, i + n, to, &c2, &n2) != UCHAR_ALNUM || !uchar_is_lower(c2)) return 0;
  size_t e = i + n;
  int k;
  while ((k = class_at(s, e, to, &c, &n)) == UCHAR_ALNUM || k == UCHAR_EXTEND) e += n;
  if (e < to && (s[e] == '@' || s[e] == '/' || s[e] == '_' ||
                 (s[e] == '.' && class_at(s, e + 1, to, &c, &n) == UCHAR_ALNUM)))
    return 0;
  return 1;
}

/* 1 Han, 2 Hiragana, 3 Katakana, 4 the prolonged sound mark, else 0. */
static int cjk_script(uint32_t c) {
  if (c == 0x30FC || c == 0xFF70) return 4;
  if (in(c, 0x3040, 0x309F)) return 2;
  if (in(c, 0x30A0, 0x30FF) || in(c, 0x31F0, 0x31FF) || in(c, 0xFF66, 0xFF9F)) return 3;
  if (in(c, 0x2E80, 0x2FDF) || in(c, 0x3005, 0x3007) || in(c, 0x3400, 0x4DBF) ||
      in(c, 0x4E00, 0x9FFF) || in(c, 0xF900, 0xFAFF) || in(c, 0x20000, 0x3FFFF))
    return 1;
  return 0;
}

/* Where a clitic of the language ("-il", "-t-elle") that starts at the
 * hyphen s[i] ends, if one does, ending where a word would; else 0. */
static size_t clitic_end(const ctx *x, size_t i) {
  const char *s = x->s;
  size_t e = i, n;
  uint32_t c;
  int k;
  while ((k = class_at(s, e, x->to, &c, &n)) == UCHAR_ALNUM || k == UCHAR_EXTEND ||
         (k == UCHAR_PUNCT && is_hyphen(c)))
    e += n;
  while (e > i && s[e - 1] == '-') e--; /* "-il-" is no clitic */
  return e - i <= 16 && lang_is_clitic(x->l, s + i, e - i) ? e : 0;
}

/* Whether the character before s[i] is CJK. */
static int is_cjk_before(const char *s, size_t i) {
  if (i == 0) return 0;
  size_t b = i - 1;
  while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80) b--;
  uint32_t c;
  dec(s, b, i, &c);
  return is_cjk(c);
}

/* Scans the word starting at s[i] (a letter or digit); returns its end. */
static size_t scan_word(ctx *x, size_t i, token *t) {
  const char *s = x->s;
  size_t to = x->to;
  wordinfo w = {0, 0, 1, 0, 1, 0, 1, 1, 0};
  int script = 0; /* cjk_script of the run so far */
  uint32_t c;
  size_t n;
  dec(s, i, to, &w.first);
  t->kind = T_WORD;
  t->ends = 0;
  for (;;) {
    int k;
    while ((k = class_at(s, i, to, &c, &n)) == UCHAR_ALNUM || k == UCHAR_EXTEND) {
      /* CJK: a run of one script is a token (漢字 | かな | カナ) */
      if (k == UCHAR_ALNUM && c >= 0x2E80) {
        int sc = cjk_script(c);
        if (sc == 4) sc = script ? script : 3; /* ー goes with what it follows */
        if (i > t->start && sc != script && (sc || script)) goto done;
        script = sc;
      } else if (k == UCHAR_ALNUM && script) {
        goto done;
      }
      if (k == UCHAR_ALNUM) {
        w.cps++;
        w.total++;
        if (is_digit(c)) {
          w.ndigits++;
          w.dotted = 0;
          w.letters = w.seg_letters = 0;
        } else {
          w.digits = 0;
        }
      }
      i += n;
    }
    if (k < 0) break;
    uint32_t c2;
    size_t n2;
    /* "N°. 42": a degree sign between a letter and a period */
    if (c == 0xB0 && i + n < to && s[i + n] == '.' && !w.digits) {
      i += n;
      c = '.';
      n = 1;
      w.letters = 0;
    }
    /* a joiner with a letter or digit after it */
    /* "l'homme": an elided article or pronoun is a token of its own */
    if (is_apos(c) && x->l->nelisions && lang_is_elision(x->l, s + t->start, i + n - t->start)) {
      i += n;
      break;
    }
    /* "dit-il": a clitic after a hyphen is one */
    if (is_hyphen(c) && x->l->nclitics && clitic_end(x, i)) break;
    /* "10:30" */
    if (c == ':' && w.digits && class_at(s, i + n, to, &c2, &n2) == UCHAR_ALNUM && is_digit(c2)) {
      i += n;
      w.cps = 0;
      continue;
    }
    if (is_apos(c) || is_hyphen(c) || c == '.' || c == ',') {
      int k2 = class_at(s, i + n, to, &c2, &n2);
      /* "works.Then": a period between a word and a capitalised one ends a
       * sentence, though no space follows */
      int glued = c == '.' && k2 == UCHAR_ALNUM &&
                  ((w.seg_letters && w.cps >= 2) || (w.digits && !w.periods)) &&
                  glued_word(s, i + n, to);
      /* "はい.そうです": no joiner next to CJK */
      if (c == '.' && k2 == UCHAR_ALNUM && (is_cjk(c2) || is_cjk_before(s, i))) glued = 1;
      if (!glued && k2 == UCHAR_ALNUM &&
          (c != ',' || (is_digit(c2) && w.digits && is_digit((unsigned char)s[i - 1])))) {
        if (c == '.') {
          if (w.cps != 1) w.dotted = 0;
          w.periods++;
        } else if (c != ',') {
          w.dotted = 0;
        }
        if (c != ',' && c != '.') w.digits = 0;
        w.letters = 0;
        w.seg_letters = 1;
        w.cps = 0;
        i += n;
        continue;
      }
    }
    if (c == '.') {
      int p = period_after(x, t->start, i, &w);
      if (p != P_TERM) {
        i++;
        t->kind = T_ABBR;
        t->ends = p == P_ENDS;
        /* "U.N.-led": a hyphenated word may go on after the period */
        if (class_at(s, i, to, &c, &n) == UCHAR_PUNCT && is_hyphen(c) &&
            class_at(s, i + n, to, &c2, &n2) == UCHAR_ALNUM) {
          i += n;
          t->kind = T_WORD;
          t->ends = 0;
          w.dotted = w.digits = w.letters = 0;
          w.cps = 0;
          continue;
        }
      }
    }
    break;
  }
done:
  t->letters = w.letters && w.total >= 2;
  t->digits = w.digits && !w.periods ? (int)w.ndigits : 0;
  return i;
}

/* The next token at or after *pos in s[.., to); 0 at the end. */
static int next_token(ctx *x, size_t *pos, token *t) {
  const char *s = x->s;
  size_t to = x->to, i = *pos, n, ce;
  uint32_t c;
  int k;
  while ((k = class_at(s, i, to, &c, &n)) == UCHAR_SPACE) i += n;
  if (k < 0) {
    *pos = to;
    return 0;
  }
  t->start = i;
  t->cp = c;
  t->nospace = t->period = t->ellipsis = t->ends = t->letters = t->digits = 0;
  if (k == UCHAR_ALNUM) {
    i = scan_word(x, i, t);
  } else if (is_hyphen(c) && x->l->nclitics && (ce = clitic_end(x, i))) {
    t->kind = T_WORD;
    i = ce;
  } else {
    t->kind = ctx_term(x, c) ? T_TERM : is_closer(c) ? T_CLOSE : T_OTHER;
    t->nospace = ctx_nospace(x, c);
    t->ellipsis = c == 0x2026;
    i += n;
    if (c == '.' || c == '-') { /* "..." and "--" are one token */
      size_t b = i;
      while (i < to && s[i] == (char)c) i++;
      t->period = c == '.' && i == b;
      t->ellipsis |= c == '.' && i > b;
    }
    while (class_at(s, i, to, &c, &n) == UCHAR_EXTEND) i += n;
  }
  t->end = i;
  *pos = i;
  x->at_start = t->kind == T_TERM || (t->kind == T_ABBR && t->ends);
  return 1;
}

static void ctx_init(ctx *x, const char *s, size_t to, const sentence_opts *o) {
  x->s = s;
  x->to = to;
  x->l = o && o->lang ? o->lang : english();
  x->user = o ? o->user : NULL;
  x->at_start = 1;
}

int sentence_tokens(const char *text, size_t from, size_t to, const sentence_opts *o,
                    sentence_fn fn, void *ud) {
  ctx x;
  ctx_init(&x, text, to, o);
  token t;
  int r;
  while (next_token(&x, &from, &t))
    if ((r = fn(ud, t.start, t.end))) return r;
  return 0;
}

/* ---- sentences ----------------------------------------------------------- */

/* Longest parenthetical note after a sentence that is kept with it. */
#define NOTE_MAX 80

/* The end of a bracketed group at s[p] ("(Jones 12)") of at most NOTE_MAX
 * bytes without . ! ? inside other than in abbreviations, or 0. */
static size_t note_end(const char *s, size_t p, size_t to, int any_period) {
  char open = s[p], close = open == '(' ? ')' : open == '[' ? ']' : 0;
  if (!close) return 0;
  int depth = 0;
  for (size_t i = p; i < to && i - p <= NOTE_MAX; i++) {
    char c = s[i];
    if (c == open) depth++;
    else if (c == close && --depth == 0) return i + 1;
    else if ((c == '.' && !any_period) || c == '!' || c == '?') return 0;
  }
  return 0;
}

/* True when s[p, to) is a short bracketed note with only white space after
 * it: "(link)", "(transcript)". */
static int trailing_note(const char *s, size_t p, size_t to) {
  size_t e = note_end(s, p, to, 0);
  return e && skip_space(s, e, to) == to;
}

/* A list-item marker: "1.", "1)", "1.)", "a.", "iv." and the like. */
typedef struct marker {
  int style; /* 0 none; 1 number, 2 lower letter, 3 upper letter, 4 roman */
  int value;
  int punct; /* 1 ".", 2 ")", 3 ".)" */
  size_t end; /* after its punctuation */
} marker;

/* The marker token t starts (its word, then its punctuation and a space). */
static marker marker_at(const ctx *x, const token *t, const marker *prev) {
  marker m = {0, 0, 0, 0};
  const char *s = x->s;
  size_t i = t->end, n = t->end - t->start;
  if (t->kind != T_WORD && !(t->kind == T_ABBR && !t->ends)) return m;
  if (t->kind == T_ABBR) i--, n--; /* "a." scanned as an abbreviation */
  if (i < x->to && s[i] == '.') m.punct = 1, i++;
  if (i < x->to && s[i] == ')') m.punct |= 2, i++;
  if (!m.punct || (i < x->to && uchar_class((unsigned char)s[i]) != UCHAR_SPACE)) return m;
  const char *w = s + t->start;
  int r = roman_value(w, n);
  if (t->digits && t->digits <= 3) {
    m.style = 1;
    m.value = atoi_n(w, n);
  } else if (n == 1 && ((*w >= 'a' && *w <= 'z') || (*w >= 'A' && *w <= 'Z'))) {
    m.style = *w >= 'a' ? 2 : 3;
    m.value = (*w | 0x20) - 'a' + 1;
    /* "i." after "h." is a letter, else a Roman one */
    if (r && !(prev && prev->style == m.style && prev->value + 1 == m.value)) m.style = 4, m.value = r;
  } else if (r) {
    m.style = 4;
    m.value = r;
  }
  if (m.style) m.end = i;
  return m;
}

/* Whether only closing marks and white space are left from s[i]. */
static int ends_range(const ctx *x, size_t i) {
  uint32_t c;
  size_t n;
  int k;
  while ((k = class_at(x->s, i, x->to, &c, &n)) == UCHAR_SPACE || (k == UCHAR_PUNCT && is_closer(c))) i += n;
  return k < 0;
}

static int closer_at(const char *s, size_t i, size_t to) {
  uint32_t c;
  size_t n;
  return class_at(s, i, to, &c, &n) == UCHAR_PUNCT && is_closer(c);
}

/* Whether the pronoun I ("I", "I’m", "I'd") stands at s[i]. */
static int pronoun_i(const char *s, size_t i, size_t to) {
  uint32_t c;
  size_t n;
  if (i >= to || s[i] != 'I') return 0;
  int k = class_at(s, i + 1, to, &c, &n);
  return k != UCHAR_ALNUM && k != UCHAR_EXTEND;
}

/* How many " ." pairs follow s[i]: a spaced ellipsis. */
static int spaced_dots(const char *s, size_t i, size_t to) {
  int k = 0;
  while (i + 1 < to && s[i] == ' ' && s[i + 1] == '.') i += 2, k++;
  return k;
}

static int nosplit_open(const lang *l, uint32_t c) {
  for (int i = 0; i < l->nnosplit; i++)
    if (l->nosplit[i][0] == c) return 1;
  return 0;
}

static int nosplit_close(const lang *l, uint32_t c) {
  for (int i = 0; i < l->nnosplit; i++)
    if (l->nosplit[i][1] == c) return 1;
  return 0;
}

int sentence_split(const char *text, size_t from, size_t to, const sentence_opts *o,
                   sentence_fn fn, void *ud) {
  ctx x;
  ctx_init(&x, text, to, o);
  const lang *l = x.l;
  size_t pos = from, start = 0, end = 0, ntok = 0, words = 0;
  int open = 0, depth = 0, have_last = 0, r;
  marker last = {0, 0, 0, 0};
  token t, prev = {0};
  prev.kind = T_OTHER;
  while (next_token(&x, &pos, &t)) {
    if (l->nnosplit && t.end - t.start <= 4) { /* a pair may open and close with one mark */
      if (depth && nosplit_close(l, t.cp)) depth--;
      else if (nosplit_open(l, t.cp)) depth++;
    }
    /* list items: a bullet, or a marker at the start, after a colon, or
     * next after the last one ("1.) Buy milk 2.) Call Ana") */
    int bullet = t.kind == T_OTHER && is_bullet(t.cp);
    marker m = marker_at(&x, &t, have_last ? &last : NULL);
    int item = bullet;
    if (m.style && m.style != 3) {
      int item_start = !open || ntok == 0 || (ntok == 1 && prev.kind == T_OTHER && is_bullet(prev.cp));
      item = item_start ||
             (have_last && m.style == last.style && m.punct == last.punct &&
              m.value == last.value + 1) ||
             (prev.kind == T_OTHER && prev.cp == ':' && m.value == 1);
      if (!item) m.style = 0;
    }
    if (item && open && ntok > 0 && !(ntok == 1 && prev.kind == T_OTHER && is_bullet(prev.cp))) {
      if ((r = fn(ud, start, end))) return r;
      open = 0;
    }
    if (!open) {
      open = 1;
      start = t.start;
      ntok = words = 0;
    }
    ntok++;
    end = t.end;
    if (t.kind == T_WORD || t.kind == T_ABBR) words++;
    if (m.style) { /* its punctuation is part of it */
      last = m;
      have_last = 1;
      end = pos = m.end;
      prev = t;
      continue;
    }
    int abbr_ends = t.kind == T_ABBR && t.ends;
    if ((t.kind != T_TERM && !abbr_ends) || depth > 0 || !words) {
      prev = t;
      continue;
    }
    /* "[...]" marks words left out */
    if (t.ellipsis && prev.end == t.start && prev.cp == '[' && t.end < to && text[t.end] == ']') {
      prev = t;
      continue;
    }
    if (t.ellipsis && !l->ellipsis_ends) {
      prev = t;
      continue;
    }
    /* "word. . . . Next": a four-dot ellipsis ends at its first dot */
    if (t.period && prev.kind == T_WORD && prev.end == t.start && spaced_dots(text, t.end, to) == 3 &&
        !ends_range(&x, t.end + 6) && !(t.end + 6 < to && is_closer((unsigned char)text[t.end + 6])) &&
        !(t.end + 6 < to && (unsigned char)text[t.end + 6] >= 0x80 && closer_at(text, t.end + 6, to))) {
      if ((r = fn(ud, start, t.end))) return r;
      open = 0;
      prev = t;
      continue;
    }
    /* the terminals and closing marks right after this one, and a footnote
     * mark: ".[12]", ".¹" */
    int nospace = t.nospace, quoted = 0;
    token u;
    size_t p = pos;
    for (;;) {
      size_t q = p;
      if (!next_token(&x, &q, &u)) break;
      if (u.start == end && (u.kind == T_TERM || u.kind == T_CLOSE)) {
        nospace = u.kind == T_TERM ? u.nospace : nospace;
        quoted = u.kind == T_CLOSE && u.cp != ')' && u.cp != ']' && u.cp != '}';
      } else if (u.start == end && text[u.start] == '[' && note_end(text, u.start, to, 0)) {
        u.end = q = note_end(text, u.start, to, 0);
        quoted = 0;
      } else if (u.start == end && is_sup_digit(u.cp)) {
        quoted = 0;
      } else if (l->space_before && u.kind == T_CLOSE && (u.cp == 0xBB || u.cp == 0x203A) &&
                 skip_space(text, end, to) == u.start) {
        quoted = 1;
      } else {
        break;
      }
      end = u.end;
      p = pos = q;
    }
    x.at_start = 1;
    /* what follows: white space, then something that starts a sentence */
    uint32_t c;
    size_t n, i = skip_space(text, end, to);
    if (i >= to) break;
    class_at(text, i, to, &c, &n);
    if (i == end && !abbr_ends) {
      /* no white space: after a CJK full stop; an ASCII one before CJK;
       * "works.Then" */
      /* (after a period, scan_word has decided: it left the period out of
       * the word only for that or for CJK) */
      int glued = !t.ellipsis && prev.end == t.start &&
                  ((t.period && prev.kind == T_WORD && uchar_is_upper(c)) ||
                   ((t.cp == '!' || t.cp == '?') && (prev.letters || prev.digits) &&
                    glued_word(text, i, to)));
      if (!nospace && !(l->cjk_ascii && t.cp < 0x80 && is_cjk(c)) && !glued) {
        prev = t;
        continue;
      }
    } else if (!abbr_ends) {
      /* "the thing is . . . I didn’t mean it": an ellipsis before the
       * pronoun I goes on */
      int ellipsis = t.ellipsis || (t.period && prev.kind == T_TERM && prev.period && prev.end + 1 == t.start);
      if (is_continuation(c) || trailing_note(text, i, to) || (ellipsis && pronoun_i(text, i, to))) {
        prev = t;
        continue;
      }
      /* a citation after a closing quote stays: "“a disaster.” (Miller 2004, 12)" */
      size_t e;
      if (quoted && text[i] == '(' && (e = note_end(text, i, to, 1))) {
        end = pos = e;
        while (pos < to && next_token(&x, &p, &u) && u.start == end &&
               (u.kind == T_TERM || u.kind == T_CLOSE))
          end = pos = u.end;
        p = pos;
        i = skip_space(text, end, to);
        if (i >= to) break;
        class_at(text, i, to, &c, &n);
        if (i == end || is_continuation(c)) {
          prev = t;
          continue;
        }
      }
    }
    if ((r = fn(ud, start, end))) return r;
    open = 0;
    prev = t;
  }
  if (open) return fn(ud, start, end);
  return 0;
}
/* ---- blocks -------------------------------------------------------------- */

/* End of the line at s[i] (its '\n' or to); *blank tells whether it is. */
static size_t line_end(const char *s, size_t i, size_t to, int *blank) {
  const char *nl = memchr(s + i, '\n', to - i);
  size_t e = nl ? (size_t)(nl - s) : to;
  *blank = 1;
  for (; i < e && *blank; i++)
    *blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f' ||
             s[i] == '\v';
  return e;
}

int sentence_blocks(const char *text, size_t from, size_t to, sentence_fn fn,
                    void *ud) {
  size_t pos = from;
  int blank, r;
  while (pos < to) {
    size_t e = line_end(text, pos, to, &blank);
    if (blank) {
      pos = e + 1;
      continue;
    }
    size_t start = pos, end = e;
    pos = e + 1;
    while (pos < to) {
      e = line_end(text, pos, to, &blank);
      if (blank) break;
      end = e;
      pos = e + 1;
    }
    if ((r = fn(ud, start, end))) return r;
  }
  return 0;
}
