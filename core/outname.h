/* Where a document's output goes under -o DIR/ (the naming scheme), and the
 * names a run has given out, so that no two documents write one file. The
 * table owns its copies of the names; callers own their bufs.
 *
 * The scheme (glossa(1), FILES): a document's output is DIR/REL plus the
 * format's extension, where REL is the input's path below the directory
 * named on the command line (a file named itself, or through --files-from:
 * its base name; standard input: "stdin") or a record's id made into one
 * file name ('/', '\', control characters and a leading '.' become '_';
 * at most 200 bytes). Extensions: text .txt, jsonl .jsonl, json .json,
 * brat .txt and .ann; html .html unless REL already ends in .html or .htm
 * (a mirrored site keeps its names, so its links between pages still
 * work); inline the same for HTML and text, while an XML document keeps its
 * name (.xml added when it has no extension). A name given out already in
 * the run gets ~2, ~3, … before its extension. */
#ifndef GLOSSA_OUTNAME_H
#define GLOSSA_OUTNAME_H

#include <stddef.h>

#include "buf.h"
#include "doc.h"
#include "output.h"

/* Appends the output's path below DIR to name, and sets *ext_at to where
 * its extension starts in name (where a ~N goes; a writer with parts:
 * the end, their extensions come after it). Returns 0, or -1 out of memory. */
int outname_make(buf *name, size_t *ext_at, const char *rel, int record, const out_writer *w,
                 doc_type type);

typedef struct outname_table outname_table;

outname_table *outname_new(void);
void outname_free(outname_table *t);

/* Gives name (with its extension at ext_at) to owner. Returns 0 when it was
 * free; 1 when another document had it, after making name the first free
 * one of NAME~2.EXT, NAME~3.EXT, … (also given to owner), with the other
 * document's name in *other; -1 out of memory. */
int outname_claim(outname_table *t, buf *name, size_t ext_at, const char *owner,
                  const char **other);

#endif
