/* The table of writers (core/output.h): a row per -f format, and the
 * adapters that give each writer the row's calling convention. */
#include "output.h"
#include "out_brat.h"
#include "out_sqlite.h"
#include "out_xmi.h"

#include <string.h>

static int text_doc(buf *out, out_state *st, const document *d, const out_opts *o) {
  (void)st;
  return out_text(out, d, o);
}

static int jsonl_doc(buf *out, out_state *st, const document *d, const out_opts *o) {
  (void)st;
  return out_jsonl(out, d, o);
}

const out_writer output_writers[] = {
    {.name = "text", .ext = ".txt", .doc = text_doc},
    {.name = "jsonl", .ext = ".jsonl", .doc = jsonl_doc},
    {.name = "json", .ext = ".json", .array = 1,
     .begin = out_json_begin, .doc = out_json_doc, .end = out_json_end},
    {.name = "html", .ext = ".html", .page_name = 1, .one_per_doc = 1, .doc = out_html_doc,
     .run_files = {"index.html"}, .run_end = out_html_run_end},
    {.name = "inline", .ext = ".html", .page_name = 1, .xml_name = 1, .one_per_doc = 1,
     .doc = out_inline_doc},
    {.name = "brat", .ext = "", .parts = {".txt", ".ann"}, .one_per_doc = 1, .needs_dir = 1,
     .doc = out_brat_doc, .run_files = {"annotation.conf", "visual.conf"},
     .run_end = out_brat_run_end},
    {.name = "conll", .ext = ".conll", .labels = 1, .doc = out_conll},
    {.name = "spans", .ext = ".jsonl", .labels = 1, .codepoints = 1, .doc = out_spans},
    {.name = "xmi", .ext = ".xmi", .one_per_doc = 1, .needs_dir = 1, .doc = out_xmi_doc,
     .run_files = {"TypeSystem.xml"}, .run_end = out_xmi_run_end},
    {.name = "sqlite", .ext = ".db", .doc = out_sqlite_doc, .file = &out_sqlite_file},
};
const size_t output_nwriters = sizeof output_writers / sizeof output_writers[0];

const out_writer *output_find(const char *name) {
  for (size_t i = 0; i < output_nwriters; i++)
    if (!strcmp(output_writers[i].name, name)) return &output_writers[i];
  return NULL;
}
