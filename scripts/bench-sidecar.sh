#!/usr/bin/env bash
# Starts a sidecar on a synthetic chain (every slot ours, every account funded),
# runs `based bench` against it with the arguments given, prints the sidecar's
# CPU time and peak resident memory, and stops it. The figures in BENCHMARKS.md
# come from it, e.g.:
#   scripts/bench-sidecar.sh --rate 2000 --duration 10s --senders 256 --concurrency 64
# Knobs (environment): BENCH_PORT (RPC port, default 18645); BENCH_METRICS
# (metrics address; then the server's latency histogram is printed too);
# BENCH_SIDECAR_FLAGS (more `based run` flags, e.g. --metrics.pprof);
# BENCH_ENV (variables for the sidecar, e.g. GODEBUG=gctrace=1); BENCH_CLIENT_ENV
# (variables for `based bench`); BENCH_KEEPLOG
# (copy the sidecar's log there).
set -euo pipefail
cd "$(dirname "$0")/.."
make build >/dev/null
bin=bin/based
port=${BENCH_PORT:-18645}
dir=$(mktemp -d)
trap 'kill -9 "${pid:-}" 2>/dev/null || true; [ -z "${BENCH_KEEPLOG:-}" ] || cp "$dir/sidecar.log" "$BENCH_KEEPLOG"; rm -rf "$dir"' EXIT
env ${BENCH_ENV:-} "$bin" run --datadir "$dir" --metrics.addr "${BENCH_METRICS:-}" --rpc.addr "127.0.0.1:$port" \
  --preconf.synthetic-chain --preconf.max-count 100000000 --preconf.max-gas 1000000000000000 \
  --preconf.collateral 1000000000000000000000000000000 --preconf.sender-rate 0 --rpc.ip-rate 0 \
  ${BENCH_SIDECAR_FLAGS:-} >"$dir/sidecar.log" 2>&1 &
pid=$!
ready=
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ready=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$ready" ] || { echo "sidecar did not start:" >&2; cat "$dir/sidecar.log" >&2; exit 1; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
t0=$(ticks "$pid")
env ${BENCH_CLIENT_ENV:-} "$bin" bench --rpc "http://127.0.0.1:$port" "$@"
echo "sidecar CPU: $((($(ticks "$pid") - t0) * 1000 / $(getconf CLK_TCK))) ms"
grep VmHWM "/proc/$pid/status"
if [ -n "${BENCH_METRICS:-}" ] && command -v curl >/dev/null; then
  curl -fs "http://$BENCH_METRICS/metrics" | grep -E "^based_preconf_request_seconds" || true
fi
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
