package sivi

import (
	"os"
	"path/filepath"

	"kluis/internal/atomicfile"
)

// Write puts the files into dir (created private when missing), each first under a temporary
// name in dir and then renamed, so a reader never sees half a message. It returns the names
// written. The window and `kluis export --sivi` both save through it.
func (f Files) Write(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var written []string
	for _, file := range []struct {
		name string
		data []byte
	}{{FileWerknemerGegevens, f.WerknemerGegevens}, {FileVerzuimmeldingen, f.Verzuimmeldingen}} {
		if file.data == nil {
			continue
		}
		if err := writeAtomic(filepath.Join(dir, file.name), file.data); err != nil {
			return written, err
		}
		written = append(written, file.name)
	}
	return written, nil
}

func writeAtomic(path string, data []byte) error { return atomicfile.WriteBytes(path, data) }
