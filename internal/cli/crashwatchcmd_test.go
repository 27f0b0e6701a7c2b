package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/app"
	"kluis/internal/crashwatch"
)

// Rule: the window is watched for crashes from its log folder, and `kluis crash-watch` turns a
// crash output into a report there (without the panic's text) and a line in the window's log;
// a window that ended normally leaves neither.
func TestRule_TheWindowsCrashWatcherReportsInTheLogFolder(t *testing.T) {
	te := newTestEnv(t, nil)
	base, _ := te.UserConfigDir()
	logDir := filepath.Join(base, "Kluis", "logs")
	var watched string
	te.WatchCrashes = func(dir string) error { watched = dir; return nil }
	te.OpenWindow = func(app.Config) error { return nil }
	if code := Run(nil, te.Env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, te.errOut)
	}
	if watched != logDir {
		t.Fatalf("the watcher got %q, want the log folder %q", watched, logDir)
	}

	quiet := newTestEnv(t, nil)
	if code := Run([]string{crashwatch.Command, "--dir", logDir}, quiet.Env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, quiet.errOut)
	}
	if path, _ := crashwatch.Latest(logDir); path != "" {
		t.Fatalf("a report after a normal end: %s", path)
	}

	const canary = "Canaryvogel 111222333"
	crashed := newTestEnv(t, nil)
	crashed.Stdin = strings.NewReader("panic: " + canary + "\n\ngoroutine 1 [running]:\nmain.main()\n\t/build/main.go:5 +0x1d\nexit status 2\n")
	if code := Run([]string{crashwatch.Command, "--dir", logDir}, crashed.Env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, crashed.errOut)
	}
	path, _ := crashwatch.Latest(logDir)
	report, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no report: %v", err)
	}
	log, err := os.ReadFile(filepath.Join(logDir, "kluis.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), "main.main(...)") || !strings.Contains(string(log), filepath.Base(path)) {
		t.Fatalf("report or log line missing:\n%s\n%s", report, log)
	}
	if strings.Contains(string(report)+string(log), "Canaryvogel") || strings.Contains(string(report)+string(log), "111222333") {
		t.Fatalf("the panic's text reached the report or the log:\n%s\n%s", report, log)
	}
}
