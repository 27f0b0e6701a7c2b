//go:build !desktop && !dev && !bindings

package app

import "io/fs"

// WindowOpener returns nil in a headless build: the CLI then explains that this binary has no
// window instead of failing on a missing GTK.
func WindowOpener(assets fs.FS, icon []byte) func(Config) error { return nil }
