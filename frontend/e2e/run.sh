#!/usr/bin/env bash
# End-to-end tests as a person would use Kluis: Xvfb + `wails dev` (the real Go backend, UI served
# with live bindings on localhost:34115) + Debian's chromium driven by Playwright (node:test).
# The kluis binary (seeding, the CLI steps, the arbo service) is built once per run; a "small
# seeded vault" is `kluis init` + `kluis import` of N synthetic employees, made once per N in the
# run and copied (cp -a) into each suite's own folder, so every suite starts from an untouched
# vault of its own. Every phase of a suite (setup, wails dev start, test, stop, after) prints its
# time as "[e2e HH:MM:SS +run-seconds] suite: phase N s"; a table of the suites' times ends the run.
# Fourteen suites, each with its own `wails dev` (backup has two):
#   first-run  an empty vault folder (create, kit, unlock, lock, passphrase change)
#   people     a vault seeded with `kluis init` + `kluis import` of KLUIS_E2E_EMPLOYEES (default
#              100,000) synthetic employees: the org tree, search, detail, forms and the import
#              screen (the open dialog is answered from KLUIS_E2E_OPEN_FILE, dev builds only)
#   sync       a small seeded vault and the reference arbo service (`kluis arbo-service` on
#              127.0.0.1): enrol in Beheer, share, sync, see it on the service's page, revoke
#   reports    a small seeded vault with the save dialog answered in a folder: the access export,
#              the share history, the statistics and the register; the PDFs rendered with pdftoppm
#   poortwachter  a small seeded vault with the clock set by the test (KLUIS_E2E_NOW, read by
#              `wails dev` builds only): sick reports whose steps are late, due or on schedule,
#              on Actueel and in the share panel
#   retention  a small seeded vault with the clock two years after some employees left: Actueel's
#              count, Beheer → Bewaartermijn, the erasure with its confirmation and phases
#   backup     a small seeded vault: the reminder on Actueel, Beheer → Back-up (the save dialog
#              answered from KLUIS_E2E_SAVE_DIR); then an empty folder: "Back-up terugzetten"
#              with that file (KLUIS_E2E_OPEN_FILE) and unlock
#   logbook    a small seeded vault: Beheer → Logboek (filter, check, CSV export) and a privacy
#              officer approved from an access request, who sees only the Logboek
#   help       a small seeded vault: "Help mij" at the locked window (only "Toegang aanvragen"),
#              then the import walkthrough with the keyboard, and a step whose control is missing
#   keyboard   an empty vault folder, keyboard only: create, import (KLUIS_E2E_OPEN_FILE), share,
#              request access and approve; axe-core on every screen in both themes (e2e/axe.mjs)
#   support    an empty vault folder: the signatory prompt after the first unlock, filled in; the
#              Ondersteuning page (helpdesk recorded, support block copied, no canary in it)
#   recent     a small seeded vault: "Laatst bezocht" under the tree, kept across lock and unlock;
#              "Mijn account" (own name and unlock e-mail; a user's new e-mail approved on Actueel)
#   conflict   the replica setup with PC B joined by `kluis join`; persnr 000002 imported with a
#              different surname on each PC before either replicates; PC A in the window: the
#              Actueel card, the dialog, the tree chip, resolved by keyboard; then B is clear too
#   replica    a real S3 server (versitygw from `make s3-server`) on 127.0.0.1; a small seeded vault
#              on "PC A" replicated with `kluis replicate --save` and a join code from `kluis device
#              invite`; then an empty folder ("PC B"): "Bestaande kluis koppelen" with that code,
#              unlock as the admin, the employees arrive, the status line, Beheer → Apparaten,
#              PC A removed from PC B
# KLUIS_E2E_ONLY=REGEX runs only the people tests whose names match (with the first, which unlocks).
# Usage: run.sh [first-run|people|sync|reports|poortwachter|retention|backup|logbook|help|keyboard|support|recent|replica|conflict]...   (default: all fourteen). Screenshots land in frontend/e2e/artifacts/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
art=frontend/e2e/artifacts
rm -rf "$art" && mkdir -p "$art"
work=$(mktemp -d)
display=:$(( 100 + RANDOM % 100 ))
wails_bin="$(go env GOPATH)/bin/wails"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(first-run people sync reports poortwachter retention backup logbook help keyboard support recent replica conflict)
pids=()
# Timestamps for every CI log: each phase of each suite (setup, wails dev start, test, stop, after)
# as it ends, each suite's total, and a table of the suites' totals at the end (a failed run too).
t_run=${EPOCHREALTIME/./}
phase_suite="" phase_name="" phase_t0=0 suite_t0=0
timings=()
secs() { printf '%d.%d' $(($1 / 1000000)) $(($1 % 1000000 / 100000)); }
stamp() { echo "[e2e $(date -u +%H:%M:%S) +$(secs $((${EPOCHREALTIME/./} - t_run)))s] $*"; }
# phase NAME: ends the running phase, printing how long it took, and starts NAME ("" only ends).
phase() {
  local t=${EPOCHREALTIME/./}
  if [ -n "$phase_name" ]; then stamp "$phase_suite: $phase_name $(secs $((t - phase_t0))) s"; fi
  phase_name=$1 phase_t0=$t
}
suite_begin() { phase_suite=$1 suite_t0=${EPOCHREALTIME/./}; phase setup; }
suite_end() {
  phase ""
  timings+=("$(printf '%-14s %7s s' "$phase_suite" "$(secs $((${EPOCHREALTIME/./} - suite_t0)))")")
  stamp "$phase_suite: done in $(secs $((${EPOCHREALTIME/./} - suite_t0))) s"
  phase_suite=""
}
print_timings() {
  echo "=== e2e timings"
  local l
  for l in "${timings[@]}"; do echo "  $l"; done
  if [ -n "$phase_suite" ]; then echo "  $phase_suite: stopped in phase ${phase_name:-?}"; fi
  echo "  total          $(secs $((${EPOCHREALTIME/./} - t_run))) s"
}
# stop_vite stops the Vite dev server of this checkout, which wails dev starts in a process group
# of its own (so killing wails dev's group leaves it listening on 5173).
stop_vite() {
  local v
  for v in $(pgrep -f "$root/frontend/node_modules/.bin/vite" 2>/dev/null); do kill -TERM "$v" 2>/dev/null || true; done
}
# cleanup runs on every exit, a failed suite too (set -e): Xvfb, wails dev and its Vite server.
cleanup() {
  print_timings
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  stop_vite
  sleep 1
  for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

port_busy() { curl -s -o /dev/null --max-time 2 http://localhost:34115/; }
if port_busy; then
  echo "port 34115 is already in use (another wails dev?); stop it first" >&2
  exit 1
fi

setsid Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >"$art/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.2; done

dev=""
# start_dev VAULT LOG: wails dev on the vault folder, waiting until the UI and the IPC answer.
start_dev() {
  phase "wails dev start"
  # -m/-nosyncgomod: never let wails rewrite go.mod; bindings are committed (make check-bindings).
  # -s: no `npm run build` of frontend/dist at every start; the window loads the UI from the Vite
  # dev server that wails dev starts (frontend:dev:watcher), never from dist.
  setsid "$wails_bin" dev -tags desktop -s -m -nosyncgomod -skipbindings -noreload -loglevel Warning \
    -appargs "--vault $1" >"$art/$2" 2>&1 &
  dev=$!
  pids+=($dev)
  echo "waiting for wails dev on localhost:34115 (first build compiles WebKit bindings)…"
  local deadline=$((SECONDS + 600))
  while :; do
    if ! kill -0 "$dev" 2>/dev/null; then echo "wails dev exited:"; tail -50 "$art/$2"; exit 1; fi
    if curl -s --max-time 2 http://localhost:34115/ | grep -qi '<html'; then break; fi
    [ "$SECONDS" -lt "$deadline" ] || { echo "wails dev did not come up in 10 minutes"; tail -50 "$art/$2"; exit 1; }
    sleep 0.25
  done
  sleep 2 # the IPC websocket needs the Go app running, not only the asset server
  phase test
}

# build_kluis: the kluis binary, built once per run (at the first suite that needs it) into
# $work/bin/kluis; every suite's seeding and CLI steps use "$kluis".
kluis=""
build_kluis() {
  [ -z "$kluis" ] || return 0
  mkdir -p "$work/bin"
  go build -o "$work/bin/kluis" .
  kluis="$work/bin/kluis"
}

# seed_small DIR N: a vault in DIR/vault (kluis init, its admin Petra) with N synthetic employees
# imported, and their CSV in DIR/employees.csv. Each size is seeded once per run (init with its
# key derivation calibration, import) into $work/seed-N, then copied with cp -a for every suite:
# each suite starts from its own untouched copy (suites write to their vault), and no process
# has the seed folder open while it is copied.
seed_small() {
  local seed=$1 tmpl="$work/seed-$2"
  build_kluis
  if [ ! -d "$tmpl/vault" ]; then
    mkdir -p "$tmpl"
    node frontend/e2e/make-employees.mjs "$2" "$tmpl/employees.csv"
    KLUIS_PASSPHRASE='paard batterij nietje correct' "$kluis" init --vault "$tmpl/vault" --employer "Zorggroep De Linde B.V." \
      --kvk 12345678 --admin-name "Petra de Beheerder" --admin-email petra@delinde.example --recovery-kit "$tmpl/kit.pdf" >/dev/null
    KLUIS_PASSPHRASE='paard batterij nietje correct' "$kluis" import --vault "$tmpl/vault" "$tmpl/employees.csv" >/dev/null 2>&1
  fi
  mkdir -p "$seed"
  cp -a "$tmpl/vault" "$seed/vault"
  cp -a "$tmpl/employees.csv" "$tmpl/kit.pdf" "$seed/"
}

stop_dev() {
  phase stop
  kill -TERM -- "-$dev" 2>/dev/null || true
  for _ in $(seq 50); do port_busy || break; sleep 0.2; done
  kill -KILL -- "-$dev" 2>/dev/null || true
  wait "$dev" 2>/dev/null || true
  stop_vite
  sleep 1
  phase after
}

for suite in "${suites[@]}"; do
  suite_begin "$suite"
  case "$suite" in
  first-run)
    start_dev "$work/vault" wails-dev-first-run.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_VAULT="$work/vault" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/first-run.test.mjs
    stop_dev
    ;;
  people)
    n=${KLUIS_E2E_EMPLOYEES:-100000}
    seed="$work/people"
    mkdir -p "$seed/save"
    export KLUIS_PASSPHRASE='paard batterij nietje correct'
    node frontend/e2e/make-employees.mjs "$n" "$seed/employees.csv"
    # A later payroll export for the import screen: one new employee, one changed, one ended,
    # with a persnr column whose header Kluis does not know (so the mapping step shows).
    node frontend/e2e/make-employees.mjs 3 "$seed/update.csv" "$((n - 1))" "Nr. werknemer"
    build_kluis
    "$kluis" init --vault "$seed/vault" --employer "Zorggroep De Linde B.V." --kvk 12345678 \
      --admin-name "Petra de Beheerder" --admin-email petra@delinde.example --recovery-kit "$seed/kit.pdf" >/dev/null
    t0=$(date +%s.%N)
    "$kluis" import --vault "$seed/vault" "$seed/employees.csv" 2>/dev/null | tail -1
    echo "seed import of $n employees: $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t0}") s"
    unset KLUIS_PASSPHRASE
    KLUIS_E2E_OPEN_FILE="$seed/update.csv" KLUIS_E2E_SAVE_DIR="$seed/save" start_dev "$seed/vault" wails-dev-people.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_EMPLOYEES="$n" KLUIS_E2E_SAVE_DIR="$seed/save" \
      node --test --test-concurrency=1 --test-reporter=spec ${KLUIS_E2E_ONLY:+--test-name-pattern="$KLUIS_E2E_ONLY"} frontend/e2e/people.test.mjs
    stop_dev
    ;;
  sync)
    seed="$work/sync"
    seed_small "$seed" 50
    # The reference arbo service on loopback, with a fresh one-time enrolment code.
    arbo_port=$(( 20000 + RANDOM % 20000 ))
    setsid "$kluis" arbo-service --listen "127.0.0.1:$arbo_port" --data "$seed/arbo" --name "Arbodienst Midden" \
      --enrol-code-file "$seed/enrol-code" >"$art/arbo-service.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do [ -s "$seed/enrol-code" ] && [ -s "$seed/arbo/admin-token" ] && break; sleep 0.1; done
    start_dev "$seed/vault" wails-dev-sync.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_ARBO_URL="http://127.0.0.1:$arbo_port" \
      KLUIS_E2E_ARBO_CODE="$(tr -d '[:space:]' <"$seed/enrol-code")" KLUIS_E2E_ARBO_TOKEN="$(tr -d '[:space:]' <"$seed/arbo/admin-token")" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/sync.test.mjs
    stop_dev
    ;;
  poortwachter)
    seed="$work/poortwachter"
    seed_small "$seed" 12
    # The backend's "today" (app/clock_dev.go); poortwachter.test.mjs writes its deadlines for it.
    now=2026-12-01T09:00:00Z
    KLUIS_E2E_NOW=$now start_dev "$seed/vault" wails-dev-poortwachter.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_NOW=$now \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/poortwachter.test.mjs
    stop_dev
    ;;
  reports)
    seed="$work/reports"
    seed_small "$seed" 12
    mkdir -p "$seed/save"
    KLUIS_E2E_SAVE_DIR="$seed/save" start_dev "$seed/vault" wails-dev-reports.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_SAVE_DIR="$seed/save" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/reports.test.mjs
    stop_dev
    # Every saved PDF as pictures, to look at (the first two pages of each).
    for f in "$seed"/save/*.pdf; do pdftoppm -png -r 60 -l 2 "$f" "$art/pdf-$(basename "$f" .pdf)"; done
    ;;
  retention)
    seed="$work/retention"
    seed_small "$seed" 30
    # Every ninth employee left on 31-03-2025 (make-employees.mjs): more than two years before now.
    now=2027-06-01T09:00:00Z
    KLUIS_E2E_NOW=$now start_dev "$seed/vault" wails-dev-retention.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_RETENTION_DUE=4 \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/retention.test.mjs
    stop_dev
    ;;
  backup)
    seed="$work/backup"
    seed_small "$seed" 12
    mkdir -p "$seed/save"
    KLUIS_E2E_SAVE_DIR="$seed/save" start_dev "$seed/vault" wails-dev-backup-make.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_PHASE=make KLUIS_E2E_SAVE_DIR="$seed/save" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/backup.test.mjs
    stop_dev
    file=$(ls "$seed"/save/*.kluisbak)
    KLUIS_E2E_OPEN_FILE="$file" start_dev "$seed/new-pc/vault" wails-dev-backup-restore.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_PHASE=restore \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/backup.test.mjs
    stop_dev
    ;;
  support)
    start_dev "$work/support-vault" wails-dev-support.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/support.test.mjs
    stop_dev
    ;;
  logbook)
    seed="$work/logbook"
    seed_small "$seed" 20
    mkdir -p "$seed/save"
    KLUIS_E2E_SAVE_DIR="$seed/save" start_dev "$seed/vault" wails-dev-logbook.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_SAVE_DIR="$seed/save" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/logbook.test.mjs
    stop_dev
    ;;
  help)
    seed="$work/help"
    seed_small "$seed" 12
    start_dev "$seed/vault" wails-dev-help.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/help.test.mjs
    stop_dev
    ;;
  keyboard)
    seed="$work/keyboard"
    mkdir -p "$seed"
    node frontend/e2e/make-employees.mjs 40 "$seed/employees.csv"
    KLUIS_E2E_OPEN_FILE="$seed/employees.csv" start_dev "$seed/vault" wails-dev-keyboard.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/keyboard.test.mjs
    stop_dev
    ;;
  recent)
    seed="$work/recent"
    seed_small "$seed" 12
    start_dev "$seed/vault" wails-dev-recent.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/recent.test.mjs
    stop_dev
    ;;
  conflict)
    seed="$work/conflict"
    seed_small "$seed" 12
    vgw=$(command -v versitygw || echo "$(go env GOPATH)/bin/versitygw")
    [ -x "$vgw" ] || { echo "versitygw is missing: run make s3-server" >&2; exit 1; }
    s3_port=$(( 20000 + RANDOM % 20000 ))
    s3_access=kluise2e$RANDOM
    s3_secret=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
    mkdir -p "$seed/s3/meta" "$seed/s3/data"
    setsid "$vgw" --access "$s3_access" --secret "$s3_secret" --port "127.0.0.1:$s3_port" --quiet \
      posix --sidecar "$seed/s3/meta" "$seed/s3/data" >"$art/versitygw-conflict.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$s3_port/" && break; sleep 0.1; done
    curl -s -f -o /dev/null -X PUT -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
      --user "$s3_access:$s3_secret" --aws-sigv4 "aws:amz:us-east-1:s3" "http://127.0.0.1:$s3_port/kluis-e2e"
    s3_url="http://127.0.0.1:$s3_port/kluis-e2e"
    pass='paard batterij nietje correct'
    s3env=(KLUIS_PASSPHRASE="$pass" KLUIS_S3_ACCESS_KEY="$s3_access" KLUIS_S3_SECRET_KEY="$s3_secret")
    env "${s3env[@]}" "$kluis" replicate --vault "$seed/vault" --bucket-url "$s3_url" --save --once >/dev/null
    join_code=$(KLUIS_PASSPHRASE="$pass" "$kluis" device invite --vault "$seed/vault" 2>/dev/null)
    env "${s3env[@]}" "$kluis" join --vault "$seed/pc-b" --code "$join_code" --bucket-url "$s3_url" >/dev/null
    env "${s3env[@]}" "$kluis" replicate --vault "$seed/pc-b" --bucket-url "$s3_url" --once >/dev/null
    # The same employee (persnr 000002) gets another surname on each PC before either replicates.
    for v in A B; do
      awk -F';' -v OFS=';' -v s="Versie-$v" 'NR == 1 || NR == 3 { if (NR == 3) $4 = s; print }' "$seed/employees.csv" >"$seed/edit-$v.csv"
    done
    KLUIS_PASSPHRASE="$pass" "$kluis" import --vault "$seed/vault" "$seed/edit-A.csv" >/dev/null
    sleep 1
    KLUIS_PASSPHRASE="$pass" "$kluis" import --vault "$seed/pc-b" "$seed/edit-B.csv" >/dev/null
    for v in "$seed/vault" "$seed/pc-b" "$seed/vault" "$seed/pc-b" "$seed/vault"; do
      env "${s3env[@]}" "$kluis" replicate --vault "$v" --bucket-url "$s3_url" --once >/dev/null
    done
    KLUIS_PASSPHRASE="$pass" "$kluis" conflicts --vault "$seed/pc-b" | tee "$art/conflicts-pc-b.txt"
    start_dev "$seed/vault" wails-dev-conflict.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/conflict.test.mjs
    stop_dev
    # The resolution on A reaches B: B's conflict is gone.
    for v in "$seed/vault" "$seed/pc-b"; do
      env "${s3env[@]}" "$kluis" replicate --vault "$v" --bucket-url "$s3_url" --once >/dev/null
    done
    KLUIS_PASSPHRASE="$pass" "$kluis" conflicts --vault "$seed/pc-b" | tee "$art/conflicts-pc-b-after.txt"
    grep -q "^no conflicts" "$art/conflicts-pc-b-after.txt" || { echo "PC B still shows the conflict" >&2; exit 1; }
    ;;
  replica)
    seed="$work/replica"
    seed_small "$seed" 12
    # A real S3 server on loopback with one bucket (created with curl's SigV4 signing).
    vgw=$(command -v versitygw || echo "$(go env GOPATH)/bin/versitygw")
    [ -x "$vgw" ] || { echo "versitygw is missing: run make s3-server" >&2; exit 1; }
    s3_port=$(( 20000 + RANDOM % 20000 ))
    s3_access=kluise2e$RANDOM
    s3_secret=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
    mkdir -p "$seed/s3/meta" "$seed/s3/data"
    setsid "$vgw" --access "$s3_access" --secret "$s3_secret" --port "127.0.0.1:$s3_port" --quiet \
      posix --sidecar "$seed/s3/meta" "$seed/s3/data" >"$art/versitygw.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$s3_port/" && break; sleep 0.1; done
    curl -s -f -o /dev/null -X PUT -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
      --user "$s3_access:$s3_secret" --aws-sigv4 "aws:amz:us-east-1:s3" "http://127.0.0.1:$s3_port/kluis-e2e"
    s3_url="http://127.0.0.1:$s3_port/kluis-e2e"
    # PC A: store the bucket in the vault, replicate everything, make a join code.
    KLUIS_PASSPHRASE='paard batterij nietje correct' KLUIS_S3_ACCESS_KEY="$s3_access" KLUIS_S3_SECRET_KEY="$s3_secret" \
      "$kluis" replicate --vault "$seed/vault" --bucket-url "$s3_url" --save --once
    join_code=$(KLUIS_PASSPHRASE='paard batterij nietje correct' "$kluis" device invite --vault "$seed/vault" 2>/dev/null)
    # PC A's audit objects are withheld: deleted behind the server's back (its announcement still
    # says how many it sent), so PC B must name PC A's part of the Logboek as incomplete.
    ls -d "$seed/s3/data/kluis-e2e"/*/audit >/dev/null || { echo "PC A sent no audit objects" >&2; exit 1; }
    rm -rf "$seed/s3/data/kluis-e2e"/*/audit
    # PC B: an empty folder in the window.
    start_dev "$seed/pc-b/vault" wails-dev-replica.log
    KLUIS_E2E_URL=http://localhost:34115/ KLUIS_E2E_ARTIFACTS="$art" KLUIS_E2E_S3_URL="$s3_url" KLUIS_E2E_S3_ACCESS="$s3_access" \
      KLUIS_E2E_S3_SECRET="$s3_secret" KLUIS_E2E_JOIN_CODE="$join_code" \
      node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/replica.test.mjs
    stop_dev
    # The secret was never written in clear into PC B's folder.
    if grep -rqF "$s3_secret" "$seed/pc-b/vault"; then echo "the bucket secret is in clear in the joined folder" >&2; exit 1; fi
    ;;
  *) echo "unknown suite $suite (first-run, people, sync, reports, poortwachter, retention, backup, logbook, help, keyboard, support, recent, replica, conflict)" >&2; exit 2 ;;
  esac
  suite_end
done
