#include "dictcache.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file's identity: a file replaced or edited between two gets is read
 * again. */
typedef struct ident {
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime;
  dict_opts o;
} ident;

typedef struct slot {
  struct slot *next;
  ident id;
  dict *d;    /* NULL while being built */
  size_t refs;
} slot;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t built = PTHREAD_COND_INITIALIZER;
static slot *slots;

static int same(const ident *a, const ident *b) {
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
         a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
         a->o.nocase == b->o.nocase && a->o.words == b->o.words && a->o.all == b->o.all;
}

static dict *build(int fd, const char *path, const dict_opts *o, buf *err) {
  dict *d = dict_new(o);
  if (!d) {
    buf_printf(err, "%s: out of memory", path);
    return NULL;
  }
  if (dict_load_fd(d, fd, path, err) || dict_build(d)) {
    if (!err->len) buf_printf(err, "%s: out of memory", path);
    dict_free(d);
    return NULL;
  }
  return d;
}

dict *dictcache_get(const char *path, const dict_opts *o, buf *err) {
  struct stat st;
  int fd = dict_open_file(path, &st, err); /* regular, not too large */
  if (fd < 0) return NULL;
  ident id = {st.st_dev, st.st_ino, st.st_size, st.st_mtim, {!!o->nocase, !!o->words, !!o->all}};
  pthread_mutex_lock(&mu);
  for (;;) {
    slot *s = slots;
    while (s && !same(&s->id, &id)) s = s->next;
    if (!s) break;
    if (s->d) {
      s->refs++;
      pthread_mutex_unlock(&mu);
      close(fd);
      return s->d;
    }
    pthread_cond_wait(&built, &mu); /* someone is building it */
  }
  slot *s = calloc(1, sizeof *s);
  if (!s) {
    pthread_mutex_unlock(&mu);
    close(fd);
    buf_printf(err, "%s: out of memory", path);
    return NULL;
  }
  s->id = id;
  s->next = slots;
  slots = s;
  pthread_mutex_unlock(&mu);

  dict *d = build(fd, path, &id.o, err);
  close(fd);

  pthread_mutex_lock(&mu);
  if (d) {
    s->d = d;
    s->refs = 1;
  } else { /* each waiter tries for itself and gets its own message */
    slot **p = &slots;
    while (*p != s) p = &(*p)->next;
    *p = s->next;
    free(s);
  }
  pthread_cond_broadcast(&built);
  pthread_mutex_unlock(&mu);
  return d;
}

void dictcache_put(dict *d) {
  if (!d) return;
  pthread_mutex_lock(&mu);
  slot **p = &slots;
  while (*p && (*p)->d != d) p = &(*p)->next;
  slot *s = *p;
  if (s && --s->refs == 0) *p = s->next;
  else s = NULL;
  pthread_mutex_unlock(&mu);
  if (s) {
    dict_free(s->d);
    free(s);
  }
}
