#ifndef GLOSSA_PATH_H
#define GLOSSA_PATH_H
/* File-name arithmetic on strings the caller owns; results point into them. */
#include <stddef.h>

/* The part after the last '/'; a path ending in '/' is returned whole. */
const char *path_base(const char *path);

#endif
