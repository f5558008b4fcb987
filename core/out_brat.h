/* -f brat's row in the writer table (core/output.c): a document's NAME.txt
 * and NAME.ann with what the run files need of it, and the run files,
 * DIR/annotation.conf and DIR/visual.conf (core/out_brat.c says the
 * formats; out_brat itself, the two files alone, is in output.h). */
#ifndef GLOSSA_OUT_BRAT_H
#define GLOSSA_OUT_BRAT_H

#include "output.h"

/* out[0] NAME.txt, out[1] NAME.ann; the facts the run files need appended
 * to st->sum when it is not NULL. Returns 0, or -1 out of memory. */
int out_brat_doc(buf *out, out_state *st, const document *d, const out_opts *o);

/* out[0] annotation.conf and out[1] visual.conf from the facts of
 * sum[0..len). Returns 0, or -1 out of memory. */
int out_brat_run_end(buf *out, const char *sum, size_t len, const out_opts *o);

#endif
