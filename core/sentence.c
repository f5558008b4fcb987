/* Sentence, token and block splitting: one forward pass, no allocation. */
#include "sentence.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* ---- characters ---------------------------------------------------------- */

enum { C_SPACE, C_ALNUM, C_EXTEND, C_PUNCT };

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

static int is_space(uint32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return c == 0x85 || c == 0xA0 || c == 0x1680 || in(c, 0x2000, 0x200B) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

/* Non-ASCII punctuation and symbols; every other non-space code point is a
 * letter, digit or mark (good enough for word boundaries in any script). */
static int is_punct_hi(uint32_t c) {
  if (c < 0x2000) {
    if (c < 0xC0)
      return c < 0xA0 || (c >= 0xA1 && c != 0xAA && c != 0xB2 && c != 0xB3 &&
                          c != 0xB5 && c != 0xB9 && c != 0xBA &&
                          !in(c, 0xBC, 0xBE));
    return c == 0xD7 || c == 0xF7 || c == 0x37E || c == 0x387 ||
           in(c, 0x55A, 0x55F) || c == 0x589 || c == 0x5BE || c == 0x5C0 ||
           c == 0x5C3 || in(c, 0x5F3, 0x5F4) || c == 0x60C || c == 0x61B ||
           c == 0x61F || in(c, 0x66A, 0x66D) || c == 0x6D4 ||
           in(c, 0x964, 0x965) || c == 0xE4F || in(c, 0xE5A, 0xE5B) ||
           in(c, 0x104A, 0x104B) || c == 0x10FB || in(c, 0x1361, 0x1368) ||
           in(c, 0x166D, 0x166E) || in(c, 0x17D4, 0x17DA) ||
           in(c, 0x1800, 0x180A);
  }
  if (c < 0x3000)
    return !in(c, 0x2070, 0x209F) && !in(c, 0x2150, 0x218F) &&
           !in(c, 0x2C00, 0x2DFF) && c < 0x2E80;
  if (c < 0x3040)
    return !in(c, 0x3005, 0x3007) && !in(c, 0x3021, 0x3029) &&
           !in(c, 0x3031, 0x3035) && !in(c, 0x303B, 0x303C);
  return c == 0x30FB || in(c, 0xE000, 0xF8FF) || in(c, 0xFD3E, 0xFD3F) ||
         in(c, 0xFE10, 0xFE19) || in(c, 0xFE30, 0xFE6F) ||
         in(c, 0xFF01, 0xFF0F) || in(c, 0xFF1A, 0xFF20) ||
         in(c, 0xFF3B, 0xFF40) || in(c, 0xFF5B, 0xFF65) ||
         in(c, 0xFFE0, 0xFFFD) || (in(c, 0x1F000, 0x1FBFF) && !in(c, 0x1F3FB, 0x1F3FF)) ||
         c >= 0xF0000;
}

/* Marks and joiners that extend whatever token they follow. */
static int is_extend(uint32_t c) {
  return in(c, 0x300, 0x36F) || in(c, 0x1AB0, 0x1AFF) || in(c, 0x1DC0, 0x1DFF) ||
         in(c, 0x200C, 0x200D) || c == 0x2060 || in(c, 0x20D0, 0x20FF) ||
         in(c, 0xFE00, 0xFE0F) || in(c, 0xFE20, 0xFE2F) ||
         in(c, 0x1F3FB, 0x1F3FF) || in(c, 0xE0000, 0xE01EF);
}

static inline int cclass(uint32_t c) {
  if (c < 0x80) {
    if ((c | 0x20) - 'a' < 26 || c - '0' < 10) return C_ALNUM;
    return c == ' ' || (c >= '\t' && c <= '\r') ? C_SPACE : C_PUNCT;
  }
  if (is_space(c)) return C_SPACE;
  if (is_extend(c)) return C_EXTEND;
  return is_punct_hi(c) ? C_PUNCT : C_ALNUM;
}

/* Case, for the cased blocks of Latin, Greek, Cyrillic and Armenian. Letters
 * of other scripts are neither (and so may start a sentence). */
static int is_lower(uint32_t c) {
  if (c < 0x80) return c - 'a' < 26;
  if (c < 0x100) return c == 0xB5 || (c >= 0xDF && c != 0xF7);
  if (c < 0x180) {
    if (c <= 0x137 || in(c, 0x14A, 0x177)) return c & 1;
    if (in(c, 0x139, 0x148) || in(c, 0x179, 0x17E)) return !(c & 1);
    return c != 0x178; /* ĸ ŉ ſ */
  }
  if (c < 0x250) return 0;
  if (c < 0x2B0) return 1; /* IPA */
  if (c < 0x400) return in(c, 0x3AC, 0x3CE);
  if (c < 0x530) {
    if (c < 0x460) return c >= 0x430;
    if (in(c, 0x460, 0x481) || in(c, 0x48A, 0x4BF) || in(c, 0x4D0, 0x52F))
      return c & 1;
    if (in(c, 0x4C1, 0x4CE)) return !(c & 1);
    return c == 0x4CF;
  }
  if (c < 0x590) return in(c, 0x561, 0x587);
  if (in(c, 0x1D00, 0x1DBF)) return 1;
  if (in(c, 0x1E00, 0x1EFF))
    return (c & 1) || in(c, 0x1E96, 0x1E9D);
  if (in(c, 0x1F00, 0x1FFF)) return (c & 0xF) < 8 || in(c, 0x1F70, 0x1F7D);
  return in(c, 0x2170, 0x217F) || in(c, 0xFF41, 0xFF5A);
}

static int is_upper(uint32_t c) {
  if (c < 0x80) return c - 'A' < 26;
  if (c < 0x100) return c >= 0xC0 && c <= 0xDE && c != 0xD7;
  if (c < 0x180) return !is_lower(c);
  if (in(c, 0x386, 0x3AB)) return c != 0x387 && c != 0x38B && c != 0x38D;
  if (in(c, 0x400, 0x42F)) return 1;
  if (in(c, 0x460, 0x52F)) return !is_lower(c) && !in(c, 0x482, 0x489);
  if (in(c, 0x531, 0x556)) return 1;
  if (in(c, 0x1E00, 0x1EFF)) return !is_lower(c) && c != 0x1E9F;
  return in(c, 0x2160, 0x216F) || in(c, 0xFF21, 0xFF3A);
}

static int is_digit(uint32_t c) { return c - '0' < 10; }

/* Sentence-final marks. The CJK ones need no white space after them. */
static int is_term(uint32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203C ||
         c == 0x203D || in(c, 0x2047, 0x2049) || c == 0x37E || c == 0x61F ||
         c == 0x6D4 || in(c, 0x964, 0x965) || c == 0x3002 || c == 0xFF01 ||
         c == 0xFF1F || c == 0xFF61;
}

static int is_cjk_term(uint32_t c) {
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF61;
}

/* Marks that may close a sentence right after its terminal: quotes of any
 * kind (straight ones are ambiguous; after a terminal they close) and
 * closing brackets. */
static int is_closer(uint32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' ||
         c == 0x2019 || c == 0x201D || c == 0xBB || c == 0xAB ||
         c == 0x2039 || c == 0x203A || c == 0x3009 || c == 0x300B ||
         c == 0x300D || c == 0x300F || c == 0x3011 || c == 0x3015 ||
         c == 0xFF09 || c == 0xFF3D || c == 0xFF63;
}

/* What continues a sentence rather than starting one. */
static int is_continuation(uint32_t c) {
  if (c < 0x80) return is_lower(c) || (c && strchr(",;:.!?)]}-%", (int)c));
  return is_lower(c) || in(c, 0x2010, 0x2015) || c == 0x2019 || c == 0x201D ||
         c == 0xBB || c == 0x203A || c == 0x2026 || c == 0x2030 ||
         c == 0x3001 || c == 0x3002 || c == 0xFF0C || is_term(c);
}

/* ---- abbreviations ------------------------------------------------------- */

/* Known abbreviations without their final period, matched case-sensitively
 * and sorted in strcmp order; numeric ones are abbreviations only before a
 * number ("No. 5", but "No. It is not."). */
static const struct abbrev {
  const char *s;
  int numeric;
} abbrevs[] = {
    {"Adm", 0}, {"Apr", 0}, {"Assn", 0}, {"Aug", 0}, {"Ave", 0}, {"Blvd", 0},
    {"Bros", 0}, {"Capt", 0}, {"Cmdr", 0}, {"Co", 0}, {"Col", 0}, {"Corp", 0},
    {"Cpl", 0}, {"Dec", 0}, {"Dept", 0}, {"Dr", 0}, {"Esq", 0}, {"Feb", 0},
    {"Fig", 0}, {"Figs", 0}, {"Fr", 0}, {"Ft", 0}, {"Gen", 0}, {"Gov", 0},
    {"Hon", 0}, {"Inc", 0}, {"Jan", 0}, {"Jr", 0}, {"Jul", 0}, {"Jun", 0},
    {"Lt", 0}, {"Ltd", 0}, {"Maj", 0}, {"Mar", 0}, {"Messrs", 0}, {"Mlle", 0},
    {"Mme", 0}, {"Mmes", 0}, {"Mr", 0}, {"Mrs", 0}, {"Ms", 0}, {"Mt", 0},
    {"Mx", 0}, {"No", 1}, {"Nos", 1}, {"Nov", 0}, {"Oct", 0}, {"Ph.D", 0},
    {"Pres", 0}, {"Prof", 0}, {"Pvt", 0}, {"Rd", 0}, {"Rep", 0}, {"Rev", 0},
    {"Sen", 0}, {"Sep", 0}, {"Sept", 0}, {"Sgt", 0}, {"Sr", 0}, {"St", 0},
    {"Univ", 0}, {"Vol", 0}, {"Vols", 0}, {"al", 0}, {"approx", 0}, {"ca", 0},
    {"cf", 0}, {"etc", 0}, {"fig", 0}, {"figs", 0}, {"no", 1}, {"nos", 1},
    {"pp", 0}, {"viz", 0}, {"vol", 0}, {"vols", 0}, {"vs", 0},
};

/* What scan_word learns about a word on the way. */
typedef struct wordinfo {
  size_t cps;     /* letters and digits in the current segment (between
                     joiners) */
  size_t total;   /* letters and digits in the word */
  int dotted;     /* one-letter segments joined by periods: "U.N", "e.g" */
  int periods;    /* inner periods */
  int digits;     /* only digits so far */
  size_t ndigits;
  uint32_t first; /* first code point */
} wordinfo;

static int number_follows(const char *s, size_t i, size_t to) {
  while (i < to && (s[i] == ' ' || s[i] == '\t')) i++;
  return i < to && is_digit((unsigned char)s[i]);
}

/* True when the word s[start, end), followed by a period at end, is an
 * abbreviation that keeps the period. */
static int is_abbrev(const char *s, size_t start, size_t end, size_t to,
                     const wordinfo *w) {
  if (w->periods && w->dotted && w->cps == 1) return 1;
  if (w->total == 1 && is_upper(w->first) && w->first != 'I')
    return 1;
  size_t n = end - start, lo = 0, hi = sizeof abbrevs / sizeof abbrevs[0];
  if (n > 6 || w->digits) return 0;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2, m = strlen(abbrevs[mid].s);
    int c = memcmp(abbrevs[mid].s, s + start, m < n ? m : n);
    if (!c) c = (m > n) - (m < n);
    if (!c) return !abbrevs[mid].numeric || number_follows(s, end + 1, to);
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/* ---- tokens -------------------------------------------------------------- */

enum { T_WORD, T_ABBR, T_TERM, T_CLOSE, T_OTHER };

typedef struct token {
  size_t start, end;
  int kind;
  int cjk;     /* T_TERM: a CJK full stop (no white space needed after) */
  int listnum; /* T_WORD: 1 to 3 digits, a possible list-item number */
  int period;  /* T_TERM: a single '.' */
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
    return cclass(b);
  }
  *n = dec(s, i, to, cp);
  return cclass(*cp);
}

/* Scans the word starting at s[i] (a letter or digit); returns its end. */
static size_t scan_word(const char *s, size_t i, size_t to, token *t) {
  wordinfo w = {0, 0, 1, 0, 1, 0, 0};
  uint32_t c;
  size_t n;
  dec(s, i, to, &w.first);
  t->kind = T_WORD;
  for (;;) {
    int k;
    while ((k = class_at(s, i, to, &c, &n)) == C_ALNUM || k == C_EXTEND) {
      if (k == C_ALNUM) {
        w.cps++;
        w.total++;
        if (is_digit(c)) {
          w.ndigits++;
          w.dotted = 0;
        } else {
          w.digits = 0;
        }
      }
      i += n;
    }
    if (k < 0) break;
    /* a joiner with a letter or digit after it */
    uint32_t c2;
    size_t n2;
    if (is_apos(c) || is_hyphen(c) || c == '.' || c == ',') {
      if (class_at(s, i + n, to, &c2, &n2) == C_ALNUM &&
          (c != ',' || (is_digit(c2) && w.digits && is_digit((unsigned char)s[i - 1])))) {
        if (c == '.') {
          if (w.cps != 1) w.dotted = 0;
          w.periods++;
        } else if (c != ',') {
          w.dotted = 0;
        }
        if (c != ',' && c != '.') w.digits = 0;
        w.cps = 0;
        i += n;
        continue;
      }
    }
    if (c == '.' && is_abbrev(s, t->start, i, to, &w)) {
      i++;
      t->kind = T_ABBR;
      /* "U.N.-led": a hyphenated word may go on after the period */
      if (class_at(s, i, to, &c, &n) == C_PUNCT && is_hyphen(c) &&
          class_at(s, i + n, to, &c2, &n2) == C_ALNUM) {
        i += n;
        t->kind = T_WORD;
        w.dotted = w.digits = 0;
        w.cps = 0;
        continue;
      }
    }
    break;
  }
  t->listnum = t->kind == T_WORD && w.digits && !w.periods &&
               w.ndigits >= 1 && w.ndigits <= 3;
  return i;
}

/* The next token at or after *pos in s[.., to); 0 at the end. */
static int next_token(const char *s, size_t *pos, size_t to, token *t) {
  size_t i = *pos, n;
  uint32_t c;
  int k;
  while ((k = class_at(s, i, to, &c, &n)) == C_SPACE) i += n;
  if (k < 0) {
    *pos = to;
    return 0;
  }
  t->start = i;
  t->cjk = t->listnum = t->period = 0;
  if (k == C_ALNUM) {
    i = scan_word(s, i, to, t);
  } else {
    t->kind = is_term(c) ? T_TERM : is_closer(c) ? T_CLOSE : T_OTHER;
    t->cjk = is_cjk_term(c);
    i += n;
    if (c == '.' || c == '-') { /* "..." and "--" are one token */
      t->period = c == '.' && (i >= to || s[i] != '.');
      while (i < to && s[i] == (char)c) i++;
    }
    while (class_at(s, i, to, &c, &n) == C_EXTEND) i += n;
  }
  t->end = i;
  *pos = i;
  return 1;
}

int sentence_tokens(const char *text, size_t from, size_t to, sentence_fn fn,
                    void *ud) {
  token t;
  int r;
  while (next_token(text, &from, to, &t))
    if ((r = fn(ud, t.start, t.end))) return r;
  return 0;
}

/* ---- sentences ----------------------------------------------------------- */

/* Longest parenthetical note after a sentence that is kept with it. */
#define NOTE_MAX 80

/* True when s[p, to) is a short bracketed note without terminals inside and
 * only white space after it: "(link)", "(transcript)". */
static int trailing_note(const char *s, size_t p, size_t to) {
  char open = s[p], close = open == '(' ? ')' : open == '[' ? ']' : 0;
  if (!close || to - p > NOTE_MAX) return 0;
  int depth = 0;
  size_t i = p;
  for (; i < to; i++) {
    char c = s[i];
    if (c == open) depth++;
    else if (c == close && --depth == 0) break;
    else if (c == '.' || c == '!' || c == '?') return 0;
  }
  if (i++ >= to) return 0;
  uint32_t c;
  size_t n;
  int k;
  while ((k = class_at(s, i, to, &c, &n)) == C_SPACE) i += n;
  return k < 0;
}

int sentence_split(const char *text, size_t from, size_t to, sentence_fn fn,
                   void *ud) {
  size_t pos = from, start = 0, end = 0, ntok = 0;
  int open = 0, listnum = 0, r;
  token t;
  while (next_token(text, &pos, to, &t)) {
    if (!open) {
      open = 1;
      start = t.start;
      ntok = 0;
      listnum = t.listnum;
    }
    /* "1. Wow.": a period right after a sentence's first token, a number of
     * up to 3 digits, ends a list-item number, not a sentence */
    int marker = ++ntok == 2 && listnum && t.period && t.start == end;
    end = t.end;
    if (t.kind != T_TERM || marker) continue;
    /* the terminals and closing marks right after this one */
    int cjk = t.cjk;
    token u;
    size_t p = pos;
    while (next_token(text, &p, to, &u) && u.start == end &&
           (u.kind == T_TERM || u.kind == T_CLOSE)) {
      end = u.end, pos = p;
      cjk = u.kind == T_TERM ? u.cjk : cjk;
    }
    /* what follows: white space, then something that starts a sentence */
    uint32_t c;
    size_t n, i = end;
    int k;
    while ((k = class_at(text, i, to, &c, &n)) == C_SPACE) i += n;
    if (k < 0) break;
    if ((i == end && !cjk) || is_continuation(c) || trailing_note(text, i, to))
      continue;
    if ((r = fn(ud, start, end))) return r;
    open = 0;
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
