#!/usr/bin/env bash
# Generates the Go bindings of the based contracts from forge's build artifacts.
# Usage: generate.sh FORGE ABIGEN OUTFILE (run from the repository root).
set -euo pipefail
forge=$1 abigen=$2 out=$3
"$forge" build --skip test --skip script >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One combined JSON, so that abigen declares the structs the contracts share only once.
node -e '
  const fs = require("fs");
  const combined = {contracts: {}, version: ""};
  for (const c of ["Registry", "RollupInbox", "PreconfSlasher"]) {
    const a = JSON.parse(fs.readFileSync(`contracts/out/${c}.sol/${c}.json`, "utf8"));
    combined.contracts[`contracts/src/${c}.sol:${c}`] = {abi: a.abi, bin: a.bytecode.object.replace(/^0x/, "")};
  }
  fs.writeFileSync(process.argv[1], JSON.stringify(combined));
' "$tmp/combined.json"
"$abigen" --combined-json "$tmp/combined.json" --pkg bindings --out "$out"
