//go:build desktop || dev || bindings

package app

import (
	"context"
	"io/fs"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
)

// WindowOpener returns the function the CLI calls to open the Kluis window.
func WindowOpener(assets fs.FS, icon []byte) func(Config) error {
	return func(cfg Config) error { return runWindow(assets, icon, cfg) }
}

func runWindow(assets fs.FS, icon []byte, cfg Config) error {
	// wails dev builds only: the end-to-end tests may set the clock (clock_dev.go).
	now, err := scriptedClock(cfg.Logger)
	if err != nil {
		return err
	}
	if now != nil {
		cfg.Now = now
	}
	facades, lifecycle, err := New(cfg)
	if err != nil {
		return err
	}
	stopSleepWatch := func() {}
	return wails.Run(&options.App{
		Title:     "Kluis",
		Width:     1200,
		Height:    800,
		MinWidth:  900,
		MinHeight: 600,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 246, G: 247, B: 249, A: 1},
		// Trace level logs every call result in full; never go below Warning. The runtime's
		// lines go to the app's log without a call's arguments (WailsLog).
		Logger:             WailsLog{L: lifecycle.session.cfg.Logger},
		LogLevel:           logger.WARNING,
		LogLevelProduction: logger.ERROR,
		ErrorFormatter:     FormatError,
		OnStartup: func(ctx context.Context) {
			lifecycle.Startup(wailsPlatform{ctx: ctx})
			stopSleepWatch = watchLinuxSleep(lifecycle.session.cfg.Logger, lifecycle.Suspend)
		},
		OnShutdown: func(ctx context.Context) {
			stopSleepWatch()
			lifecycle.Shutdown()
		},
		Windows: &windows.Options{
			OnSuspend: lifecycle.Suspend,
		},
		Linux: &linux.Options{
			Icon:        icon,
			ProgramName: "kluis",
		},
		Bind: facades.Bindings(),
	})
}
