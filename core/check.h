/* glossa check: compiles annotation scripts without running them and warns
 * about likely mistakes (the rules and their limits are in check.c). */
#ifndef GLOSSA_CHECK_H
#define GLOSSA_CHECK_H

/* Runs `glossa check [--strict] SCRIPT...` (argv[0] is "check"): syntax
 * errors as "SCRIPT:LINE: message", warnings as "SCRIPT:LINE: warning: ...",
 * on stdout in line order. Returns the exit status: 0 clean (or warnings
 * only), 1 a syntax error, an unreadable script, or (--strict) a warning,
 * 2 a usage error. */
int check_main(int argc, char **argv);

#endif
