//go:build (desktop || dev || bindings) && !linux

package app

import "log/slog"

// watchLinuxSleep is Linux-only; Windows reports suspend through Wails' OnSuspend.
func watchLinuxSleep(*slog.Logger, func()) (stop func()) { return func() {} }
