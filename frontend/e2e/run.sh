#!/usr/bin/env bash
# End-to-end tests as a person would use Kluis: Xvfb + `wails dev` (the real Go backend, UI served
# with live bindings on localhost:34115) + Debian's chromium driven by Playwright (node:test).
# Screenshots land in frontend/e2e/artifacts/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
art=frontend/e2e/artifacts
rm -rf "$art" && mkdir -p "$art"
work=$(mktemp -d)
display=:$(( 100 + RANDOM % 100 ))
wails_bin="$(go env GOPATH)/bin/wails"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if curl -s -o /dev/null --max-time 2 http://localhost:34115/; then
  echo "port 34115 is already in use (another wails dev?); stop it first" >&2
  exit 1
fi

setsid Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >"$art/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.2; done

# -m/-nosyncgomod: never let wails rewrite go.mod; bindings are committed (make check-bindings).
setsid "$wails_bin" dev -tags desktop -m -nosyncgomod -skipbindings -noreload -loglevel Warning \
  -appargs "--vault $work/vault" >"$art/wails-dev.log" 2>&1 &
dev=$!
pids+=($dev)

echo "waiting for wails dev on localhost:34115 (first build compiles WebKit bindings)…"
for i in $(seq 600); do
  if ! kill -0 "$dev" 2>/dev/null; then echo "wails dev exited:"; tail -50 "$art/wails-dev.log"; exit 1; fi
  if curl -s --max-time 2 http://localhost:34115/ | grep -qi '<html'; then break; fi
  [ "$i" = 600 ] && { echo "wails dev did not come up in 10 minutes"; tail -50 "$art/wails-dev.log"; exit 1; }
  sleep 1
done
# The IPC websocket needs the Go app to be running, not only the asset server.
sleep 2

KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_VAULT="$work/vault" \
  node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/
