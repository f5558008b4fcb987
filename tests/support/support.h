/* What the C test programs and the fuzz targets share that is not a check
 * (tests/check.h has those): written once here, linked into each. */
#ifndef GLOSSA_TEST_SUPPORT_H
#define GLOSSA_TEST_SUPPORT_H

#include "buf.h"
#include "doc.h"
#include "output.h"

/* What the run does with out_brat's two buffers (core/run.c): DIR/NAME.txt
 * and DIR/NAME.ann through the sink, NAME the input's base name ("-":
 * stdin). 0, or -1 with "PATH: why" in err. */
int support_brat_files(const document *d, const out_opts *o, const char *dir, buf *err);

#endif
