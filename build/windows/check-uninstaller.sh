#!/usr/bin/env bash
# The uninstaller must never delete the vault (%AppData%\Kluis\vault) or anything else that is not
# Kluis's own program file or shortcut. This reads the NSIS scripts given (project.nsi and the
# wails_tools.nsh that wails generated from it) and fails on any Delete or RMDir outside this list:
#   Delete "$INSTDIR\<file>"        one named file of the program (no wildcards)
#   Delete "$SMPROGRAMS\<name>.lnk" the Start-menu entry
#   Delete "$DESKTOP\<name>.lnk"    the desktop shortcut
#   RMDir "$INSTDIR"                the program folder, only when empty (no /r: an administrator
#                                   who installed into a folder that holds a vault keeps it)
# and on any Exec line that runs del, rd or Remove-Item.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: check-uninstaller.sh FILE.nsi..."; exit 2; }
bad=0
for f in "$@"; do
  n=0
  while IFS= read -r line; do
    n=$((n + 1))
    code=${line%%[#;]*}                       # drop comments
    code=$(sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//' <<<"$code")
    shopt -s nocasematch
    if [[ $code =~ ^(Delete|RMDir)([[:space:]]|$) ]]; then
      target=$(sed -E 's/^[A-Za-z]+[[:space:]]+//; s/^\/REBOOTOK[[:space:]]+//I; s/^"//; s/"$//' <<<"$code")
      ok=""
      case ${BASH_REMATCH[1],,} in
        delete)
          if [[ $target =~ ^\$INSTDIR\\[^\\*?]+$ || $target =~ ^\$(SMPROGRAMS|DESKTOP)\\[^\\*?]+\.lnk$ ]]; then ok=1; fi ;;
        rmdir)
          if [[ $target =~ ^\$INSTDIR$ ]]; then ok=1; fi ;;
      esac
      if [ -z "$ok" ]; then
        echo "$f:$n: the uninstaller may only delete Kluis's own files and shortcuts: $code"
        bad=1
      fi
    fi
    # Deleting through a command line (del, rd, Remove-Item) would bypass the list above.
    if [[ $code =~ ^(Exec|ExecWait|ExecShell|ExecShellWait|nsExec::[A-Za-z]+)([[:space:]]|$) ]] \
      && [[ $code =~ (^|[^[:alnum:]])(del|erase|rd|rmdir|Remove-Item)([^[:alnum:]]|$) ]]; then
      echo "$f:$n: the installer may not delete files through a command: $code"
      bad=1
    fi
    shopt -u nocasematch
  done <"$f"
done
[ $bad = 0 ] || { echo "see build/windows/check-uninstaller.sh: the vault in %AppData%\\Kluis must survive an uninstall"; exit 1; }
echo "uninstaller check: only program files and shortcuts are removed ($*)"
