#!/usr/bin/env bash
# The example reports in reports/examples/: five emulated interfaces, each as JSON and as HTML, and
# their comparison (compare.md and compare.html); and docs/images/report.png, the cheap cable's page in chromium.
#
#   bash scripts/examples.sh          regenerate them all
#   bash scripts/examples.sh --check  regenerate the reports into a temporary folder and compare
#                                     them with the committed ones; exit 1 when they are stale
#
# The runs use the emulator's virtual clock, so they are deterministic; SOURCE_DATE_EPOCH fixes
# their started_at. Only host_os (this machine's kernel) and tool.revision (the commit) vary: the
# check ignores them. The PNG is
# not checked: a rendering is not byte-reproducible. MIDILOOP_BUILD_DIR chooses the build folder
# (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh

check=false
case "${1-}" in
  "") ;;
  --check) check=true ;;
  *) echo "usage: bash scripts/examples.sh [--check]" >&2; exit 2 ;;
esac

build=${MIDILOOP_BUILD_DIR:-build}
if $check; then
  midiloop_install_missing "${MIDILOOP_BUILD_PACKAGES[@]}"
else
  midiloop_install_missing "${MIDILOOP_BUILD_PACKAGES[@]}" chromium
fi
midiloop_build "$build"
midiloop=$(cd "$build" && pwd)/midiloop
models=(good cheap-fifo ch345 realtime-strip running-status-noteon)
export SOURCE_DATE_EPOCH=1735689600  # 2025-01-01T00:00:00Z, fixed: a new date would make every example stale

# generate DIR: every model's report as JSON and HTML, and their comparison as compare.md and compare.html.
generate() {
  local dir=$1 model code reports=()
  mkdir -p "$dir"
  for model in "${models[@]}"; do
    reports+=("$dir/$model.json")
    code=0
    "$midiloop" run --emulate "$model" --label "emulated $model" --report "$dir/$model.json" \
      --html "$dir/$model.html" >/dev/null || code=$?
    # 0 = safe, 1 = fails: both are verdicts. Anything else means the run itself went wrong.
    if [ "$code" -gt 1 ]; then
      echo "examples: 'midiloop run --emulate $model' exited $code" >&2
      exit 1
    fi
  done
  "$midiloop" compare "${reports[@]}" --format md --html "$dir/compare.html" >"$dir/compare.md"
}

# normalise FROM TO: copies of the files with the host_os of FROM's reports replaced by HOST_OS and
# the commit midiloop was built from (tool.revision) by REVISION.
normalise() {
  local from=$1 to=$2 host revision file
  mkdir -p "$to"
  host=$(sed -n 's/^  "host_os": "\(.*\)",$/\1/p' "$from/good.json" 2>/dev/null || true)
  revision=$(sed -n 's/^    "revision": "\(.*\)",\{0,1\}$/\1/p' "$from/good.json" 2>/dev/null || true)
  for file in "$from"/*; do
    [ -e "$file" ] || continue
    HOST_OS=$host REVISION=$revision perl -pe 'BEGIN { $h = $ENV{HOST_OS}; $r = $ENV{REVISION} }
      s/\Q$h\E/HOST_OS/g if length $h; s/\Q$r\E/REVISION/g if length $r' "$file" >"$to/$(basename "$file")"
  done
}

if $check; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  generate "$tmp/generated"
  normalise "$tmp/generated" "$tmp/new"
  normalise reports/examples "$tmp/committed"
  if ! diff -ru "$tmp/committed" "$tmp/new" >"$tmp/diff"; then
    head -n 40 "$tmp/diff" >&2
    echo "reports/examples/ is stale: the reports midiloop writes now differ from the committed ones." >&2
    echo "Run 'bash scripts/examples.sh' and commit reports/examples/ and docs/images/report.png." >&2
    exit 1
  fi
  echo "reports/examples/ is up to date."
  exit 0
fi

rm -rf reports/examples
generate reports/examples
mkdir -p docs/images
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-dev-shm-usage \
  --no-first-run --user-data-dir="$profile" --hide-scrollbars --screenshot=docs/images/report.png \
  --window-size=1280,2040 "file://$PWD/reports/examples/cheap-fifo.html" >/dev/null 2>&1
echo "Wrote reports/examples/ (${models[*]}, compare.md, compare.html) and docs/images/report.png."
