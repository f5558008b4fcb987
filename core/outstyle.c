/* Colours per label (core/outstyle.h). */
#include "outstyle.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int outstyle_colour(const char *s, size_t len, uint32_t *rgb) {
  if ((len != 4 && len != 7) || s[0] != '#') return -1;
  uint32_t v = 0;
  for (size_t i = 1; i < len; i++) {
    int h = hexval(s[i]);
    if (h < 0) return -1;
    v = v << 4 | (uint32_t)h;
    if (len == 4) v = v << 4 | (uint32_t)h; /* #abc is #aabbcc */
  }
  *rgb = v;
  return 0;
}

static struct outstyle_entry *find(const outstyle *st, const char *label, size_t len) {
  for (size_t i = 0; st && i < st->n; i++)
    if (strlen(st->v[i].label) == len && !memcmp(st->v[i].label, label, len)) return &st->v[i];
  return NULL;
}

int outstyle_set(outstyle *st, const char *label, size_t len, uint32_t rgb) {
  struct outstyle_entry *e = find(st, label, len);
  if (e) {
    e->rgb = rgb;
    return 0;
  }
  if (st->n == st->cap) {
    size_t c = st->cap ? 2 * st->cap : 8;
    struct outstyle_entry *v = realloc(st->v, c * sizeof *v);
    if (!v) return -1;
    st->v = v, st->cap = c;
  }
  char *l = malloc(len + 1);
  if (!l) return -1;
  memcpy(l, label, len);
  l[len] = '\0';
  st->v[st->n++] = (struct outstyle_entry){l, rgb};
  return 0;
}

int outstyle_get(const outstyle *st, const char *label, uint32_t *rgb) {
  const struct outstyle_entry *e = find(st, label, strlen(label));
  if (e) *rgb = e->rgb;
  return e != NULL;
}

void outstyle_clear(outstyle *st) {
  for (size_t i = 0; i < st->n; i++) free(st->v[i].label);
  free(st->v);
  *st = (outstyle){0};
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

int outstyle_load(outstyle *st, const char *path, buf *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    buf_printf(err, "%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  buf line = BUF_INIT;
  unsigned long no = 0;
  int rc = 0, c = 0;
  while (!rc && c != EOF) {
    line.len = 0;
    while ((c = getc(f)) != EOF && c != '\n')
      if (buf_addc(&line, (char)c)) rc = -1;
    if (rc) break;
    if (c == EOF && line.len == 0) break;
    no++;
    const char *s = line.s ? line.s : "", *e = s + line.len;
    while (s < e && is_blank(*s)) s++;
    while (e > s && is_blank(e[-1])) e--;
    if (s == e || *s == '#') continue;
    if (memchr(s, '\0', (size_t)(e - s)) || !utf8_valid(s, (size_t)(e - s), NULL)) {
      buf_printf(err, "%s:%lu: the line is not UTF-8 text", path, no);
      rc = -1;
      break;
    }
    const char *col = e;
    while (col > s && !is_blank(col[-1])) col--;
    const char *le = col;
    while (le > s && is_blank(le[-1])) le--;
    uint32_t rgb;
    if (le == s) {
      buf_printf(err, "%s:%lu: want LABEL COLOUR, got only \"%.*s\"", path, no, (int)(e - s), s);
      rc = -1;
    } else if (outstyle_colour(col, (size_t)(e - col), &rgb)) {
      buf_printf(err, "%s:%lu: label \"%.*s\": \"%.*s\" is no colour (want #rgb or #rrggbb)", path, no,
                 (int)(le - s), s, (int)(e - col), col);
      rc = -1;
    } else if (find(st, s, (size_t)(le - s))) {
      buf_printf(err, "%s:%lu: label \"%.*s\" is given a colour twice", path, no, (int)(le - s), s);
      rc = -1;
    } else if (outstyle_set(st, s, (size_t)(le - s), rgb)) {
      rc = -1;
    }
  }
  if (rc && !err->len) buf_printf(err, "%s: out of memory", path);
  if (!rc && ferror(f)) {
    buf_printf(err, "%s: cannot read: %s", path, strerror(errno));
    rc = -1;
  }
  fclose(f);
  buf_free(&line);
  if (rc) outstyle_clear(st);
  return rc;
}

/* WCAG 2 relative luminance of one 8-bit sRGB channel. */
static double channel(uint32_t c8) {
  double c = c8 / 255.0;
  return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

uint32_t outstyle_ink(uint32_t rgb) {
  double y = 0.2126 * channel(rgb >> 16 & 255) + 0.7152 * channel(rgb >> 8 & 255) +
             0.0722 * channel(rgb & 255);
  /* contrast with black (y + .05) / .05 against with white 1.05 / (y + .05) */
  return (y + 0.05) * (y + 0.05) >= 0.05 * 1.05 ? 0 : 0xffffff;
}
