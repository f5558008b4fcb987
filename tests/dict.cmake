# Tests of the dictionary matcher (core/dict.c, core/casefold.c,
# core/dictcache.c): tests/dict/dict.c.
glossa_c_tests(dict dict.c)
