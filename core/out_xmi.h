/* -f xmi's row in the writer table (core/output.c): a document's NAME.xmi,
 * a UIMA CAS in XMI, with what the run file needs of it, and the run file,
 * DIR/TypeSystem.xml (core/out_xmi.c says the mapping; docs/xmi.md says it
 * for users). The caller owns every buf. */
#ifndef GLOSSA_OUT_XMI_H
#define GLOSSA_OUT_XMI_H

#include "output.h"

/* out[0] NAME.xmi; the types and features it uses appended to st->sum when
 * it is not NULL, and what it had to change said in st->msg. Returns 0, or
 * -1 out of memory. */
int out_xmi_doc(buf *out, out_state *st, const document *d, const out_opts *o);

/* out[0] TypeSystem.xml, declaring every type the documents of sum[0..len)
 * used. Returns 0, or -1 out of memory. */
int out_xmi_run_end(buf *out, const char *sum, size_t len, const out_opts *o);

#endif
