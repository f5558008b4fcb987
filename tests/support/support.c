/* Shared by the C test programs and the fuzz targets (support.h). */
#include "support.h"

#include <string.h>

#include "sink.h"

int support_brat_files(const document *d, const out_opts *o, const char *dir, buf *err) {
  buf txt = BUF_INIT, ann = BUF_INIT, path = BUF_INIT, e = BUF_INIT;
  const char *p = d->path, *end = p + strlen(p), *s;
  while (end > p && end[-1] == '/') end--;
  for (s = end; s > p && s[-1] != '/'; s--) {}
  int rc = out_brat(&txt, &ann, d, o);
  const buf *data[2] = {&txt, &ann};
  const char *ext[2] = {".txt", ".ann"};
  for (int i = 0; i < 2 && !rc; i++) {
    path.len = 0;
    if (!strcmp(d->path, "-")) buf_printf(&path, "%s/stdin%s", dir, ext[i]);
    else buf_printf(&path, "%s/%.*s%s", dir, (int)(end - s), s, ext[i]);
    e.len = 0;
    if (sink_file(path.s, data[i]->s ? data[i]->s : "", data[i]->len, &e)) {
      buf_printf(err, "%s", e.s ? e.s : "?");
      rc = -1;
    }
  }
  buf_free(&txt);
  buf_free(&ann);
  buf_free(&path);
  buf_free(&e);
  return rc;
}
