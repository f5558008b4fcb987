/* Tests of luapat.c: `glossa-test-luapat NAME` runs one case (tests/check.h;
 * bench, by hand only, prints timings).
 *
 * cases and random are differential: in one Lua state, Lua's own
 * string.find/match/gmatch/gsub (R) and luapat's (P) run on the same
 * arguments, and their results, or their error messages after the
 * "chunk:line:" prefix, must be equal. stop checks that a check raising
 * after 100 calls stops each kind of runaway match. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luapat.h"

#include "../check.h"

/* ---- the check ----------------------------------------------------------- */

static int checks;      /* calls of counting_check */
static int stop_after;  /* raise on this call (0: never) */

static void counting_check(lua_State *L) {
  checks++;
  if (stop_after && checks >= stop_after) luaL_error(L, "stopped after %d checks", checks);
}

/* A state with the real functions in the global table R, luapat's in P (with
 * check) and the pushed find in PF. */
static lua_State *new_state(luapat_check check) {
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  lua_getglobal(L, "string");
  lua_setglobal(L, "R");
  lua_newtable(L);
  luapat_register(L, -1, check);
  lua_setglobal(L, "P");
  luapat_push_find(L, check);
  lua_setglobal(L, "PF");
  return L;
}

/* Runs chunk src (named name); on error reports it and fails. */
static void run_lua(lua_State *L, const char *name, const char *src) {
  if (luaL_loadbuffer(L, src, strlen(src), name) || lua_pcall(L, 0, 0, 0)) {
    fprintf(stderr, "%s: %s\n", name, lua_tostring(L, -1));
    failures++;
    lua_pop(L, 1);
  }
}

/* ---- the differential harness (Lua) -------------------------------------- */

/* Defines, in globals: ser(v), outcome(lib, fname, args), compare(fname,
 * args, what) and compare_src(src); failures are counted in FAILS and the
 * messages either side saw in SEEN. */
static const char harness[] =
    "FAILS, SEEN, NCMP, NERR, NHIT = 0, {}, 0, 0, 0\n"
    "local function ser(v)\n"
    "  local t = type(v)\n"
    "  if t == 'string' then return string.format('%q', v)\n"
    "  elseif t == 'number' then return math.type(v) .. ':' .. string.format('%q', v)\n"
    "  elseif t == 'table' then\n"
    "    local o = {}\n"
    "    for i = 1, (v.n or #v) do o[i] = ser(v[i]) end\n"
    "    return '{' .. table.concat(o, ',') .. '}'\n"
    "  else return tostring(v) end\n"
    "end\n"
    "_G.ser = ser\n"
    /* gmatch's results as a list of packed tuples (at most 1000). */
    "local function collect(gm)\n"
    "  return function(...)\n"
    "    local it = gm(...)\n"
    "    local out = {}\n"
    "    for i = 1, 1000 do\n"
    "      local r = table.pack(it())\n"
    "      if r.n == 0 then break end\n"
    "      out[i] = r\n"
    "    end\n"
    "    return out\n"
    "  end\n"
    "end\n"
    "local function serpcall(ok, ...)\n"
    "  if not ok then\n"
    "    local e = ...\n"
    "    if type(e) ~= 'string' then return 'error (' .. type(e) .. ')' end\n"
    "    e = e:gsub('^[^\\n]-:%d+: ', '', 1)\n"
    "    return 'error ' .. e\n"
    "  end\n"
    "  local o = {'ok'}\n"
    "  for i = 1, select('#', ...) do o[#o + 1] = ser((select(i, ...))) end\n"
    "  return table.concat(o, ' ')\n"
    "end\n"
    "local function call(lib, fname, a)\n"
    "  local f = fname == 'gmatch' and collect(lib.gmatch) or lib[fname]\n"
    "  return f(table.unpack(a, 1, a.n))\n"
    "end\n"
    "function outcome(lib, fname, a) return serpcall(pcall(call, lib, fname, a)) end\n"
    "local function note(r, p, what)\n"
    "  NCMP = NCMP + 1\n"
    "  if r:sub(1, 6) == 'error ' then NERR = NERR + 1; SEEN[r:sub(7)] = true\n"
    "  elseif r ~= 'ok nil' and r ~= 'ok {}' then NHIT = NHIT + 1 end\n"
    "  if r ~= p then\n"
    "    FAILS = FAILS + 1\n"
    "    if FAILS <= 30 then\n"
    "      if type(what) == 'function' then what = what() end\n"
    "      io.stderr:write(what, '\\n  lua:     ', r, '\\n  luapat:  ', p, '\\n')\n"
    "    end\n"
    "  end\n"
    "end\n"
    "function compare(fname, a, what)\n"
    "  note(outcome(R, fname, a), outcome(P, fname, a), what or function()\n"
    "    local o = {} for i = 1, a.n do o[i] = ser(a[i]) end\n"
    "    return fname .. '(' .. table.concat(o, ', ') .. ')' end)\n"
    "end\n"
    /* A case is a call expression in Lua source, run once with each
     * library's functions as the globals find, match, gmatch, gsub. */
    "local function env(lib)\n"
    "  return setmetatable({find = lib.find, match = lib.match, gsub = lib.gsub,\n"
    "                       gmatch = collect(lib.gmatch)}, {__index = _G})\n"
    "end\n"
    "local ER, EP = env(R), env(P)\n"
    "function compare_src(src)\n"
    "  local function run(e)\n"
    "    local chunk = assert(load('return ' .. src, '=case', 't', e))\n"
    "    return serpcall(pcall(chunk))\n"
    "  end\n"
    "  note(run(ER), run(EP), src)\n"
    "end\n";

/* Checks the harness's tallies; returns the comparisons made. */
static long harness_result(lua_State *L, const char *test) {
  lua_getglobal(L, "FAILS");
  long fails = (long)lua_tointeger(L, -1);
  lua_getglobal(L, "NCMP");
  long n = (long)lua_tointeger(L, -1);
  lua_getglobal(L, "NERR");
  long nerr = (long)lua_tointeger(L, -1);
  lua_getglobal(L, "NHIT");
  long nhit = (long)lua_tointeger(L, -1);
  lua_pop(L, 4);
  fprintf(stderr, "%s: %ld comparisons (%ld found something, %ld raised), %ld differ\n",
          test, n, nhit, nerr, fails);
  CHECK_EQ(fails, 0);
  return n;
}

/* ---- cases: a hand-written table ---------------------------------------- */

/* Each a call of find, match, gmatch or gsub in Lua source; rep and char are
 * string.rep and string.char. Grouped by what they exercise. */
static const char *const cases[] = {
    /* plain find, init, the plain flag, specials */
    "find('hello world', 'o w')", "find('hello world', 'o', 6)", "find('hello world', 'l')",
    "find('hello', 'l', -2)", "find('hello', 'l', -100)", "find('hello', 'h', 0)",
    "find('hello', 'o', -1)", "find('hello', 'o', 5)", "find('hello', 'o', 6)",
    "find('hello', '', 10)", "find('hello', '', 6)", "find('hello', '', 5)",
    "find('hello', '', 7)", "find('hello', '', -1)", "find('hello', '', -6)", "find('', '')",
    "find('', '', 1)", "find('', '', 2)", "find('', 'a')", "find('', '.*')", "find('', '^')",
    "find('hello', 'xyz')", "find('hello', 'hello!')", "find('a.b', '.', 1, true)",
    "find('a.b', '.', 2, true)", "find('a.b', '.', 3, true)", "find('a+b', '+', 1, true)",
    "find('a+b', 'a+b')", "find('a+b', 'a+b', 1, true)", "find('aab', 'a+b')",
    "find('a]b', ']')", "find('a)b', ')')", "find('a)b', 'a)')", "find('a)b', '.)')",
    "find('abc', 'b', 1, false)", "find('abc', 'b', 1, nil)", "find('a.c', '.', 1, 0)",
    "find('a.c', '.', 1, 'x')", "find('a.c', '.', nil, true)", "find('a.c', '%.', nil, false)",
    "find(12345, 34)", "find(12345, 3.0)", "find(1.5, '.', 1, true)", "find('abc', 'b', '2')",
    "find('abc', 'b', 2.0)", "find('abc', 'b', 2.5)", "find('abc', 'b', '2.5')",
    "find('abc', 'b', 'x')", "find('abc', 'b', math.maxinteger)",
    "find('abc', 'b', math.mininteger)", "find('abc', 'b', -math.maxinteger)",
    "find('abc', 'b', 1e300)", "find('abc', 'b', {})", "find('abc')", "find()",
    "find(nil, 'a')", "find({}, 'a')", "find('abc', {})", "find('abc', true)",
    "find('a\\0b', '\\0')", "find('a\\0bz', '%z')", "find('a\\0b', '[\\0]')",
    "find('a\\0b', '[^\\0]+', 2)", "find('a\\0b\\0', 'b\\0')", "find('a\\0b\\0', '.\\0', 1, true)",
    "find('a\\0*', '\\0*')", "find('a\\0.b', '\\0.', 1, true)", "find('a\\0.b', '\\0.')",
    "find('x^y', '^')", "find('x^y', '^^')", "find('^y', '^^')", "find('x^y', 'x^')",
    "find('x^y', '^', 1, true)", "find('abc', '^b')", "find('abc', '^b', 2)",
    "find('abc', '^a', 1)", "find('abc', '^a', -3)", "find('abc', '^c', -1)",
    "find('abc', 'c$')", "find('abc', 'b$')", "find('ab$c', 'b$c')", "find('abc', '$')",
    "find('abc', '$', 2)", "find('abc', '^$')", "find('', '^$')", "find('abc', 'a$b')",
    "find('a$', 'a$$')", "find('$', '^$$')", "find('abc', '^abc$')", "find('abcd', '^abc$')",
    "find('abc', 'abc', 2)", "find('aaa', 'aa', 2)", "find('aaa', 'a', 4)",
    "find('abc', 'a-', 1, true)", "find('a-b', 'a-b')", "find('a-b', 'a%-b')",
    "find('hello', 'l+')", "find('hello', 'l*')", "find('hello', 'l-o')",
    "find('hello', '(l)(l)')", "find('hello', '()ll()')", "find('hello', '(h)(e)(l)(l)(o)')",
    /* match: captures and position captures */
    "match('hello 123 world', '%d+')", "match('  trim  ', '^%s*(.-)%s*$')",
    "match('key = value', '(%w+)%s*=%s*(%w+)')", "match('2024-01-15', '(%d+)-(%d+)-(%d+)')",
    "match('abc', '()b()')", "match('abc', '()')", "match('abc', '()', 4)",
    "match('abc', '()', 5)", "match('abc', 'a()', 1)", "match('abc', '()', -1)",
    "match('hello', '(h)(e)(l)(l)(o)')", "match('hello', '((h)(e))')",
    "match('hello', '(h(e(l)))')", "match('hello', '(h)()(e)')", "match('hello', '')",
    "match('hello', '', 3)", "match('hello', '.', 10)", "match('hello', 'l', -2)",
    "match('hello', 'l', 0)", "match('hello')", "match('hello', nil)", "match(5, 5)",
    "match('hello', '(l)(o)', -2)", "match('hello', '^(h)')", "match('hello', '^(e)')",
    "match('hello', '^(e)', 2)", "match('x', '((((((((((x))))))))))')",
    /* back references */
    "match('abab', '(ab)%1')", "match('aa', '(a)%1')", "match('abcabc', '(a(b)c)%1%2')",
    "match('abcabcb', '(a(b)c)%1%2')", "match('xyxy', '(.)(.)%1%2')",
    "match('xyyx', '(.)(.)%2%1')", "match('aaa', '()a%1')", "match('a', '(a)%0')",
    "match('a', '%1')", "match('a', '(a%1)')", "match('a', '(a)%3')", "match('a', '(a)%9')",
    "match('a', '%1(a)')", "match('aa', '(a)%1*')", "match('aa*', '(a)%1*')",
    "match('abab', '(a)(b)%1%2')", "match('abba', '(a)(b)%2%1')",
    "match('ab', '(a*)%1b')", "match('aaaab', '(a*)%1b')", "match('aaab', '(a*)%1b')",
    "match('xx', '(x)%1%1')", "match('x=x', '(%a)=%1')", "match('x=y', '(%a)=%1')",
    "match('say \"hi\" now', '([\"\\'])(.-)%1')", "match('', '()%1')",
    "match('abc', '(a)(b)(c)%3%2%1')", "match('abccba', '(a)(b)(c)%3%2%1')",
    "match('a', '(a)%1', 1)", "match('aa', '(a)%1', 2)", "match('aa', '(a-)%1$')",
    /* quantifiers */
    "match('aaab', 'a*')", "match('aaab', 'a+')", "match('aaab', 'a-')", "match('aaab', 'a-b')",
    "match('aaab', 'a?')", "match('aaab', 'a?a?a?a?b')", "match('b', 'a+')",
    "match('b', 'a*b')", "match('b', 'a-b')", "match('b', 'a?b')", "match('<a><b>', '<.->')",
    "match('<a><b>', '<.*>')", "match('<a><b>', '<(.-)>')", "match('abc', '.-$')",
    "match('abc', '.-')", "match('abc', '.*')", "match('abc', '.+')", "match('abc', '.?')",
    "match('', '.?')", "match('', 'a*')", "match('', 'a+')", "match('', 'a-')",
    "match('aXb', '%u')", "match('a*b', 'a**b')", "match('a+b', 'a%+b')", "match('++', '++')",
    "match('ab', 'a**')", "match('--', '--')", "match('?', '?\?')", "match('**', '**')",
    "match('a', '*')", "match('*a', '*a')", "match('aaa', 'a-$')", "match('aaa', '^a-')",
    "match('aaa', '^a-a')", "match('abab', '(ab)*')", "match('aaa', 'a+?')",
    "match('aa?', 'a+?')", "match('xaaay', 'xa-y')", "match('xaaay', 'xa*y')",
    "match('xaaay', 'xa+y')", "match('xy', 'xa+y')", "match('xay', 'xa?y')",
    "match('xaay', 'xa?y')", "match('  x', '%s*()')", "match('aaa', '(a*)(a*)')",
    "match('aaa', '(a-)(a*)')", "match('aaa', '(a+)(a+)')", "match('aaa', '(a?)(a?)(a?)(a?)')",
    "match('one two  three', '(%S+)%s+(%S+)%s+(%S+)')", "match('3.14', '^[+-]?%d+%.?%d*$')",
    "match('-3.', '^[+-]?%d+%.?%d*$')", "match('3..', '^[+-]?%d+%.?%d*$')",
    "match('f(a,b)', '(%w+)%((.-)%)')", "match('a.b.c', '(.-)%.(.*)')",
    "match('a.b.c', '(.*)%.(.-)')", "match('path/to/file.txt', '([^/]*)$')",
    "match('path/to/file.txt', '^(.*)/')", "match('file.tar.gz', '%.([^.]+)$')",
    "match('aaa', '.-a-$')", "match('ab', '.-b-')", "match('abc', 'a.-c')",
    "match('ac', 'a.-c')", "match('a\\nc', 'a.c')", "match('x', '.-.-.-x')",
    /* sets */
    "match('hello', '[aeiou]')", "match('hello', '[^aeiou]+')", "match('a-b', '[a-]+')",
    "match('a-b', '[-a]+')", "match('b', '[a-c]')", "match('-', '[a-c]')",
    "match('c-', '[%a-]+')", "match(']', '[]]')", "match(']', '[^]]')", "match('a]', '[^]]')",
    "match('^', '[%^]')", "match('^', '[a^]')", "match('^', '[^^]')", "match('a', '[^^]')",
    "match('%', '[%%]')", "match('a%', '[%]')", "match('a]b', '[%]]')", "match('x', '[]')",
    "match('x', '[^]')", "match('x', '[')", "match('x', '[^')", "match('x', '[a')",
    "match('x', '[a%')", "match('x', '[%')", "match('x', '[a-')", "match('x', 'x[')",
    "match('y', 'x[')", "match('', '[')", "match('x', '[%]')", "match('x', '[^%]')",
    "match('\\255', '[\\200-\\255]')", "match('\\128', '[^\\0-\\127]')",
    "match('\\127', '[^\\0-\\127]')", "match('5', '[0-9]')", "match('5', '[9-0]')",
    "match('a', '[%a-z]')", "match('-', '[%a-z]')", "match('z', '[%d-z]')",
    "match('b', '[a-%%]')", "match('%', '[a-%%]')", "match(']', '[a-%]]')",
    "match('a', '[a-%]]')", "match('%', '[a-%]]')", "match('a', '[%w_]')", "match('_', '[%w_]')",
    "match('.', '[.]')", "match('x', '[.]')", "match('a', '[a-a]')", "match('ab', '[ab]*')",
    "match('xyz', '[^%s]+')", "match('[', '[[]')", "match('a', '[]a]')",
    "match('ab]', '[]ab]+')", "match('-', '[]-a]')", "match('_', '[]-a]')",
    "match('^', '[]-a]')", "match('a', '[a-]')", "match('-', '[a-]')", "match('-', '[-]')",
    "match('-', '[--]')", "match('-', '[---]')", "match('.', '[--/]')", "match('a', '[^a-z]')",
    "match('A', '[^a-z]')", "match('A', '[^%l]')", "match('A', '[%L]')", "match('a', '[%L]')",
    "match('a1_', '^[%w_]+$')", "match('a1-', '^[%w_]+$')", "match(' \\t\\n', '^[%s]+$')",
    "match('abc', '[a-b-c]+')", "match('-', '[a-b-c]')", "match('b', '[%a%d]')",
    "match('ab', '[a][b]')", "match('a', '[a]?b?')", "match('aaa', '[a]-$')",
    "match('a', '[%%a]')", "match('%', '[%%a]')", "match('x', '[%x]')", "match('f', '[%x]')",
    "match('z', '[^%x]')", "match(']]', '[]]+')", "match('a', '[^]a]')", "match('b', '[^]a]')",
    "match('x', '[a-c%]')", "match('x', '[^%d%s]')", "match('\\0', '[%z]')",
    "match('\\0', '[%c]')", "match('a\\0b', '[a\\0]+')", "match('b', '[a\\0-c]')",
    /* %b */
    "match('(foo(bar))baz', '%b()')", "match('((a)', '%b()')", "match('x(a)', '%b()')",
    "find('x(a)(b)', '%b()', 3)", "match('\"abc\"', '%b\"\"')", "match('aXbXc', '%bXX')",
    "match('[[x]]', '%b[]')", "match('(', '%b(')", "match('(', '%b')", "match('', '%b()')",
    "match('()', '%b()x')", "match('()x', '%b()x')", "gsub('f(a)(b(c))', '%b()', '[]')",
    "match('((()))', '%b()*')", "match('(()', '%b()')", "match(')(', '%b()')",
    "match('{a{b}c}', '%b{}')", "match('aab', '%bab')", "match('ab', '%bab')",
    "match('abab', '%bab+')", "match('ba', '%bab')", "match('x(y)z', '(%b())')",
    "match('x(y)z', '%b()()')", "match('(a)(b)', '%b()%b()')", "match('(a)(b)', '(%b())*')",
    "match('ab', '%b')", "match('ab', '%ba')", "match('aa', '%baa')",
    "gsub('(1)(2)', '%b()', function(s) return s:sub(2, -2) end)", "find('xx)', '%b()')",
    "find('xyz', '%b(')", "find('xyz', '%b()')", "gsub('xyz', '%b()', 'x')",
    "find('x(a)', 'x*%b()')", "find('xa', 'x-%b()')", "find('(', 'x*%b(')",
    "gmatch('(a)x(b)', '%b()')", "find(rep('a', 300), rep('a?', 199) .. 'a*%b()')",
    "find(rep('a', 300), rep('a?', 199) .. 'a-%b()')",
    "find(rep('a', 300), rep('a?', 199) .. 'a-b')", "find(rep('a', 300) .. '()', rep('a?', 198) .. 'a*%b()')",
    "match('\\0x\\0', '%b\\0\\0')", "match('(a)', '%b()$')", "match('(a)b', '^%b()$')",
    /* %f */
    "find('THE (quick) fox', '%f[%a]%a+')", "gsub('the quick brown', '%f[%w]%w+', 'X')",
    "find('hello', '%f[%l]')", "find('hello', '%f[%z]')", "find('hello', '%f[\\0]')",
    "find('hello', '%f[%a]', 2)", "find('hello', '%f[^%a]')", "find('a b', '%f[%s]')",
    "find('hello', '%f')", "find('hello', '%fa')", "find('hello', '%f[a')", "find('hello', '%f[]')",
    "find('AAA', '%f[%u]%u*%f[^%u]')", "gsub('THE (quick) fox', '%f[%a]', '|')",
    "gsub('x', '%f[x]', '.')", "gsub('x y', '%f[%W]', '|')", "gsub('', '%f[\\0]', '|')",
    "gsub('ab', '%f[\\0]', '|')", "gsub('a\\0b', '%f[\\0]', '|')", "gsub('abc', '%f[^\\0]', '|')",
    "find('', '%f[a]')", "find('', '%f[^a]')", "gmatch('one two, three', '%f[%w]%w+')",
    "match('x', '%f[x]*')", "match('x*', '%f[x].%f[*]')", "find('aXa', '%f[X]')",
    "find('aXa', '%f[^X]', 2)", "find('abc', '%f[%a]', 4)", "find('abc', '%f[^%a]', 4)",
    "match('hello', '%f[%a](%a+)%f[%A]')", "find('hello', '%f[%]')", "find('a]', '%f[]]')",
    /* captures: errors and limits */
    "find('abc', '(')", "find('abc', ')')", "find('abc', '.)')", "find('abc', '(()')",
    "find('abc', '(a)(b)(c)')", "find('abc', '(a)(b)(c)', 2)", "find('abc', '((a)')",
    "find('abc', 'x(')", "find('abc', 'a(')", "find('abc', '(x')", "find('abc', 'b)')",
    "find('abc', '())')", "find('abc', '()())')", "match('abc', '(()')", "match('abc', '(a))')",
    "match(rep('a', 40), rep('(a)', 32))", "match(rep('a', 40), rep('(a)', 33))",
    "match(rep('a', 40), rep('()', 32))", "match('a', rep('()', 33))",
    "find(rep('a', 40), rep('(a)', 32))", "find('b', rep('(a)', 33))",
    "find('a', 'b' .. rep('()', 33))", "match('ab', rep('(', 32) .. 'a' .. rep(')', 32))",
    "match('ab', rep('(', 33) .. 'a' .. rep(')', 33))", "gsub('ab', rep('()', 32), '%9')",
    "gsub('abc', rep('()', 33), 'x')", "gmatch('ab', rep('()', 32))",
    /* gsub: replacement strings */
    "gsub('abc', '(a)(b)(c)', '%3%2%1')", "gsub('abc', '(a)', '%2')", "gsub('abc', 'b', '%1')",
    "gsub('abc', 'b', '%0%0')", "gsub('abc', 'b', '%%')", "gsub('abc', 'b', '%')",
    "gsub('abc', 'b', 'x%')", "gsub('abc', 'b', '%a')", "gsub('abc', 'b', '%\\0')",
    "gsub('abc', '()b', '%1')", "gsub('abc', '()b()', '%2-%1')", "gsub('abc', '(b)', '%1%1')",
    "gsub('hello world', '(%w+)', '<%1>')", "gsub('hello world', '%w+', '%0 %0', 1)",
    "gsub('hello', '', '-')", "gsub('hello', 'x*', '-')", "gsub('abc', '.-', '-')",
    "gsub('abc', '%w*', '-')", "gsub('abc', '^', '>')", "gsub('abc', '$', '<')",
    "gsub('abc', '^a', '')", "gsub('aaa', '^a', '')", "gsub('abc', 'b*', 'X')",
    "gsub('', '', 'X')", "gsub('', 'x*', 'X')", "gsub('', '^$', 'X')", "gsub('a', '^$', 'X')",
    "gsub('abc', 'b', '%9')", "gsub('abc', '(b)', '%2')", "gsub('abc', 'b', '\\0')",
    "gsub('a\\0c', '\\0', 'N')", "gsub('hello world', 'o', '0', 1)", "gsub('abc', '', '')",
    "gsub('a.b', '%.', '%%')", "gsub('abc', '(', 'x')", "gsub('abc', '(', function() end)",
    "gsub('abc', '(', {})", "gsub('abc', ')', 'x')", "gsub('abc', '%', 'x')",
    "gsub('abc', 'b', '%%%0%%')", "gsub('abc', 'b', '%1%0%1')", "gsub('abc', 'b', '%10')",
    "gsub('abc', '(b)', '%11')", "gsub('abc', '(a)(b)', '%1%2%3')", "gsub('abc', '(b', '%1')",
    "gsub('abc', '(b', 'x')", "gsub('abc', '()', '%1')", "gsub('abc', '()', '[%0]')",
    "gsub('abc', 'b', 'a\\0%0\\0')", "gsub('a b c', ' ', '%%20')", "gsub('abc', 'x', '%')",
    "gsub('hello', 'l+', function(s) return #s end)", "gsub('abc', '%w', '%0%0', 2)",
    "gsub('abc abc', '%f[%w]%w+', '%0!')", "gsub('one two', '(%w+) (%w+)', '%2 %1')",
    "gsub('xAx', '%u', '%%%0%%')", "gsub('aaa', 'a', 'b', 2.0)",
    /* gsub: tables, functions, n and argument errors */
    "gsub('abc', '.', {a = 1, b = true})", "gsub('abc', '.', {a = 'A', b = false})",
    "gsub('abc', '.', {a = 1.5})", "gsub('abc', '(.)(.)', {a = 'X'})", "gsub('abc', '()', {})",
    "gsub('abc', '()', {[1] = 'one', [4] = 'four'})", "gsub('abc', '.', {a = {}})",
    "gsub('abc', '.', {a = print})", "gsub('abc', '.', function(c) return c:upper() end)",
    "gsub('abc', '(.)(.)', function(a, b) return b .. a end)",
    "gsub('abc', '.', function() return nil end)", "gsub('abc', '.', function() return false end)",
    "gsub('abc', '.', function() return {} end)", "gsub('abc', '.', function() return 42 end)",
    "gsub('abc', '.', function() return 4.5 end)", "gsub('abc', '.', function() return true end)",
    "gsub('abc', '.', function() error('boom') end)", "gsub('abc', '()', function(p) return p end)",
    "gsub('abc', '(a)()', function(...) return select('#', ...) end)",
    "gsub('abc', '', function(...) return select('#', ...) end)",
    "gsub('abc', '.', setmetatable({}, {__index = function(t, k) return k .. k end}))",
    "gsub('abc', '.', setmetatable({}, {__index = function(t, k) error('idx ' .. k) end}))",
    "gsub('abc', 'b', nil)", "gsub('abc', 'b', true)", "gsub('abc', 'b')",
    "gsub('abc', 'b', 'x', 0)", "gsub('abc', 'b', 'x', -1)", "gsub('abc', '.', 'x', 2)",
    "gsub('abc', '.', 'x', 2.0)", "gsub('abc', '.', 'x', 2.5)", "gsub('abc', '.', 'x', '2')",
    "gsub('abc', '.', 'x', 'z')", "gsub('abc', '.', 'x', math.maxinteger)",
    "gsub('abc', '.', 'x', math.mininteger)", "gsub('abc', '.', 'x', nil)",
    "gsub(nil, 'x', 'y', 'z')", "gsub('abc', nil, 'y')", "gsub('abc', 'b', nil, 'z')",
    "gsub('abc', 'b', 5)", "gsub('abc', 'b', 2.5)", "gsub('abc', 'b', 1e100)",
    "gsub('abc', 'b', -0.0)", "gsub('abc', 'b', math.mininteger)", "gsub(123, '2', 'x')",
    "gsub(123, 'x', 'y')", "gsub(1.5, '%.', ',')", "gsub('abc', 'b', {}, 0)",
    "gsub('abc', '.', {}, 1)", "gsub('abc', '', 'x', 2)", "gsub('abc', '', 'x', 4)",
    "gsub('abc', '', 'x', 5)", "gsub('abc', 'x*', '-', 2)", "gsub('abc', '^', 'x', 0)",
    "gsub('abc', '%w', {a = 'A'}, 2)", "gsub('abc', 'b', function() return 'B' end, 0)",
    "gsub('abc', 'b', print, 'x')", "gsub('abc', 'b', io.stdout)",
    "gsub('abc', '.', function(c) if c == 'b' then return {} end end)",
    "gsub('abc', 'b', function() return 'x', 'y' end)",
    "gsub('abc', '%w', function(c) return gsub(c, '.', '%0%0') end)",
    "gsub('a(b)c', '%b()', function(c) return (gsub(c, '%w', {b = find(c, 'b')})) end)",
    "gsub('abc', '.', function(c) return gmatch('xyz', c)[1] end)",
    /* gmatch */
    "gmatch('hello world from lua', '%a+')", "gmatch('k1=v1, k2=v2', '(%w+)=(%w+)')",
    "gmatch('abc', '')", "gmatch('abc', '.-')", "gmatch('abc', 'x*')", "gmatch('aaa', 'a*')",
    "gmatch('abc', '()')", "gmatch('abc', '.', 2)", "gmatch('abc', '.', -1)",
    "gmatch('abc', '.', 10)", "gmatch('abc', '', 4)", "gmatch('abc', '', 5)",
    "gmatch('abc', '', -10)", "gmatch('abc', '', 0)", "gmatch('abc', '^a')",
    "gmatch('^a^a', '^a')", "gmatch('abc', '(')", "gmatch('abc', '[')", "gmatch('abc', '%')",
    "gmatch('ab12cd', '%d*')", "gmatch('one two', '%f[%w]%w+')", "gmatch('a,b,,c', '([^,]*)')",
    "gmatch(nil, 'a')", "gmatch('a', 'a', 'x')", "gmatch('a', 'a', 1.5)", "gmatch(123, '%d')",
    "gmatch('abab', '(a)(b)')", "gmatch('aXbXc', '%u')", "gmatch('aaa', 'a-')",
    "gmatch('aaa', 'a?')", "gmatch('a\\0b', '%Z')", "gmatch('(a)(b)', '%b()')",
    "gmatch('abc', '$')", "gmatch('abc', '^')", "gmatch('abc', 'b*', 2)", "gmatch('x', 'x', 2)",
    "gmatch('ab', '()', 3)", "gmatch('abc', '(a)%1')", "gmatch('aa', '(a)%1')",
    "gmatch('a1b2', '%a()%d')", "gmatch('', '')", "gmatch('', 'x')", "gmatch('abc', 'x(')",
    "gmatch('abc', 'c(')", "gmatch('a b', '%s*')",
    /* empty-match rules (5.4: none right after the previous match's end) */
    "gsub('abc', '%w*', 'X')", "gsub('a b', '%w*', 'X')", "gsub('a  b', ' *', '-')",
    "gsub(';a;', 'a*', '-')", "gmatch(';a;', 'a*')", "gmatch('a;;b', '[^;]*')",
    "gsub('a;;b', '[^;]*', '<%0>')", "gsub('abc', 'b?', '-')", "gmatch('abc', 'b?')",
    "gsub('aaa', 'a-', '-')", "gsub('xx', 'x?', '-')",
    /* the nesting bound (MAXCCALLS) */
    "find(rep('a', 300), rep('a?', 198))", "find(rep('a', 300), rep('a?', 199))",
    "find(rep('a', 300), rep('a?', 200))", "find(rep('a', 300), rep('a?', 201))",
    "find(rep('a', 10), rep('a*', 198))", "find(rep('a', 10), rep('a*', 199))",
    "find(rep('a', 10), rep('a*', 200))", "find(rep('a', 10), rep('a-', 199))",
    "find(rep('a', 10), rep('a-', 200))", "find(rep('a', 10), rep('.-', 199))",
    "find(rep('a', 10), rep('.-', 200))", "match(rep('a', 300), rep('a?', 199))",
    "match(rep('a', 300), rep('a?', 200))", "gsub(rep('a', 300), rep('a?', 199), 'x')",
    "gsub(rep('a', 300), rep('a?', 200), 'x')", "gmatch(rep('a', 300), rep('a?', 200))",
    "find(rep('a', 300), rep('a?', 200), 150)", "find(rep('a', 150), rep('a?', 200))",
    "find(rep('a', 199), rep('a?', 200))", "find(rep('a', 198), rep('a?', 200))",
    "find(rep('b', 300), rep('a?', 300))", "find(rep('a', 300), rep('a?', 300), 1, true)",
    "find(rep('a', 300), '(' .. rep('a?', 198) .. ')')",
    "find(rep('a', 300), '(' .. rep('a?', 199) .. ')')",
    "find(rep('a', 300), rep('a?', 197) .. '()()')",
    "find(rep('a', 300), rep('a?', 198) .. '()()')",
    "find(rep('a', 300), rep('a?', 200) .. 'b')",
    "find(rep('a', 300) .. 'b', rep('a?', 200) .. 'b')",
    "find(rep('a', 300), rep('(a)?', 16))", "find(rep('x', 300), rep('x?', 198) .. 'y*')", "find(rep('x', 300), rep('x?', 199) .. 'y*')",
    "find(rep('x', 300), rep('x?', 199) .. 'x*y')",
    /* long and odd */
    "find(rep('ab', 1000), rep('ab', 500) .. '$')", "find(rep('ab', 1000) .. 'c', '.-c')",
    "gsub(rep('ab', 100), 'b', {b = 'x'})", "find(rep('a', 1000), 'a-b')",
    "match(rep('a', 100) .. 'b', '^(a*)(a)b$')", "match('x' .. rep(' ', 50) .. 'y', '^x%s*y$')",
    "find(char(0, 1, 2, 255), '[\\1-\\254]+')", "find(char(255, 0), '%z')",
    "match(char(200, 201), '[\\200-\\201]+')", "gsub(char(128, 129), '.', '%0%0')",
    "find('abc', '[a-c]+', -2)", "find('abc', '^[a-c]+', -2)",
};

/* Outcomes of luapat's own, written out, so that the comparison cannot pass
 * with both sides wrong in the same way (or one library standing in for the
 * other). */
static const struct {
  const char *src, *want;
} expected[] = {
    {"find('hello world', 'o w')", "ok integer:5 integer:7"},
    {"match('key = value', '(%w+)%s*=%s*(%w+)')", "ok \"key\" \"value\""},
    {"match('abc', '()b()')", "ok integer:2 integer:3"},
    {"gsub('hello world', '(%w+)', '<%1>')", "ok \"<hello> <world>\" integer:2"},
    {"gsub('abc', '%w*', '-')", "ok \"-\" integer:1"},
    {"gsub(';a;', 'a*', '-')", "ok \"-;-;-\" integer:3"},
    {"gmatch('a,b,,c', '([^,]*)')", "ok {{\"a\"},{\"b\"},{\"\"},{\"c\"}}"},
    {"find('THE (quick) fox', '%f[%a]%a+')", "ok integer:1 integer:3"},
    {"match('(foo(bar))baz', '%b()')", "ok \"(foo(bar))\""},
    {"find(rep('a', 300), rep('a?', 199))", "ok integer:1 integer:199"},
    {"find(rep('a', 300), rep('a?', 200))", "error pattern too complex"},
    {"match(rep('a', 40), rep('(a)', 33))", "error too many captures"},
    {"find('abc', '(')", "error unfinished capture"},
    {"match('a', '(a)%3')", "error invalid capture index %3"},
    {"gsub('abc', 'b', '%')", "error invalid use of '%' in replacement string"},
    {"gsub('abc', '.', {a = {}})", "error invalid replacement value (a table)"},
};

/* The messages the cases must have raised on both sides. */
static const char *const messages[] = {
    "malformed pattern (ends with '%')",
    "malformed pattern (missing ']')",
    "malformed pattern (missing arguments to '%b')",
    "missing '[' after '%f' in pattern",
    "invalid capture index %0",
    "invalid capture index %2",
    "invalid capture index %9",
    "invalid pattern capture",
    "unfinished capture",
    "too many captures",
    "pattern too complex",
    "invalid replacement value (a table)",
    "invalid replacement value (a boolean)",
    "invalid use of '%' in replacement string",
    "bad argument #3 to 'gsub' (string/function/table expected, got nil)",
    "bad argument #4 to 'gsub' (number expected, got string)",
    "bad argument #3 to 'find' (number has no integer representation)",
};

/* Every byte against every class letter, set and frontier below. */
static const char systematic[] =
    "local cls = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789%.[]()^$*+-?\\0'\n"
    "for c = 0, 255 do\n"
    "  local ch = string.char(c)\n"
    "  for i = 1, #cls do\n"
    "    compare('match', table.pack(ch, '%' .. cls:sub(i, i)))\n"
    "  end\n"
    "  compare('match', table.pack(ch, ch))\n"
    "  compare('find', table.pack('x' .. ch .. 'y', ch))\n"
    "end\n"
    "local sets = {'[a-z]', '[^a-z]', '[%a_]', '[]]', '[^]]', '[a-]', '[-a]', '[%]-]',\n"
    "  '[]-a]', '[a-%%]', '[%%-a]', '[\\0-\\31]', '[\\128-\\255]', '[^\\128-\\255]', '[%w%p]',\n"
    "  '[%S%d]', '[^%s%c]', '[a-c-e]', '[%a-z]', '[z-a]', '[%^^]', '[^^]', '[.]', '[%.]',\n"
    "  '[%x%-]', '[+--]', '[---]', '[%g]', '[^%G]', '[%U%l]'}\n"
    "for _, set in ipairs(sets) do\n"
    "  for c = 0, 255 do\n"
    "    compare('find', table.pack(string.char(c), set))\n"
    "    compare('find', table.pack('a' .. string.char(c), '%f' .. set))\n"
    "  end\n"
    "end\n";

TEST(cases) {
  lua_State *L = new_state(counting_check);
  run_lua(L, "=harness", harness);
  run_lua(L, "=check", "assert(P.find ~= R.find and P.gsub ~= R.gsub and PF ~= P.find)");
  /* The cases see rep and char. */
  run_lua(L, "=globals", "rep, char = string.rep, string.char");
  size_t n = sizeof cases / sizeof cases[0];
  for (size_t i = 0; i < n; i++) {
    lua_getglobal(L, "compare_src");
    lua_pushstring(L, cases[i]);
    if (lua_pcall(L, 1, 0, 0)) {
      fprintf(stderr, "case %s: %s\n", cases[i], lua_tostring(L, -1));
      failures++;
      lua_pop(L, 1);
    }
  }
  /* luapat's outcomes against the written ones. */
  for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
    char src[512];
    snprintf(src, sizeof src,
             "local e = setmetatable({find = P.find, match = P.match, gsub = P.gsub,"
             " gmatch = function(...) local t = {} for a in P.gmatch(...) do"
             " t[#t + 1] = {a} end return t end}, {__index = _G})\n"
             "return outcome({find = load([==[return %s]==], '=case', 't', e)},"
             " 'find', table.pack())",
             expected[i].src);
    if (luaL_dostring(L, src)) {
      fprintf(stderr, "expected %s: %s\n", expected[i].src, lua_tostring(L, -1));
      failures++;
    } else {
      CHECK_STR(lua_tostring(L, -1), expected[i].want);
    }
    lua_pop(L, 1);
  }
  for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++) {
    lua_getglobal(L, "SEEN");
    int seen = lua_getfield(L, -1, messages[i]) == LUA_TBOOLEAN;
    if (!seen) fprintf(stderr, "no case raised \"%s\"\n", messages[i]);
    CHECK(seen);
    lua_pop(L, 2);
  }
  run_lua(L, "=systematic", systematic);
  long ncmp = harness_result(L, "cases");
  CHECK(ncmp > (long)n + 30000);
  lua_close(L);
}

/* ---- random: patterns and subjects from a fixed seed --------------------- */

static const char generator[] =
    "local seed = 20240611\n"
    "local function rnd(n)\n"
    "  seed = seed * 6364136223846793005 + 1442695040888963407\n"
    "  return ((seed >> 33) % n) + 1\n"
    "end\n"
    "local function pick(t) return t[rnd(#t)] end\n"
    "local classes = {'a', 'b', 'c', '.', '%a', '%d', '%s', '%w', '%W', '%A', '%l', '%u',\n"
    "  '%p', '[ab]', '[^a]', '[a-b]', '[%a_]', '[]a]', '[^]a]', '[a-]', '[%d(]', '%(', '%)',\n"
    "  '%%', '%.', 'x', '1', ' ', '[^%s]', '[b-a]', '%x', '^', ']', '$'}\n"
    "local quants = {'*', '+', '-', '?'}\n"
    "local junk = {'%', '[', '[^', '(', ')', '%f', '%fa', '%b', '%bx', '%0', '%9', '[a',\n"
    "  '%f[', '[%', '(()', '$$'}\n"
    "local function items(depth, ncap)\n"
    "  local out = {}\n"
    "  for _ = 1, rnd(5) - 1 do\n"
    "    local r = rnd(100)\n"
    "    if r <= 12 and depth < 3 then\n"
    "      local inner\n"
    "      inner, ncap = items(depth + 1, ncap + 1)\n"
    "      out[#out + 1] = '(' .. inner .. ')'\n"
    "    elseif r <= 16 then out[#out + 1] = '()'; ncap = ncap + 1\n"
    "    elseif r <= 24 then out[#out + 1] = '%' .. rnd(ncap + 1)\n"
    "    elseif r <= 29 then out[#out + 1] = '%b' .. pick({'()', 'ab', 'aa', 'ba'})\n"
    "    elseif r <= 35 then\n"
    "      out[#out + 1] = '%f' .. pick({'[a]', '[^a]', '[%w]', '[%s]', '[ab]', '[%z]'})\n"
    "    elseif r <= 37 then out[#out + 1] = pick(junk)\n"
    "    else\n"
    "      local c = pick(classes)\n"
    "      if rnd(100) <= 45 then c = c .. pick(quants) end\n"
    "      out[#out + 1] = c\n"
    "    end\n"
    "  end\n"
    "  return table.concat(out), ncap\n"
    "end\n"
    "local function pattern()\n"
    "  local p = items(0, 0)\n"
    "  if rnd(5) == 1 then p = '^' .. p end\n"
    "  if rnd(5) == 1 then p = p .. '$' end\n"
    "  return p\n"
    "end\n"
    "local alphabet = {'a', 'a', 'b', 'b', 'c', '(', ')', '1', ' ', 'x', '%'}\n"
    "local function subject()\n"
    "  local t = {}\n"
    "  for i = 1, rnd(11) - 1 do t[i] = pick(alphabet) end\n"
    "  return table.concat(t)\n"
    "end\n"
    "local function init()\n"
    "  local r = rnd(10)\n"
    "  if r <= 5 then return nil end\n"
    "  return rnd(25) - 13\n"
    "end\n"
    "local tbl = setmetatable({a = 'A', b = false, ab = 1, [1] = 'one', [2] = 2.5,\n"
    "  x = {}}, {__index = function(t, k) if k == 'c' then return 'C' end end})\n"
    "local repls = {'', '-', '%0', '<%1>', '%2%1', '%%', '%x', 'x%', '%3', 7, 1.5, tbl,\n"
    "  function(a, ...) return a .. '!' end,\n"
    "  function(...) return select('#', ...) end,\n"
    "  function() return false end,\n"
    "  function(a) if a == 'b' then return {} end end,\n"
    "  function(a, b) return b end}\n"
    "local N = ...\n"
    "for i = 1, N do\n"
    "  local f = rnd(4)\n"
    "  local s, p = subject(), pattern()\n"
    "  if f == 1 then\n"
    "    local plain = rnd(4) == 1 or nil\n"
    "    compare('find', table.pack(s, p, init(), plain))\n"
    "  elseif f == 2 then compare('match', table.pack(s, p, init()))\n"
    "  elseif f == 3 then compare('gmatch', table.pack(s, p, init()))\n"
    "  else\n"
    "    local n = rnd(4) == 1 and rnd(5) - 2 or nil\n"
    "    compare('gsub', table.pack(s, p, pick(repls), n))\n"
    "  end\n"
    "end\n";

TEST(random) {
  lua_State *L = new_state(NULL);
  run_lua(L, "=harness", harness);
  if (luaL_loadbuffer(L, generator, strlen(generator), "=generator")) {
    fprintf(stderr, "%s\n", lua_tostring(L, -1));
    failures++;
    lua_close(L);
    return;
  }
  lua_pushinteger(L, 60000);
  if (lua_pcall(L, 1, 0, 0)) {
    fprintf(stderr, "generator: %s\n", lua_tostring(L, -1));
    failures++;
  }
  long n = harness_result(L, "random");
  CHECK_EQ(n, 60000);
  /* The generator must find matches and raise errors, or it tests little. */
  lua_getglobal(L, "NHIT");
  CHECK(lua_tointeger(L, -1) > 15000);
  lua_getglobal(L, "NERR");
  CHECK(lua_tointeger(L, -1) > 2000);
  lua_close(L);
}

/* ---- stop: runaway matches end at the check ------------------------------ */

TEST(stop) {
  static const char *const runaway[] = {
      "P.find(('a'):rep(40), ('a*'):rep(20) .. 'b')",
      "PF(('a'):rep(40), ('a*'):rep(20) .. 'b')",
      "P.match(('a'):rep(40), ('a*'):rep(20) .. 'b')",
      "for x in P.gmatch(('a'):rep(40), ('a*'):rep(20) .. 'b') do end",
      "P.gsub(('a'):rep(40), ('a*'):rep(20) .. 'b', 'x')",
      "P.gsub(('a'):rep(40), ('a*'):rep(20) .. 'b', function() end)",
      "P.find(('a'):rep(40), ('a-'):rep(20) .. 'b')",
      "P.find(('a'):rep(40), ('.-'):rep(20) .. 'b')",
      "P.find(('a'):rep(40), ('a?'):rep(40) .. ('a'):rep(40))",
      "P.find(('a'):rep(40), ('(a*)'):rep(15) .. 'b')",
      "P.find(('a'):rep(40), '^' .. ('a*'):rep(20) .. '$b')",
      /* each start scans to the end: quadratic in one %b */
      "P.find(('('):rep(200000), '%b()')",
      /* quadratic in back references */
      "P.find(('a'):rep(200000), '(a*)%1b')",
      /* a set as long as the subject, tried at every position */
      "P.find(('a'):rep(200000), '[' .. ('b'):rep(200000) .. ']')",
      "P.find(('a'):rep(200000), '%f[' .. ('b'):rep(200000) .. ']')",
      "P.find(('a'):rep(200000), '[' .. ('b'):rep(200000) .. ']*c')",
      /* a replacement of many empty captures, for every position */
      "P.gsub(('a'):rep(200000), '(x*)', ('%1'):rep(200000))",
  };
  lua_State *L = new_state(counting_check);
  for (size_t i = 0; i < sizeof runaway / sizeof runaway[0]; i++) {
    checks = 0;
    stop_after = 100;
    int rc = luaL_dostring(L, runaway[i]);
    const char *msg = rc ? lua_tostring(L, -1) : "(no error)";
    const char *tail = msg ? strstr(msg, "stopped after 100 checks") : NULL;
    if (!tail) fprintf(stderr, "%s: %s\n", runaway[i], msg ? msg : "(not a string)");
    CHECK(tail != NULL);
    CHECK_EQ(checks, 100);
    lua_settop(L, 0);
  }
  /* Afterwards the state and the functions work as before. */
  stop_after = 0;
  checks = 0;
  CHECK_EQ(luaL_dostring(L, "return P.find('abc', 'b'), PF('xyz', 'z+'), "
                            "P.gsub('aaa', 'a', 'b')"), 0);
  CHECK_EQ(lua_tointeger(L, 1), 2); /* each call but the last gives one value */
  CHECK_EQ(lua_tointeger(L, 2), 3);
  CHECK_STR(lua_tostring(L, 3), "bbb");
  CHECK_EQ(lua_tointeger(L, 4), 3);
  CHECK_EQ(checks, 0);
  lua_settop(L, 0);
  /* A gmatch iterator stopped mid-match starts that match again when called
   * again; one that found the pattern too complex says so again. */
  checks = 0;
  stop_after = 3;
  CHECK(luaL_dostring(L, "it = P.gmatch(('a'):rep(16) .. 'cab', ('a*'):rep(8) .. 'b')\n"
                         "return it()") != 0);
  CHECK_EQ(checks, 3);
  stop_after = 0;
  lua_settop(L, 0);
  CHECK_EQ(luaL_dostring(L, "local a = it() return a, select('#', it())"), 0);
  CHECK_STR(lua_tostring(L, 1), "ab");
  CHECK_EQ(lua_tointeger(L, 2), 0);
  lua_settop(L, 0);
  CHECK_EQ(luaL_dostring(L, "local it = P.gmatch(('a'):rep(300), ('a?'):rep(200))\n"
                            "local _, e1 = pcall(it) local _, e2 = pcall(it)\n"
                            "return e1, e2"), 0);
  CHECK_STR(lua_tostring(L, 1), "pattern too complex");
  CHECK_STR(lua_tostring(L, 2), "pattern too complex");
  lua_settop(L, 0);
  /* Steps are charged by the work they do: each of these takes under 10^5
   * tries of an item, so counting tries alone would call the check at most
   * once or twice, but a set's test, a %b or %f scan, a back reference's
   * comparison and a replacement's escapes cost more. */
  static const struct {
    const char *src;
    int min_checks;
  } weighed[] = {
      {"P.find(('a'):rep(300), '[^' .. ('b'):rep(3000) .. ']-c')", 1000},
      {"P.find(('a'):rep(300), '[^' .. ('b'):rep(3000) .. ']*c')", 1000},
      {"P.find(('a'):rep(3000), '[' .. ('b'):rep(30000) .. ']')", 1000},
      {"P.find(('a'):rep(3000), '%f[' .. ('b'):rep(30000) .. ']')", 1000},
      {"P.find(('('):rep(20000), '%b()')", 2000},
      {"P.find(('a'):rep(600), '(a*)%1b')", 100},
      {"P.gsub(('a'):rep(2000), '(x*)', ('%1'):rep(2000))", 50},
  };
  for (size_t i = 0; i < sizeof weighed / sizeof weighed[0]; i++) {
    checks = 0;
    CHECK_EQ(luaL_dostring(L, weighed[i].src), 0);
    if (checks < weighed[i].min_checks)
      fprintf(stderr, "%s: %d checks, expected at least %d\n", weighed[i].src, checks,
              weighed[i].min_checks);
    CHECK(checks >= weighed[i].min_checks);
    lua_settop(L, 0);
  }
  /* A check that does not raise sees the long match through to its end. */
  checks = 0;
  CHECK_EQ(luaL_dostring(L, "return P.find(('a'):rep(22), ('a*'):rep(10) .. 'b')"), 0);
  CHECK(lua_isnil(L, 1));
  CHECK(checks > 10);
  lua_close(L);
}

/* ---- bench: Lua's functions and luapat's on the same work ---------------- */

static const char bench[] =
    "local t = {}\n"
    "for i = 1, 20000 do t[i] = 'word' .. i .. ' other, text; 12.5 and (x) ' end\n"
    "local s = table.concat(t)\n"
    "local work = {\n"
    "  {'find %d+$', function(L) return L.find(s, '%d+$') end},\n"
    "  {'find word1999.-;', function(L) return L.find(s, 'word1999.-;') end},\n"
    "  {'match (%d+)%.(%d+)', function(L) return L.match(s, '(%d+)%.(%d+) and %(y') end},\n"
    "  {'find plain', function(L) return L.find(s, 'word20000 ', 1, true) end},\n"
    "  {'match ^(.-)%s*$', function(L) return L.match(s, '^(.-)%s*$') end},\n"
    "  {'gmatch %a+', function(L) local n = 0 for w in L.gmatch(s, '%a+') do n = n + 1 end return n end},\n"
    "  {'gmatch (%w+),', function(L) local n = 0 for w in L.gmatch(s, '(%w+),') do n = n + 1 end return n end},\n"
    "  {'gsub %s+', function(L) return L.gsub(s, '%s+', ' ') end},\n"
    "  {'gsub [%p]', function(L) return L.gsub(s, '[%p]', '') end},\n"
    "  {'gsub %b()', function(L) return L.gsub(s, '%b()', '%0%0') end},\n"
    "  {'gsub %f[%w]%w+ fn', function(L) return L.gsub(s, '%f[%w]%w+', string.upper) end},\n"
    "  {'find literal miss', function(L) return L.find(s, 'q%d') end},\n"
    "}\n"
    "local clock = os.clock\n"
    "for _, w in ipairs(work) do\n"
    "  local best = {}\n"
    "  for k, L in ipairs({R, P}) do\n"
    "    best[k] = math.huge\n"
    "    for r = 1, 5 do\n"
    "      local t0 = clock(); w[2](L); local dt = clock() - t0\n"
    "      if dt < best[k] then best[k] = dt end\n"
    "    end\n"
    "  end\n"
    "  print(string.format('%-22s lua %7.2f ms  luapat %7.2f ms  ratio %.2f', w[1],\n"
    "    best[1] * 1000, best[2] * 1000, best[2] / best[1]))\n"
    "end\n";

TEST_BY_HAND(bench) {
  lua_State *L = new_state(counting_check);
  run_lua(L, "=bench", bench);
  lua_close(L);
}

int main(int argc, char **argv) { return check_main(argc, argv); }
