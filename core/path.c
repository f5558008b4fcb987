/* path.c: file-name arithmetic shared by the runner and the writers. */
#include "path.h"
#include <string.h>

const char *path_base(const char *path) {
  const char *s = strrchr(path, '/');
  return s && s[1] ? s + 1 : path;
}
