// Package logfile is Kluis's log on disk: <UserConfigDir>/Kluis/logs/kluis.log, rotated by size
// (kluis.log.1 … kluis.log.N, the highest the oldest), so "the details are in the log" points at
// a file that exists and never grows without bound.
//
// What is written is the callers' log/slog lines, which carry ids, counts, codes and error texts
// of the program's own making, never identity data (names, e-mail addresses, BSN, addresses):
// the canary tests in app/ and internal/cli plant such values and read this file back.
package logfile

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// Defaults: a file of 1 MiB, three older ones kept (about 4 MiB in all).
const (
	DefaultMaxBytes = 1 << 20
	DefaultKeep     = 3
	// FileName is the current log file's name.
	FileName = "kluis.log"
)

// Dir is the log folder under the user's config folder (os.UserConfigDir).
func Dir(userConfigDir string) string { return filepath.Join(userConfigDir, "Kluis", "logs") }

// Writer appends to dir/kluis.log and rotates it before a write would take it past MaxBytes.
// It is safe for concurrent use. A failing write is reported to the caller (slog drops it), and
// the next write tries again: a full disk must not stop the program.
type Writer struct {
	mu       sync.Mutex
	dir      string
	maxBytes int64
	keep     int
	f        *os.File
	size     int64
}

// Open creates dir (0700) and opens its kluis.log for appending (0600). maxBytes <= 0 and
// keep < 0 take the defaults; keep 0 keeps no older file.
func Open(dir string, maxBytes int64, keep int) (*Writer, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if keep < 0 {
		keep = DefaultKeep
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("logfile: create the log folder: %w", err)
	}
	w := &Writer{dir: dir, maxBytes: maxBytes, keep: keep}
	if err := w.open(); err != nil {
		return nil, err
	}
	return w, nil
}

// Path is the current log file.
func (w *Writer) Path() string { return filepath.Join(w.dir, FileName) }

func (w *Writer) open() error {
	f, err := os.OpenFile(w.Path(), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("logfile: open the log: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return fmt.Errorf("logfile: open the log: %w", err)
	}
	w.f, w.size = f, st.Size()
	return nil
}

// Write appends p (one log record: slog writes each record with one call), rotating first when
// the file would pass MaxBytes. A record larger than MaxBytes is written to a fresh file alone.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		if err := w.open(); err != nil {
			return 0, err
		}
	}
	if w.size > 0 && w.size+int64(len(p)) > w.maxBytes {
		if err := w.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := w.f.Write(p)
	w.size += int64(n)
	return n, err
}

// rotate closes kluis.log, shifts kluis.log.i to .i+1 (dropping the oldest) and starts a new one.
func (w *Writer) rotate() error {
	if err := w.f.Close(); err != nil {
		w.f = nil
		return fmt.Errorf("logfile: rotate: %w", err)
	}
	w.f = nil
	base := w.Path()
	if w.keep == 0 {
		if err := os.Remove(base); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("logfile: rotate: %w", err)
		}
		return w.open()
	}
	_ = os.Remove(fmt.Sprintf("%s.%d", base, w.keep))
	for i := w.keep - 1; i >= 1; i-- {
		if err := os.Rename(fmt.Sprintf("%s.%d", base, i), fmt.Sprintf("%s.%d", base, i+1)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("logfile: rotate: %w", err)
		}
	}
	if err := os.Rename(base, base+".1"); err != nil {
		return fmt.Errorf("logfile: rotate: %w", err)
	}
	return w.open()
}

// Close closes the current file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}

// Logger is a text logger at level Info and up to the file, and at Warn and up to also (the
// terminal; nil for none).
func Logger(file io.Writer, also io.Writer) *slog.Logger {
	h := slog.Handler(slog.NewTextHandler(file, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if also != nil {
		h = slog.NewMultiHandler(h, slog.NewTextHandler(also, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(h)
}
