/* inputs.c: finding the documents a run reads (see inputs.h). Out of
 * memory here exits (2): nothing has been written yet. */
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"


static void *grow(void *v, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return v;
  *cap = *cap ? *cap * 2 : 64;
  v = realloc(v, *cap * size);
  if (!v) {
    fprintf(stderr, "glossa: out of memory\n");
    exit(2);
  }
  return v;
}

void inputs_add_read(inputs *in, const struct stat *st, const char *path) {
  if (!in->track) return;
  in->reads = grow(in->reads, &in->capreads, in->nreads, sizeof *in->reads);
  in->reads[in->nreads++] = (run_file){st->st_dev, st->st_ino, path};
}

/* path, with rel the offset of its part below its directory argument; st
 * its stat when known. */
static void add_input(inputs *in, const char *path, size_t rel, const struct stat *st) {
  size_t cap = in->cap;
  in->v = grow(in->v, &cap, in->n, sizeof *in->v);
  in->rel = grow(in->rel, &in->cap, in->n, sizeof *in->rel);
  in->v[in->n] = strdup(path);
  if (!in->v[in->n]) exit(2);
  in->rel[in->n] = rel;
  if (st) inputs_add_read(in, st, in->v[in->n]);
  in->n++;
}

/* Files found in directories: --include globs if given, else the extensions
 * glossa reads; never an --exclude glob. Globs match the base name or the
 * path below the directory named on the command line. */
static int wanted(const inputs *in, const char *rel, const char *name) {
  for (size_t i = 0; i < in->nexclude; i++)
    if (!fnmatch(in->exclude[i], name, 0) || !fnmatch(in->exclude[i], rel, FNM_PATHNAME))
      return 0;
  if (in->ninclude) {
    for (size_t i = 0; i < in->ninclude; i++)
      if (!fnmatch(in->include[i], name, 0) || !fnmatch(in->include[i], rel, FNM_PATHNAME))
        return 1;
    return 0;
  }
  static const char *const exts[] = {".txt", ".text", ".md", ".rst", ".html", ".htm", ".xml",
                                     ".xhtml", ".tei", ".page", ".docbook", ".dbk", NULL};
  const char *dot = strrchr(name, '.');
  for (const char *const *e = exts; dot && *e; e++)
    if (!strcasecmp(dot, *e)) return 1;
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The path under which the directory st was walked already for this
 * argument, or NULL after noting it as walked under path. With
 * --follow-symlinks a link may lead back to a directory above it or to one
 * walked before (two links to "." would otherwise double the paths at each
 * level): each directory is walked once, by device and inode. */
static const char *walked(inputs *in, const struct stat *st, const char *path) {
  if ((in->nseen + 1) * 2 > in->capseen) { /* an open-addressing table, at most half full */
    size_t cap = in->capseen ? in->capseen * 2 : 256;
    run_file *v = calloc(cap, sizeof *v);
    if (!v) exit(2);
    for (size_t i = 0; i < in->capseen; i++) {
      if (!in->seen[i].path) continue;
      size_t k = ((size_t)in->seen[i].ino * 0x9E3779B97F4A7C15ull) & (cap - 1);
      while (v[k].path) k = (k + 1) & (cap - 1);
      v[k] = in->seen[i];
    }
    free(in->seen);
    in->seen = v;
    in->capseen = cap;
  }
  size_t k = ((size_t)st->st_ino * 0x9E3779B97F4A7C15ull) & (in->capseen - 1);
  for (; in->seen[k].path; k = (k + 1) & (in->capseen - 1))
    if (in->seen[k].dev == st->st_dev && in->seen[k].ino == st->st_ino) return in->seen[k].path;
  char *p = strdup(path);
  if (!p) exit(2);
  in->seen[k] = (run_file){st->st_dev, st->st_ino, p};
  in->nseen++;
  return NULL;
}

static void forget_walked(inputs *in) {
  for (size_t i = 0; i < in->capseen; i++) free((char *)in->seen[i].path);
  free(in->seen);
  in->seen = NULL;
  in->nseen = in->capseen = 0;
}

/* Walks dir in sorted order; returns the number of errors reported. rootlen
 * is the length of the directory argument dir began with. */
static int walk(inputs *in, const char *dir, const struct stat *dst, size_t rootlen, int depth) {
  const char *before = walked(in, dst, dir);
  if (before) {
    fprintf(stderr, "glossa: warning: %s: not walked again: it is the directory %s "
                    "(a symbolic link loop, or two links to one directory)\n", dir, before);
    return 0;
  }
  if (depth > 64) {
    fprintf(stderr, "glossa: %s: directories nested too deep\n", dir);
    return 1;
  }
  DIR *dp = opendir(dir);
  if (!dp) {
    fprintf(stderr, "glossa: %s: cannot read the directory: %s\n", dir, strerror(errno));
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dp))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    names = grow(names, &cap, n, sizeof *names);
    if (!(names[n++] = strdup(e->d_name))) exit(2);
  }
  closedir(dp);
  qsort(names, n, sizeof *names, cmp_names);
  int errors = 0;
  buf path = BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    path.len = 0;
    buf_printf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
    size_t rel = rootlen;
    while (path.s[rel] == '/') rel++;
    struct stat st;
    int rc = in->follow ? stat(path.s, &st) : lstat(path.s, &st);
    if (rc == 0 && S_ISDIR(st.st_mode)) errors += walk(in, path.s, &st, rootlen, depth + 1);
    else if (rc == 0 && S_ISREG(st.st_mode) && wanted(in, path.s + rel, names[i]))
      add_input(in, path.s, rel, &st);
    free(names[i]);
  }
  free(names);
  buf_free(&path);
  return errors;
}

/* A command-line input: a file, standard input, or a directory to walk. */
int inputs_add_arg(inputs *in, const char *arg) {
  struct stat st;
  if (!strcmp(arg, "-")) {
    add_input(in, arg, 0, fstat(0, &st) == 0 ? &st : NULL);
    return 0;
  }
  if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
    int errors = walk(in, arg, &st, strlen(arg), 0);
    forget_walked(in);
    return errors;
  }
  /* a missing file is reported when its turn comes */
  const char *slash = strrchr(arg, '/');
  add_input(in, arg, slash ? (size_t)(slash + 1 - arg) : 0, stat(arg, &st) == 0 ? &st : NULL);
  return 0;
}

int inputs_files_from(inputs *in, const char *list) {
  FILE *f = strcmp(list, "-") ? fopen(list, "r") : stdin;
  if (!f) {
    fprintf(stderr, "glossa: %s: cannot open: %s\n", list, strerror(errno));
    return 1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int errors = 0;
  while ((len = getline(&line, &cap, f)) >= 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (len > 0) errors += inputs_add_arg(in, line);
  }
  free(line);
  if (f != stdin) fclose(f);
  return errors;
}

void inputs_free(inputs *in) {
  for (size_t i = 0; i < in->n; i++) free(in->v[i]);
  free(in->v);
  free(in->rel);
  free(in->reads);
  forget_walked(in);
}

document *inputs_load_one(const char *cmd, int argc, char **argv, int optind, doc_type type,
                          size_t max_size, int *status) {
  if (optind != argc - 1) {
    fprintf(stderr, "glossa: %s takes one FILE\nTry 'glossa %s --help' for more information.\n",
            cmd, cmd);
    *status = 2;
    return NULL;
  }
  buf err = BUF_INIT;
  document *d = doc_load(argv[optind], type, max_size, &err);
  if (!d) {
    fprintf(stderr, "%s\n", err.s ? err.s : "glossa: out of memory");
    buf_free(&err);
    *status = 1;
    return NULL;
  }
  if (d->warnings) fputs(d->warnings, stderr);
  return d;
}
