#!/usr/bin/env bash
# CI for the Debian package: install build/bin/kluis_*.deb with apt (which resolves its Depends),
# check what it put down, start the installed /usr/bin/kluis under Xvfb (.ci/smoke.sh), then remove
# it and check that it is gone, so the machine is as clean as before.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
deb=$(ls build/bin/kluis_*.deb)
[ "$(echo "$deb" | wc -l)" = 1 ] || { echo "want one .deb in build/bin, found: $deb"; exit 1; }

# No maintainer scripts: removing the package can only remove its own files, never a vault.
scripts=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -Ev '^\./$|^\./(control|md5sums)$' || true)
[ -z "$scripts" ] || { echo "the package has maintainer scripts: $scripts"; exit 1; }
if dpkg-query -W -f='${Status}' kluis 2>/dev/null | grep -q "install ok installed"; then
  echo "kluis is already installed here; refusing to replace and remove it"; exit 1
fi

removed=""
remove() { [ -n "$removed" ] || { removed=1; $SUDO apt-get remove -y -q kluis >/dev/null; }; }
trap remove EXIT
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "./$deb" >/dev/null

for f in /usr/bin/kluis /usr/share/applications/kluis.desktop /usr/share/icons/hicolor/256x256/apps/kluis.png; do
  [ -e "$f" ] || { echo "the package did not install $f"; exit 1; }
done
# The menu entry starts the installed binary, and that binary is the version being built.
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/kluis.desktop)
[ "$(command -v "$exec_line")" = /usr/bin/kluis ] || { echo "kluis.desktop runs '$exec_line', not /usr/bin/kluis"; exit 1; }
want="kluis $(build/version.sh)"
got=$(/usr/bin/kluis --version)
[ "$got" = "$want" ] || { echo "the installed kluis --version says '$got', want '$want'"; exit 1; }
echo "installed $deb: $got"

bash .ci/smoke.sh /usr/bin/kluis deb

remove
for f in /usr/bin/kluis /usr/share/applications/kluis.desktop; do
  [ ! -e "$f" ] || { echo "apt-get remove left $f behind"; exit 1; }
done
echo "removed kluis again"
