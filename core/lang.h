/* Languages for sentence splitting: the settings and abbreviations of
 * data/lang/LANG.txt (compiled in; format in data/lang/README.md), parsed
 * once per process on first use. A lang lives until the process ends and is
 * shared read-only by every thread; user abbreviations (lang_user) belong to
 * their caller. */
#ifndef GLOSSA_LANG_H
#define GLOSSA_LANG_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* How the period after an abbreviation behaves (data/lang/README.md). */
typedef enum lang_class {
  LANG_NONE = 0,
  LANG_TITLE,  /* before a name: never ends a sentence */
  LANG_INNER,  /* inside a sentence: never ends one */
  LANG_FINAL,  /* ends one when a capitalised word follows */
  LANG_ATTR,   /* ends one only before a starter or a title */
  LANG_NUMBER  /* an abbreviation only before a number */
} lang_class;

typedef struct lang_abbr {
  const char *s; /* as written, with its periods; words separated by one space */
  size_t n;
  lang_class cls;
} lang_abbr;

/* A list of abbreviations: the one-word ones sorted for lookup, the
 * multi-word ones ("z. B.") apart. */
typedef struct lang_abbrs {
  lang_abbr *one, *multi, *suffix; /* suffix: "-str." for "Goethestr." */
  size_t none, nmulti, nsuffix;
  unsigned long stamp; /* new at each lang_user_sort, unique in the process */
  size_t multi_max;    /* the longest word of a multi-word entry, in bytes */
} lang_abbrs;

#define LANG_MAX_CHARS 16

typedef struct lang {
  char code[8]; /* "en"; "" for the generic rules */
  lang_abbrs abbrs;
  uint32_t terms[LANG_MAX_CHARS], notterms[LANG_MAX_CHARS], nospace[LANG_MAX_CHARS],
      openers[LANG_MAX_CHARS], nosplit[LANG_MAX_CHARS][2];
  int nterms, nnotterms, nnospace, nopeners, nnosplit;
  const char **starters, **months; /* sorted */
  size_t nstarters, nmonths;
  const char **elisions, **clitics; /* tokens: "l'" ends one, "-il" is one */
  size_t nelisions, nclitics;
  int ordinal_dot; /* 0 no, 1 yes, 2 capital */
  int roman_ordinal, cjk_ascii, caseless, initials_syllable, ellipsis_ends, dotted_date,
      space_before;
} lang;

/* The language for a BCP 47 tag ("de", "pt-BR", "zh_Hant": its primary
 * subtag, any case); the generic rules (code "") for NULL or "", and for a
 * language glossa has no data for, when *unknown is set to 1 the first
 * time that language is asked for in the process (so that the caller warns
 * once), else 0. Never NULL: out of memory gives the generic rules. */
const lang *lang_get(const char *tag, int *unknown);

/* The primary subtag of tag (two to seven ASCII letters), lower-cased,
 * into out (size >= 8); "" when tag holds none. */
void lang_primary(const char *tag, char *out);

/* The class of abbreviation s[0..n) (a word with its final period) in l
 * and then in user (may be NULL; user's entries come first): the exact
 * entry, else, when capital_ok, the entry with the first letter lower-cased
 * ("Zob." for "zob."). LANG_NONE when neither has it. */
lang_class lang_lookup(const lang *l, const lang_abbrs *user, const char *s, size_t n,
                       int capital_ok);

/* The class of the suffix entry ("-str.") that the word s[0..n), with its
 * period, ends with (after at least two more letters), in user then l;
 * LANG_NONE when none. */
lang_class lang_lookup_suffix(const lang *l, const lang_abbrs *user, const char *s, size_t n);

/* Whether word s[0..n) is one of l's @starters or @months. */
int lang_is_starter(const lang *l, const char *s, size_t n);
int lang_is_month(const lang *l, const char *s, size_t n);
/* Whether s[0..n) (any case, ’ for ') is one of l's @elision forms ("l'",
 * "qu'") or @clitics ("-il", "-t-elle"). */
int lang_is_elision(const lang *l, const char *s, size_t n);
int lang_is_clitic(const lang *l, const char *s, size_t n);

/* User abbreviations: lines of data/lang's format (ABBR<TAB>CLASS, or a
 * bare ABBR, which is inner) parsed from text[0..len) into u; 0, or -1
 * with "NAME:LINE: what" in err. lang_user_add adds one entry (copied;
 * -1 out of memory), after which lang_user_sort must run before a lookup.
 * lang_user_free frees what u holds. */
int lang_user_parse(lang_abbrs *u, const char *name, const char *text, size_t len, buf *err);
int lang_user_add(lang_abbrs *u, const char *abbr, size_t n, lang_class cls);
void lang_user_sort(lang_abbrs *u);
void lang_user_free(lang_abbrs *u);
/* "title" … "number" → the class; LANG_NONE when it is none of them. */
lang_class lang_class_parse(const char *s, size_t n);

/* The compiled-in data files (lang_data.c, generated). */
typedef struct lang_data {
  const char *code, *text;
  size_t len;
} lang_data;
extern const lang_data lang_data_files[];
extern const size_t lang_data_count;

#endif
