package app

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Rule: the window runtime's log never carries a call's arguments. A bound method that panics
// is logged by Wails' dispatcher as fmt.Sprintf("process message error: %s -> %s", message,
// err) (wails v2.11.0, internal/frontend/dispatcher/dispatcher.go), message being the call with
// its arguments; WailsLog keeps the method and the panic only.
func TestRule_TheWindowRuntimesLogNeverCarriesACallsArguments(t *testing.T) {
	var out bytes.Buffer
	w := WailsLog{L: slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	call := `C{"name":"main.Directory.UpdateEmployee","args":["3f1c",{"surname":"Canarie-Wails","bsn":"111222333","note":"a -> b"}],"callbackID":"main.Directory.UpdateEmployee-1907"}`
	w.Error(fmt.Sprintf("process message error: %s -> %s", call, "runtime error: index out of range [3] with length 2"))
	w.Warning(fmt.Sprintf("process message error: %s -> %s", call, "error parsing arguments: json: cannot unmarshal"))
	w.Trace(`json call result data: {"result":{"surname":"Canarie-Wails"},"callbackid":"x"}`)
	w.Debug("Canarie-Wails")
	w.Error("Unable to open default system browser")
	got := out.String()
	for _, canary := range []string{"Canarie", "111222333", "3f1c", "a -> b"} {
		if strings.Contains(got, canary) {
			t.Errorf("the log holds %q:\n%s", canary, got)
		}
	}
	for _, want := range []string{"main.Directory.UpdateEmployee", "index out of range [3] with length 2",
		"error parsing arguments", "Unable to open default system browser"} {
		if !strings.Contains(got, want) {
			t.Errorf("the log lacks %q:\n%s", want, got)
		}
	}
}
