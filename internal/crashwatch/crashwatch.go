package crashwatch

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
)

// Command is the sub-command of the binary that watches (Start runs `<exe> crash-watch --dir DIR`).
const Command = "crash-watch"

// ReportPrefix and ReportSuffix frame a report's file name: crash-20261204-154500.txt.
const (
	ReportPrefix = "crash-"
	ReportSuffix = ".txt"
)

// Start runs the watcher (exe crash-watch --dir dir) and sends this process's crash output to
// it; the watcher ends when this process does.
func Start(exe, dir string) error {
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("crashwatch: pipe: %w", err)
	}
	cmd := exec.Command(exe, Command, "--dir", dir)
	cmd.Stdin = r
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return fmt.Errorf("crashwatch: start the watcher: %w", err)
	}
	r.Close() // the watcher's end
	err = debug.SetCrashOutput(w, debug.CrashOptions{})
	w.Close() // SetCrashOutput keeps its own copy
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return fmt.Errorf("crashwatch: crash output: %w", err)
	}
	go func() { _ = cmd.Wait() }() // reap it when it ends
	return nil
}

// Watch reads r to its end (the crash output of the watched process) and, if anything came,
// writes the sanitized report into dir as crash-<time>.txt, the time now() says when the output
// has ended, and returns its path ("" when the process ended without a crash).
func Watch(r io.Reader, dir string, now func() time.Time) (string, error) {
	raw, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil && len(raw) == 0 {
		return "", err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", nil
	}
	at := now()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, ReportPrefix+at.UTC().Format("20060102-150405")+ReportSuffix)
	report := fmt.Sprintf("Kluis stopped unexpectedly at %s UTC.\n\n%s", at.UTC().Format("2006-01-02 15:04:05"), Sanitize(raw))
	if err := os.WriteFile(path, []byte(report), 0o600); err != nil {
		return "", err
	}
	return path, nil
}

// Latest returns the newest report in dir and when it was written ("" when there is none).
func Latest(dir string) (string, time.Time) {
	entries, _ := os.ReadDir(dir)
	var name string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ReportPrefix) && strings.HasSuffix(n, ReportSuffix) && n > name {
			name = n // the time in the name sorts as text
		}
	}
	if name == "" {
		return "", time.Time{}
	}
	at, err := time.Parse("20060102-150405", strings.TrimSuffix(strings.TrimPrefix(name, ReportPrefix), ReportSuffix))
	if err != nil {
		return "", time.Time{}
	}
	return filepath.Join(dir, name), at
}

var (
	goroutineLine = regexp.MustCompile(`^goroutine \d+( gp=\S+ m=\S+( mp=\S+)?)? \[[^\]]*\]:$`)
	frameLine     = regexp.MustCompile(`^([A-Za-z0-9_./*()\[\]{},:-]+)\(.*\)$`)
	sourceLine    = regexp.MustCompile(`^\t\S+\.(go|s):\d+( \+0x[0-9a-f]+)?( fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+)?$`)
	signalLine    = regexp.MustCompile(`^SIG[A-Z]+: [a-z ]+$`)
	createdBy     = regexp.MustCompile(`^created by [A-Za-z0-9_./*()\[\]{},:-]+( in goroutine \d+)?$`)
)

// Sanitize keeps of a Go crash output what the runtime itself wrote about the crash and where it
// happened: "runtime error: …", "fatal error: …", "[signal …]" and the goroutine headers, function
// names (arguments dropped), source lines and "created by" lines. Any other text, the panic's
// own message first of all, is left out and said to be.
func Sanitize(raw []byte) string {
	var out strings.Builder
	dropped := false
	inStacks := false
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		switch {
		case line == "":
			if inStacks {
				out.WriteString("\n")
			}
			continue
		case goroutineLine.MatchString(line), line == "runtime stack:":
			inStacks = true
			out.WriteString(line + "\n")
			continue
		}
		if !inStacks {
			kept, ok := runtimeWords(line)
			if ok {
				out.WriteString(kept + "\n")
			} else {
				dropped = true
			}
			continue
		}
		switch {
		case sourceLine.MatchString(line), createdBy.MatchString(line), line == "...additional frames elided...":
			out.WriteString(line + "\n")
		case frameLine.MatchString(line):
			out.WriteString(frameLine.FindStringSubmatch(line)[1] + "(...)\n")
		default:
			dropped = true
		}
	}
	if dropped {
		return "(the panic's own text and any other text are not kept here: they can quote personal data)\n\n" + out.String()
	}
	return out.String()
}

// runtimeError is the text of the runtime's own errors (runtime.Error), by shape: any value's
// text can start with "runtime error: ", so only these shapes are kept.
var runtimeError = regexp.MustCompile(`^panic: runtime error: (index out of range \[-?\d+\]( with length \d+)?|slice bounds out of range \[[-:\d%x]*\]( with (length|capacity) \d+)?|invalid memory address or nil pointer dereference|integer divide by zero|integer overflow|hash of unhashable type [\w.*\[\]/]+|comparing uncomparable type [\w.*\[\]/]+|makeslice: (len|cap) out of range|makemap: size out of range)( \[recovered[^\]]*\])?$`)

// runtimeWords keeps a header line the runtime writes in its own words: a runtime error of a
// known shape, "fatal error: …" and "runtime: …" (only the runtime writes these to the crash
// output) and the signal line; any other panic line is kept as "panic: (text not kept)".
func runtimeWords(line string) (string, bool) {
	l := strings.TrimLeft(line, "\t")
	switch {
	case runtimeError.MatchString(l):
		return l, true
	case strings.HasPrefix(l, "fatal error: "), strings.HasPrefix(l, "runtime: "), strings.HasPrefix(l, "[signal "), signalLine.MatchString(l):
		return l, true
	case strings.HasPrefix(l, "panic: "):
		return "panic: (text not kept)", true
	}
	return "", false
}
