//go:build dev

package app

import (
	"os"
	"path/filepath"
)

// scriptedOpenFile answers the open dialog from KLUIS_E2E_OPEN_FILE in `wails dev` builds only,
// so the end-to-end tests can drive the import screen without a native dialog. Production
// builds (no dev tag) do not contain this file.
func scriptedOpenFile() (string, bool) {
	p := os.Getenv("KLUIS_E2E_OPEN_FILE")
	return p, p != ""
}

// scriptedSaveFile answers the save dialog with defaultName in KLUIS_E2E_SAVE_DIR (dev builds).
func scriptedSaveFile(defaultName string) (string, bool) {
	d := os.Getenv("KLUIS_E2E_SAVE_DIR")
	if d == "" {
		return "", false
	}
	return filepath.Join(d, defaultName), true
}
