Unicode true

####
## Kluis's Windows installer, compiled by Debian's makensis through `wails build -nsis`
## (build/windows/build.sh --installer, `make installer`). Wails writes wails_tools.nsh next to this
## file from the project (name, company, X.Y.Z version) and the WebView2 bootstrapper into tmp/;
## build.sh writes version.nsh with the full version from git tags.
##
## The uninstaller removes the program, its shortcuts and its Apps entry and NOTHING else: the
## vault lives in each user's %AppData%\Kluis\vault and stays. build/windows/check-uninstaller.sh
## fails the build on any other Delete or RMDir; keep it that way.
####
!define INFO_PROJECTNAME "kluis"
!define INFO_COMPANYNAME "Kluis"
!define INFO_PRODUCTNAME "Kluis"
!define PRODUCT_EXECUTABLE "kluis.exe"
!define UNINST_KEY_NAME "Kluis"

!include "wails_tools.nsh"
!include /NONFATAL "version.nsh"
!ifndef KLUIS_VERSION
    !define KLUIS_VERSION "${INFO_PRODUCTVERSION}"
!endif

# Windows' version fields need four numbers; the readable version goes in the strings.
VIProductVersion "${INFO_PRODUCTVERSION}.0"
VIFileVersion    "${INFO_PRODUCTVERSION}.0"

VIAddVersionKey /LANG=0 "CompanyName"     "${INFO_COMPANYNAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${INFO_PRODUCTNAME} Installer"
VIAddVersionKey /LANG=0 "ProductVersion"  "${KLUIS_VERSION}"
VIAddVersionKey /LANG=0 "FileVersion"     "${KLUIS_VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright"  "${INFO_COPYRIGHT}"
VIAddVersionKey /LANG=0 "ProductName"     "${INFO_PRODUCTNAME}"

ManifestDPIAware true

!include "MUI2.nsh"

!define MUI_ICON "..\icon.ico"
!define MUI_UNICON "..\icon.ico"
!define MUI_ABORTWARNING
# No "start Kluis" on the last page: the installer runs as administrator, and Kluis started from
# it would run as that administrator and open (or create) the administrator's vault.

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepsVault)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

# Dutch first: Windows picks the language of the user's display language, English otherwise.
!insertmacro MUI_LANGUAGE "Dutch"
!insertmacro MUI_LANGUAGE "English"

LangString KeepsVault ${LANG_DUTCH} "Alleen het programma Kluis wordt verwijderd. Uw kluis met alle gegevens blijft staan in %AppData%\Kluis\vault; verwijder die map zelf als u de gegevens echt kwijt wilt."
LangString KeepsVault ${LANG_ENGLISH} "Only the Kluis program is removed. Your vault with all its data stays in %AppData%\Kluis\vault; delete that folder yourself if you really want the data gone."

Name "${INFO_PRODUCTNAME} ${KLUIS_VERSION}"
OutFile "..\..\bin\${INFO_PROJECTNAME}-${KLUIS_VERSION}-${ARCH}-installer.exe"
InstallDir "$PROGRAMFILES64\${INFO_PRODUCTNAME}"
ShowInstDetails show
ShowUninstDetails show

Function .onInit
    !insertmacro wails.checkArchitecture
FunctionEnd

Section
    !insertmacro wails.setShellContext
    !insertmacro wails.webview2runtime

    SetOutPath $INSTDIR
    !insertmacro wails.files

    CreateShortcut "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"
    CreateShortcut "$DESKTOP\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"

    !insertmacro wails.writeUninstaller
    # The Apps list shows the full version (wails.writeUninstaller wrote the X.Y.Z one).
    WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${KLUIS_VERSION}"
SectionEnd

# Only what the installer put down: the program, the shortcuts, the Apps entry. Not RMDir /r: an
# administrator may have chosen a folder that also holds a vault. WebView2's cache in
# %AppData%\kluis.exe and the vault in %AppData%\Kluis stay (docs/INSTALL.md).
Section "uninstall"
    !insertmacro wails.setShellContext

    Delete "$INSTDIR\${PRODUCT_EXECUTABLE}"
    Delete "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk"
    Delete "$DESKTOP\${INFO_PRODUCTNAME}.lnk"

    !insertmacro wails.deleteUninstaller
    RMDir "$INSTDIR"
SectionEnd
