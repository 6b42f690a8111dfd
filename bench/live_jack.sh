#!/usr/bin/env bash
# The live path's figures, measured here and now on a JACK server this script starts (dummy driver,
# no realtime scheduling, as on CI): midiloop's native JACK link against 'midiloop emulate good', at
# the MIDI wire's own speed (x1).
#
#   bash bench/live_jack.sh [PERIOD]      PERIOD in frames at 48 kHz, default 256
#
# Prints, from the run's own report:
#   - chunk start error of the paced tests: when each chunk was placed on the JACK graph minus when
#     its pacing asked for it, p50 and p99 in microseconds (one frame is 20.8 us);
#   - the drain rate of the throughput curve against the wire's 3125 B/s;
#   - the quick suite's wall time against the wire time of the bytes it sent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
midiloop_install_missing "${MIDILOOP_BUILD_PACKAGES[@]}" jackd2 python3
midiloop_build build >/dev/null
period=${1:-256}
server="midiloop-bench-$$"
work=$(mktemp -d)
cleanup() {
  [ -n "${emulator:-}" ] && kill "$emulator" 2>/dev/null && wait "$emulator" 2>/dev/null || true
  [ -n "${jackd:-}" ] && kill "$jackd" 2>/dev/null && wait "$jackd" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
JACK_NO_AUDIO_RESERVATION=1 jackd --no-realtime -n "$server" -d dummy -r 48000 -p "$period" >"$work/jackd.log" 2>&1 &
jackd=$!
jack_wait -s "$server" -w -t 10 >/dev/null 2>&1
export JACK_DEFAULT_SERVER=$server
./build/midiloop emulate good --api jack --name bench-good >"$work/emulate.log" 2>&1 &
emulator=$!
for _ in $(seq 100); do
  ./build/midiloop list --api jack 2>/dev/null | grep -q "bench-good:in" && break
  sleep 0.1
done
start=$(date +%s.%N)
# Any verdict is a measurement; only a run that wrote no report is a failure of the bench.
./build/midiloop run --api jack --out bench-good --in bench-good --suite quick --report "$work/report.json" \
  --no-progress >"$work/run.log" 2>&1 || true
[ -s "$work/report.json" ] || { cat "$work/run.log"; exit 1; }
end=$(date +%s.%N)
python3 - "$work/report.json" "$start" "$end" "$period" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
period = int(sys.argv[4])
paced = [t for t in report["tests"] if t["pacing"]["rate_bps"] or t["pacing"]["chunk_gap_us"]]
p50 = max(t["achieved_pacing"]["start_error_p50_us"] for t in paced)
p99 = max(t["achieved_pacing"]["start_error_p99_us"] for t in paced)
drain = report["throughput"]["drain_bps"]
sent = sum(t["bytes_sent"] for t in report["tests"])
sent += sum(s["bytes_sent"] for s in report["throughput"]["steps"])
wire = sent / 3125.0
print(f"JACK link, period {period} frames at 48 kHz ({period / 48:.2f} ms), {report['host']['xruns']} xruns")
print(f"  chunk start error of paced tests (worst test): p50 {p50:.1f} us, p99 {p99:.1f} us (one frame = 20.8 us)")
print(f"  drain rate of live good at x1: {drain:.1f} B/s = {drain / 3125:.4f} x the wire's 3125 B/s")
print(f"  latency median {report['latency']['median_ms']:.2f} ms after the host's {report['latency']['host_delay_ms']:.2f} ms")
print(f"  quick suite: {wall:.1f} s wall for {wire:.1f} s of wire time (SysEx tests and throughput curve) = {wall / wire:.2f}x")
disturbed = [t["id"] for t in report["tests"] if t.get("host_trouble")]
print(f"  verdict {report['verdict']}" + (f"; set aside for host trouble: {', '.join(disturbed)}" if disturbed else ""))
PY
