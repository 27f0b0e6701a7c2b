#!/usr/bin/env bash
# CI checks of the Windows artefacts `make installer` built: both are Windows executables of the
# right kind carrying the version from git, and the uninstaller check really catches an
# uninstaller that deletes more than Kluis's own files (it must fail on Wails' stock template).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(build/version.sh)
exe=build/bin/kluis.exe
installer=$(ls build/bin/kluis-*-amd64-installer.exe)

check_kind() {
  local kind
  kind=$(file -b "$1")
  echo "$1: $kind"
  [[ $kind == "$2"* ]] || { echo "$1 is not a $3"; exit 1; }
}
check_kind "$exe" "PE32+ executable (GUI) x86-64" "64-bit Windows GUI executable"
check_kind "$installer" "PE32 executable (GUI)" "Windows GUI executable"
[[ $(file -b "$installer") == *"Nullsoft Installer"* ]] || { echo "$installer is not an NSIS installer"; exit 1; }

# The version resources (UTF-16 strings) name the version kluis --version prints.
for f in "$exe" "$installer"; do
  strings -el "$f" | grep -qxF "$version" || { echo "$f does not carry the version $version"; exit 1; }
done
echo "both carry version $version"

# The installer unpacks exactly this kluis.exe (7z reads NSIS archives).
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
7z x -y -o"$unpacked" "$installer" kluis.exe >/dev/null
cmp -s "$unpacked/kluis.exe" "$exe" || { echo "$installer does not carry $exe"; exit 1; }
echo "the installer carries $exe"

# The scripts makensis compiled pass the check (make installer ran it too) ...
bash build/windows/check-uninstaller.sh build/bin/nsis/project.nsi build/bin/nsis/wails_tools.nsh
# ... and the check fails on Wails' stock project.nsi, whose uninstaller runs RMDir /r.
stock="$(go env GOMODCACHE)/github.com/wailsapp/wails/v2@$(go list -m -f '{{.Version}}' github.com/wailsapp/wails/v2)/pkg/buildassets/build/windows/installer/project.nsi"
if bash build/windows/check-uninstaller.sh "$stock" >/dev/null; then
  echo "check-uninstaller.sh accepted Wails' stock uninstaller (RMDir /r): the check is broken"; exit 1
fi
echo "check-uninstaller.sh rejects Wails' stock uninstaller, as it should"
