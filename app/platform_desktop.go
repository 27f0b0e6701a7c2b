//go:build desktop || dev || bindings

package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// wailsPlatform reaches the real window through the Wails runtime.
type wailsPlatform struct{ ctx context.Context }

func (p wailsPlatform) Emit(event string, payload any) { runtime.EventsEmit(p.ctx, event, payload) }

func (p wailsPlatform) SaveFile(title, defaultName, filterName, pattern string) (string, error) {
	if path, ok := scriptedSaveFile(defaultName); ok {
		return path, nil
	}
	return runtime.SaveFileDialog(p.ctx, runtime.SaveDialogOptions{
		Title:           title,
		DefaultFilename: defaultName,
		Filters:         []runtime.FileFilter{{DisplayName: filterName, Pattern: pattern}},
	})
}

func (p wailsPlatform) OpenFile(title, filterName, pattern string) (string, error) {
	if path, ok := scriptedOpenFile(); ok {
		return path, nil
	}
	return runtime.OpenFileDialog(p.ctx, runtime.OpenDialogOptions{
		Title:   title,
		Filters: []runtime.FileFilter{{DisplayName: filterName, Pattern: pattern}},
	})
}
