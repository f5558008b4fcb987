/* Opening the data files scripts read (io.open, io.lines, glossa.dict): the
 * caller owns the descriptor it returns. */
#ifndef GLOSSA_DATAFILE_H
#define GLOSSA_DATAFILE_H

#include <sys/stat.h>

/* Opens path read-only, for a script's data: a regular file, not one of
 * the kernel's (/proc, /sys, …), not glossa's standard input. Never blocks
 * (a FIFO is opened without waiting for a writer, then refused). Returns
 * the descriptor (blocking again) and fills *st; -1 with errno when the
 * file cannot be opened; -2 when it is refused, with *why saying why
 * ("is a directory", …). Checked on the opened file, so that no path
 * (a symlink, /dev/fd/N, /dev/stdin) gets around it. */
int datafile_open(const char *path, struct stat *st, const char **why);

#endif
