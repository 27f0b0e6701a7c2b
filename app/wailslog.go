package app

import (
	"log/slog"
	"regexp"
	"strings"
)

// WailsLog carries the window runtime's own log lines into the app's log, without what a
// window call carried. Wails logs a bound method that panicked as "process message error:
// <the call as JSON, its arguments included> -> <the panic>" (its dispatcher recovers the
// panic; since recovered.go, only a method without an error result still panics into it), and
// those arguments can be a name, a BSN or a passphrase: a line that holds a call's arguments
// keeps only the method's name and what went wrong. Its methods are those of Wails'
// logger.Logger (window_desktop.go passes it as options.App.Logger); trace and debug lines
// (Wails' trace logs every call's result in full) are dropped whatever the level says.
type WailsLog struct{ L *slog.Logger }

func (w WailsLog) Print(m string)   { w.L.Info("window: " + withoutCallArguments(m)) }
func (w WailsLog) Trace(string)     {}
func (w WailsLog) Debug(string)     {}
func (w WailsLog) Info(m string)    { w.L.Info("window: " + withoutCallArguments(m)) }
func (w WailsLog) Warning(m string) { w.L.Warn("window: " + withoutCallArguments(m)) }
func (w WailsLog) Error(m string)   { w.L.Error("window: " + withoutCallArguments(m)) }

// Fatal is Wails' last word before the process ends (its own logger exits too).
func (w WailsLog) Fatal(m string) { w.L.Error("window: fatal: " + withoutCallArguments(m)) }

// callName finds the method a call message names ({"name":"main.Session.Unlock",...}).
var callName = regexp.MustCompile(`"name"\s*:\s*"([A-Za-z0-9_.]{1,200})"`)

// withoutCallArguments returns m, or, when m holds a window call's arguments, only the call's
// method and the text after its last " -> " (the error the dispatcher appended).
func withoutCallArguments(m string) string {
	if !strings.Contains(m, `"args"`) && !strings.Contains(m, `"callbackID"`) {
		return m
	}
	method := "unknown"
	if sub := callName.FindStringSubmatch(m); sub != nil {
		method = sub[1]
	}
	failure := "(no error text)"
	if i := strings.LastIndex(m, " -> "); i >= 0 {
		failure = m[i+len(" -> "):]
	}
	return "a call of " + method + " failed (its arguments are not logged): " + failure
}
