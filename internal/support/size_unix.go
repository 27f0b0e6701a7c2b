//go:build unix

package support

import (
	"io/fs"
	"syscall"
)

// onDisk is the space a file's allocated blocks take (st_blocks is in 512-byte units).
func onDisk(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int64(st.Blocks) * 512
	}
	return fi.Size()
}
