/* Dictionaries loaded from files, built once per process and shared
 * read-only by every worker: the cache owns each dict, a caller owns one
 * reference from dictcache_get until its dictcache_put. */
#ifndef GLOSSA_DICTCACHE_H
#define GLOSSA_DICTCACHE_H

#include "buf.h"
#include "dict.h"

/* The built dict of the file at path with options o: the one already built
 * for the same file (device, inode, size and modification time) and options,
 * or a new one. Everything else a dict holds (values, features) comes from
 * the file, so the file's identity and the options are the whole key. While another thread builds it, waits for that build rather
 * than doing the same work twice. NULL with "PATH: what" or "PATH:LINE: what"
 * appended to err when the file cannot be read, is not a regular file or
 * over DICT_FILE_MAX (dict.h), or is not a dictionary. */
dict *dictcache_get(const char *path, const dict_opts *o, buf *err);

/* Gives back a reference; the last one frees the dict. */
void dictcache_put(dict *d);

#endif
