#!/usr/bin/env bash
# Every test: unit, CLI, the HTML report in a headless chromium, and end-to-end through a real JACK
# server the tests start themselves; then the unit tests again under AddressSanitizer and
# UndefinedBehaviorSanitizer, the parsers under libFuzzer, and the Windows build's tests under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
# Each step says when it began, so a slow CI run shows where its time went.
step() { echo "== $* (${SECONDS} s in)"; }
step "installing what is missing and building"
midiloop_install_missing "${MIDILOOP_BUILD_PACKAGES[@]}" "${MIDILOOP_TEST_PACKAGES[@]}"
midiloop_build build
# The committed example reports must be what this midiloop writes.
step "checking the example reports"
bash scripts/examples.sh --check
step "unit, CLI, browser and end-to-end tests"
(cd build && ctest --output-on-failure -j2 -LE live)
# Live conformance in real time at x1: each case on a JACK server of its own, mostly waiting on the
# wire, so several run side by side; the load test runs alone.
step "live conformance"
(cd build && ctest --output-on-failure -j4 -L live)
# The sanitizer build is also the Debug build a packager or a newcomer may make, at -O1: the
# sanitized unit tests take 75 s there against 320 s at -O0, for 100 s more of compiling.
# Only the unit tests' program is built there: the rest is tested above.
step "unit tests under AddressSanitizer and UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
  -DMIDILOOP_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)" --target midiloop_unit_tests
(cd build-asan && ctest --output-on-failure -j"$(nproc)" -L unit)
# The build type a packager most often makes builds without a warning (GCC at -O3 warns of things
# -O2 does not): RelWithDebInfo is build/, Debug build-asan/, Debian's flags the package's build.
step "building midiloop as Release"
midiloop_build build-release -DCMAKE_BUILD_TYPE=Release -DMIDILOOP_TESTS=OFF >/dev/null
# The Debian package, built with Debian's flags, installed into a clean root and run there.
step "the Debian package"
bash scripts/package.sh
# Every parser of what users feed in, under libFuzzer for a bounded time, each from its corpus;
# two at a time, one per core (each fuzzer is a single process).
step "fuzzing"
cmake -S tests/fuzz -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz -j"$(nproc)"
fuzz_logs=$(mktemp -d)
fuzz() {
  local target=$1 found status=0
  found=$(mktemp -d)
  ./build-fuzz/"${target}"_fuzz -max_total_time=15 -print_final_stats=1 "$found" tests/corpus/"${target}" \
    >"$fuzz_logs/$target.log" 2>&1 || status=$?
  rm -rf "$found"
  return "$status"
}
fuzz_failed=()
for pair in "syx quantity" "report model_spec"; do
  declare -A fuzz_pids=()
  for target in $pair; do
    fuzz "$target" &
    fuzz_pids[$target]=$!
  done
  for target in $pair; do wait "${fuzz_pids[$target]}" || fuzz_failed+=("$target"); done
  unset fuzz_pids
done
for target in syx quantity report model_spec; do
  echo "fuzzing the ${target} parser"
  tail -n 3 "$fuzz_logs/$target.log"
done
for target in "${fuzz_failed[@]}"; do
  echo "the ${target} fuzzer failed; the end of its log:"
  tail -n 40 "$fuzz_logs/$target.log"
done
rm -rf "$fuzz_logs"
[ "${#fuzz_failed[@]}" -eq 0 ]
# The Windows build: midiloop.exe cross-compiled, its tests run under Wine, the zip written to dist/.
step "the Windows build under Wine"
bash scripts/windows.sh
step "all passed"
