/* libFuzzer target: the readers of annotations read in (core/import*.c) and
 * attaching what they read to a document (import_attach, as the run does:
 * resolve, then attach before any script). Byte 0 picks the reader and how
 * the groups find the document; the rest is the annotation file's contents.
 *   bits 0-1: 0 import_jsonl (glossa -f jsonl, spans and W3C lines), 1 the
 *             file as the run reads it (import_read: kind by content, the
 *             UTF-8 check), 2 import_w3c (one JSON value), 3 import_brat;
 *   bit 2:    brat: NAME.txt beside the .ann (the document's text), else none;
 *   bit 3:    every group for the document (--annotations-for), else
 *             import_resolve by path, file name, brat name or spans text.
 * The document is a small fixed text (multi-byte characters, runs of white
 * space, a list of near-identical items) named doc.txt. Checks: a failed
 * read says why; attaching succeeds; the tally counts every annotation of
 * the groups attached once, orphans as the document's; every annotation
 * placed lies in the view, start <= end, both on UTF-8 boundaries, with a
 * kind, a score in [0, 1] (fuzzy: at least ANCHOR_MIN_SCORE, and not on the
 * place of another of its label found exact or moved) and links to
 * annotations of the store; its label is not empty; -f jsonl of it (the
 * orphan lines too) is valid JSON lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "anchor.h"
#include "fuzz.h"
#include "import.h"
#include "output.h"
#include "utf8.h"

static const char text[] =
    "Integer types\n\n"
    "An unsigned, 8-bit integer type.\n"
    "An unsigned, 16-bit integer type.\n"
    "An unsigned, 64-bit integer type.\n\n"
    "Caf\xC3\xA9 d\xC3\xA9j\xC3\xA0 vu \xE2\x80\x94 na\xC3\xAFve \xF0\x9F\x98\x80 fa\xC3\xA7" "ade.\n"
    "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9\xE3\x83\x88\xE3\x80\x82\n"
    "\tTabs  and   spaces.\r\nThe end.\n";

static char dir[64];               /* a temporary directory, removed at exit */
static char with_txt[96], no_txt[96], lines[96]; /* with/doc.ann, without/doc.ann, ann.jsonl */
static char txt[96], with_dir[80], no_dir[80];

static void cleanup(void) {
  unlink(txt);
  unlink(lines);
  rmdir(with_dir);
  rmdir(no_dir);
  rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_init();
  const char *t = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/glossa-fuzz-import.XXXXXX", t && strlen(t) < 20 ? t : "/tmp");
  if (!mkdtemp(dir)) abort();
  snprintf(with_dir, sizeof with_dir, "%s/with", dir);
  snprintf(no_dir, sizeof no_dir, "%s/without", dir);
  snprintf(with_txt, sizeof with_txt, "%s/doc.ann", with_dir);
  snprintf(no_txt, sizeof no_txt, "%s/doc.ann", no_dir);
  snprintf(txt, sizeof txt, "%s/doc.txt", with_dir);
  snprintf(lines, sizeof lines, "%s/ann.jsonl", dir);
  if (mkdir(with_dir, 0700) || mkdir(no_dir, 0700)) abort();
  atexit(cleanup);
  FILE *f = fopen(txt, "wb");
  if (!f || fwrite(text, 1, sizeof text - 1, f) != sizeof text - 1 || fclose(f)) abort();
  return 0;
}

static int boundary(const char *s, size_t n, size_t off) {
  return off == n || (off < n && ((unsigned char)s[off] & 0xC0) != 0x80);
}

/* Reads data[0..n) as byte 0 says; 0, or -1 with err set. */
static int read_in(import_set *s, unsigned mode, const char *data, size_t n, buf *err) {
  switch (mode & 3) {
  case 1: {
    FILE *f = fopen(lines, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f)) abort();
    return import_read(s, lines, NULL, err);
  }
  case 3:
    return import_brat(s, mode & 4 ? with_txt : no_txt, data, n, err);
  default:
    /* import_read refuses what is not UTF-8 before any JSON reader sees it */
    if (!utf8_valid(data, n, NULL)) return 1;
    return (mode & 3) == 0 ? import_jsonl(s, "ann.jsonl", data, n, err)
                           : import_w3c(s, "ann.json", data, n, err);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (256u << 10)) return 0;
  fuzz_in in = {data, size};
  unsigned mode = fuzz_u8(&in);
  /* the readers take a NUL-terminated copy (import_read's buf is) */
  char *copy = malloc(in.n + 1);
  if (!copy) abort();
  memcpy(copy, in.p, in.n);
  copy[in.n] = '\0';

  import_set s;
  import_init(&s);
  buf err = BUF_INIT, msg = BUF_INIT;
  int rc = read_in(&s, mode, copy, in.n, &err);
  if (rc < 0) FUZZ_CHECK(err.len > 0); /* a failed read says why */
  if (rc) goto out;

  if (mode & 8)
    for (size_t i = 0; i < s.n; i++) s.g[i].input = 0;
  else {
    char *inputs[] = {"doc.txt"};
    FUZZ_CHECK(import_resolve(&s, inputs, 1, &err) == 0); /* one input: nothing is ambiguous */
  }
  document *d = doc_parse("doc.txt", text, sizeof text - 1, DOC_TEXT, &err);
  FUZZ_CHECK(d != NULL);
  import_tally t = {{0}};
  FUZZ_CHECK(import_attach(&s, d, 0, 0, &msg, &t) == 0);

  size_t total = 0;
  for (size_t i = 0; i < s.n; i++)
    if (atomic_load(&s.g[i].used)) total += s.g[i].n;
  FUZZ_CHECK(t.n[0] + t.n[1] + t.n[2] + t.n[3] == total);
  FUZZ_CHECK(d->norphans == t.n[ANCHOR_ORPHAN]);
  const annot_store *st = &d->annots;
  FUZZ_CHECK(st->n == t.n[0] + t.n[1] + t.n[2] && st->nlive == st->n);
  const text_view *v = &d->view;
  for (size_t i = 0; i < st->n; i++) {
    const annot *a = &st->v[i];
    FUZZ_CHECK(a->start <= a->end && a->end <= v->len);
    FUZZ_CHECK(boundary(v->s, v->len, a->start) && boundary(v->s, v->len, a->end));
    FUZZ_CHECK(a->anchor >= 1 && a->anchor <= 3);
    FUZZ_CHECK(a->anchor_score >= 0 && a->anchor_score <= 1);
    FUZZ_CHECK(a->anchor != 1 + ANCHOR_FUZZY || a->anchor_score >= ANCHOR_MIN_SCORE);
    FUZZ_CHECK(a->label && *a->label);
    for (size_t k = 0; a->links && k < a->links->n; k++)
      FUZZ_CHECK(a->links->v[k].target < st->n);
    /* no fuzzy match on the place of another of its label found exact or
     * moved (import.c's fuzzy_on_another makes it an orphan) */
    for (size_t k = 0; a->anchor == 1 + ANCHOR_FUZZY && k < st->n; k++) {
      const annot *b = &st->v[k];
      FUZZ_CHECK(b->anchor == 1 + ANCHOR_FUZZY || b->start != a->start || b->end != a->end ||
                 strcmp(b->label, a->label));
    }
  }
  /* what was read in, written back: placed and orphan lines */
  out_opts o = {0};
  buf b = BUF_INIT;
  FUZZ_CHECK(out_jsonl(&b, d, &o) == 0);
  FUZZ_CHECK(fuzz_json_valid(b.s ? b.s : "", b.len, 1));
  buf_free(&b);
  import_unused(&s, &msg);
  doc_free(d);
out:
  import_free(&s);
  buf_free(&err);
  buf_free(&msg);
  free(copy);
  return 0;
}
