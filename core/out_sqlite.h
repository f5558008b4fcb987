/* -f sqlite: a run's documents and annotations as one SQLite database, the
 * schema of docs/sqlite.md (OUT_SQLITE_SCHEMA its version).
 *
 * A database is no byte stream, so the writer comes in two halves. In a
 * worker, out_sqlite_doc encodes one document's rows into the buf the run
 * holds for it (its live annotations in output order, their attributes,
 * their links to live annotations). In the run's writer thread, in input
 * order, out_sqlite_file's put inserts them into the database that its open
 * made on the temporary file of the -o FILE sink (core/sink.h); close
 * commits the run's one transaction, or leaves it, and closes the database
 * before the sink renames the file into place or removes it. So the target
 * is always the old file or the whole new database, never a torn one, and
 * the same inputs give the same database whatever -j. */
#ifndef GLOSSA_OUT_SQLITE_H
#define GLOSSA_OUT_SQLITE_H

#include "output.h"

#define OUT_SQLITE_SCHEMA 1 /* PRAGMA user_version, and meta's schema */

int out_sqlite_doc(buf *out, out_state *st, const document *d, const out_opts *o);
extern const out_file out_sqlite_file;

/* The tables, and the indices made at the end, as SQL statements. */
extern const char out_sqlite_schema[], out_sqlite_indices[];

#endif
