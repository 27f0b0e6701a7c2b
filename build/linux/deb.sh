#!/usr/bin/env bash
# Packs the desktop binary (make build) as build/bin/kluis_<version>_<arch>.deb for Debian 12 and
# Ubuntu 22.04: /usr/bin/kluis, a menu entry, an icon, and Depends computed by dpkg-shlibdeps from
# the libraries the binary links (GTK 3 and WebKitGTK 4.0 among them). The package has no
# maintainer scripts: dpkg removes exactly the files below, never a user's vault in
# ~/.config/Kluis.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/bin/kluis}
[ -x "$bin" ] || { echo "no $bin: run make build first"; exit 1; }

version=$(build/version.sh deb)
arch=$(dpkg --print-architecture)
out="build/bin/kluis_${version}_${arch}.deb"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root

install -D -m 0755 "$bin" "$root/usr/bin/kluis"
install -D -m 0644 build/linux/kluis.desktop "$root/usr/share/applications/kluis.desktop"
install -D -m 0644 build/linux/kluis.png "$root/usr/share/icons/hicolor/256x256/apps/kluis.png"

# dpkg-shlibdeps wants a debian/control to read the package's name from.
mkdir -p "$work/src/debian"
printf 'Source: kluis\n\nPackage: kluis\nArchitecture: any\n' >"$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O -e"$root/usr/bin/kluis" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
for needed in libgtk-3-0 libwebkit2gtk-4.0-37; do
  [[ $depends == *"$needed"* ]] || { echo "dpkg-shlibdeps found no $needed in: $depends"; exit 1; }
done

mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: kluis
Version: $version
Architecture: $arch
Maintainer: Kluis <dev@kluis.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Section: utils
Priority: optional
Description: encrypted personal-data vault for employers
 Kluis keeps an employer's personal data of employees (payroll import,
 sick reports, shares with the arbo service) encrypted on the employer's PC.
 Run "kluis" for the window or "kluis --help" for the command line.
 .
 Removing the package keeps every vault (~/.config/Kluis/vault by default).
CONTROL

# Reproducible: files dated at the commit, owned by root.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
rm -f build/bin/kluis_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
dpkg-deb --info "$out" | sed -n '/Package:/,/Description:/p'
echo "$out"
