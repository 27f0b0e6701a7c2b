#!/usr/bin/env bash
# Window smoke test: the production binary opens a window titled "Kluis" under Xvfb on a vault that
# kluis init created, and the screenshot shows a rendered page (not a blank window).
# Usage: .ci/smoke.sh [BINARY [NAME]]: BINARY defaults to ./build/bin/kluis (.ci/deb.sh passes the
# installed /usr/bin/kluis); NAME (default smoke) names the logs and the screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."
kluis=${1:-./build/bin/kluis}
name=${2:-smoke}
art=.ci/artifacts
mkdir -p "$art"
work=$(mktemp -d)
display=:$(( 90 + RANDOM % 9 ))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# A vault to unlock: created headless, like IT staff would.
KLUIS_PASSPHRASE='paard batterij nietje correct' "$kluis" init --vault "$work/vault" \
  --employer "Smoke BV" --kvk 12345678 --admin-name "Smoke Beheerder" --admin-email beheer@smoke.example \
  >"$art/$name-init.log" 2>&1 || { cat "$art/$name-init.log"; exit 1; }

Xvfb "$display" -screen 0 1280x860x24 -nolisten tcp >"$art/$name-xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.2; done

"$kluis" --vault "$work/vault" >"$art/$name-app.log" 2>&1 &
app=$!
pids+=($app)

found=""
for _ in $(seq 60); do
  if ! kill -0 "$app" 2>/dev/null; then echo "kluis exited early:"; cat "$art/$name-app.log"; exit 1; fi
  found=$(xdotool search --name '^Kluis$' 2>/dev/null | head -n1 || true)
  [ -n "$found" ] && break
  sleep 1
done
[ -n "$found" ] || { echo "no window titled Kluis appeared"; cat "$art/$name-app.log"; exit 1; }
echo "window $found titled Kluis is open"

# Give WebKit time to render the unlock screen (longer on a busy machine), then look at it.
colours=0
for _ in $(seq 40); do
  sleep 1
  kill -0 "$app" 2>/dev/null || { echo "kluis exited:"; cat "$art/$name-app.log"; exit 1; }
  import -window root "$art/$name.png"
  colours=$(identify -format '%k' "$art/$name.png")
  [ "$colours" -gt 20 ] && break
done
echo "screenshot $art/$name.png has $colours colours"
[ "$colours" -gt 20 ] || { echo "the window looks blank"; exit 1; }
