#include "run.h"

#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "interrupt.h"
#include "outname.h"
#include "pages.h"
#include "sink.h"
#include "path.h"
#include "clock.h"

/* A label and its count, for the summary. */
typedef struct tally {
  char *label;
  size_t n;
} tally;

typedef enum slot_state { SLOT_FREE, SLOT_BUSY, SLOT_DONE } slot_state;

/* One document's results, held until every document before it is out. */
typedef struct slot {
  slot_state state;
  size_t index;
  int failed;
  int end;      /* no such document: the records ended before it */
  buf out;      /* the writer's bytes (stream formats) */
  buf sum;      /* what it adds to the run files (out_state.sum) */
  buf msg;      /* what to print on stderr */
  size_t items; /* json: the items in out */
  size_t left_out; /* annotations the writer left out (out_state) */
  size_t bytes; /* input size */
  tally *tallies;
  size_t ntallies;
  import_tally anchors; /* how what was read in was found */
} slot;

typedef struct run {
  const run_opts *o;
  script_opts so; /* o->so with the interrupt flag */
  const out_writer *fmt;
  pthread_mutex_t mu;
  pthread_cond_t cv;  /* workers wait here for room in the window */
  pthread_cond_t wcv; /* the writer waits here for finished documents */
  size_t next;    /* the next document to hand out */
  size_t emitted; /* documents written out, in order */
  size_t total;   /* the documents; SIZE_MAX until a stream of records ends */
  size_t window;  /* slots: how far workers may run ahead of the writer */
  slot *slots;
  int stop;       /* fail-fast, a write failed, or interrupted */
  buf top_failed; /* a script's top level fails for any document: the
                     message, printed once, and the run stops (exit 2) */
  atomic_int halt; /* any stop, for a stream of records waiting for input */
  /* -o DIR/: names are given out in input order (claimed counts the
   * documents that have had their turn), so that whatever -j the same
   * document gets the same name */
  size_t claimed;
  outname_table *names;
} run;


/* The watcher's call on a signal: the writer and idle workers look at the
 * flag now rather than at their next timeout or document. */
static void wake(void *arg) {
  run *r = arg;
  atomic_store(&r->halt, 1);
  pthread_mutex_lock(&r->mu);
  pthread_cond_broadcast(&r->cv);
  pthread_cond_broadcast(&r->wcv);
  pthread_mutex_unlock(&r->mu);
}

/* A stream of records is about to wait for input: the writer writes what
 * is done meanwhile. */
static void input_idle(void *arg) {
  run *r = arg;
  pthread_mutex_lock(&r->mu);
  pthread_cond_signal(&r->wcv);
  pthread_mutex_unlock(&r->mu);
}

static void halt(run *r) { /* under r->mu */
  r->stop = 1;
  atomic_store(&r->halt, 1);
  pthread_cond_broadcast(&r->cv);
}

/* The part of input i that is mirrored under -o DIR/. */
static const char *rel_name(const run_opts *o, size_t i) {
  if (!strcmp(o->inputs[i], "-")) return "-";
  return o->rel ? o->inputs[i] + o->rel[i] : path_base(o->inputs[i]);
}

static const run_opts *sort_opts; /* for by_rel: check_names runs before any thread */

static int by_rel(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  int c = strcmp(rel_name(sort_opts, x), rel_name(sort_opts, y));
  return c ? c : x < y ? -1 : x > y; /* the same pair named whatever qsort does */
}

/* Two inputs with one name below their directories would write one output
 * file: refused before the run (records are named as they come). */
static int check_names(const run_opts *o) {
  if (o->ninputs < 2) return 0;
  size_t *ix = malloc(o->ninputs * sizeof *ix);
  if (!ix) return 0; /* the claims still keep them apart */
  for (size_t i = 0; i < o->ninputs; i++) ix[i] = i;
  sort_opts = o;
  qsort(ix, o->ninputs, sizeof *ix, by_rel);
  int rc = 0;
  for (size_t k = 1; k < o->ninputs && !rc; k++) {
    size_t a = ix[k - 1], b = ix[k];
    if (!strcmp(rel_name(o, a), rel_name(o, b))) {
      fprintf(stderr, "glossa: %s and %s would write the same files in %s (both are %s there): "
                      "run them separately or rename one\n",
              o->inputs[a], o->inputs[b], o->output, rel_name(o, a));
      rc = -1;
    }
  }
  free(ix);
  return rc;
}

int run_file_cmp(const void *a, const void *b) {
  const run_file *x = a, *y = b;
  if (x->dev != y->dev) return x->dev < y->dev ? -1 : 1;
  return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* The input that path is, if it exists and is one. */
static const char *read_by_run(const run_opts *o, const char *path) {
  struct stat st;
  if (!o->nreads || stat(path, &st) != 0) return NULL;
  run_file key = {.dev = st.st_dev, .ino = st.st_ino};
  const run_file *f = bsearch(&key, o->reads, o->nreads, sizeof key, run_file_cmp);
  return f ? f->path : NULL;
}

/* mkdir -p for the folders of path below its first dirlen bytes (which
 * exist): 0, or -1 with a message in msg. */
static int make_dirs(buf *path, size_t dirlen, buf *msg) {
  for (size_t k = dirlen + 1; k < path->len; k++) {
    if (path->s[k] != '/') continue;
    path->s[k] = '\0';
    int rc = mkdir(path->s, 0777), e = errno;
    struct stat st;
    if (rc != 0 && e == EEXIST && stat(path->s, &st) == 0 && S_ISDIR(st.st_mode)) rc = 0;
    if (rc) buf_printf(msg, "glossa: %s: cannot make the folder: %s\n", path->s,
                       e == EEXIST ? "a file is in the way" : strerror(e));
    path->s[k] = '/';
    if (rc) return -1;
  }
  return 0;
}

/* mkdir -p: 0, or -1 with errno. */
static int make_dir(const char *path) {
  char *p = strdup(path);
  if (!p) return errno = ENOMEM, -1;
  int rc = 0;
  for (char *c = p + 1;; c++) {
    if (*c && *c != '/') continue;
    char was = *c;
    *c = '\0';
    struct stat st;
    if (mkdir(p, 0777) != 0 && errno != EEXIST) rc = -1;
    else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) rc = -1, errno = ENOTDIR;
    *c = was;
    if (rc || !was) break;
  }
  free(p);
  return rc;
}

/* -o DIR/: the output name of the document in slot sl, given out in input
 * order. Every document handed out takes its turn exactly once (with name
 * NULL when it has no output): the turn of the next waits for it. Returns 0
 * with the name in out, or -1 (interrupted, out of memory: nothing to
 * write). */
static int claim(run *r, slot *sl, const char *rel, int record, doc_type type, const char *owner,
                 buf *out) {
  const run_opts *o = r->o;
  size_t ext_at = 0;
  int rc = 0, parts = r->fmt->parts[0] != NULL;
  if (rel) {
    size_t dl = strlen(o->output);
    while (dl > 1 && o->output[dl - 1] == '/') dl--;
    rc = buf_printf(out, "%.*s/", (int)dl, o->output) ||
                 outname_make(out, &ext_at, rel, record, r->fmt, type)
             ? -1
             : 0;
  }
  pthread_mutex_lock(&r->mu);
  while (r->claimed != sl->index && !interrupt_signal()) pthread_cond_wait(&r->cv, &r->mu);
  if (r->claimed != sl->index) rc = -1;
  else {
    const char *other = NULL;
    char *first = rel && !rc ? strdup(out->s) : NULL;
    if (rel && !rc) rc = outname_claim(r->names, out, ext_at, owner, &other);
    if (rc == 1) /* taken: written under another name, and said so */
      buf_printf(&sl->msg, "glossa: %s: written to %s%s%s%s, since %s%s is the output of %s\n",
                 owner, out->s, parts ? r->fmt->parts[0] : "", parts ? " and " : "",
                 parts && r->fmt->parts[1] ? r->fmt->parts[1] : "", first ? first : "its name",
                 parts ? r->fmt->parts[0] : "", other);
    free(first);
    if (rc == 1) rc = 0;
    r->claimed++;
    pthread_cond_broadcast(&r->cv);
  }
  pthread_mutex_unlock(&r->mu);
  if (rc) out->len = 0;
  return rc;
}

/* Writes one document's files under -o DIR/: name plus each part's
 * extension (or name alone), all complete before any is renamed into place
 * (core/sink.h has the policy). */
static int write_files(run *r, slot *sl, buf *name, buf *data) {
  const char *const *parts = r->fmt->parts;
  size_t np = parts[0] ? 0 : 1, base = name->len;
  while (np < OUT_MAXPARTS && parts[np]) np++;
  size_t dl = strlen(r->o->output);
  while (dl > 1 && r->o->output[dl - 1] == '/') dl--;
  char *path[OUT_MAXPARTS] = {0};
  int rc = 0;
  for (size_t i = 0; i < np && !rc; i++) {
    name->len = base;
    if ((parts[0] && buf_adds(name, parts[i])) || !(path[i] = strdup(name->s))) {
      buf_printf(&sl->msg, "glossa: %s: out of memory\n", name->s);
      rc = -1;
    } else {
      const char *input = read_by_run(r->o, path[i]);
      if (input) {
        buf_printf(&sl->msg, "glossa: %s: not written: it is %s, an input of this run "
                             "(give -o another directory)\n", path[i], input);
        rc = -1;
      }
    }
  }
  name->len = base;
  if (name->s) name->s[base] = '\0';
  if (!rc && make_dirs(name, dl, &sl->msg)) rc = -1;
  sink sk[OUT_MAXPARTS];
  size_t opened = 0;
  buf err = BUF_INIT;
  buf ignored = BUF_INIT; /* after a failure, its message is the one */
  for (size_t i = 0; i < np && !rc; i++) {
    if (sink_open(&sk[i], path[i], &err)) rc = -1;
    else if (opened++, sink_put(&sk[i], data[i].s, data[i].len, &err)) rc = -1;
  }
  for (size_t i = 0; i < opened; i++)
    if (sink_close(&sk[i], !rc, rc ? &ignored : &err)) rc = -1;
  buf_free(&ignored);
  if (rc && err.len) buf_printf(&sl->msg, "%s\n", err.s);
  buf_free(&err);
  for (size_t i = 0; i < np; i++) free(path[i]);
  return rc;
}

/* -o DIR/: the run files' names are taken before any document's (one
 * named index.html is written as index~2.html), a writer with parts
 * excepted, whose documents' names all have a part's extension. */
static int reserve_run_files(run *r) {
  const out_writer *w = r->fmt;
  if (!w->run_end || w->parts[0]) return 0;
  int rc = 0;
  for (size_t i = 0; i < OUT_MAXPARTS && w->run_files[i] && !rc; i++) {
    buf name = BUF_INIT;
    const char *other = NULL, *dot = strrchr(w->run_files[i], '.');
    size_t dl = strlen(r->o->output);
    while (dl > 1 && r->o->output[dl - 1] == '/') dl--;
    rc = buf_printf(&name, "%.*s/%s", (int)dl, r->o->output, w->run_files[i]) ||
                 outname_claim(r->names, &name, name.len - (dot ? strlen(dot) : 0), "the run",
                               &other) < 0
             ? -1
             : 0;
    buf_free(&name);
  }
  return rc;
}

/* -o DIR/: writes the run files (out_writer.run_end) from what the
 * documents gave, each through a sink (complete or not at all); returns 0,
 * or -1 after saying what failed. */
static int write_run_files(run *r, const char *sum, size_t len) {
  const out_writer *w = r->fmt;
  buf data[OUT_MAXPARTS] = {BUF_INIT};
  buf path = BUF_INIT, err = BUF_INIT;
  int rc = w->run_end(data, sum, len, &r->o->oo) ? -1 : 0;
  if (rc) fprintf(stderr, "glossa: out of memory\n");
  size_t dl = strlen(r->o->output);
  while (dl > 1 && r->o->output[dl - 1] == '/') dl--;
  for (size_t i = 0; i < OUT_MAXPARTS && w->run_files[i] && !rc; i++) {
    path.len = 0;
    if (buf_printf(&path, "%.*s/%s", (int)dl, r->o->output, w->run_files[i])) {
      fprintf(stderr, "glossa: out of memory\n");
      rc = -1;
      break;
    }
    const char *input = read_by_run(r->o, path.s);
    if (input) {
      fprintf(stderr, "glossa: %s: not written: it is %s, an input of this run "
                      "(give -o another directory)\n", path.s, input);
      rc = -1;
      break;
    }
    sink sk;
    err.len = 0;
    if (sink_open(&sk, path.s, &err)) rc = -1;
    else {
      if (sink_put(&sk, data[i].s ? data[i].s : "", data[i].len, &err)) rc = -1;
      if (sink_close(&sk, !rc, &err)) rc = -1;
    }
    if (rc) fprintf(stderr, "%s\n", err.s ? err.s : "glossa: cannot write the output");
  }
  for (size_t i = 0; i < OUT_MAXPARTS; i++) buf_free(&data[i]);
  buf_free(&path);
  buf_free(&err);
  return rc;
}

static void count_labels(slot *sl, const document *d) {
  for (size_t i = 0; i < d->annots.n; i++) { /* what is written: the live ones */
    if (d->annots.v[i].removed) continue;
    const char *label = d->annots.v[i].label;
    size_t k = 0;
    while (k < sl->ntallies && strcmp(sl->tallies[k].label, label)) k++;
    if (k == sl->ntallies) {
      tally *t = realloc(sl->tallies, (k + 1) * sizeof *t);
      char *l = strdup(label);
      if (!t || !l) {
        free(l);
        if (t) sl->tallies = t;
        return;
      }
      sl->tallies = t;
      t[k].label = l;
      t[k].n = 0;
      sl->ntallies++;
    }
    sl->tallies[k].n++;
  }
}

static int load_scripts(script_set *ss, const run_opts *o, buf *err);

/* Loads, annotates and writes one document into its slot; a slot past the
 * end of a stream of records is marked end. */
static void process(run *r, script_set **ssp, slot *sl) {
  script_set *ss = *ssp;
  const run_opts *o = r->o;
  buf err = BUF_INIT, name = BUF_INIT;
  int record = sl->index >= o->ninputs, end = 0;
  size_t line = 0;
  document *d = !record ? doc_load(o->inputs[sl->index], o->type, o->max_size, &err)
                        : record_get(o->records, sl->index - o->ninputs, o->max_size, &end, &line, &err);
  if (end) {
    sl->end = 1;
    return;
  }
  buf owner = BUF_INIT; /* who a name is given to, in messages */
  if (d && record) buf_printf(&owner, "%s (%s:%zu)", d->shown, o->records->name, line);
  else if (d) buf_adds(&owner, d->shown);
  if (o->dir && claim(r, sl, d ? (record ? d->path : rel_name(o, sl->index)) : NULL, record,
                      d ? d->type : DOC_AUTO, owner.s ? owner.s : "", &name) && d) {
    if (!interrupt_signal()) buf_printf(&sl->msg, "glossa: %s: out of memory\n", d->shown);
    sl->failed = 1;
    doc_free(d);
    d = NULL;
  }
  buf_free(&owner);
  if (!d) {
    if (err.len && err.s) buf_printf(&sl->msg, "%s\n", err.s);
    else if (!sl->failed) buf_printf(&sl->msg, "glossa: cannot load a document\n");
    sl->failed = 1;
    buf_free(&err);
    buf_free(&name);
    return;
  }
  sl->bytes = d->srclen;
  if (o->lang) { /* --lang: over what the markup says */
    snprintf(d->lang, sizeof d->lang, "%s", o->lang);
    d->lang_forced = 1;
  }
  if (d->warnings) buf_adds(&sl->msg, d->warnings);
  if (!o->dir && r->fmt->one_per_doc && sl->index > 0) {
    /* a stream of records brought a second document for a one-page format */
    buf_printf(&sl->msg, "glossa: %s: not annotated: -f %s writes a whole page per document: "
                         "give a directory with -o DIR/ for several\n", d->shown, r->fmt->name);
    sl->failed = 1;
    pthread_mutex_lock(&r->mu);
    halt(r);
    pthread_mutex_unlock(&r->mu);
    doc_free(d);
    buf_free(&err);
    return;
  }
  if (o->imports && import_attach(o->imports, d, sl->index, record, &sl->msg, &sl->anchors)) {
    buf_printf(&sl->msg, "glossa: %s: out of memory while reading annotations in\n", d->shown);
    sl->failed = 1;
    doc_free(d);
    buf_free(&err);
    buf_free(&name);
    return;
  }
  script_say_to(ss, &sl->msg); /* print, glossa.log: with its messages */
  int rc = script_run(ss, d, &err);
  script_say_to(ss, NULL);
  const char *top = rc && !interrupt_signal() ? script_failed_at_top(ss) : NULL;
  if (top) {
    /* every worker's first document fails so: one message, and no more */
    pthread_mutex_lock(&r->mu);
    if (!r->top_failed.len)
      buf_printf(&r->top_failed, "%s\nglossa: %s: the script's top level failed (above) before it read doc, "
                                 "so it would fail for every document: none was annotated; stopped\n",
                 err.s ? err.s : "out of memory", top);
    halt(r);
    pthread_mutex_unlock(&r->mu);
    sl->failed = 1;
    sl->msg.len = 0;
    doc_free(d);
    buf_free(&err);
    buf_free(&name);
    return;
  }
  if (script_exhausted(ss)) {
    /* past --max-memory the Lua state may be half-built: start afresh */
    if (!rc) buf_printf(&err, "memory limit exceeded (--max-memory %zu MB)", r->o->so.max_memory >> 20);
    rc = -1;
    script_free(ss);
    buf e2 = BUF_INIT;
    *ssp = ss = script_new(&r->so);
    if (!ss || load_scripts(ss, o, &e2)) {
      buf_printf(&sl->msg, "glossa: cannot restart the scripts: %s\n", e2.s ? e2.s : "out of memory");
      pthread_mutex_lock(&r->mu);
      halt(r);
      pthread_mutex_unlock(&r->mu);
    }
    buf_free(&e2);
  }
  if (rc) {
    buf_printf(&sl->msg, "%s\nglossa: %s: not annotated: a script failed (above)\n",
               err.s ? err.s : "out of memory", d->shown);
    sl->failed = 1;
    doc_free(d);
    buf_free(&err);
    buf_free(&name);
    return;
  }
  if (o->imports && o->imports->new_only) import_hide(d);
  count_labels(sl, d);
  const out_writer *w = r->fmt;
  out_state st = {.msg = &sl->msg};
  if (o->dir) {
    size_t dl = strlen(o->output);
    while (dl > 1 && o->output[dl - 1] == '/') dl--;
    st.file = name.len > dl + 1 ? name.s + dl + 1 : NULL;
    if (w->run_end) st.sum = &sl->sum;
  }
  buf file[OUT_MAXPARTS] = {BUF_INIT};
  out_opts oo = o->oo; /* with the scripts' glossa.style colours */
  oo.script_style = script_style(ss);
  /* -o DIR/: a document's own file holds a whole stream (begin, the
   * document, end); a stream gets the document alone */
  if (o->dir)
    rc = (w->begin && w->begin(file, &st, &oo)) || w->doc(file, &st, d, &oo) ||
         (w->end && w->end(file, &st, &oo));
  else rc = w->doc(&sl->out, &st, d, &oo);
  if (rc || sl->failed) sl->sum.len = 0;
  sl->items = st.items;
  sl->left_out = st.left_out;
  if (rc) {
    buf_printf(&sl->msg, "glossa: %s: out of memory while writing\n", d->shown);
    sl->failed = 1;
  } else if (o->dir && (!name.len || write_files(r, sl, &name, file))) sl->failed = 1;
  for (size_t i = 0; i < OUT_MAXPARTS; i++) buf_free(&file[i]);
  buf_free(&name);
  buf_free(&err);
  doc_free(d);
}

/* The writer of a file of its own (out_writer.file) on the sink's temporary
 * file, which a target that is no regular file does not have (main refuses
 * those); on failure the sink is closed. */
static void *open_file(run *r, sink *out, buf *err) {
  void *h = NULL;
  if (!out->tmp)
    buf_printf(err, "glossa: %s: -f %s writes a file: give -o FILE",
               out->target ? out->target : "standard output", r->fmt->name);
  else h = r->fmt->file->open(out->tmp, out->target, &r->o->oo, err);
  if (!h) {
    buf ignored = BUF_INIT;
    sink_close(out, 0, &ignored);
    buf_free(&ignored);
  }
  return h;
}

typedef struct worker {
  run *r;
  script_set *ss;
  pthread_t tid;
  int ok;
} worker;

/* Whether a worker that just finished a document should wake the writer
 * (under r->mu). Waking it per document costs two context switches each,
 * which on a VM was 15% of a run of many small documents; so the writer is
 * woken when half the window is ready to go out in order, when workers are
 * about to wait for room, and at the end. (It also wakes by itself every
 * 200 ms, for the progress line.) */
static int writer_wanted(const run *r) {
  if (r->stop || interrupt_signal() || r->next >= r->total || r->next >= r->emitted + r->window)
    return 1;
  size_t ready = 0;
  while (ready < r->window) {
    const slot *s = &r->slots[(r->emitted + ready) % r->window];
    if (s->state != SLOT_DONE || s->index != r->emitted + ready) break;
    ready++;
  }
  return ready >= r->window / 2;
}

static void *work(void *arg) {
  worker *w = arg;
  run *r = w->r;
  pages_thread();
  for (;;) {
    pthread_mutex_lock(&r->mu);
    while (!r->stop && !interrupt_signal() && r->next < r->total && r->next >= r->emitted + r->window) {
      pthread_cond_signal(&r->wcv); /* the window is full: time to write */
      pthread_cond_wait(&r->cv, &r->mu);
    }
    if (r->stop || interrupt_signal() || r->next >= r->total) {
      pthread_mutex_unlock(&r->mu);
      break;
    }
    size_t i = r->next++;
    slot *sl = &r->slots[i % r->window];
    sl->state = SLOT_BUSY;
    sl->index = i;
    sl->end = 0;
    pthread_mutex_unlock(&r->mu);

    process(r, &w->ss, sl);

    pthread_mutex_lock(&r->mu);
    if (sl->end) {
      /* the records ended before document i: the run has i documents */
      sl->state = SLOT_FREE;
      if (i < r->total) r->total = i;
      pthread_cond_broadcast(&r->cv);
      pthread_cond_signal(&r->wcv);
      pthread_mutex_unlock(&r->mu);
      continue;
    }
    sl->state = SLOT_DONE;
    if (sl->failed && r->o->fail_fast) halt(r); /* the others end too */
    if (writer_wanted(r)) pthread_cond_signal(&r->wcv);
    pthread_mutex_unlock(&r->mu);
  }
  return NULL;
}

static int load_scripts(script_set *ss, const run_opts *o, buf *err) {
  for (size_t i = 0; i < o->nscripts; i++) {
    const run_script *rs = &o->scripts[i];
    int rc = rs->kind == 's' ? script_add_file(ss, rs->text, err) : script_add_code(ss, rs->text, err);
    if (rc) return -1;
  }
  return 0;
}

typedef struct totals {
  size_t ok, failed, bytes, annotations, left_out;
  import_tally anchors;
  tally *tallies;
  size_t ntallies;
} totals;

static void add_tallies(totals *t, slot *sl) {
  for (size_t k = 0; k < sl->ntallies; k++) {
    size_t j = 0;
    while (j < t->ntallies && strcmp(t->tallies[j].label, sl->tallies[k].label)) j++;
    if (j == t->ntallies) {
      tally *nt = realloc(t->tallies, (j + 1) * sizeof *nt);
      if (!nt) continue;
      t->tallies = nt;
      t->tallies[j].label = sl->tallies[k].label;
      sl->tallies[k].label = NULL;
      t->tallies[j].n = 0;
      t->ntallies++;
    }
    t->tallies[j].n += sl->tallies[k].n;
    t->annotations += sl->tallies[k].n;
  }
}

static void progress(const run *r, const totals *t, double start, int final) {
  double el = clock_now() - start;
  double mb = (double)t->bytes / 1e6;
  size_t done = r->emitted, total = r->total;
  double eta = done && total != SIZE_MAX ? el / (double)done * (double)(total - done) : 0;
  if (total == SIZE_MAX) /* a stream of records: no end known yet */
    fprintf(stderr, "\r\033[K%zu documents, %.1f MB/s, %zu annotations", done,
            el > 0 ? mb / el : 0.0, t->annotations);
  else
    fprintf(stderr, "\r\033[K%zu/%zu documents, %.1f MB/s, %zu annotations", done, total,
            el > 0 ? mb / el : 0.0, t->annotations);
  if (!final && done < total && total != SIZE_MAX) fprintf(stderr, ", ETA %.0f s", eta);
  if (final) fputc('\n', stderr);
}

static int by_count(const void *x, const void *y) {
  const tally *a = x, *b = y;
  if (a->n != b->n) return a->n > b->n ? -1 : 1;
  return strcmp(a->label, b->label);
}

static void summary(const totals *t, const char *format, double seconds, int imports) {
  fprintf(stderr, "glossa: %zu documents ok, %zu failed; %zu annotations; %.1f MB in %.2f s\n",
          t->ok, t->failed, t->annotations, (double)t->bytes / 1e6, seconds);
  const size_t *a = t->anchors.n;
  if (imports)
    fprintf(stderr, "glossa: read in: %zu annotations: %zu exact, %zu moved, %zu fuzzy, %zu orphan "
                    "(not found)\n", a[0] + a[1] + a[2] + a[3], a[0], a[1], a[2], a[3]);
  if (t->left_out)
    fprintf(stderr, "glossa: %zu of them left out of -f %s (said above for each document)\n",
            t->left_out, format);
  qsort(t->tallies, t->ntallies, sizeof *t->tallies, by_count);
  for (size_t i = 0; i < t->ntallies; i++)
    fprintf(stderr, "  %8zu  %s\n", t->tallies[i].n, t->tallies[i].label);
}

/* A --labels label no annotation of the run had is likely misspelt: said
 * once, at the end (not an error: a corpus may lack a label). */
static void unseen_labels(const run_opts *o, const totals *t) {
  for (size_t i = 0; o->oo.labels && i < o->oo.labels->n; i++) {
    const char *l = o->oo.labels->v[i];
    size_t k = 0;
    while (k < t->ntallies && strcmp(t->tallies[k].label, l)) k++;
    if (k == t->ntallies)
      fprintf(stderr, "glossa: warning: --labels %s: no annotation of the run has that label\n", l);
  }
}

/* Ends the watch and the run's lock. A run that a signal stopped says so
 * (how tells what became of the output) and exits with 128 + the signal's
 * number, as a shell reports a process killed by it: 130 for SIGINT, 143 for
 * SIGTERM. After interrupt_stop no watcher writes the flag any more. */
static int end_run(run *r, int rc, const char *how) {
  interrupt_stop();
  pthread_mutex_destroy(&r->mu);
  pthread_cond_destroy(&r->cv);
  pthread_cond_destroy(&r->wcv);
  if (!interrupt_signal()) return rc;
  fprintf(stderr, "glossa: interrupted; %s\n", how);
  return 128 + interrupt_signal();
}

int run_main(const run_opts *o) {
  run r = {.o = o, .fmt = output_find(o->format), .so = o->so};
  r.so.stop = interrupt_flag();
  buf err = BUF_INIT;
  int jobs = o->jobs > 0 ? o->jobs : 1;
  if (o->dir && check_names(o)) return 2;
  if (o->dir && make_dir(o->output)) {
    fprintf(stderr, "glossa: -o %s: cannot make the directory: %s\n", o->output, strerror(errno));
    return 2;
  }
  r.total = o->ninputs;
  if (o->records) r.total = o->records->stream ? SIZE_MAX : r.total + o->records->n;
  if (r.total != SIZE_MAX && (size_t)jobs > r.total && r.total > 0) jobs = (int)r.total;
  if (o->dir && (!(r.names = outname_new()) || reserve_run_files(&r))) {
    fprintf(stderr, "glossa: out of memory\n");
    outname_free(r.names);
    return 2;
  }
  if (o->records) {
    o->records->stop = &r.halt;
    o->records->idle = input_idle;
    o->records->idle_arg = &r;
  }

  /* From here on a signal stops the run: the scripts' top level, the
   * documents, the writer; inside C too, after a grace period, by ending the
   * process (core/interrupt.c). */
  sink_init();
  pthread_mutex_init(&r.mu, NULL);
  pthread_cond_init(&r.cv, NULL);
  pthread_cond_init(&r.wcv, NULL);
  interrupt_start(wake, &r);

  /* Scripts compile (and fail) once, in order, before any document. */
  worker *ws = calloc((size_t)jobs, sizeof *ws);
  if (!ws) return outname_free(r.names), end_run(&r, 2, "stopped");
  for (int i = 0; i < jobs; i++) {
    ws[i].r = &r;
    ws[i].ss = script_new(&r.so);
    err.len = 0;
    if (!ws[i].ss || load_scripts(ws[i].ss, o, &err)) {
      if (i == 0) fprintf(stderr, "%s\n", err.s ? err.s : "glossa: out of memory");
      for (int k = 0; k <= i; k++) script_free(ws[k].ss);
      free(ws);
      buf_free(&err);
      outname_free(r.names);
      return end_run(&r, 2, "stopped");
    }
  }

  sink out = {.fd = -1};
  int streaming = !o->dir && !r.fmt->needs_dir;
  void *file = NULL; /* a writer of its own file (out_writer.file) on the sink's */
  if (streaming &&
      (sink_open(&out, o->output, &err) || (r.fmt->file && !(file = open_file(&r, &out, &err))))) {
    fprintf(stderr, "%s\n", err.s ? err.s : "glossa: cannot open the output");
    for (int k = 0; k < jobs; k++) script_free(ws[k].ss);
    free(ws);
    buf_free(&err);
    outname_free(r.names);
    return end_run(&r, 2, "stopped");
  }

  r.window = (size_t)jobs * 8;
  r.slots = calloc(r.window, sizeof *r.slots);
  int write_failed = 0;
  totals t = {0};
  double start = clock_now(), last = 0;
  int show = !o->quiet && isatty(2);
  out_state j = {0};
  buf head = BUF_INIT, runsum = BUF_INIT;
  if (streaming && r.fmt->begin) {
    r.fmt->begin(&head, &j, &o->oo);
    err.len = 0;
    if (sink_put(&out, head.s, head.len, &err)) {
      fprintf(stderr, "%s\n", err.s ? err.s : "glossa: cannot write the output");
      write_failed = 1;
    }
  }
  for (int i = 0; i < jobs && r.slots; i++)
    ws[i].ok = pthread_create(&ws[i].tid, NULL, work, &ws[i]) == 0;

  /* The writer: documents in input order, each as soon as it is done. What
   * it has put out is written (sink_flush) before it waits, so standard
   * output keeps up with the documents and a stop finds whole records. */
  pthread_mutex_lock(&r.mu);
  while (r.slots && r.emitted < r.total) {
    slot *sl = &r.slots[r.emitted % r.window];
    if (sl->state != SLOT_DONE || sl->index != r.emitted) {
      if (streaming && (out.pending.len || out.writing)) {
        pthread_mutex_unlock(&r.mu);
        err.len = 0;
        if (sink_flush(&out, &err) && !write_failed) {
          fprintf(stderr, "%s\n", err.s ? err.s : "glossa: cannot write the output");
          write_failed = 1;
        }
        pthread_mutex_lock(&r.mu);
        if (write_failed) halt(&r);
        continue;
      }
      if ((r.stop || interrupt_signal()) && r.next == r.emitted) break;
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 200 * 1000000L;
      if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
      pthread_cond_timedwait(&r.wcv, &r.mu, &ts);
      if (show && clock_now() - last > 0.2) {
        progress(&r, &t, start, 0);
        last = clock_now();
      }
      continue;
    }
    int quiet = r.top_failed.len > 0; /* the same whatever -j */
    pthread_mutex_unlock(&r.mu);
    if (sl->msg.len && !quiet) {
      if (show) fputs("\r\033[K", stderr);
      fwrite(sl->msg.s, 1, sl->msg.len, stderr);
    }
    if (streaming && sl->out.len && !write_failed && !quiet) {
      err.len = 0;
      if (file ? r.fmt->file->put(file, sl->out.s, sl->out.len, &err)
               : ((r.fmt->array && sl->items && j.items && sink_put(&out, ",\n", 2, &err)) ||
                  sink_put(&out, sl->out.s, sl->out.len, &err))) {
        fprintf(stderr, "%s\n", err.s ? err.s : "glossa: cannot write the output");
        write_failed = 1;
      }
    }
    j.items += sl->items;
    if (!sl->failed && sl->sum.len && buf_add(&runsum, sl->sum.s, sl->sum.len) && !write_failed) {
      fprintf(stderr, "glossa: out of memory\n");
      write_failed = 1;
    }
    sl->sum.len = 0;
    if (sl->failed) t.failed++;
    else t.ok++;
    t.bytes += sl->bytes;
    t.left_out += sl->left_out;
    for (int k = 0; k < 4; k++) t.anchors.n[k] += sl->anchors.n[k];
    memset(&sl->anchors, 0, sizeof sl->anchors);
    add_tallies(&t, sl);
    for (size_t k = 0; k < sl->ntallies; k++) free(sl->tallies[k].label);
    free(sl->tallies);
    sl->tallies = NULL;
    sl->ntallies = sl->items = sl->bytes = sl->left_out = 0;
    sl->failed = 0;
    sl->out.len = sl->msg.len = 0;
    if (sl->out.cap > (1 << 20)) buf_free(&sl->out); /* a large one's room goes */
    pthread_mutex_lock(&r.mu);
    sl->state = SLOT_FREE;
    r.emitted++;
    if (write_failed) halt(&r);
    pthread_cond_broadcast(&r.cv);
  }
  halt(&r);
  pthread_mutex_unlock(&r.mu);
  for (int i = 0; i < jobs; i++)
    if (ws[i].ok) pthread_join(ws[i].tid, NULL);

  int finish_failed = 0, top_failed = r.top_failed.len > 0;
  if (top_failed) fwrite(r.top_failed.s, 1, r.top_failed.len, stderr);
  /* finish runs in a worker whose scripts have run (their top level gives
   * the finish functions): not always the first, which a busy machine may
   * start after the others have taken every document */
  int fin = 0;
  while (fin < jobs - 1 && !script_started(ws[fin].ss)) fin++;
  for (int i = 0; i < jobs; i++)
    if (i != fin) script_merge_counts(ws[fin].ss, ws[i].ss);
  if (!interrupt_signal() && !top_failed) {
    err.len = 0;
    if (script_finish(ws[fin].ss, &err)) {
      fprintf(stderr, "%s\nglossa: a script's finish function failed (above)\n",
              err.s ? err.s : "out of memory");
      finish_failed = 1;
    }
  }
  if (streaming && r.fmt->end && !interrupt_signal()) {
    head.len = 0;
    r.fmt->end(&head, &j, &o->oo);
    err.len = 0;
    if (!write_failed && sink_put(&out, head.s, head.len, &err)) {
      fprintf(stderr, "%s\n", err.s ? err.s : "glossa: cannot write the output");
      write_failed = 1;
    }
  }
  if (o->dir && r.fmt->run_end && !interrupt_signal() && !top_failed &&
      write_run_files(&r, runsum.s ? runsum.s : "", runsum.len))
    write_failed = 1;
  /* the file is replaced only by a whole run's output; a signal after this
   * point finds it complete */
  int keep = !write_failed && !interrupt_signal() && !top_failed, kept = 0;
  err.len = 0;
  if (file && r.fmt->file->close(file, keep, &err) && keep) {
    fprintf(stderr, "%s\n", err.s ? err.s : "glossa: cannot write the output");
    write_failed = 1;
    keep = 0;
  }
  err.len = 0;
  if (streaming && sink_close(&out, keep, &err)) {
    if (!write_failed) fprintf(stderr, "%s\n", err.s ? err.s : "glossa: cannot write the output");
    write_failed = 1;
  } else kept = keep;
  if (show) progress(&r, &t, start, 1);
  if (o->stats || show) summary(&t, r.fmt->name, clock_now() - start, o->imports != NULL);
  int unused = 0; /* annotations read in for no document of the run */
  if (o->imports && !interrupt_signal() && !top_failed && r.emitted == r.total) {
    buf m = BUF_INIT;
    unused = import_unused(o->imports, &m) > 0;
    if (m.len) fwrite(m.s, 1, m.len, stderr);
    buf_free(&m);
  }
  if (!interrupt_signal() && !top_failed) unseen_labels(o, &t);

  for (size_t i = 0; r.slots && i < r.window; i++) {
    buf_free(&r.slots[i].out);
    buf_free(&r.slots[i].sum);
    buf_free(&r.slots[i].msg);
    for (size_t k = 0; k < r.slots[i].ntallies; k++) free(r.slots[i].tallies[k].label);
    free(r.slots[i].tallies);
  }
  for (size_t k = 0; k < t.ntallies; k++) free(t.tallies[k].label);
  free(t.tallies);
  free(r.slots);
  outname_free(r.names);
  for (int i = 0; i < jobs; i++) script_free(ws[i].ss);
  free(ws);
  buf_free(&err);
  buf_free(&head);
  buf_free(&runsum);
  buf_free(&r.top_failed);
  int to_file = streaming && o->output && strcmp(o->output, "-");
  int rc = top_failed ? 2 : write_failed || t.failed || finish_failed || unused || r.emitted < r.total ? 1 : 0;
  return end_run(&r, rc,
                 !to_file ? "stopped"
                 : kept   ? "the output file is complete"
                          : "the output file was left as it was");
}
