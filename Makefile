# Thin wrapper: Debian packages, configure, build, then the demo or the tests.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# What the build needs from Debian 12, and what the tests add: Chromium for
# the browser checks, Node.js for the W3C suite, GNU parallel for sharding,
# groff for the man page, python3-nltk (its CoNLL reader reads -f conll back),
# dpkg-dev (dpkg-shlibdeps) for the .deb's
# dependencies, sqlite3 (the shell) for reading -f sqlite's databases back,
# libuima-core-java and default-jdk-headless for UIMA's own XMI reader,
# which reads -f xmi back (tests/xmi).
# libedit-dev gives glossa repl line editing; lua-lpeg-dev is LPeg, the
# scripts' lpeg and re (lua-lpeg has its library and re.lua); libsqlite3-dev
# is the library -f sqlite writes its database with.
DEPS = cmake gcc make pkg-config liblua5.4-dev libxml2-dev libpcre2-dev lua-lpeg-dev libedit-dev libsqlite3-dev python3
TEST_DEPS = chromium parallel groff-base valgrind strace dpkg-dev sqlite3 python3-nltk \
            libuima-core-java default-jdk-headless
# The fuzz targets need clang and its runtimes (libFuzzer, ASan, UBSan); on
# Debian 12 those are in libclang-rt-14-dev, only a Recommends of clang-14's.
FUZZ_DEPS = clang-14 libclang-rt-14-dev
# make install puts glossa in $(DESTDIR)$(PREFIX)/bin, its man page, the
# shipped scripts and samples (share/glossa) and the docs (share/doc/glossa).
PREFIX ?= /usr/local
# Seconds per fuzz target, two targets at a time on two cores (tests/fuzz/ci.sh).
FUZZ_SECONDS ?= 20

.PHONY: all deps test-deps install-packages build demo install deb test test-sanitize test-fuzz test-fresh clean

all: build

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEPS)"

# npm ci runs again when the lock is newer than the install. npm only warns
# (EBADENGINE) when this Node is older than a package's engines.node, so every
# lower bound (">=N") in the lock is checked here and stops the tests.
# @apache-annotator's range ("^12.20 || ... || ^16.0") is not one: esbuild
# bundles it for Chromium, Node never runs it.
W3C_ENGINES = const p = require("./package-lock.json").packages, v = +process.versions.node.split(".")[0]; let bad = 0; \
  for (const k in p) { const e = (p[k].engines || {}).node || "", m = /^>=\s*(\d+)/.exec(e); \
    if (m && v < +m[1]) { console.error("tests/w3c: " + k.replace(/^node_modules\//, "") + " needs Node " + e + ", this is " + process.version); bad = 1; } } \
  process.exit(bad)

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEPS) $(TEST_DEPS)"
	@command -v npm >/dev/null || $(MAKE) --no-print-directory install-packages PACKAGES="nodejs npm"
	@if [ ! -e tests/w3c/node_modules/.package-lock.json ] || \
	    [ tests/w3c/package-lock.json -nt tests/w3c/node_modules/.package-lock.json ]; then \
	  echo "Installing the W3C test suite's npm packages (tests/w3c)"; \
	  (cd tests/w3c && npm ci --no-audit --no-fund --loglevel=error) || exit 1; \
	fi
	@cd tests/w3c && node -e '$(W3C_ENGINES)'

install-packages:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	missing=$$(echo $$missing); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "glossa needs these Debian packages; install them with:"; \
	    echo "  sudo apt-get install -y $$missing"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGLOSSA_FULL_TESTS=ON >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/glossa $(addprefix -s ,$(filter-out scripts/entities.lua,$(sort $(wildcard scripts/*.lua)))) \
	  samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml

install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

# $(BUILD)/glossa_VERSION_ARCH.deb, for apt install ./$(BUILD)/glossa_*.deb;
# dpkg-shlibdeps (dpkg-dev) works out its Depends.
deb: build
	@$(MAKE) --no-print-directory install-packages PACKAGES=dpkg-dev
	cd $(BUILD) && cpack -G DEB -B _deb >/dev/null && mv _deb/glossa_*.deb . && rm -rf _deb
	@ls $(BUILD)/glossa_*.deb

test: test-deps build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# The same tests, built with AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: test-deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DGLOSSA_SANITIZE=ON -DGLOSSA_FULL_TESTS=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS)

# Every libFuzzer target for FUZZ_SECONDS from its corpus and regression
# inputs; a finding fails, naming its inputs (kept in fuzz-findings/).
test-fuzz: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(FUZZ_DEPS)"
	FUZZ_CC=clang-14 FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/ci.sh

# The README's two set-up commands, verbatim, in a fresh minimal Debian 12
# root (mmdebstrap, chroot; tests/fresh/run.sh). As root, with network.
test-fresh:
	@$(MAKE) --no-print-directory install-packages PACKAGES=mmdebstrap
	sh tests/fresh/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
