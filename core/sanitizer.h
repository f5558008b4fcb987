/* Whether this build runs under a sanitizer (gcc and clang spell it
 * differently): code that hides memory from malloc (arenas, raw mappings)
 * steps aside or tells ASan what it does. Owns nothing. */
#ifndef GLOSSA_SANITIZER_H
#define GLOSSA_SANITIZER_H

#if defined(__SANITIZE_ADDRESS__)
#define GLOSSA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GLOSSA_ASAN 1
#endif
#endif

#if defined(GLOSSA_ASAN) || defined(__SANITIZE_THREAD__)
#define GLOSSA_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define GLOSSA_SANITIZED 1
#endif
#endif

#endif
