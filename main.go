// Command kluis is the Kluis desktop application and its command line.
//
// With no sub-command it opens the window (builds with the `desktop` tag); every sub-command runs
// headless, so a binary built without that tag needs no GTK or display. main only wires
// dependencies: the CLI in internal/cli decides what to run, app/ owns the window.
package main

import (
	"embed"
	"os"

	"kluis/app"
	"kluis/internal/cli"
	"kluis/internal/crashwatch"
)

// assets is the built frontend (frontend/dist). A .gitkeep keeps the folder present on a fresh
// clone so that headless builds and `go test ./...` work before the frontend is built.
//
//go:embed all:frontend/dist
var assets embed.FS

// icon is the window icon on Linux (Windows takes it from the resource wails build embeds).
//
//go:embed build/appicon.png
var icon []byte

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.Env{
		Stdin:         os.Stdin,
		Stdout:        os.Stdout,
		Stderr:        os.Stderr,
		Getenv:        os.Getenv,
		UserConfigDir: os.UserConfigDir,
		OpenWindow:    app.WindowOpener(assets, icon),
		WatchCrashes:  watchCrashes,
	}))
}

// watchCrashes runs this binary's crash watcher for the window (internal/crashwatch).
func watchCrashes(logDir string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	return crashwatch.Start(exe, logDir)
}
