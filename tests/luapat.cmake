# Tests of Lua's pattern functions redone (core/luapat.c): against Lua's own,
# and stopping runaway matches at the check. The timeout is a safety net
# only: a match the check fails to stop would run for hours.
glossa_c_tests(luapat luapat.c PROPERTIES TIMEOUT 300)
