#!/usr/bin/env bash
# Prints Kluis's version, derived from the nearest git tag vX.Y.Z[-pre]:
#   build/version.sh          the version shown by kluis --version, the About card and the PDFs:
#                             1.2.3 on the tag, 1.2.3-4-gabc1234 four commits later, -dirty with
#                             uncommitted changes, 0.0.0-dev+abc1234 without a tag (a shallow CI
#                             clone, or no release yet), 0.0.0-dev outside git.
#   build/version.sh numeric  X.Y.Z only, for Windows resources and the installer (0.0.0 without a tag)
#   build/version.sh deb      a Debian version that sorts like the releases: 1.2.3, 1.2.3+4.gabc1234,
#                             1.2.3~rc1 (before 1.2.3), 0.0.0~dev+abc1234
# KLUIS_DESCRIBE overrides `git describe` (tests, or a build from a source tarball).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-full}

describe=${KLUIS_DESCRIBE-}
if [ -z "$describe" ] && git rev-parse --git-dir >/dev/null 2>&1; then
  describe=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null || true)
  if [ -z "$describe" ]; then
    # No tag reachable: the commit alone, so two builds can still be told apart.
    describe=$(git rev-parse --short=7 HEAD 2>/dev/null || true)
    if [ -n "$describe" ]; then
      git update-index -q --refresh >/dev/null 2>&1 || true
      git diff-index --quiet HEAD -- 2>/dev/null || describe="$describe-dirty"
    fi
  fi
fi

# Taken apart from the end: -dirty, then git's -N-gHASH, then what is left is the tag.
dirty="" count="" hash="" tag=""
rest=$describe
if [[ $rest == *-dirty ]]; then dirty=1; rest=${rest%-dirty}; fi
if [[ $rest =~ ^(.*)-([0-9]+)-g([0-9a-f]+)$ ]]; then
  rest=${BASH_REMATCH[1]} count=${BASH_REMATCH[2]} hash=${BASH_REMATCH[3]}
fi
if [[ $rest =~ ^v?([0-9]+\.[0-9]+\.[0-9]+)(-([0-9A-Za-z.]+))?$ ]]; then
  tag=${BASH_REMATCH[1]} pre=${BASH_REMATCH[3]}
elif [[ $rest =~ ^[0-9a-f]{7,40}$ && -z $count ]]; then
  hash=$rest
elif [ -n "$rest" ]; then
  echo "build/version.sh: cannot read the version from '$describe' (tags look like v1.2.3)" >&2
  exit 1
fi

case $mode in
  full)
    if [ -n "$tag" ]; then
      out=$tag${pre:+-$pre}${count:+-$count-g$hash}${dirty:+-dirty}
    elif [ -n "$hash" ]; then
      out=0.0.0-dev+$hash${dirty:+.dirty}
    else
      out=0.0.0-dev
    fi ;;
  numeric)
    out=${tag:-0.0.0} ;;
  deb)
    if [ -n "$tag" ]; then
      out=$tag${pre:+~$pre}
      [ -n "$count" ] && out=$out+$count.g$hash
      [ -n "$dirty" ] && { [ -n "$count" ] && out=$out.dirty || out=$out+dirty; }
    elif [ -n "$hash" ]; then
      out=0.0.0~dev+$hash${dirty:+.dirty}
    else
      out=0.0.0~dev
    fi ;;
  *) echo "usage: build/version.sh [full|numeric|deb]" >&2; exit 2 ;;
esac
echo "$out"
