#!/usr/bin/env bash
# Starts a sidecar on a synthetic chain (every slot ours, every account funded),
# runs `based bench` against it with the arguments given, prints the sidecar's
# peak resident memory, and stops it. Used for the figures in BENCHMARKS.md:
#   scripts/bench-sidecar.sh --rate 2000 --duration 10s --senders 256 --concurrency 64
set -euo pipefail
cd "$(dirname "$0")/.."
bin=bin/based
[ -x "$bin" ] || make build >/dev/null
port=${BENCH_PORT:-18645}
dir=$(mktemp -d)
trap 'kill -9 "${pid:-}" 2>/dev/null || true; [ -z "${BENCH_KEEPLOG:-}" ] || cp "$dir/sidecar.log" "$BENCH_KEEPLOG"; rm -rf "$dir"' EXIT
env ${BENCH_ENV:-} "$bin" run --datadir "$dir" --metrics.addr "${BENCH_METRICS:-}" --rpc.addr "127.0.0.1:$port" \
  --preconf.synthetic-chain --preconf.max-count 100000000 --preconf.max-gas 1000000000000000 \
  --preconf.collateral 1000000000000000000000000000000 --preconf.sender-rate 0 --rpc.ip-rate 0 \
  ${BENCH_SIDECAR_FLAGS:-} >"$dir/sidecar.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$dir/sidecar.log"; exit 1; }
  sleep 0.1
done
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
t0=$(ticks "$pid")
"$bin" bench --rpc "http://127.0.0.1:$port" "$@" &
bench=$!
wait "$bench"
echo "sidecar CPU: $(( ($(ticks "$pid") - t0) * 1000 / $(getconf CLK_TCK) )) ms"
grep VmHWM "/proc/$pid/status"
[ -z "${BENCH_METRICS:-}" ] || curl -fs "http://$BENCH_METRICS/metrics" | grep -E "^based_preconf_request_seconds" || true
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
