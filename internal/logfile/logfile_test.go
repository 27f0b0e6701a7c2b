package logfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRule_TheLogRotatesBySizeAndKeepsAFewFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Kluis", "logs")
	w, err := Open(dir, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	line := []byte(strings.Repeat("x", 39) + "\n") // 40 bytes: two fit in 100
	for range 9 {
		if _, err := w.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"kluis.log", "kluis.log.1", "kluis.log.2"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > 100 || st.Size() == 0 {
			t.Errorf("%s is %d bytes", name, st.Size())
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", name, st.Mode().Perm())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "kluis.log.3")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a third old file is kept: %v", err)
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v", st.Mode().Perm())
	}
	// Reopening appends to what is there.
	w.Close()
	w2, err := Open(dir, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	before, _ := os.ReadFile(w2.Path())
	if _, err := w2.Write([]byte("y\n")); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(w2.Path())
	if !bytes.HasPrefix(after, before) || len(after) != len(before)+2 {
		t.Fatalf("reopen: %q then %q", before, after)
	}
}

func TestLoggerWritesInfoToTheFileAndWarningsAlsoToTheTerminal(t *testing.T) {
	w, err := Open(Dir(t.TempDir()), 0, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var term bytes.Buffer
	log := Logger(w, &term)
	log.Info("window opened")
	log.Error("unlock failed", "err", "boom")
	b, _ := os.ReadFile(w.Path())
	if !strings.Contains(string(b), "window opened") || !strings.Contains(string(b), "unlock failed") {
		t.Fatalf("file: %s", b)
	}
	if strings.Contains(term.String(), "window opened") || !strings.Contains(term.String(), "unlock failed") {
		t.Fatalf("terminal: %s", term.String())
	}
	if !strings.HasSuffix(w.Path(), filepath.Join("Kluis", "logs", "kluis.log")) {
		t.Fatalf("path %s", w.Path())
	}
}
