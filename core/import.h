/* Annotations read in (--annotations FILE): what each file holds, grouped by
 * the document it is for, until the run attaches each group to its document
 * (before any script runs) and re-anchors it there. The set owns every
 * group, annotation and string; it is read-only once the run starts but for
 * the groups' used flags.
 *
 * The kinds of file (import_read tells them apart by content):
 * - glossa's jsonl (-f jsonl): one annotation a line, for its "path";
 * - spans lines (-f spans, Prodigy, doccano): {"text", "spans": [{"start",
 *   "end", "label"}], "meta": {"path"}} a line, for one document each;
 * - W3C Web Annotation JSON (-f json): an Annotation, an array of them, an
 *   AnnotationPage or an AnnotationCollection, for their target.source;
 * - brat standoff: NAME.ann (with NAME.txt beside it, the text the offsets
 *   count in), for the document named NAME with any extension.
 * Which document a group is for: the one --annotations-for names; else an
 * input whose path (or file: URI) is the group's; else the one input whose
 * file name (brat: whose name without its extension) is the group's; else,
 * for spans lines without a path, the input whose text view is the line's
 * text; else, a --records record of that id. Two inputs that fit equally
 * are an error that asks for --annotations-for. */
#ifndef GLOSSA_IMPORT_H
#define GLOSSA_IMPORT_H

#include <stdatomic.h>
#include <stddef.h>

#include "annot.h"
#include "buf.h"
#include "doc.h"

/* Units of a position read in. */
typedef enum import_units { IMPORT_BYTES, IMPORT_CODEPOINTS, IMPORT_UTF16 } import_units;

typedef struct import_attr {
  char *key;
  attr_type type;
  char *s;
  double n;
  long long i;
} import_attr;

typedef struct import_link {
  char *role;
  char *target; /* the id of another annotation of the group */
} import_link;

typedef struct import_annot {
  char *id;     /* as the file has it ("a7", "T3", an IRI); NULL: none */
  char *label;
  char *note;   /* NULL: none */
  import_attr *attrs;
  size_t nattrs;
  import_link *links;
  size_t nlinks;
  /* where it was: a position [start, end) in units, and/or the quote with
   * its context (NULL: not known) */
  int has_pos;
  size_t start, end;
  import_units units;
  char *exact, *prefix, *suffix;
  size_t exact_len, prefix_len, suffix_len;
  char *where;  /* "FILE:LINE" or "FILE: JSON-POINTER", for messages */
} import_annot;

typedef struct import_group {
  char *key;        /* the document as the file names it (path, URI, brat
                       name); NULL: not named (spans lines without a path) */
  int by_stem;      /* brat: key is a name without extension */
  char *text;       /* the text it was made on, when the file holds it */
  size_t textlen;
  const char *file; /* the annotations file (the set's copy) */
  char *where;      /* where the group starts, for messages */
  import_annot *v;
  size_t n, cap;
  long input;       /* the input it is for (import_resolve), or -1 */
  atomic_int used;  /* attached to a document */
} import_group;

typedef struct import_set {
  import_group *g;
  size_t n, cap;
  char **files;     /* the files read, and what --annotations-for gave them */
  char **for_doc;
  size_t nfiles, filecap;
  size_t *slots;    /* groups by (file, key): 1 + an index into g, 0 empty */
  size_t nslots;
  int new_only;     /* --new-only: they are seen by scripts, not written */
  buf warn;         /* "glossa: FILE:LINE: warning: …\n" lines for the caller to print */
  const char *kind; /* the -f format of the first file read: jsonl, spans,
                       json or brat (glossa reanchor writes it back so) */
} import_set;

/* How the annotations of one document were found (import_attach). */
typedef struct import_tally {
  size_t n[4]; /* by anchor_kind: exact, moved, fuzzy, orphan */
} import_tally;

void import_init(import_set *s);
void import_free(import_set *s);

/* Reads path ("-": standard input) into the set; for_doc (or NULL) is the
 * document its annotations are for, whatever they say. Returns 0, or -1
 * with "PATH:LINE: what" (or "PATH: JSON-POINTER: what") in err. */
int import_read(import_set *s, const char *path, const char *for_doc, buf *err);

/* Decides each group's input (see above) among inputs[0..n); a group that
 * fits none may still be a record's. Returns 0, or -1 with the message in
 * err (two inputs fit one group). */
int import_resolve(import_set *s, char *const *inputs, size_t n, buf *err);

/* Adds to d (input number index; record: a --records document, whose path
 * is its id) the annotations of its groups, each where its text now is
 * (core/anchor.h), before any script runs: script is the file they came
 * from, line its line; ids, labels, notes, attrs and links kept. A fuzzy
 * match on exactly the place of another annotation of d's groups with the
 * same label, found exact or moved, is an orphan (that one's text, not its
 * own). What was not found goes in msg ("NAME: annotation ID "QUOTE": not
 * found (FILE:LINE)", "…; its closest match is where ID is, found moved)")
 * and in d's orphans. Counts go to t. Thread-safe for different documents.
 * Returns 0, or -1 out of memory. */
int import_attach(import_set *s, document *d, size_t index, int record, buf *msg,
                  import_tally *t);

/* "glossa: WHERE: the annotations for KEY fit no document of the run …"
 * lines for every group never attached, in msg; returns how many. */
size_t import_unused(const import_set *s, buf *msg);

/* --new-only: hides what was read in from the writers (after the scripts). */
void import_hide(document *d);

/* The readers of each kind of file, into the set (import_read's). The
 * group's file and text are set by the caller; each returns 0, or -1 with
 * the message in err. */
int import_jsonl(import_set *s, const char *file, const char *data, size_t len, buf *err);
int import_w3c(import_set *s, const char *file, const char *data, size_t len, buf *err);
int import_brat(import_set *s, const char *file, const char *data, size_t len, buf *err);

/* A brat name (TYPE, attribute KEY, relation ROLE) name[0..n) with -f
 * brat's escapes undone (core/out_brat.c: "__" HEX+ "_" is that code point,
 * "__00_" alone the empty name, anything else itself), malloc'd; NULL out of
 * memory. import_brat's, and glossa eval's for brat labels. */
char *import_brat_name(const char *name, size_t n);

struct jsonval;
/* One W3C Annotation (import_w3c's, for lines of them too); where names it
 * in messages. */
int import_w3c_annotation(import_set *s, const char *file, const struct jsonval *v,
                          const char *where, buf *err);
/* Fills a's exact, prefix and suffix from text[0..len) at a's position (code
 * points), context 32 code points a side; 0, or -1 out of memory or when
 * the position is not in the text (err says so, naming a->where). */
int import_quote_from(import_annot *a, const char *text, size_t len, buf *err);

/* The annotations of g that have ids, as indices into g->v sorted by id, in
 * a malloc'd array of *n (the caller frees it); NULL out of memory. */
size_t *import_ids(const import_group *g, size_t *n);
/* The index into g->v of the annotation of id[0..len) by that sorted array,
 * or SIZE_MAX. */
size_t import_id_find(const import_group *g, const size_t *ids, size_t n, const char *id, size_t len);

/* The group of key in file (made when new: key copied, may be NULL), or
 * NULL out of memory; the readers' way in. */
import_group *import_group_for(import_set *s, const char *file, const char *key, const char *where);
/* A new annotation at the end of g (zeroed), or NULL out of memory. */
import_annot *import_annot_new(import_group *g);

#endif
