#!/usr/bin/env bash
# The binary as users meet it, one check per call: the same checks for the Linux midiloop and for
# midiloop.exe under Wine (tests/CMakeLists.txt runs each as a CTest test).
#
#   bash tests/cli/binary_checks.sh CHECK SOURCE_DIR [EMULATOR...] MIDILOOP
#
# Exits 0 when the check holds, 1 with what differed when it does not. The runs on an emulated
# interface must write the committed example reports (reports/examples/, which
# 'bash scripts/examples.sh --check' keeps current), byte for byte but for host_os, the operating
# system the run was on, and tool.revision, the commit the binary was built from. Windows writes "\r\n" to the console
# where POSIX writes "\n"; standard output is compared without the "\r".
set -uo pipefail

check=$1 source_dir=$2
shift 2
midiloop=("$@")  # [wine] midiloop[.exe]

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() {
  echo "FAIL ($check): $*" >&2
  failures=$((failures + 1))
}

# A path the program under test can open: Wine sees this machine's / as drive Z:.
native() {
  case "${midiloop[0]}" in
    *wine*) echo "Z:$1" ;;
    *) echo "$1" ;;
  esac
}

# run EXPECTED_CODE ARGS...: runs midiloop; its stdout and stderr (without "\r") in $scratch/out
# and $scratch/err.
run() {
  local expected=$1 code=0
  shift
  "${midiloop[@]}" "$@" >"$scratch/out.raw" 2>"$scratch/err.raw" || code=$?
  tr -d '\r' <"$scratch/out.raw" >"$scratch/out"
  tr -d '\r' <"$scratch/err.raw" >"$scratch/err"
  if [ "$code" -ne "$expected" ]; then
    fail "'midiloop $*' exited $code, not $expected; stderr:"
    head -n 20 "$scratch/err" >&2
  fi
}

says() {  # says FILE TEXT: FILE contains TEXT
  grep -qF -- "$2" "$1" || fail "$(basename "$1") does not say '$2'; it says:
$(head -n 20 "$1")"
}

# same_report NEW COMMITTED: equal once each one's own host_os is replaced by HOST_OS (a report's
# HTML shows it too), as scripts/examples.sh compares them.
same_report() {
  local new=$1 committed=$2 new_json=${1%.*}.json committed_json=${2%.*}.json
  normalised() {
    local host revision
    host=$(sed -n 's/^  "host_os": "\(.*\)",$/\1/p' "$2")
    revision=$(sed -n 's/^    "revision": "\(.*\)",\{0,1\}$/\1/p' "$2")
    HOST_OS=$host REVISION=$revision perl -pe 'BEGIN { $h = $ENV{HOST_OS}; $r = $ENV{REVISION} }
      s/\Q$h\E/HOST_OS/g if length $h; s/\Q$r\E/REVISION/g if length $r' "$1"
  }
  if ! diff -u <(normalised "$committed" "$committed_json") <(normalised "$new" "$new_json") >"$scratch/diff"; then
    fail "$(basename "$new") differs from $committed:
$(head -n 30 "$scratch/diff")"
  fi
}

# run_emulated MODEL EXIT_CODE: the suite on an emulated model writes the committed example.
run_emulated() {
  local model=$1 expected=$2
  SOURCE_DATE_EPOCH=1735689600 run "$expected" run --emulate "$model" --label "emulated $model" \
    --report "$(native "$scratch/$model.json")" --html "$(native "$scratch/$model.html")"
  local verdict
  verdict=$(sed -n 's/^  "verdict": "\(.*\)",$/\1/p' "$source_dir/reports/examples/$model.json")
  grep -qx "Verdict: $verdict" "$scratch/out" || fail "the run does not say 'Verdict: $verdict'"
  same_report "$scratch/$model.json" "$source_dir/reports/examples/$model.json"
  same_report "$scratch/$model.html" "$source_dir/reports/examples/$model.html"
}

examples=$source_dir/reports/examples
case "$check" in
  help)
    run 0 --help
    for command in guide list run models emulate check-file rehearse send compare report; do
      grep -qE "^  $command " "$scratch/out" || fail "--help does not list the command '$command'"
    done
    run 2 no-such-command
    says "$scratch/err" "no-such-command"
    ;;
  models)
    run 0 models
    for model in good cheap-fifo ch345 realtime-strip; do says "$scratch/out" "$model"; done
    ;;
  run_good) run_emulated good 0 ;;
  run_cheap_fifo) run_emulated cheap-fifo 0 ;;
  check_file)
    run 0 check-file "$(native "$source_dir/tests/corpus/syx/valid/machinedrum-like.syx")"
    says "$scratch/out" "machinedrum-like.syx"
    run 2 check-file "$(native "$source_dir/tests/corpus/syx/unterminated/file-ends-inside.syx")"
    ;;
  compare)
    reports=()
    for model in good cheap-fifo ch345 realtime-strip running-status-noteon; do
      reports+=("$(native "$examples/$model.json")")
    done
    run 0 compare "${reports[@]}" --format md
    diff -u "$examples/compare.md" "$scratch/out" >"$scratch/diff" ||
      fail "compare differs from reports/examples/compare.md:
$(head -n 20 "$scratch/diff")"
    ;;
  report_html)
    run 0 report "$(native "$examples/cheap-fifo.json")" --html "$(native "$scratch/cheap-fifo.html")"
    diff -q "$examples/cheap-fifo.html" "$scratch/cheap-fifo.html" >/dev/null ||
      fail "the page of the committed report differs from reports/examples/cheap-fifo.html"
    ;;
  list_without_devices)
    run 4 list
    says "$scratch/out" "winmm:"
    says "$scratch/err" "no MIDI API could list ports"
    ;;
  jack_absent)
    run 2 run --api jack --out 0 --in 0
    says "$scratch/err" "JACK (--api jack) is not part of this build"
    run 2 list --api jack
    says "$scratch/err" "is not part of this build"
    ;;
  emulate_absent)
    run 2 emulate good
    says "$scratch/err" "'midiloop emulate'"
    says "$scratch/err" "'midiloop run --emulate MODEL'"
    ;;
  *)
    echo "binary_checks.sh: no check '$check'" >&2
    exit 2
    ;;
esac
[ "$failures" -eq 0 ]
