#!/usr/bin/env bash
# The Windows x86_64 build: midiloop.exe cross-compiled with Debian's mingw-w64, its tests run
# under Wine, and the zip users download.
#
#   bash scripts/windows.sh
#
# writes dist/midiloop-VERSION-windows-x86_64.zip (midiloop.exe, README, licences) and a .sha256
# beside it. RtMidi and Boost.Program_options are not packaged for mingw in Debian, so they are
# built from Debian's source packages, at the versions pinned below: the downloads are kept in
# MIDILOOP_CACHE (default ~/.cache/midiloop), the extracted sources in the build folder. Nothing of
# them is in the repository. MIDILOOP_WINDOWS_BUILD_DIR chooses the build folder (default
# build-windows/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh

rtmidi_source=rtmidi=5.0.0-3
boost_source=boost1.74=1.74.0+ds1-21
# The Boost headers come from the binary package of the same source version as the one compiled.
midiloop_install_missing cmake make g++-mingw-w64-x86-64-posix wine wine64 zip xz-utils libboost1.74-dev \
  nlohmann-json3-dev googletest
if [ "$(dpkg-query -W -f='${Version}' libboost1.74-dev)" != "${boost_source#*=}" ]; then
  echo "windows: libboost1.74-dev is not ${boost_source#*=}, the version whose sources are compiled" >&2
  exit 1
fi

build=${MIDILOOP_WINDOWS_BUILD_DIR:-build-windows}
cache=${MIDILOOP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/midiloop}/debian-src
third_party=$build/third_party
run=()
[ "$(id -u)" -ne 0 ] && run=(sudo)

# apt-get source needs a deb-src entry. Without one, add it for the archive and suite the first
# deb822 'Types: deb' entry uses (debian.sources on a Debian 12 install), then read its index.
ensure_deb_src() {
  if apt-cache showsrc "${rtmidi_source%=*}" 2>/dev/null | grep -qx "Version: ${rtmidi_source#*=}"; then
    return 0
  fi
  local entry=/etc/apt/sources.list.d/midiloop-src.sources
  if [ ! -e "$entry" ]; then
    local stanza
    # Paragraph by paragraph (deb822 entries are separated by blank lines), in POSIX awk: mawk,
    # Debian's default, has no word boundaries.
    stanza=$(awk 'BEGIN { RS = "" } {
        n = split($0, line, "\n"); deb = 0; security = 0
        for (i = 1; i <= n; i++) {
          if (line[i] ~ /^Types:/ && (line[i] " ") ~ / deb /) deb = 1
          if (line[i] ~ /^URIs:/ && line[i] ~ /security/) security = 1
        }
        if (deb && !security) { print; exit }
      }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    local uri suite components signed
    uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' <<<"$stanza")
    suite=$(sed -n 's/^Suites: *\([^ ]*\).*/\1/p' <<<"$stanza")
    components=$(sed -n 's/^Components: *//p' <<<"$stanza")
    signed=$(sed -n 's/^Signed-By: *//p' <<<"$stanza")
    if [ -z "$uri" ] || [ -z "$suite" ]; then
      echo "windows: no deb822 Debian source in /etc/apt/sources.list.d/ to derive a deb-src entry from;" \
        "add a 'deb-src' line for Debian 12 (bookworm) and run again" >&2
      exit 1
    fi
    echo "windows: adding $entry (deb-src $uri $suite) for apt-get source" >&2
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n%s' "$uri" "$suite" "${components:-main}" \
      "${signed:+Signed-By: $signed
}" | "${run[@]}" tee "$entry" >/dev/null
  fi
  "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
}

# Downloads (checked by apt against the archive's signed index) into the cache, once.
fetch_sources() {
  ensure_deb_src
  mkdir -p "$cache"
  (cd "$cache" && apt-get source -q --download-only "$rtmidi_source" "$boost_source" >/dev/null 2>&1) || {
    echo "windows: 'apt-get source --download-only $rtmidi_source $boost_source' failed in $cache" >&2
    exit 1
  }
}

# RtMidi whole (its Debian patch only keeps images out of the docs); of Boost, only
# Program_options' 11 sources and its licence: the headers are libboost1.74-dev's.
extract_sources() {
  local stamp=$third_party/.extracted-$rtmidi_source-$boost_source
  [ -e "$stamp" ] && return 0
  rm -rf "$third_party"
  mkdir -p "$third_party"
  tar -xzf "$cache/rtmidi_5.0.0.orig.tar.gz" -C "$third_party"
  tar -xJf "$cache/boost1.74_1.74.0+ds1.orig.tar.xz" -C "$third_party" boost/libs/program_options/src \
    boost/LICENSE_1_0.txt
  touch "$stamp"
}

fetch_sources
extract_sources

# -O2 as on Linux: at -O3, GCC 12 warns falsely (-Wrestrict) inside libstdc++'s string operator+ (GCC bug 105329).
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchains/mingw-w64-x86_64.cmake" \
  -DMIDILOOP_THIRD_PARTY_DIR="$PWD/$third_party" >/dev/null
cmake --build "$build" -j2

# Wine with a prefix of its own, no window and no debug chatter. Mono and Gecko are not wanted (no
# .NET, no HTML engine) and would ask to be downloaded. The server is started here with nothing of
# ctest's pipes, or ctest would wait for it to close them; it is stopped on the way out.
export WINEPREFIX=$PWD/$build/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Without a display at all: an empty DISPLAY makes every start wait seconds for an X server.
unset DISPLAY
mkdir -p "$WINEPREFIX"
wineserver -p </dev/null >/dev/null 2>&1 || true  # already running for this prefix: fine
trap 'wineserver -k </dev/null >/dev/null 2>&1 || true' EXIT
wine wineboot --init </dev/null >/dev/null 2>&1
(cd "$build" && ctest --output-on-failure -j2 --timeout 300 -L windows)

version=$(sed -n 's/^project(midiloop VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
name=midiloop-$version-windows-x86_64
stage=$build/$name
rm -rf "$stage"
mkdir -p "$stage/licences" dist
# The same sources give the same zip: strip writes SOURCE_DATE_EPOCH into the PE header where it
# would write the time, and every file in the zip gets that time.
# Outside a git checkout: 1980-01-01, the earliest time a zip holds.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
SOURCE_DATE_EPOCH=$epoch x86_64-w64-mingw32-strip -o "$stage/midiloop.exe" "$build/midiloop.exe"
cp README.md "$stage/README.md"
cp LICENSE "$stage/LICENSE.txt"
# What the exe contains of others' work, with the notices their licences ask to be kept.
cp "$third_party/rtmidi-5.0.0/LICENSE" "$stage/licences/RtMidi.txt"
cp "$third_party/boost/LICENSE_1_0.txt" "$stage/licences/Boost.txt"
cp /usr/share/doc/nlohmann-json3-dev/copyright "$stage/licences/nlohmann-json.txt"
cp /usr/share/doc/mingw-w64-common/copyright "$stage/licences/mingw-w64-runtime.txt"
cp /usr/share/doc/gcc-mingw-w64-base/copyright "$stage/licences/gcc-runtime.txt"
find "$stage" -exec touch -d "@$epoch" {} +
rm -f "dist/$name.zip"
zip_path=$PWD/dist/$name.zip
(cd "$build" && find "$name" -type f | LC_ALL=C sort | zip -q -X -D "$zip_path" -@)
(cd dist && sha256sum "$name.zip" >"$name.zip.sha256")
echo "Wrote dist/$name.zip ($(stat -c %s "dist/$name.zip") bytes) and its .sha256."
