/* -f sqlite (core/out_sqlite.h). libsqlite3 writes the file: the format is
 * SQLite's own, so its library is the one writer that can be trusted to
 * make it.
 *
 * What a worker hands the writer thread for a document is a run of rows,
 * each a table byte, a column count byte and the columns' values, each a tag
 * byte and its payload (native byte order: it never leaves the process):
 *   'n'        NULL
 *   'i' int64  an integer
 *   'r' double a real
 *   't' uint64 LEN, LEN bytes  a text
 *   'd'        this document's id
 *   'a' int64 K  the id of the document's K-th annotation in output order
 * The documents row comes first; ids are given out by the writer thread, in
 * input order, so they are the same whatever -j.
 *
 * The database is written with no journal and no sync: it is the sink's
 * temporary file until the end of the run, and one that is not complete is
 * removed rather than rolled back (a journal beside it would be one more
 * file for an interrupted run to leave behind). */
#include "out_sqlite.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { T_DOCUMENTS, T_ANNOTATIONS, T_ATTRS, T_LINKS, T_N };

const char out_sqlite_schema[] =
    "CREATE TABLE meta (\n"
    "  key TEXT PRIMARY KEY,  -- schema: this layout's version (PRAGMA user_version too);\n"
    "                         -- generator: glossa and its version\n"
    "  value TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE documents (\n"
    "  id INTEGER PRIMARY KEY,  -- 1, 2, ... in input order\n"
    "  path TEXT NOT NULL,      -- the name given (a record's id; <stdin>), as jsonl's path\n"
    "  type TEXT NOT NULL,      -- text, html or xml\n"
    "  lang TEXT NOT NULL,      -- the language of its text: en, de, ...\n"
    "  text TEXT NOT NULL       -- the text view, which the offsets count in\n"
    ");\n"
    "CREATE TABLE annotations (\n"
    "  id INTEGER PRIMARY KEY,  -- 1, 2, ... over the run, in output order\n"
    "  document INTEGER NOT NULL REFERENCES documents (id),\n"
    "  seq INTEGER NOT NULL,    -- its number in the document: 'a' || seq is its jsonl id\n"
    "  label TEXT NOT NULL,\n"
    "  note TEXT,               -- NULL: none\n"
    "  quote TEXT NOT NULL,     -- the text annotated\n"
    "  start INTEGER NOT NULL,  -- code points of the text before it\n"
    "  end INTEGER NOT NULL,    -- code points before its end (exclusive)\n"
    "  start_byte INTEGER NOT NULL,  -- the same two in bytes (UTF-8)\n"
    "  end_byte INTEGER NOT NULL,\n"
    "  line INTEGER NOT NULL,   -- where it starts in the source file, from 1\n"
    "  col INTEGER NOT NULL,    -- (in code points)\n"
    "  script TEXT,             -- the script that made it\n"
    "  script_line INTEGER NOT NULL,  -- and its line there, or 0\n"
    "  matcher TEXT             -- what found the span (a rule, a regex, a dictionary, ...)\n"
    ");\n"
    "CREATE TABLE attrs (\n"
    "  annotation INTEGER NOT NULL REFERENCES annotations (id),\n"
    "  key TEXT NOT NULL,\n"
    "  type TEXT NOT NULL CHECK (type IN ('string', 'number', 'integer', 'bool')),\n"
    "  value,  -- no affinity, so as typed: TEXT, REAL, INTEGER, INTEGER 0 or 1 (bool);\n"
    "          -- NULL for a number that is NaN\n"
    "  PRIMARY KEY (annotation, key)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE links (\n"
    "  annotation INTEGER NOT NULL REFERENCES annotations (id),  -- from\n"
    "  role TEXT NOT NULL,\n"
    "  target INTEGER NOT NULL REFERENCES annotations (id),  -- to, in the same document\n"
    "  PRIMARY KEY (annotation, role)\n"
    ") WITHOUT ROWID;\n";

/* Made after the rows, at the end of the run: one sort each instead of an
 * index kept up to date by every insert. With the statistics of ANALYZE the
 * planner takes "label X in documents whose path matches Y" from either
 * end: the path's range of documents_path when that is narrow, then
 * annotations_label for (label, document); else the label's range. */
const char out_sqlite_indices[] =
    "CREATE UNIQUE INDEX annotations_seq ON annotations (document, seq);\n"
    "CREATE INDEX annotations_label ON annotations (label, document);\n"
    "CREATE INDEX documents_path ON documents (path);\n"
    "CREATE INDEX attrs_key ON attrs (key, value);\n"
    "CREATE INDEX links_target ON links (target);\n";

static const char *const inserts[T_N] = {
    "INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
    "INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO attrs VALUES (?, ?, ?, ?)",
    "INSERT INTO links VALUES (?, ?, ?)",
};

/* ---- the rows, in a worker -------------------------------------------------- */

static int row(buf *b, int table, int ncols) {
  return buf_addc(b, (char)table) || buf_addc(b, (char)ncols);
}

static int v_tag(buf *b, char tag, int64_t k) {
  return buf_addc(b, tag) || buf_add(b, &k, sizeof k);
}

static int v_int(buf *b, int64_t v) { return v_tag(b, 'i', v); }
static int v_annot(buf *b, size_t k) { return v_tag(b, 'a', (int64_t)k); }

static int v_real(buf *b, double v) {
  return buf_addc(b, 'r') || buf_add(b, &v, sizeof v);
}

static int v_text(buf *b, const char *s, size_t n) {
  uint64_t len = n;
  return buf_addc(b, 't') || buf_add(b, &len, sizeof len) || buf_add(b, s, n);
}

static int v_str(buf *b, const char *s) { return s ? v_text(b, s, strlen(s)) : buf_addc(b, 'n'); }

static int attr_row(buf *b, size_t k, const annot_attr *at) {
  static const char *const types[] = {"string", "number", "integer", "bool"};
  if (row(b, T_ATTRS, 4) || v_annot(b, k) || v_str(b, at->key) || v_str(b, types[at->type]))
    return -1;
  switch (at->type) {
  case ATTR_STRING: return v_str(b, at->s);
  case ATTR_NUMBER: return isnan(at->n) ? buf_addc(b, 'n') : v_real(b, at->n);
  default: return v_int(b, at->i);
  }
}

int out_sqlite_doc(buf *b, out_state *st, const document *d, const out_opts *o) {
  (void)st;
  (void)o;
  const annot_store *as = &d->annots;
  const text_view *v = &d->view;
  const annot **order = annot_sorted(as);
  size_t *pos = calloc(as->n + 1, sizeof *pos); /* store index -> K, 0: not written */
  int rc = !order || !pos;
  rc = rc || row(b, T_DOCUMENTS, 5) || buf_addc(b, 'd') || v_str(b, d->name) ||
       v_str(b, doc_type_name(d->type)) || v_str(b, d->lang) || v_text(b, v->s, v->len);
  for (size_t i = 0; i < as->nlive && !rc; i++) {
    const annot *a = order[i];
    unsigned long line, col;
    text_linecol(v, a->start, &line, &col);
    pos[a - as->v] = i + 1;
    rc = row(b, T_ANNOTATIONS, 15) || v_annot(b, i + 1) || buf_addc(b, 'd') ||
         v_int(b, (int64_t)a->seq) || v_str(b, a->label) || v_str(b, a->note) ||
         v_text(b, v->s + a->start, a->end - a->start) || v_int(b, (int64_t)text_cp(v, a->start)) ||
         v_int(b, (int64_t)text_cp(v, a->end)) || v_int(b, (int64_t)a->start) ||
         v_int(b, (int64_t)a->end) || v_int(b, (int64_t)line) || v_int(b, (int64_t)col) ||
         v_str(b, a->script) || v_int(b, a->line) || v_str(b, a->matcher);
    for (size_t k = 0; a->attrs && k < a->attrs->n && !rc; k++) rc = attr_row(b, i + 1, &a->attrs->v[k]);
  }
  /* links last: a target may come later in output order */
  for (size_t i = 0; i < as->nlive && !rc; i++) {
    const annot *a = order[i];
    for (size_t k = 0; a->links && k < a->links->n && !rc; k++) {
      const annot_link *l = &a->links->v[k];
      if (!pos[l->target]) continue; /* removed: not written, nor links to it */
      rc = row(b, T_LINKS, 3) || v_annot(b, i + 1) || v_str(b, l->role) || v_annot(b, pos[l->target]);
    }
  }
  free(pos);
  free(order);
  return rc ? -1 : 0;
}

/* ---- the database, in the writer thread ------------------------------------ */

typedef struct out_db {
  sqlite3 *db;
  char *target;
  sqlite3_stmt *ins[T_N];
  int64_t docs, annots; /* ids given out so far */
  int64_t base;         /* annots before the current document */
} out_db;

/* "glossa: TARGET: cannot write: why", why the system's when SQLite failed
 * for a system call, as the sink says it for other formats (a full disk:
 * "No space left on device", a file size limit: "File too large"), else
 * SQLite's. The failed write's errno is the file's (SQLITE_FCNTL_LAST_ERRNO):
 * sqlite3_system_errno reads errno later, when other calls have changed it. */
static void db_error(out_db *w, buf *err) {
  int e = 0, code = w->db ? sqlite3_errcode(w->db) : SQLITE_NOMEM;
  if (code == SQLITE_FULL) e = ENOSPC;
  else if (code == SQLITE_IOERR || code == SQLITE_CANTOPEN) {
    if (sqlite3_file_control(w->db, "main", SQLITE_FCNTL_LAST_ERRNO, &e) != SQLITE_OK || !e)
      e = sqlite3_system_errno(w->db);
  }
  const char *why = e ? strerror(e) : w->db ? sqlite3_errmsg(w->db) : "out of memory";
  buf_printf(err, "glossa: %s: cannot write: %s", w->target, why);
}

/* A rollback journal or a write-ahead log beside the target belongs to the
 * file that is there now (a program has it open, or crashed writing it):
 * SQLite would read the new file with it, the old file's pages over the new
 * one's. So the target is not replaced while either is there. */
static int stale_log(const char *target, buf *err) {
  static const char *const suffixes[] = {"-wal", "-journal"};
  int rc = 0;
  for (size_t i = 0; i < 2 && !rc; i++) {
    buf p = BUF_INIT;
    struct stat st;
    if (buf_printf(&p, "%s%s", target, suffixes[i])) return buf_printf(err, "glossa: out of memory"), -1;
    if (lstat(p.s, &st) == 0 && st.st_size > 0) {
      buf_printf(err, "glossa: %s: not replaced: %s is beside it (a program has the database "
                      "open, or crashed while writing it), and SQLite would read the new file "
                      "with it; close that program, or write elsewhere",
                 target, p.s);
      rc = -1;
    }
    buf_free(&p);
  }
  return rc;
}

static int exec(out_db *w, const char *sql, buf *err) {
  if (sqlite3_exec(w->db, sql, NULL, NULL, NULL) == SQLITE_OK) return 0;
  db_error(w, err);
  return -1;
}

static void db_free(out_db *w) {
  for (int t = 0; t < T_N; t++) sqlite3_finalize(w->ins[t]);
  sqlite3_close(w->db); /* an open transaction is left: the file goes */
  free(w->target);
  free(w);
}

static void *db_open(const char *tmp, const char *target, const out_opts *o, buf *err) {
  (void)o;
  if (stale_log(target, err)) return NULL;
  out_db *w = calloc(1, sizeof *w);
  if (!w || !(w->target = strdup(target))) {
    free(w);
    buf_printf(err, "glossa: out of memory");
    return NULL;
  }
  /* the sink's file, which exists: SQLite makes no other */
  int rc = sqlite3_open_v2(tmp, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = exec(w, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384;"
                 "BEGIN;", err) ? SQLITE_ERROR : SQLITE_OK;
  else db_error(w, err);
  if (rc == SQLITE_OK && exec(w, out_sqlite_schema, err)) rc = SQLITE_ERROR;
  for (int t = 0; t < T_N && rc == SQLITE_OK; t++)
    if ((rc = sqlite3_prepare_v2(w->db, inserts[t], -1, &w->ins[t], NULL)) != SQLITE_OK) db_error(w, err);
  if (rc == SQLITE_OK) return w;
  db_free(w);
  return NULL;
}

/* Reads the payload of n bytes at *p into out; 0, or -1 past the end. */
static int take(const char **p, const char *end, void *out, size_t n) {
  if ((size_t)(end - *p) < n) return -1;
  memcpy(out, *p, n);
  *p += n;
  return 0;
}

/* Binds value i of the row at *p to s. */
static int bind(out_db *w, sqlite3_stmt *s, int i, const char **p, const char *end) {
  char tag;
  int64_t k;
  double r;
  uint64_t len;
  if (take(p, end, &tag, 1)) return -1;
  switch (tag) {
  case 'n': return sqlite3_bind_null(s, i);
  case 'd': return sqlite3_bind_int64(s, i, w->docs);
  case 'i': return take(p, end, &k, sizeof k) ? -1 : sqlite3_bind_int64(s, i, k);
  case 'a': return take(p, end, &k, sizeof k) ? -1 : sqlite3_bind_int64(s, i, w->base + k);
  case 'r': return take(p, end, &r, sizeof r) ? -1 : sqlite3_bind_double(s, i, r);
  case 't':
    if (take(p, end, &len, sizeof len) || len > (uint64_t)(end - *p)) return -1;
    *p += len;
    return len > INT32_MAX ? SQLITE_TOOBIG : sqlite3_bind_text(s, i, *p - len, (int)len, SQLITE_STATIC);
  default: return -1;
  }
}

static int db_put(void *h, const char *data, size_t len, buf *err) {
  out_db *w = h;
  const char *p = data, *end = data + len;
  while (p < end) {
    unsigned char table = (unsigned char)*p++, ncols;
    if (table >= T_N || take(&p, end, &ncols, 1)) goto bad;
    sqlite3_stmt *s = w->ins[table];
    if (ncols != sqlite3_bind_parameter_count(s)) goto bad;
    if (table == T_DOCUMENTS) w->docs++, w->base = w->annots;
    else if (table == T_ANNOTATIONS) w->annots++;
    sqlite3_reset(s);
    for (int i = 1; i <= ncols; i++) {
      int rc = bind(w, s, i, &p, end);
      if (rc < 0) goto bad;
      if (rc != SQLITE_OK) {
        buf_printf(err, "glossa: %s: cannot write: %s", w->target, sqlite3_errstr(rc));
        return -1;
      }
    }
    if (sqlite3_step(s) != SQLITE_DONE) {
      db_error(w, err);
      return -1;
    }
    sqlite3_clear_bindings(s); /* none points into data any more */
  }
  return 0;
bad:
  buf_printf(err, "glossa: %s: cannot write: a row is malformed (a bug)", w->target);
  return -1;
}

static int db_close(void *h, int keep, buf *err) {
  out_db *w = h;
  int rc = 0;
  if (keep) {
    buf end = BUF_INIT;
    rc = buf_printf(&end, "%sANALYZE; PRAGMA user_version = %d; PRAGMA application_id = %d;"
                          "INSERT INTO meta VALUES ('schema', '%d'), ('generator', 'glossa %s');"
                          "COMMIT;",
                    out_sqlite_indices, OUT_SQLITE_SCHEMA, 0x676c6f73 /* "glos" */, OUT_SQLITE_SCHEMA,
                    GLOSSA_VERSION);
    if (rc) buf_printf(err, "glossa: out of memory");
    else rc = exec(w, end.s, err);
    buf_free(&end);
  }
  if (keep && !rc) {
    for (int t = 0; t < T_N; t++) sqlite3_finalize(w->ins[t]);
    memset(w->ins, 0, sizeof w->ins);
    if (sqlite3_close(w->db) == SQLITE_OK) w->db = NULL;
    else rc = -1, db_error(w, err);
    /* another program may have opened the old file since the run began */
    if (!rc) rc = stale_log(w->target, err);
  }
  db_free(w);
  return rc;
}

const out_file out_sqlite_file = {.open = db_open, .put = db_put, .close = db_close};
