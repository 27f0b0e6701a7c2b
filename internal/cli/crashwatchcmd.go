package cli

import (
	"path/filepath"
	"time"

	"kluis/internal/crashwatch"
	"kluis/internal/logfile"
)

const crashWatchUsage = "kluis crash-watch --dir DIR   (the window starts it; it reads the window's crash output on standard input)"

// runCrashWatch is `kluis crash-watch`, the window's crash watcher (internal/crashwatch): it
// reads its standard input to the end and, if the window crashed, writes the report into DIR
// and a line into the window's log there.
func runCrashWatch(c *context, args []string) int {
	fs := c.newFlags(crashwatch.Command)
	dir := fs.String("dir", "", "the window's log folder")
	if code, ok := parse(fs, crashWatchUsage, args); !ok {
		return code
	}
	if *dir == "" {
		return c.usageError(crashwatch.Command, "--dir is required")
	}
	path, err := crashwatch.Watch(c.env.Stdin, *dir, time.Now)
	if err != nil {
		return c.fail(crashwatch.Command, err)
	}
	if path == "" {
		return ExitOK
	}
	if lf, err := logfile.Open(*dir, 0, -1); err == nil {
		logfile.Logger(lf, nil).Error("the window stopped unexpectedly (a crash); its report, without personal data, is in the log folder", "report", filepath.Base(path))
		_ = lf.Close()
	}
	return ExitOK
}
