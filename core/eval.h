/* glossa eval: scores predicted annotations against gold ones (brat .ann or
 * glossa JSON lines on either side), per label and overall, strict and
 * lenient. The rules are in eval.c's usage text (glossa eval --help). */
#ifndef GLOSSA_EVAL_H
#define GLOSSA_EVAL_H

#include <stdio.h>

/* Runs `glossa eval ARGS` (argv[0] is "eval"), writing the report to out and
 * diagnostics to err. Returns the exit status: 0 scored, 1 an input could not
 * be read (or memory ran out), 2 a usage error. Keeps no state between
 * calls. */
int eval_run(int argc, char **argv, FILE *out, FILE *err);

/* eval_run on stdout and stderr. */
int eval_main(int argc, char **argv);

#endif
