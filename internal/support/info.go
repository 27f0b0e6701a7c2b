package support

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Info is the support block: what a helpdesk needs to place a problem, and nothing that names a
// person, a department or the employer. A count the session may not see (users and access
// requests are the admins') is -1 and printed as "-".
type Info struct {
	Version      string
	OS, Arch     string
	VaultFormat  int
	VaultDir     string
	VaultBytes   int64 // the vault folder's files on disk; -1 when it could not be read
	LogPath      string
	Role         string // the session's role (admin, manager, user, privacy)
	Employees    int
	Departments  int
	Users        int
	Shares       int // employees whose dossier is shared with the arbo service
	Requests     int // access requests waiting for an admin
	SyncLinked   bool
	LastAttempt  time.Time
	LastSuccess  time.Time
	SyncError    string    // the last cycle's error code ("" after a success, "not_linked")
	SyncPending  int       // messages waiting to be sent
	SyncRejected int       // messages the service refused, in all
	LastCrash    time.Time // when the window last crashed (its newest report, internal/crashwatch); zero: none
	CrashReport  string    // that report's file name in the log folder
	GeneratedAt  time.Time
}

// Text is the block as plain text, one "key: value" line each, English keys (a helpdesk reads
// them; they are grep-able). Times are UTC, RFC 3339.
func (in Info) Text() string {
	var b strings.Builder
	line := func(k, v string) { fmt.Fprintf(&b, "%-22s %s\n", k+":", v) }
	line("Kluis version", in.Version)
	line("OS/arch", in.OS+"/"+in.Arch)
	line("Vault format", strconv.Itoa(in.VaultFormat))
	line("Vault folder", in.VaultDir)
	line("Vault size on disk", size(in.VaultBytes))
	line("Log file", orNone(in.LogPath))
	line("Role", in.Role)
	line("Employees", count(in.Employees))
	line("Departments", count(in.Departments))
	line("Users", count(in.Users))
	line("Shares", count(in.Shares))
	line("Pending requests", count(in.Requests))
	if in.SyncLinked {
		line("Sync", "linked")
	} else {
		line("Sync", "not linked")
	}
	line("Last sync attempt", when(in.LastAttempt))
	line("Last sync success", when(in.LastSuccess))
	line("Last sync error", orNone(in.SyncError))
	line("Sync pending", count(in.SyncPending))
	line("Sync refused", count(in.SyncRejected))
	if in.CrashReport == "" {
		line("Last crash", "none")
	} else {
		line("Last crash", when(in.LastCrash)+" ("+in.CrashReport+", in the log folder)")
	}
	line("Generated", when(in.GeneratedAt))
	return b.String()
}

func count(n int) string {
	if n < 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// size writes bytes as "12.3 MB (12345678 bytes)"; -1 is "unknown".
func size(n int64) string {
	if n < 0 {
		return "unknown"
	}
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	v, suffix := float64(n), "kB"
	for _, s := range []string{"kB", "MB", "GB", "TB"} {
		v, suffix = v/unit, s
		if v < unit {
			break
		}
	}
	return fmt.Sprintf("%.1f %s (%d bytes)", v, suffix, n)
}

// FolderSize adds up the space the regular files under dir take on disk (the vault folder:
// Badger's tables and value logs, the keyring, pending requests). Badger's value log is a sparse
// file of its full capacity (2 GB), so where the OS tells allocated blocks those count, not the
// file's apparent length.
func FolderSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		total += onDisk(fi)
		return nil
	})
	if err != nil {
		return -1, fmt.Errorf("support: size of the vault folder: %w", err)
	}
	return total, nil
}
