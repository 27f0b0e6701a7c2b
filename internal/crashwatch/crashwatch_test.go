package crashwatch

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const canary = "canary-BSN-111222333-Jansen"

// TestMain plays the two other processes of a crash: the watcher (`<exe> crash-watch --dir
// DIR`, as Start runs it) and the window that crashes (CRASHWATCH_CHILD names how).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == Command {
		fs := flag.NewFlagSet(Command, flag.ExitOnError)
		dir := fs.String("dir", "", "")
		_ = fs.Parse(os.Args[2:])
		if _, err := Watch(os.Stdin, *dir, time.Now); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	if mode := os.Getenv("CRASHWATCH_CHILD"); mode != "" {
		crashAs(mode, os.Getenv("CRASHWATCH_DIR"))
	}
	os.Exit(m.Run())
}

// crashAs starts the watcher and then ends this process the way mode says.
func crashAs(mode, dir string) {
	if err := Start(os.Args[0], dir); err != nil {
		os.Exit(3)
	}
	done := make(chan struct{})
	switch mode {
	case "panic":
		time.Sleep(1100 * time.Millisecond) // the report's time is the crash's, not the start's
		go panicWithCanary()
	case "index":
		go indexOutOfRange(5)
	case "forged":
		go func() { panic(errors.New("runtime error: " + canary)) }()
	case "clean":
		os.Exit(0)
	}
	<-done
}

func panicWithCanary() { panic("employee " + canary) }

func indexOutOfRange(i int) {
	s := []int{1, 2, 3}
	_ = s[i]
}

// crash runs this test binary as a window that crashes as mode says and returns the report the
// watcher wrote ("" if none came within a few seconds).
func crash(t *testing.T, mode string, wait time.Duration) string {
	report, _, _ := crashAt(t, mode, wait)
	return report
}

// crashAt is crash, with when the child started and when the report says it crashed.
func crashAt(t *testing.T, mode string, wait time.Duration) (report string, started, at time.Time) {
	t.Helper()
	dir := t.TempDir()
	started = time.Now()
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), "CRASHWATCH_CHILD="+mode, "CRASHWATCH_DIR="+dir)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if mode != "clean" && !errors.As(err, &ee) {
		t.Fatalf("the child did not crash (%v): %s", err, out)
	}
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if path, at := Latest(dir); path != "" {
			time.Sleep(100 * time.Millisecond) // written in one call; let it land
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if info, _ := os.Stat(path); info.Mode().Perm()&0o077 != 0 {
				t.Errorf("the report is readable by others: %v", info.Mode())
			}
			return string(b), started, at
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "", started, time.Time{}
}

// Rule: a panic on any goroutine of the window leaves a report of where it happened, without
// the panic's own text (it can quote a person's data).
func TestRule_ACrashLeavesAReportOfWhereButNotWhatThePanicSaid(t *testing.T) {
	report, started, at := crashAt(t, "panic", 10*time.Second)
	if report == "" {
		t.Fatal("no crash report was written")
	}
	if at.Before(started.Truncate(time.Second).Add(time.Second)) {
		t.Errorf("the report is named for %v, the window started at %v and crashed more than a second later", at, started)
	}
	for _, want := range []string{"Kluis stopped unexpectedly", "panic: (text not kept)", "crashwatch.panicWithCanary(...)", "crashwatch_test.go:", "goroutine "} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, canary) || strings.Contains(report, "111222333") {
		t.Fatalf("the report carries the panic's text:\n%s", report)
	}
}

// Rule: a runtime error's own words are kept: they say what went wrong and quote nobody.
func TestRule_ARuntimeErrorKeepsTheRuntimesWords(t *testing.T) {
	report := crash(t, "index", 10*time.Second)
	if !strings.Contains(report, "panic: runtime error: index out of range [5] with length 3") {
		t.Fatalf("the runtime error is not in the report:\n%s", report)
	}
	if !strings.Contains(report, "crashwatch.indexOutOfRange(...)") {
		t.Fatalf("the function is not in the report:\n%s", report)
	}
}

// Rule: a panic whose text only looks like the runtime's ("runtime error: …") is not kept.
func TestRule_APanicDressedAsARuntimeErrorIsNotKept(t *testing.T) {
	report := crash(t, "forged", 10*time.Second)
	if report == "" || strings.Contains(report, canary) {
		t.Fatalf("a forged runtime error's text is in the report (or no report):\n%s", report)
	}
}

// Rule: a window that ends normally leaves no report.
func TestRule_ANormalEndLeavesNoReport(t *testing.T) {
	if report := crash(t, "clean", 1500*time.Millisecond); report != "" {
		t.Fatalf("a report after a normal end:\n%s", report)
	}
}

// Rule: Sanitize drops the functions' argument words and any text it does not know.
func TestSanitizeDropsArgumentsAndUnknownText(t *testing.T) {
	raw := "SIGQUIT: quit\nPC=0x49b901 m=0 sigcode=0\nrax    0xca\n\n" + "panic: " + canary + "\nsecond line of the panic " + canary + " [recovered]\n\n" +
		"goroutine 7 [running]:\nkluis/internal/people.(*Directory).load(0xc000123456, {0x" + "111222333" + ", 0x9})\n" +
		"\t/build/kluis/internal/people/load.go:88 +0x1d\ncreated by kluis/internal/people.Start in goroutine 1\n" +
		"\t/build/kluis/internal/people/load.go:20 +0x5\nsomething else " + canary + "\n" +
		"\ngoroutine 0 gp=0x1c82cc0 m=0 mp=0x1c842a0 [idle]:\n" +
		"runtime.futex(0x1c843f8, 0x80)\n\truntime/sys_linux_amd64.s:569 +0x21 fp=0x7ffe64959c90 sp=0x7ffe64959c88 pc=0x49b901\n"
	got := Sanitize([]byte(raw))
	if strings.Contains(got, canary) || strings.Contains(got, "111222333") || strings.Contains(got, "rax") {
		t.Fatalf("sanitized output keeps data or registers:\n%s", got)
	}
	for _, want := range []string{"panic: (text not kept)", "kluis/internal/people.(*Directory).load(...)", "\t/build/kluis/internal/people/load.go:88 +0x1d", "created by kluis/internal/people.Start in goroutine 1", "are not kept", "SIGQUIT: quit",
		"goroutine 0 gp=0x1c82cc0 m=0 mp=0x1c842a0 [idle]:", "runtime.futex(...)", "\truntime/sys_linux_amd64.s:569 +0x21 fp="} {
		if !strings.Contains(got, want) {
			t.Errorf("sanitized output lacks %q:\n%s", want, got)
		}
	}
	if _, at := Latest(filepath.Join(t.TempDir(), "none")); !at.IsZero() {
		t.Error("Latest of an empty folder found a report")
	}
}
