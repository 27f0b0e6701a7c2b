package report

import (
	"fmt"
	"path/filepath"

	"kluis/internal/atomicfile"
)

// writeFileAtomic writes data to path so that a reader never sees half a document (mode 0600;
// on failure path is left as it was).
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.WriteBytes(path, data); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	return nil
}
