#!/usr/bin/env bash
# Builds what the runtime benchmark needs and runs it (prints figures; not a test).
set -euo pipefail
cd "$(dirname "$0")/../.."
export NODE_PATH=/usr/share/nodejs EMSDK_PYTHON=/usr/bin/python3
./scripts/setup.sh
cmake --preset native >/dev/null && cmake --build --preset native -j2 --target runtime_bench >/dev/null
cmake --preset wasm >/dev/null && cmake --build --preset wasm -j2 --target runtime_bench >/dev/null
mkdir -p build/artifacts
node bench/runtime/run.mjs build/native/bench/runtime/runtime_bench build/wasm/bench/runtime/runtime_bench.js \
  --json build/artifacts/runtime-bench.json "$@"
