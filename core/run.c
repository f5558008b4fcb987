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
#include "pages.h"
#include "sink.h"

typedef struct format {
  const char *name;
  const char *ext;   /* file name extension in -o DIR/ mode ("" = the input's) */
  int one_per_doc;   /* a whole file per document: html, inline */
} format;

/* In -o DIR/ mode a document's output is DIR/BASENAME.EXT, BASENAME the
 * input's base name with its extension (post.html → post.html.json). */
static const format formats[] = {
    {"text", ".txt", 0},  {"jsonl", ".jsonl", 0}, {"json", ".json", 0},
    {"html", ".html", 1}, {"inline", "", 1},      {"brat", ".ann", 1},
};

int run_format_known(const char *name) {
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (!strcmp(formats[i].name, name)) return 1;
  return 0;
}

static const format *find_format(const char *name) {
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (!strcmp(formats[i].name, name)) return &formats[i];
  return NULL;
}

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
  buf out;      /* the writer's bytes (stream formats) */
  buf msg;      /* what to print on stderr */
  size_t items; /* json: the items in out */
  size_t bytes; /* input size */
  tally *tallies;
  size_t ntallies;
} slot;

typedef struct run {
  const run_opts *o;
  script_opts so; /* o->so with the interrupt flag */
  const format *fmt;
  pthread_mutex_t mu;
  pthread_cond_t cv;  /* workers wait here for room in the window */
  pthread_cond_t wcv; /* the writer waits here for finished documents */
  size_t next;    /* the next document to hand out */
  size_t emitted; /* documents written out, in order */
  size_t window;  /* slots: how far workers may run ahead of the writer */
  slot *slots;
  int stop;       /* fail-fast, or interrupted */
} run;

/* The signal that interrupted the run, or 0: set by core/interrupt.c's
 * handler, read by the workers between documents and by the Lua hook. */
static volatile sig_atomic_t interrupted;

/* The watcher's call on a signal: the writer and idle workers look at the
 * flag now rather than at their next timeout or document. */
static void wake(void *arg) {
  run *r = arg;
  pthread_mutex_lock(&r->mu);
  pthread_cond_broadcast(&r->cv);
  pthread_cond_broadcast(&r->wcv);
  pthread_mutex_unlock(&r->mu);
}

static const char *base_name(const char *path) {
  if (!strcmp(path, "-")) return "stdin";
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* DIR/BASENAME.EXT for document path; inline output (ext "") is
 * BASENAME.inline.xml for XML and BASENAME.inline.html else. */
static void output_path(buf *b, const char *dir, const char *path, const char *ext,
                        doc_type type) {
  size_t dl = strlen(dir);
  while (dl > 1 && dir[dl - 1] == '/') dl--;
  buf_printf(b, "%.*s/", (int)dl, dir);
  /* a record's id may hold anything: keep file names tame */
  for (const char *c = base_name(path); *c; c++)
    buf_addc(b, (*c == '/' || *c == '\\' || (unsigned char)*c < 0x20) ? '_' : *c);
  buf_adds(b, *ext ? ext : type == DOC_XML ? ".inline.xml" : ".inline.html");
}

/* Two inputs with one base name would write one output file. */
static int check_names(const run_opts *o) {
  for (size_t i = 0; i < o->ninputs; i++)
    for (size_t k = i + 1; k < o->ninputs; k++)
      if (!strcmp(base_name(o->inputs[i]), base_name(o->inputs[k]))) {
        fprintf(stderr, "glossa: %s and %s would write the same files in %s: "
                        "run them separately or rename one\n",
                o->inputs[i], o->inputs[k], o->output);
        return -1;
      }
  return 0;
}

static size_t total_docs(const run_opts *o) {
  return o->ninputs + (o->records ? o->records->n : 0);
}

static int write_whole(const char *path, const buf *data, buf *msg) {
  sink s;
  if (sink_open(&s, path, msg)) return -1;
  if (data->len && fwrite(data->s, 1, data->len, s.f) != data->len) {
    sink_close(&s, 0, msg);
    return -1;
  }
  return sink_close(&s, 1, msg);
}

static void count_labels(slot *sl, const document *d) {
  for (size_t i = 0; i < d->annots.n; i++) {
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

/* Loads, annotates and writes one document into its slot. */
static void process(run *r, script_set **ssp, slot *sl) {
  script_set *ss = *ssp;
  const run_opts *o = r->o;
  buf err = BUF_INIT;
  document *d = sl->index < o->ninputs
                    ? doc_load(o->inputs[sl->index], o->type, o->max_size, &err)
                    : record_load(o->records, sl->index - o->ninputs, o->max_size, &err);
  const char *path = d ? d->path : NULL;
  if (!d) {
    buf_printf(&sl->msg, "%s\n", err.s ? err.s : "cannot load a document");
    sl->failed = 1;
    buf_free(&err);
    return;
  }
  sl->bytes = d->srclen;
  if (d->warnings) buf_adds(&sl->msg, d->warnings);
  int rc = script_run(ss, d, &err);
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
      r->stop = 1;
      pthread_mutex_unlock(&r->mu);
    }
    buf_free(&e2);
  }
  if (rc) {
    buf_printf(&sl->msg, "%s\nglossa: %s: not annotated: a script failed (above)\n", err.s, d->name);
    sl->failed = 1;
    doc_free(d);
    buf_free(&err);
    return;
  }
  count_labels(sl, d);
  const char *f = r->fmt->name;
  rc = 0;
  buf file = BUF_INIT;
  if (!strcmp(f, "text")) rc = out_text(&sl->out, d, &o->oo);
  else if (!strcmp(f, "jsonl")) rc = out_jsonl(&sl->out, d, &o->oo);
  else if (!strcmp(f, "json")) {
    out_json j = {0};
    rc = o->dir ? out_json_begin(&file, &j, &o->oo) || out_json_doc(&file, &j, d, &o->oo) ||
                      out_json_end(&file, &j, &o->oo)
                : out_json_doc(&sl->out, &j, d, &o->oo);
    sl->items = j.items;
  } else if (!strcmp(f, "html")) rc = out_html(o->dir ? &file : &sl->out, d, &o->oo);
  else if (!strcmp(f, "inline")) rc = out_inline(o->dir ? &file : &sl->out, d, &o->oo);
  else if (!strcmp(f, "brat")) {
    /* brat makes and renames its own temporary files: held, so that an
     * interrupt that cannot wait for the run waits for these */
    int bad = sink_hold();
    if (!bad) {
      bad = out_brat(d, &o->oo, o->output, &err);
      sink_release();
      if (bad) buf_printf(&sl->msg, "%s\n", err.s ? err.s : "brat: cannot write");
    }
    if (bad) sl->failed = 1;
  }
  if (rc) {
    buf_printf(&sl->msg, "glossa: %s: out of memory while writing\n", d->name);
    sl->failed = 1;
  } else if (o->dir && strcmp(f, "brat")) {
    /* -o DIR/: this document's own file; stream formats too */
    buf name = BUF_INIT;
    output_path(&name, o->output, path, r->fmt->ext, d->type);
    const buf *data = r->fmt->one_per_doc || !strcmp(f, "json") ? &file : &sl->out;
    if (write_whole(name.s, data, &sl->msg)) sl->failed = 1;
    sl->out.len = 0;
    buf_free(&name);
  }
  buf_free(&file);
  buf_free(&err);
  doc_free(d);
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
  if (r->stop || interrupted || r->next >= total_docs(r->o) ||
      r->next >= r->emitted + r->window)
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
    while (!r->stop && !interrupted && r->next < total_docs(r->o) &&
           r->next >= r->emitted + r->window) {
      pthread_cond_signal(&r->wcv); /* the window is full: time to write */
      pthread_cond_wait(&r->cv, &r->mu);
    }
    if (r->stop || interrupted || r->next >= total_docs(r->o)) {
      pthread_mutex_unlock(&r->mu);
      break;
    }
    size_t i = r->next++;
    slot *sl = &r->slots[i % r->window];
    sl->state = SLOT_BUSY;
    sl->index = i;
    pthread_mutex_unlock(&r->mu);

    process(r, &w->ss, sl);

    pthread_mutex_lock(&r->mu);
    sl->state = SLOT_DONE;
    if (sl->failed && r->o->fail_fast) r->stop = 1;
    if (r->stop) pthread_cond_broadcast(&r->cv); /* the others end too */
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

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct totals {
  size_t ok, failed, bytes, annotations;
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
  double el = now() - start;
  double mb = (double)t->bytes / 1e6;
  size_t done = r->emitted, total = total_docs(r->o);
  double eta = done ? el / (double)done * (double)(total - done) : 0;
  fprintf(stderr, "\r\033[K%zu/%zu documents, %.1f MB/s, %zu annotations", done, total,
          el > 0 ? mb / el : 0.0, t->annotations);
  if (!final && done < total) fprintf(stderr, ", ETA %.0f s", eta);
  if (final) fputc('\n', stderr);
}

static int by_count(const void *x, const void *y) {
  const tally *a = x, *b = y;
  if (a->n != b->n) return a->n > b->n ? -1 : 1;
  return strcmp(a->label, b->label);
}

static void summary(const totals *t, double seconds) {
  fprintf(stderr, "glossa: %zu documents ok, %zu failed; %zu annotations; %.1f MB in %.2f s\n",
          t->ok, t->failed, t->annotations, (double)t->bytes / 1e6, seconds);
  qsort(t->tallies, t->ntallies, sizeof *t->tallies, by_count);
  for (size_t i = 0; i < t->ntallies; i++)
    fprintf(stderr, "  %8zu  %s\n", t->tallies[i].n, t->tallies[i].label);
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
  if (!interrupted) return rc;
  fprintf(stderr, "glossa: interrupted; %s\n", how);
  return 128 + interrupted;
}

int run_main(const run_opts *o) {
  run r = {.o = o, .fmt = find_format(o->format), .so = o->so};
  r.so.stop = (volatile int *)&interrupted;
  interrupted = 0;
  buf err = BUF_INIT;
  int jobs = o->jobs > 0 ? o->jobs : 1;
  if (o->dir && o->ninputs < 5000 && check_names(o)) return 2;
  if ((size_t)jobs > total_docs(o) && total_docs(o) > 0) jobs = (int)total_docs(o);

  /* From here on a signal stops the run: the scripts' top level, the
   * documents, the writer; inside C too, after a grace period, by ending the
   * process (core/interrupt.c). */
  pthread_mutex_init(&r.mu, NULL);
  pthread_cond_init(&r.cv, NULL);
  pthread_cond_init(&r.wcv, NULL);
  interrupt_start(&interrupted, wake, &r);

  /* Scripts compile (and fail) once, in order, before any document. */
  worker *ws = calloc((size_t)jobs, sizeof *ws);
  if (!ws) return end_run(&r, 2, "stopped");
  for (int i = 0; i < jobs; i++) {
    ws[i].r = &r;
    ws[i].ss = script_new(&r.so);
    err.len = 0;
    if (!ws[i].ss || load_scripts(ws[i].ss, o, &err)) {
      if (i == 0) fprintf(stderr, "%s\n", err.s ? err.s : "glossa: out of memory");
      for (int k = 0; k <= i; k++) script_free(ws[k].ss);
      free(ws);
      buf_free(&err);
      return end_run(&r, 2, "stopped");
    }
  }

  sink out = {0};
  int streaming = !o->dir && strcmp(r.fmt->name, "brat");
  if (streaming && sink_open(&out, o->output, &err)) {
    fprintf(stderr, "%s\n", err.s);
    for (int k = 0; k < jobs; k++) script_free(ws[k].ss);
    free(ws);
    buf_free(&err);
    return end_run(&r, 2, "stopped");
  }

  r.window = (size_t)jobs * 8;
  r.slots = calloc(r.window, sizeof *r.slots);
  int write_failed = 0;
  totals t = {0};
  double start = now(), last = 0;
  int show = !o->quiet && isatty(2);
  out_json j = {0};
  buf head = BUF_INIT;
  if (streaming && !strcmp(r.fmt->name, "json")) {
    out_json_begin(&head, &j, &o->oo);
    if (head.len && fwrite(head.s, 1, head.len, out.f) != head.len) write_failed = 1;
  }
  for (int i = 0; i < jobs && r.slots; i++)
    ws[i].ok = pthread_create(&ws[i].tid, NULL, work, &ws[i]) == 0;

  /* The writer: documents in input order, each as soon as it is done. */
  pthread_mutex_lock(&r.mu);
  while (r.slots && r.emitted < total_docs(o)) {
    slot *sl = &r.slots[r.emitted % r.window];
    if (sl->state != SLOT_DONE || sl->index != r.emitted) {
      if ((r.stop || interrupted) && r.next == r.emitted) break;
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 200 * 1000000L;
      if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
      pthread_cond_timedwait(&r.wcv, &r.mu, &ts);
      if (show && now() - last > 0.2) {
        progress(&r, &t, start, 0);
        last = now();
      }
      continue;
    }
    pthread_mutex_unlock(&r.mu);
    if (sl->msg.len) {
      if (show) fputs("\r\033[K", stderr);
      fwrite(sl->msg.s, 1, sl->msg.len, stderr);
    }
    if (streaming && sl->out.len && !write_failed) {
      if (!strcmp(r.fmt->name, "json") && sl->items && j.items)
        write_failed |= fwrite(",\n", 1, 2, out.f) != 2;
      write_failed |= fwrite(sl->out.s, 1, sl->out.len, out.f) != sl->out.len;
      if (write_failed) fprintf(stderr, "glossa: cannot write the output: %s\n", strerror(errno));
    }
    j.items += sl->items;
    if (sl->failed) t.failed++;
    else t.ok++;
    t.bytes += sl->bytes;
    add_tallies(&t, sl);
    for (size_t k = 0; k < sl->ntallies; k++) free(sl->tallies[k].label);
    free(sl->tallies);
    sl->tallies = NULL;
    sl->ntallies = sl->items = sl->bytes = 0;
    sl->failed = 0;
    sl->out.len = sl->msg.len = 0;
    if (sl->out.cap > (1 << 20)) buf_free(&sl->out); /* a large one's room goes */
    pthread_mutex_lock(&r.mu);
    sl->state = SLOT_FREE;
    r.emitted++;
    if (write_failed) r.stop = 1;
    pthread_cond_broadcast(&r.cv);
  }
  r.stop = 1;
  pthread_cond_broadcast(&r.cv);
  pthread_mutex_unlock(&r.mu);
  for (int i = 0; i < jobs; i++)
    if (ws[i].ok) pthread_join(ws[i].tid, NULL);

  int finish_failed = 0;
  for (int i = 1; i < jobs; i++) script_merge_counts(ws[0].ss, ws[i].ss);
  if (!interrupted) {
    err.len = 0;
    if (script_finish(ws[0].ss, &err)) {
      fprintf(stderr, "%s\nglossa: a script's finish function failed (above)\n", err.s);
      finish_failed = 1;
    }
  }
  if (streaming && !strcmp(r.fmt->name, "json") && !interrupted) {
    head.len = 0;
    out_json_end(&head, &j, &o->oo);
    if (head.len && fwrite(head.s, 1, head.len, out.f) != head.len) write_failed = 1;
  }
  /* the file is replaced only by a whole run's output; a signal after this
   * point finds it complete */
  int keep = !write_failed && !interrupted, kept = 0;
  if (streaming && sink_close(&out, keep, &err)) {
    fprintf(stderr, "%s\n", err.s);
    write_failed = 1;
  } else kept = keep;
  if (show) progress(&r, &t, start, 1);
  if (o->stats || show) summary(&t, now() - start);

  for (size_t i = 0; r.slots && i < r.window; i++) {
    buf_free(&r.slots[i].out);
    buf_free(&r.slots[i].msg);
    for (size_t k = 0; k < r.slots[i].ntallies; k++) free(r.slots[i].tallies[k].label);
    free(r.slots[i].tallies);
  }
  for (size_t k = 0; k < t.ntallies; k++) free(t.tallies[k].label);
  free(t.tallies);
  free(r.slots);
  for (int i = 0; i < jobs; i++) script_free(ws[i].ss);
  free(ws);
  buf_free(&err);
  buf_free(&head);
  int to_file = streaming && o->output && strcmp(o->output, "-");
  int rc = write_failed || t.failed || finish_failed || r.emitted < total_docs(o) ? 1 : 0;
  return end_run(&r, rc,
                 !to_file ? "stopped"
                 : kept   ? "the output file is complete"
                          : "the output file was left as it was");
}
