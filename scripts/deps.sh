# Sourced by the other scripts: installs the Debian 12 packages midiloop needs, if missing.
# Uses apt-get directly as root, sudo otherwise.
midiloop_install_missing() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "midiloop: installing ${missing[*]}" >&2
  local run=()
  [ "$(id -u)" -ne 0 ] && run=(sudo)
  "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

MIDILOOP_BUILD_PACKAGES=(cmake make g++ pkg-config librtmidi-dev libjack-jackd2-dev libboost-program-options-dev nlohmann-json3-dev libgtest-dev)
MIDILOOP_TEST_PACKAGES=(jackd2 clang libclang-rt-14-dev python3-jsonschema chromium tmux groff-base)

# midiloop_build DIR [cmake options...]
midiloop_build() {
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_COMPILE_WARNING_AS_ERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}
