//go:build !unix

package support

import "io/fs"

// onDisk is the file's length: without st_blocks, a sparse file counts in full.
func onDisk(fi fs.FileInfo) int64 { return fi.Size() }
