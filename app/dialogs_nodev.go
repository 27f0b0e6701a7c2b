//go:build !dev

package app

// scriptedOpenFile: production and test builds always ask the user (see dialogs_dev.go).
func scriptedOpenFile() (string, bool) { return "", false }

// scriptedSaveFile: production and test builds always ask the user.
func scriptedSaveFile(string) (string, bool) { return "", false }
