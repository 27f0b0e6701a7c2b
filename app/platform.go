package app

import (
	"path/filepath"
	"strings"
)

// Platform is the one seam between the facades and the Wails runtime (tiny-rdm's platform split),
// so facades run in plain Go tests with a fake.
type Platform interface {
	// Emit sends an event to the frontend.
	Emit(event string, payload any)
	// SaveFile asks the user where to save a file; "" means they cancelled.
	SaveFile(title, defaultName, filterName, pattern string) (string, error)
	// OpenFile asks the user for a file to read; "" means they cancelled.
	OpenFile(title, filterName, pattern string) (string, error)
}

// noPlatform is the platform before the window started (and in headless tests).
type noPlatform struct{}

func (noPlatform) Emit(string, any) {}
func (noPlatform) SaveFile(string, string, string, string) (string, error) {
	return "", nil
}
func (noPlatform) OpenFile(string, string, string) (string, error) { return "", nil }

// askSavePath asks where to save a file of type ext (".pdf", ".eml") and returns the path with
// that extension, or "" when the user cancelled.
func askSavePath(p Platform, title, defaultName, filterName, ext string) (string, error) {
	path, err := p.SaveFile(title, defaultName, filterName, "*"+ext)
	if err != nil || path == "" {
		return "", err
	}
	if !strings.EqualFold(filepath.Ext(path), ext) {
		path += ext
	}
	return path, nil
}
