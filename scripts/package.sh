#!/usr/bin/env bash
# The Debian package: builds midiloop as Debian builds packages (its default compiler flags,
# dpkg-buildflags), makes dist/midiloop_VERSION_ARCH.deb with CPack, and tests it: installed into a
# clean Debian 12 root (debootstrap, minimal) by apt, which must find every dependency the package
# names, then 'midiloop --version', 'man midiloop' and 'midiloop run --emulate good' run from it.
#
#   bash scripts/package.sh           build, package and test
#   bash scripts/package.sh --no-test build and package only
#
# The clean root is kept in build-package/root between runs (MIDILOOP_CLEAN_ROOT moves it); it is
# reset to its freshly bootstrapped state before each test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh

test=true
case "${1-}" in
  "") ;;
  --no-test) test=false ;;
  *) echo "usage: bash scripts/package.sh [--no-test]" >&2; exit 2 ;;
esac

midiloop_install_missing "${MIDILOOP_BUILD_PACKAGES[@]}" dpkg-dev file
build=build-package
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=None -DMIDILOOP_TESTS=OFF -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
  -DCMAKE_CXX_FLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
  -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" >/dev/null
cmake --build "$build" -j"$(nproc)"
(cd "$build" && cpack -G DEB >/dev/null)
mkdir -p dist
deb=$(ls "$build"/midiloop_*.deb)
cp "$deb" dist/
deb=dist/$(basename "$deb")
(cd dist && sha256sum "$(basename "$deb")" >"$(basename "$deb").sha256")
echo "package: $deb ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb --field "$deb" Package Version Architecture Depends Suggests Installed-Size

$test || exit 0

# A clean root: Debian 12 with nothing but its essential packages and apt.
midiloop_install_missing debootstrap
root=${MIDILOOP_CLEAN_ROOT:-$PWD/$build/root}
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\/*\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}
as_root=()
[ "$(id -u)" -ne 0 ] && as_root=(sudo)
if [ ! -f "$root.tar" ]; then
  echo "package test: bootstrapping a clean Debian 12 root from $mirror (once)"
  "${as_root[@]}" rm -rf "$root"
  "${as_root[@]}" debootstrap --variant=minbase bookworm "$root" "$mirror" >"$build/debootstrap.log" 2>&1 ||
    { tail -n 20 "$build/debootstrap.log" >&2; exit 1; }
  "${as_root[@]}" tar -C "$root" -cf "$root.tar" .
fi
"${as_root[@]}" rm -rf "$root"
"${as_root[@]}" mkdir -p "$root"
"${as_root[@]}" tar -C "$root" -xf "$root.tar"
cleanup() { "${as_root[@]}" umount "$root/proc" 2>/dev/null || true; }
trap cleanup EXIT
# apt and midiloop work without /proc, but apt warns; a container may not allow the mount.
"${as_root[@]}" mount -t proc proc "$root/proc" 2>/dev/null || echo "package test: no /proc in the clean root"
"${as_root[@]}" cp /etc/resolv.conf "$root/etc/resolv.conf"
"${as_root[@]}" cp "$deb" "$root/tmp/"
in_root() { "${as_root[@]}" chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
in_root sh -c 'apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/'"$(basename "$deb")"' >/dev/null'
in_root midiloop --version
in_root test -f /usr/share/man/man1/midiloop.1.gz
in_root test -f /usr/share/doc/midiloop/copyright
in_root test -f /usr/share/midiloop/report.schema.json
code=0
in_root midiloop run --emulate good --suite quick --report /tmp/good.json --no-progress >"$build/run.log" || code=$?
if [ "$code" -ne 0 ] || ! in_root grep -q '"verdict": "PASS"' /tmp/good.json; then
  cat "$build/run.log" >&2
  echo "package test: 'midiloop run --emulate good' in the clean root exited $code, or its report is not PASS" >&2
  exit 1
fi
echo "package test: installed into a clean Debian 12 root; --version, the manual page and run --emulate good work"
