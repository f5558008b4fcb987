/* The output formats. Each writer appends one document's annotations to a
 * caller-owned buf, in output order (by start, then end, then creation):
 * the live ones (annot_sorted, d->annots.nlive of them), never the removed. */
#ifndef GLOSSA_OUTPUT_H
#define GLOSSA_OUTPUT_H

#include "buf.h"
#include "doc.h"
#include "outlabels.h"
#include "outstyle.h"

/* Units of the offsets jsonl and brat write (--offsets). */
typedef enum out_units { OUT_CODEPOINTS, OUT_BYTES, OUT_UTF16 } out_units;

typedef struct out_opts {
  const char *base_uri; /* --base-uri: ids and sources are made from it; NULL:
                           the input's file: URI */
  const char *created;  /* --created: an xsd:dateTime for "created", or NULL */
  out_units units;      /* --offsets */
  int explain;          /* --explain: -f text tells who made each annotation */
  const outlabels *labels; /* --labels: the labels conll and spans write; NULL: all */
  const outstyle *style;   /* --style FILE: -f html's colours per label, or NULL;
                              script_style, where the run gives it, comes first */
  const outstyle *script_style; /* the scripts' glossa.style, set per document */
  int segments; /* --segments: -f xmi writes sentences and tokens too */
} out_opts;

/* -f text: NAME:LINE:COL: LABEL: "QUOTE" [k=v …] — NOTE, one per line;
 * with explain, "  (by SCRIPT:LINE via MATCHER; links: ROLE = LABEL L:C
 * "QUOTE", …; note set by S:L; attrs set by S:L)" after it, and the removed
 * annotations too, with "; removed by S:L". Whatever the
 * fields hold, an annotation is one line: controls, line separators and
 * bytes that are not UTF-8 are written as escapes (\n, \xHH, \uHHHH). */
int out_text(buf *b, const document *d, const out_opts *o);

/* -f jsonl: one JSON object per annotation and line (valid JSON whatever
 * the input: a name that is not UTF-8 has U+FFFD for its bad bytes);
 * "links":{"ROLE":"aN"} after "attrs" when it links to live annotations. */
int out_jsonl(buf *b, const document *d, const out_opts *o);

/* What a writer keeps from one document to the next of a run (json: the
 * items written so far). */
typedef struct out_state {
  size_t items;
  /* where a writer says, in "NAME: …\n" lines, what of a document it left
   * out (the run prints them with the document's other messages; NULL:
   * nowhere), and how many annotations that was (--stats adds them up) */
  buf *msg;
  size_t left_out;
  /* -o DIR/ with a writer of run files (out_writer.run_end): where doc adds
   * what the run files need of the document, in the writer's own form (the
   * run joins every written document's in input order); NULL otherwise */
  buf *sum;
  /* -o DIR/: the document's output below DIR (with parts: before their
   * extensions), for links to it; NULL otherwise */
  const char *file;
} out_state;
typedef out_state out_json;

/* -f json: one W3C Web Annotation AnnotationCollection for the whole run;
 * begin, then each document's items, then end (which writes the total). */
int out_json_begin(buf *b, out_json *j, const out_opts *o);
int out_json_doc(buf *b, out_json *j, const document *d, const out_opts *o);
int out_json_end(buf *b, out_json *j, const out_opts *o);

/* -f html: a standalone page (CSS and JS inline) showing one document with
 * its annotations highlighted and their notes beside them. */
int out_html(buf *b, const document *d, const out_opts *o);
/* The same as the row's doc: with st->sum, it also appends the document's
 * record for index.html (its name, st->file, counts and colours per label). */
int out_html_doc(buf *b, out_state *st, const document *d, const out_opts *o);
/* -o DIR/: DIR/index.html from the records, in input order: a table of the
 * documents (a link to each page, its counts per label) and a chart of the
 * run's labels; standalone, nothing fetched, the same bytes whatever -j. */
int out_html_run_end(buf *out, const char *sum, size_t len, const out_opts *o);

/* -f inline: the document itself with the annotations written into it
 * (HTML: <mark> elements; XML: elements in the glossa namespace; text: a
 * minimal HTML page). An HTML (or XHTML) page keeps its own markup, scripts
 * included, so a Content-Security-Policy first in its head stops them from
 * running, and anything from being fetched, when it is opened. */
int out_inline(buf *b, const document *d, const out_opts *o);

/* The same, as -f inline's row writes it: the annotations it can put no
 * mark for (all their text in raw text) counted in st->left_out and said
 * in st->msg. */
int out_inline_doc(buf *b, out_state *st, const document *d, const out_opts *o);

/* -f brat: the contents of NAME.txt (the text view) and NAME.ann (standoff),
 * appended to txt and ann; the run names and writes the files. Returns 0, or
 * -1 out of memory. */
int out_brat(buf *txt, buf *ann, const document *d, const out_opts *o);

/* -f conll: CoNLL 2003 NER columns, IOB2 (docs/trainers.md): a
 * "-DOCSTART- -X- O O" line and a blank line, then each token of the
 * document (outtok.h) as "TOKEN TAG" on a line of its own, a blank line
 * after each sentence. TAG is O, or B-LABEL / I-LABEL for the tokens an
 * annotation of a chosen label (o->labels) overlaps; where chosen
 * annotations share a token, the one with the most tokens is kept, then
 * the earliest, then the first made, and the others are left out, as are
 * annotations that overlap no token: each kind counted in st->left_out and
 * said in st->msg. A span that crosses a sentence starts anew (B-) in the
 * next. White space in TOKEN and LABEL (any character Python's str.split
 * splits at) is written as '_', and a token of nothing else is left out,
 * so every line has two columns. Returns 0, or -1 out of memory. */
int out_conll(buf *b, out_state *st, const document *d, const out_opts *o);

/* -f spans: one JSON object per document, as Prodigy reads and saves it
 * (docs/trainers.md): {"text": the view, "meta": {"path"}, "spans":
 * [{"start", "end", "token_start", "token_end", "label", "text", "glossa":
 * {"id", "note", "attrs"[, "links"]}}], "relations": [{"head", "child",
 * "head_span", "child_span", "label"}], "tokens": [{"text", "start",
 * "end", "id", "ws"}]}, offsets in code points, token_end inclusive. Spans
 * are the live annotations of the chosen labels (o->labels) in output
 * order, but those that overlap no token (counted in st->left_out and said
 * in st->msg); a relation is a link between two of them (head: the linking
 * one's last token; child: its target's). Returns 0, or -1 out of memory. */
int out_spans(buf *b, out_state *st, const document *d, const out_opts *o);

/* A writer of a file that is no byte stream (sqlite): the run opens it on
 * the temporary file of the -o FILE sink (core/sink.h; target: the file it
 * will replace), hands it each document's doc output in input order where a
 * stream would be written to, and closes it (keep: the run's output is to be
 * kept) before the sink renames the file into place, or removes it. open
 * returns the writer's handle, or NULL; put and close 0, or -1; on failure
 * err holds "glossa: TARGET: what". Such a format needs -o FILE. */
typedef struct out_file {
  void *(*open)(const char *tmp, const char *target, const out_opts *o, buf *err);
  int (*put)(void *h, const char *data, size_t len, buf *err);
  int (*close)(void *h, int keep, buf *err);
} out_file;

/* The writers, one row each: the run and main consult a row's fields and
 * call its functions, so a new format is a new row (core/output.c). */
#define OUT_MAXPARTS 2
typedef struct out_writer {
  const char *name; /* -f NAME */
  /* -o DIR/ (core/outname.c): the extension added to a document's name;
   * page_name: a name that ends in .html or .htm is kept as it is;
   * xml_name: an XML document keeps its name (.xml added when it has no
   * extension) */
  const char *ext;
  int page_name, xml_name;
  /* more than one file per document: their extensions, added after ext
   * (brat: .txt and .ann); parts[0] NULL: one file, out[0] */
  const char *parts[OUT_MAXPARTS];
  int one_per_doc; /* a whole file per document: one document on a stream,
                      several only under -o DIR/ */
  int needs_dir;   /* writes files of its own names: only under -o DIR/ */
  int array;       /* a stream holds begin, then the documents' output joined
                      by ",\n" where both have items, then end */
  int labels;      /* writes only the --labels labels (without it: all) */
  int codepoints;  /* its offsets are code points, which --offsets cannot change */
  /* begin and end (NULL: nothing) open and close a stream, and a document's
   * file under -o DIR/; doc appends one document's output to out[0] (and
   * out[1] … for parts). Each returns 0, or -1 out of memory. */
  int (*begin)(buf *out, out_state *st, const out_opts *o);
  int (*doc)(buf *out, out_state *st, const document *d, const out_opts *o);
  int (*end)(buf *out, out_state *st, const out_opts *o);
  const out_file *file; /* NULL: a byte stream */
  /* -o DIR/: files about the whole run, DIR/run_files[i] (brat's
   * annotation.conf, xmi's TypeSystem.xml, html's index.html; NULL: none),
   * written after the last document, each complete or not at all:
   * run_end appends run_files[i]'s contents to out[i] from sum[0..len), what
   * the documents written put in out_state.sum, in input order. No
   * document's output takes one of these names. Returns 0, or -1 out of
   * memory. */
  const char *run_files[OUT_MAXPARTS];
  int (*run_end)(buf *out, const char *sum, size_t len, const out_opts *o);
} out_writer;

/* The row of -f name, or NULL when there is none; the rows in order. */
const out_writer *output_find(const char *name);
extern const out_writer output_writers[];
extern const size_t output_nwriters;

#endif
