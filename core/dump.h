/* glossa dump: what a document looks like to a script. */
#ifndef GLOSSA_DUMP_H
#define GLOSSA_DUMP_H

/* Runs `glossa dump [--text | --json] [--color WHEN] [-t TYPE] FILE` (argv[0]
 * is "dump"): the view's tree (elements with their spans, text segments,
 * block boundaries), the exact text view (--text), or a JSON object
 * (--json), on stdout. Returns the exit status: 0, 1 the document could not
 * be loaded, 2 a usage error. */
int dump_main(int argc, char **argv);

#endif
