#!/usr/bin/env bash
# Cross-builds build/bin/kluis.exe for windows/amd64 with wails build and, with --installer, the
# NSIS installer build/bin/kluis-<version>-amd64-installer.exe (Debian's makensis).
#
# Wails takes the Windows version resource and the installer's numbers from wails.json's
# info.productVersion, which must be X.Y.Z. The version comes from git tags (build/version.sh), so
# wails runs on a copy of the project in a temporary folder whose wails.json carries it: the
# checkout is never edited (a release build is not "-dirty"), and nothing wails generates
# (wails_tools.nsh, the WebView2 bootstrapper, bindings) lands in it.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
installer=""
[ "${1-}" = "--installer" ] && installer=1

wails=${WAILS:-wails}
version=$(build/version.sh)
numeric=$(build/version.sh numeric)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
tar -C "$root" --exclude=./.git --exclude=./frontend/node_modules --exclude=./build/bin \
  --exclude=./.ci/artifacts --exclude=./frontend/e2e/artifacts -cf - . | tar -C "$stage" -xf -

grep -q '"productVersion": "[^"]*"' "$stage/wails.json" \
  || { echo "wails.json has no info.productVersion to set"; exit 1; }
sed -i "s/\"productVersion\": \"[^\"]*\"/\"productVersion\": \"$numeric\"/" "$stage/wails.json"
# The exe's ProductVersion string may say more than X.Y.Z: the full version, as kluis --version.
sed -i "s/\"ProductVersion\": \"{{.Info.ProductVersion}}\"/\"ProductVersion\": \"$version\"/" \
  "$stage/build/windows/info.json"
# The full version (1.2.3-4-gabc1234, 0.0.0-dev+abc1234) for the installer's title, its file name
# and Windows' "Apps" list; project.nsi includes this file.
printf '!define KLUIS_VERSION "%s"\n' "$version" >"$stage/build/windows/installer/version.nsh"

echo "Building Kluis $version (Windows resources $numeric) for windows/amd64"
(cd "$stage" && "$wails" build -platform windows/amd64 -tags desktop -m -nosyncgomod -s -skipbindings -trimpath \
  -ldflags "-X kluis/internal/version.value=$version" -o kluis.exe ${installer:+-nsis})

mkdir -p build/bin
cp "$stage/build/bin/kluis.exe" build/bin/kluis.exe
if [ -n "$installer" ]; then
  out="kluis-$version-amd64-installer.exe"
  [ -f "$stage/build/bin/$out" ] || { echo "wails made no installer (is makensis installed?)"; exit 1; }
  # Keep the scripts makensis compiled, so the uninstaller check reads what was really used.
  rm -rf build/bin/nsis && mkdir -p build/bin/nsis
  cp "$stage"/build/windows/installer/{project.nsi,wails_tools.nsh,version.nsh} build/bin/nsis/
  bash build/windows/check-uninstaller.sh build/bin/nsis/project.nsi build/bin/nsis/wails_tools.nsh
  rm -f build/bin/kluis-*-amd64-installer.exe
  cp "$stage/build/bin/$out" "build/bin/$out"
  echo "build/bin/$out"
fi
echo "build/bin/kluis.exe"
