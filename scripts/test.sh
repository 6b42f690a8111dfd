#!/usr/bin/env bash
# Every test: unit, CLI and end-to-end through a real JACK server the tests start themselves;
# then the unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
midiloop_install_missing "${MIDILOOP_BUILD_PACKAGES[@]}" "${MIDILOOP_TEST_PACKAGES[@]}"
midiloop_build build
(cd build && ctest --output-on-failure -j2)
midiloop_build build-asan -DMIDILOOP_SANITIZE=ON
(cd build-asan && ctest --output-on-failure -L unit)
