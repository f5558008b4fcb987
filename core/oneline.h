/* Text made to stay on its line: what messages and line formats write of a
 * name, a label or a quote that may hold line breaks, controls or bytes
 * that are not UTF-8, so that no line of theirs can be forged. The caller
 * owns every buffer and string. */
#ifndef GLOSSA_ONELINE_H
#define GLOSSA_ONELINE_H

#include <stddef.h>

#include "buf.h"

/* Appends s[0..n) so that it stays on its line and reads back: C0 and C1
 * controls, DEL and the Unicode line and paragraph separators (which some
 * line readers split at) as \n, \t, \r, \xHH or \uHHHH; each byte that is
 * not part of a UTF-8 character (a file name, a record id) as \xHH. quoted:
 * also \" and \\ (the text is between double quotes). Returns 0, or -1 out
 * of memory. */
int oneline_add(buf *b, const char *s, size_t n, int quoted);

/* A malloc'd copy of s written so (unquoted), or NULL out of memory. */
char *oneline_dup(const char *s);

#endif
