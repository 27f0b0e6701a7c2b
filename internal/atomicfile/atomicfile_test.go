package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestRule_AWrittenFileIsCompleteAndOnlyItsOwnersToRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rapport.pdf")
	if err := WriteBytes(path, []byte("heel document")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "heel document" {
		t.Fatalf("read back %q, %v", got, err)
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("the folder holds %d entries, want only the file", len(entries))
	}
}

func TestRule_AFailedWriteLeavesTheOldFileAndNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "export.csv")
	if err := os.WriteFile(path, []byte("oud"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full halfway")
	err := Write(path, func(f *os.File) error {
		_, _ = f.Write([]byte("half"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the fill's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "oud" {
		t.Fatalf("the target changed to %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("a temporary file was left: %d entries", len(entries))
	}
}
