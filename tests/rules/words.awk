# Random text for tests/rules/random.lua: BLOCKS paragraphs of one to
# three sentences of a few words from a small vocabulary (so that random
# rules match often), from seed SEED. Its own generator (Park-Miller, exact
# in doubles) rather than rand(): mawk and gawk differ there.
#   awk -v SEED=1 -v BLOCKS=40 -f tests/rules/words.awk
function rnd() { state = (state * 16807) % 2147483647; return state / 2147483647 }
BEGIN {
  state = SEED + 1
  n = split("the a cat dog sat on mat Mr. Smith Putin Trump said told added that 90 minute " \
            "minutes one hour hours almost more than an and half U.N. New York x-y it's " \
            "President Vladimir V. Donald J. big Big BIG 2017 1,000 3.5 ten", w, " ")
  np = split(", ; : - ( ) \"", p, " ")
  for (b = 0; b < BLOCKS; b++) {
    line = ""
    ns = 1 + int(rnd() * 3)
    for (s = 0; s < ns; s++) {
      nw = 2 + int(rnd() * 7)
      for (i = 0; i < nw; i++) {
        x = w[1 + int(rnd() * n)]
        if (i == 0) x = toupper(substr(x, 1, 1)) substr(x, 2)
        line = line (i ? " " : "") x
        if (rnd() < 0.1) line = line p[1 + int(rnd() * np)]
      }
      line = line (rnd() < 0.8 ? ". " : "? ")
    }
    print line
    print ""
  }
}
