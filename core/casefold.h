/* Unicode simple case folding of single code points; the table is static and
 * owned by casefold.c, callers own nothing. */
#ifndef GLOSSA_CASEFOLD_H
#define GLOSSA_CASEFOLD_H

#include <stdint.h>

/* The simple (1:1, CaseFolding.txt status C+S) case folding of cp, or cp
 * itself when it has none (also for invalid code points). Covers all of
 * Unicode 14.0: Latin, Greek (final sigma folds to sigma), Cyrillic,
 * Armenian, Georgian, Cherokee, Deseret, ... Full foldings (ß -> ss) and the
 * Turkic dotted/dotless i mappings are not applied. Thread-safe. */
uint32_t casefold_simple(uint32_t cp);

#endif
