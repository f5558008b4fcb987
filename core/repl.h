/* glossa repl: an interactive Lua prompt over one document. */
#ifndef GLOSSA_REPL_H
#define GLOSSA_REPL_H

/* Runs `glossa repl [-t TYPE] FILE` (argv[0] is "repl") until :quit or end
 * of input. Returns the exit status: 0, 1 the document could not be loaded,
 * 2 a usage error. */
int repl_main(int argc, char **argv);

#endif
