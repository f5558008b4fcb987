#include "interrupt.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sink.h"

/* How long a run may take to wind down after a signal (a document in Lua
 * stops within microseconds; one in C may take minutes), and how long the
 * watcher then waits for writing under way (brat's files, a batch of
 * records on standard output) before it reports the one that goes on.
 * Together well under the second a user waits before pressing Ctrl-C
 * again. */
#define GRACE_MS 500
#define HELD_MS 300

/* The handler does only what a handler may: it stores the signal's number
 * and posts a semaphore (sem_post is async-signal-safe). Everything else is
 * the watcher's, an ordinary thread that may take the run's lock to wake its
 * threads and the sinks' lock to remove their files. The signals are not
 * blocked: a mask would be inherited by any program a --trusted script
 * starts, which then would not stop on Ctrl-C. */
static struct {
  sem_t sem; /* posted by the handler, and by interrupt_stop after done */
  pthread_t tid;
  int running;
  atomic_int done;
  struct sigaction old_int, old_term;
  void (*wake)(void *);
  void *arg;
} w;

/* The interrupting signal's number: written by the handler, read by every
 * thread of the run, so a lock-free atomic (async-signal-safe to store). */
static atomic_int caught;
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler stores an atomic_int");

int interrupt_signal(void) { return atomic_load(&caught); }
const atomic_int *interrupt_flag(void) { return &caught; }

/* Also replaces SIG_IGN, which a shell gives the background jobs of a
 * script, so that `glossa … & kill -INT $!` stops glossa. */
static void on_signal(int sig) {
  int e = errno;
  int none = 0;
  atomic_compare_exchange_strong(&caught, &none, sig);
  sem_post(&w.sem);
  errno = e;
}

static void say(const char *s) {
  /* write(2), not stdio: a thread stopped anywhere may hold stderr's lock */
  size_t n = strlen(s);
  while (n) {
    ssize_t k = write(2, s, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return;
    s += k;
    n -= (size_t)k;
  }
}

/* Waits on the semaphore until the time in ms has passed (0) or a post came
 * (1: a further signal, or interrupt_stop). */
static int posted_within(int ms) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += ms / 1000;
  until.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
  while (sem_timedwait(&w.sem, &until) != 0)
    if (errno != EINTR) return 0;
  return 1;
}

/* The run did not stop in time: what a user must not find is a half-written
 * output file, a temporary one, or standard output ending inside a record;
 * sink_abandon sees to the files without racing any rename and lets a batch
 * of records being written end (sink.c). One that does not end within
 * HELD_MS (a pipe nobody reads) is still waited for, until it ends or a
 * further signal says to stop at once; after a second signal (forced)
 * nothing is waited for. _exit, not exit: the other threads are still
 * running and may hold any lock that an atexit handler or stdio would take. */
static _Noreturn void give_up(int sig, int forced) {
  int removed = sink_abandon(forced ? 0 : HELD_MS);
  if (!forced && sink_busy()) {
    say("glossa: interrupted; waiting for the output being written to end "
        "(interrupt again to stop at once)\n");
    while (sink_busy())
      if (posted_within(50) && !atomic_load(&w.done)) break;
  }
  say(removed ? "glossa: interrupted; stopped at once, unfinished output removed\n"
              : "glossa: interrupted; stopped at once\n");
  _exit(128 + sig);
}

static void *watch(void *unused) {
  (void)unused;
  while (sem_wait(&w.sem) != 0)
    if (errno != EINTR) return NULL;
  if (atomic_load(&w.done)) return NULL;
  int sig = atomic_load(&caught);
  if (w.wake) w.wake(w.arg);
  /* until the run is over (interrupt_stop posts after setting done), a
   * second signal, or the end of the grace period */
  int posted = posted_within(GRACE_MS);
  if (atomic_load(&w.done)) return NULL;
  give_up(sig, posted);
}

int interrupt_start(void (*wake)(void *), void *arg) {
  atomic_store(&caught, 0);
  w.wake = wake;
  w.arg = arg;
  w.running = 0;
  atomic_store(&w.done, 0);
  sem_init(&w.sem, 0, 0);
  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART; /* reads and writes go on; the flag stops them */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &w.old_int);
  sigaction(SIGTERM, &sa, &w.old_term);
  if (pthread_create(&w.tid, NULL, watch, NULL)) return -1;
  w.running = 1;
  return 0;
}

void interrupt_stop(void) {
  /* handlers first: after this no handler posts, and a signal meets the old
   * disposition (the run is over, its output complete) */
  sigaction(SIGINT, &w.old_int, NULL);
  sigaction(SIGTERM, &w.old_term, NULL);
  if (w.running) {
    atomic_store(&w.done, 1);
    sem_post(&w.sem);
    pthread_join(w.tid, NULL);
    w.running = 0;
  }
  sem_destroy(&w.sem);
}
