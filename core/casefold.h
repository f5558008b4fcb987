/* Unicode case folding of single code points, simple and full; the tables
 * are static and owned by casefold.c, callers own nothing. */
#ifndef GLOSSA_CASEFOLD_H
#define GLOSSA_CASEFOLD_H

#include <stddef.h>
#include <stdint.h>

/* The simple (1:1, CaseFolding.txt status C+S) case folding of cp, or cp
 * itself when it has none (also for invalid code points). Covers all of
 * Unicode 14.0: Latin, Greek (final sigma folds to sigma), Cyrillic,
 * Armenian, Georgian, Cherokee, Deseret, ... Full foldings (ß -> ss: see
 * casefold_full) and the Turkic dotted/dotless i mappings are not applied.
 * Thread-safe. */
uint32_t casefold_simple(uint32_t cp);

/* The full case folding of cp (status C+F: "ß" -> "ss", "İ" -> "i̇") into
 * out; returns how many code points (1 to 3). What folds to one code point
 * folds as casefold_simple does. */
size_t casefold_full(uint32_t cp, uint32_t out[3]);

#endif
