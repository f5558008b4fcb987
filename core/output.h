/* The output formats. Each writer appends one document's annotations to a
 * caller-owned buf, in output order (by start, then end, then creation). */
#ifndef GLOSSA_OUTPUT_H
#define GLOSSA_OUTPUT_H

#include "buf.h"
#include "doc.h"

/* -f text: NAME:LINE:COL: LABEL: "QUOTE" [k=v …] — NOTE, one per line. */
int out_text(buf *b, const document *d);

/* -f jsonl: one JSON object per annotation and line. */
int out_jsonl(buf *b, const document *d);

#endif
