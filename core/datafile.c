#include "datafile.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/vfs.h>
#include <unistd.h>

/* The kernel's pseudo file systems: their "regular" files are views of the
 * process and the machine (/proc/self/environ, /proc/self/mem, /sys). */
static int pseudo_fs(long type) {
  static const long types[] = {
      0x9fa0,     /* proc */
      0x62656572, /* sysfs */
      0x64626720, /* debugfs */
      0x74726163, /* tracefs */
      0x73636673, /* securityfs */
      0x27e0eb,   /* cgroup */
      0x63677270, /* cgroup2 */
      0xcafe4a11, /* bpf */
      0x62656570, /* configfs */
      0xde5e81e4, /* efivarfs */
      0x1cd1,     /* devpts */
      0x6165676c, /* pstore */
      0x65735543, /* fusectl */
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (type == types[i]) return 1;
  return 0;
}

int datafile_open(const char *path, struct stat *st, const char **why) {
  *why = NULL;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat in;
  struct statfs fs;
  if (fstat(fd, st) != 0) *why = "cannot be examined";
  else if (S_ISDIR(st->st_mode)) *why = "is a directory";
  else if (!S_ISREG(st->st_mode)) *why = "is not a regular file (a device, pipe or socket)";
  else if (fstatfs(fd, &fs) == 0 && pseudo_fs((long)fs.f_type))
    *why = "is one of the kernel's files (/proc, /sys)";
  else if (fstat(0, &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino)
    *why = "is glossa's standard input";
  if (*why) {
    close(fd);
    return -2;
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  return fd;
}
