#!/usr/bin/env bash
# Window smoke test: the production binary opens a window titled "Kluis" under Xvfb on a vault that
# kluis init created, and the screenshot shows a rendered page (not a blank window).
set -euo pipefail
cd "$(dirname "$0")/.."
art=.ci/artifacts
mkdir -p "$art"
work=$(mktemp -d)
display=:$(( 90 + RANDOM % 9 ))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# A vault to unlock: created headless, like IT staff would.
KLUIS_PASSPHRASE='paard batterij nietje correct' ./build/bin/kluis init --vault "$work/vault" \
  --employer "Smoke BV" --kvk 12345678 --admin-name "Smoke Beheerder" --admin-email beheer@smoke.example \
  >"$art/init.log" 2>&1 || { cat "$art/init.log"; exit 1; }

Xvfb "$display" -screen 0 1280x860x24 -nolisten tcp >"$art/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.2; done

./build/bin/kluis --vault "$work/vault" >"$art/app.log" 2>&1 &
app=$!
pids+=($app)

found=""
for _ in $(seq 60); do
  if ! kill -0 "$app" 2>/dev/null; then echo "kluis exited early:"; cat "$art/app.log"; exit 1; fi
  found=$(xdotool search --name '^Kluis$' 2>/dev/null | head -n1 || true)
  [ -n "$found" ] && break
  sleep 1
done
[ -n "$found" ] || { echo "no window titled Kluis appeared"; cat "$art/app.log"; exit 1; }
echo "window $found titled Kluis is open"

# Give WebKit time to render the unlock screen, then look at it.
sleep 4
import -window root "$art/smoke.png"
colours=$(identify -format '%k' "$art/smoke.png")
echo "screenshot $art/smoke.png has $colours colours"
[ "$colours" -gt 20 ] || { echo "the window looks blank"; exit 1; }
