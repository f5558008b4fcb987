#!/bin/sh
# The proof that set-up works: the README's first two commands, verbatim, as
# root in a minimal Debian 12 root made here (mmdebstrap --variant=minbase),
# with the committed checkout (git clone of HEAD) in /src/glossa and ../shared
# beside it, bound read-only (shared data is read in place, never copied).
# Run as root (make test-fresh); needs network to deb.debian.org and the npm
# registry. The root is deleted afterwards unless FRESH_KEEP=1; /proc, /dev
# and shared are unmounted again whatever happens.
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${GLOSSA_SHARED:-$repo/../shared}
suite=${FRESH_SUITE:-bookworm}
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}

[ "$(id -u)" = 0 ] || { echo "tests/fresh/run.sh: run it as root (mmdebstrap, mount, chroot)" >&2; exit 1; }
[ -d "$shared" ] || { echo "tests/fresh/run.sh: no $shared: the standard suites the tests read (see README.md)" >&2; exit 1; }

# The README's set-up commands: the first two lines of its first indented
# code block, run as they are written (their trailing # comments included).
cmds=$(awk '/^    [^ ]/ { print substr($0, 5); if (++n == 2) exit } n && !/^    / { exit }' "$repo/README.md")
[ "$(printf '%s\n' "$cmds" | wc -l)" = 2 ] || { echo "tests/fresh/run.sh: README.md does not open with two indented commands" >&2; exit 1; }

root=$(mktemp -d "${TMPDIR:-/var/tmp}/glossa-fresh.XXXXXX")
mounted=""

cleanup() {
	status=$?
	trap - EXIT INT TERM HUP
	for m in $mounted; do  # last mounted first
		umount -R "$m" 2>/dev/null || umount -R -l "$m" || true
	done
	if grep -q " $root/" /proc/self/mounts; then
		echo "tests/fresh/run.sh: $root still has mounts; not deleting it" >&2
	elif [ "${FRESH_KEEP:-0}" = 1 ]; then
		echo "kept $root"
	else
		rm -rf "$root"
	fi
	rm -f "$root.log" "$root.log.status"
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

t0=$(date +%s)
step() { echo "== $(( $(date +%s) - t0 )) s: $*"; }

step "mmdebstrap --variant=minbase --include=git,ca-certificates $suite $root"
mmdebstrap --quiet --variant=minbase --include=git,ca-certificates "$suite" "$root" "$mirror"

step "git clone $repo (HEAD $(git -C "$repo" rev-parse --short HEAD)) /src/glossa; $shared at /src/shared (read-only)"
mkdir -p "$root/src/shared"
git clone --quiet "$repo" "$root/src/glossa"
# The root uses this machine's network: its resolver, and the certificate
# authorities it added locally (a TLS-inspecting proxy's, say), or npm
# cannot reach the registry where this machine can.
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
	cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
	chroot "$root" update-ca-certificates >/dev/null
fi

# /proc and /dev as a booted machine has them; /sys too (read-only), which
# the sandbox tests and Chromium read.
mount -t proc proc "$root/proc"; mounted="$root/proc $mounted"
mount -t sysfs -o ro sysfs "$root/sys"; mounted="$root/sys $mounted"
mount --rbind /dev "$root/dev"; mounted="$root/dev $mounted"
mount --make-rslave "$root/dev"
mount --bind "$shared" "$root/src/shared"; mounted="$root/src/shared $mounted"
mount -o remount,bind,ro "$root/src/shared"

# Each command's output goes to the terminal and to a log: "passes every
# test" means no test skipped either (ctest counts a skip as a pass).
log=$root.log
printf '%s\n' "$cmds" | while IFS= read -r cmd; do
	step "$cmd"
	{ chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
	    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	    DEBIAN_FRONTEND=noninteractive \
	    /bin/sh -c "cd /src/glossa && $cmd" </dev/null 2>&1; echo $? >"$log.status"; } | tee "$log"
	if [ "$(cat "$log.status")" != 0 ]; then
		echo "tests/fresh/run.sh: FAILED in a fresh $suite root: $cmd" >&2; exit 1
	fi
	if grep -q '^The following tests did not run' "$log"; then
		sed -n '/^The following tests did not run/,/^$/p' "$log" >&2
		grep -h '^SKIP' "$root"/src/glossa/*/Testing/Temporary/LastTest.log >&2 || true
		echo "tests/fresh/run.sh: FAILED in a fresh $suite root: tests skipped by: $cmd" >&2; exit 1
	fi
done
step "both README commands passed in a fresh $suite root"
