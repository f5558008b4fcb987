/* Colours per label for -f html (--style FILE, glossa.style): a table of
 * label -> sRGB colour; whoever makes one owns it and its strings. */
#ifndef GLOSSA_OUTSTYLE_H
#define GLOSSA_OUTSTYLE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct outstyle {
  struct outstyle_entry {
    char *label;
    uint32_t rgb; /* 0xRRGGBB */
  } *v;
  size_t n, cap;
} outstyle;

/* A colour: "#rgb" or "#rrggbb" (hex digits of either case), nothing
 * around it. Returns 0 with *rgb set, or -1. */
int outstyle_colour(const char *s, size_t len, uint32_t *rgb);

/* Sets label's colour (the last one set wins). Returns 0, or -1 out of
 * memory (the table is left as it was). */
int outstyle_set(outstyle *st, const char *label, size_t len, uint32_t rgb);

/* The colour of label, when st (which may be NULL) has one: 1, else 0. */
int outstyle_get(const outstyle *st, const char *label, uint32_t *rgb);

/* Empties st (it can be filled again) / frees what it holds. */
void outstyle_clear(outstyle *st);
#define outstyle_free outstyle_clear

/* --style FILE: reads lines "LABEL COLOUR" into st (zeroed by the caller):
 * COLOUR is the line's last field, LABEL everything before it with the
 * white space around it trimmed (so a label may hold spaces); blank lines
 * and lines whose first non-blank character is '#' are skipped; a label
 * may be given once. Returns 0; or -1 with "FILE:LINE: what" (or
 * "FILE: why") in err. */
int outstyle_load(outstyle *st, const char *path, buf *err);

/* The text colour that reads best on a background of rgb: black (0) or
 * white (0xffffff), whichever has the higher WCAG 2 contrast ratio. */
uint32_t outstyle_ink(uint32_t rgb);

#endif
