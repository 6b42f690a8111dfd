#!/usr/bin/env bash
# The main job, with no hardware: test an emulated good interface and an emulated cheap cable,
# print both verdicts and write both JSON reports to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
midiloop_install_missing "${MIDILOOP_BUILD_PACKAGES[@]}"
midiloop_build build
mkdir -p out
status=0
for model in good cheap-fifo; do
  echo
  code=0
  ./build/midiloop run --emulate "$model" --report "out/$model.json" || code=$?
  echo "(exit code $code)"
  # 0 = safe, 1 = fails: both are verdicts. Anything else means the run itself went wrong.
  [ "$code" -le 1 ] || status=$code
done
exit "$status"
