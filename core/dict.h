/* Aho-Corasick dictionary matcher: the dict owns its keys, values and
 * automaton; once built it is read-only, so one dict may be scanned from many
 * threads at once, and the caller owns the text and the callback data. */
#ifndef GLOSSA_DICT_H
#define GLOSSA_DICT_H

#include <stdatomic.h>
#include <stddef.h>

#include "buf.h"

typedef struct dict dict;

/* nocase: match under Unicode simple case folding (casefold.h); keys that
 *         fold alike are one entry (the first added).
 * words:  a hit's neighbours (the code points just before its start and just
 *         after its end) must not be word characters (see dict_is_word).
 * all:    report every hit; 0 reports leftmost-longest, non-overlapping hits. */
typedef struct dict_opts {
  int nocase;
  int words;
  int all;
} dict_opts;

/* A new empty dict (o may be NULL: all options 0); NULL out of memory. */
dict *dict_new(const dict_opts *o);

/* Adds key[0..klen) with value[0..vlen) (value may be NULL: none). Keys must
 * be valid UTF-8; a key's white space runs match any run of white space in
 * the text (uchar_is_space: U+00A0, newlines, …), white space at its ends is
 * dropped; empty (or blank) keys are ignored (0). A duplicate key (the same once
 * its white space is made one space) keeps its first value and stays one
 * entry (0). Returns -1 for invalid UTF-8, out of memory,
 * or after dict_build. Keys and values may contain NUL bytes, but dict_key
 * and dict_value then show them cut at the first one. */
int dict_add(dict *d, const char *key, size_t klen, const char *value, size_t vlen);

/* One feature of an entry: a name (dict_feature_name_ok) and a string value
 * of valid UTF-8 without NUL bytes (the value may be empty, the name not). */
typedef struct dict_feature {
  const char *key;
  size_t klen;
  const char *value;
  size_t vlen;
} dict_feature;

/* Whether k[0..n) may name a feature: [A-Za-z_][A-Za-z0-9_.-]*. */
int dict_feature_name_ok(const char *k, size_t n);

/* dict_add with the entry's features f[0..nf) (nf 0: none, f may be NULL).
 * Entries with the same features (in any order) share one feature set,
 * stored once (dict_fset). A duplicate key keeps its first value and
 * features, as dict_add. Returns -1 as dict_add does, and for a feature whose
 * name is not dict_feature_name_ok, whose value is not valid UTF-8 or holds a
 * NUL byte, or a name given twice (nothing is added then). */
int dict_add_features(dict *d, const char *key, size_t klen, const char *value, size_t vlen,
                      const dict_feature *f, size_t nf);

/* The feature set of an entry: 0 when it has none (or entry is out of
 * range), else 1..dict_fset_count(d); entries with the same features have
 * the same set. */
unsigned dict_fset(const dict *d, size_t entry);
size_t dict_fset_count(const dict *d);

/* The features of set (from dict_fset; not 0) as names and values
 * alternating, each NUL-terminated, sorted by name ("country\0FR\0kind\0
 * city\0"); *n is the number of features. NULL (and *n 0) for set 0 or out
 * of range. Valid until the next dict_add or dict_free. */
const char *dict_fset_data(const dict *d, unsigned set, size_t *n);

/* Adds one entry per line of the file at path, a line being TAB-separated
 * columns: the key; optionally the value (its label, may be empty); then
 * optionally features, one per column, each NAME=VALUE (NAME as
 * dict_feature_name_ok; VALUE the rest of the column, which may be empty or
 * hold '='). Blank lines (empty or only spaces and tabs) are skipped, a
 * trailing \r is dropped, and so is a UTF-8 BOM. Returns 0, or -1 with
 * "PATH:LINE: what" (a line that is not valid UTF-8),
 * "PATH:LINE:COL: what" (a feature column that is empty, has no '=', a bad
 * name, a name given twice, or a NUL byte; COL counts characters from 1,
 * where the column starts) or "PATH: what" (it cannot be read, is not a
 * regular file, or is over DICT_FILE_MAX) appended to err (which may be
 * NULL). Entries before a failing line stay added. */
int dict_load_file(dict *d, const char *path, buf *err);

/* Dictionary files are regular files of at most this many bytes: a device
 * (/dev/zero), FIFO or socket could be read without end. */
#define DICT_FILE_MAX ((unsigned long long)1 << 30)

/* Opens path for dict_load_fd (never blocking, also on a FIFO) and fills st:
 * the descriptor, or -1 with "PATH: what" appended to err (which may be
 * NULL) when it cannot be opened, is not a data file scripts may read
 * (core/datafile.h: regular, not the kernel's, not glossa's standard input)
 * or is over DICT_FILE_MAX. dict_load_file refuses the same files. */
struct stat;
int dict_open_file(const char *path, struct stat *st, buf *err);

/* dict_load_file for a descriptor from dict_open_file (left open), with
 * path in messages; reading stops with an error past DICT_FILE_MAX. */
int dict_load_fd(dict *d, int fd, const char *path, buf *err);

/* Builds the automaton; afterwards dict_add fails. Returns 0, or -1 out of
 * memory (the dict can then only be freed). Calling it twice is harmless. */
int dict_build(dict *d);

/* Number of distinct entries; ids are 0..count-1 in insertion order. */
size_t dict_count(const dict *d);

/* The key of an entry as first added (NUL-terminated; NULL when entry is out
 * of range). Valid until the next dict_add or dict_free. */
const char *dict_key(const dict *d, size_t entry);

/* The value of an entry (NUL-terminated), or NULL when it has none. Valid
 * until the next dict_add or dict_free. */
const char *dict_value(const dict *d, size_t entry);

/* Length in bytes of an entry's value (0 when none), for values with NULs. */
size_t dict_value_len(const dict *d, size_t entry);

/* Called for each hit: bytes [start, end) of the text; non-zero stops. */
typedef int (*dict_hit_fn)(void *ud, size_t start, size_t end, size_t entry);

/* Reports the hits that lie inside text[from, to), in order of start (then
 * end). text[0..len) is the whole string, so the words option looks at the
 * bytes just outside [from, to). Needs a built dict (else returns -1); does
 * not modify it. Offsets are always bytes of text, also when folding changes
 * a character's length (U+212A KELVIN SIGN matches "k"). Under nocase, bytes
 * that are not valid UTF-8 match nothing and no hit spans them. Returns 0,
 * what fn returned when non-zero, or -1 out of memory (only dicts whose keys
 * are longer than 64 characters allocate, once per call). */
int dict_scan(const dict *d, const char *text, size_t len, size_t from, size_t to,
              dict_hit_fn fn, void *ud);

/* dict_scan that also stops, returning DICT_STOPPED, soon after it finds
 * *stop set (it looks every few thousand characters; stop may be NULL): a
 * scan can take as many steps per character as keys end there. */
#define DICT_STOPPED (-2)
int dict_scan_until(const dict *d, const char *text, size_t len, size_t from, size_t to,
                    dict_hit_fn fn, void *ud, const atomic_int *stop);

void dict_free(dict *d);

/* Bytes held by the dict (keys, values, automaton): what a Lua state holding
 * it is charged, and for the benchmark. */
size_t dict_memory(const dict *d);

/* Number of automaton states (after dict_build), for the benchmark. */
size_t dict_states(const dict *d);

/* The word characters of the words option: ASCII letters, digits and '_', and
 * every code point from U+00C0 up except U+00D7, U+00F7, the punctuation and
 * symbol blocks U+2000-U+2BFF and U+2E00-U+2E7F, U+3000-U+303F (CJK
 * punctuation), U+FE30-U+FE4F, U+FF00-U+FF0F, U+FF1A-U+FF20, U+FFF0-U+FFFF
 * and the private use area U+E000-U+F8FF, and white space (uchar_is_space,
 * which a key's white space matches: U+1680 and U+FEFF too). So U+00A0
 * (no-break space), U+2019 (’), « » and the Latin-1 symbols below U+00C0 are
 * not word characters, and combining marks, CJK and all other scripts are. */
int dict_is_word(unsigned long cp);

#endif
