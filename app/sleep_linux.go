//go:build (desktop || dev || bindings) && linux

package app

import (
	"log/slog"

	"github.com/godbus/dbus/v5"
)

// watchLinuxSleep locks the vault when logind announces a suspend (PrepareForSleep(true)). Without
// a system bus (containers, CI) it logs once at debug level and does nothing: idle locking still
// applies. It returns a stop function.
func watchLinuxSleep(logger *slog.Logger, lock func()) (stop func()) {
	conn, err := dbus.ConnectSystemBus()
	if err != nil {
		logger.Debug("no system bus: the vault will not lock on suspend", "err", err)
		return func() {}
	}
	if err := conn.AddMatchSignal(
		dbus.WithMatchInterface("org.freedesktop.login1.Manager"),
		dbus.WithMatchMember("PrepareForSleep"),
	); err != nil {
		logger.Debug("cannot watch logind for suspend", "err", err)
		_ = conn.Close()
		return func() {}
	}
	signals := make(chan *dbus.Signal, 4)
	conn.Signal(signals)
	sleeping := make(chan bool)
	go func() {
		defer close(sleeping)
		for s := range signals {
			if s.Name == "org.freedesktop.login1.Manager.PrepareForSleep" && len(s.Body) == 1 {
				if v, ok := s.Body[0].(bool); ok {
					sleeping <- v
				}
			}
		}
	}()
	go watchSleep(sleeping, lock)
	return func() { _ = conn.Close() } // closing the connection closes signals, ending both goroutines
}
