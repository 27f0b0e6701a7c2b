// Package vaulttest helps tests of packages above the vault: a throw-away vault in a temp dir
// with the cheapest key-derivation parameters the vault accepts, passed through vault.Options
// (no globals, no hooks in the vault itself).
package vaulttest

import (
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"kluis/internal/vault"
)

// Admin credentials of vaults made by New.
const (
	AdminEmail      = "admin@vaulttest.invalid"
	AdminPassphrase = "vaulttest passphrase"
)

// KDF are cheap Argon2id parameters (1 MiB, t=1, p=1): fine for tests, useless against attacks.
func KDF() vault.KDFParams { return vault.KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1} }

// Options returns vault options with KDF() (allowed below the production floor) and a logger
// that discards.
func Options() vault.Options {
	return vault.Options{}.WithKDF(KDF()).WithWeakKDFForTests().WithLogger(slog.New(slog.DiscardHandler))
}

// New creates a vault in a fresh temp dir, unlocked for its admin; cleanup locks and closes it.
func New(tb testing.TB) (*vault.Vault, *vault.Session, vault.RecoveryCode) {
	tb.Helper()
	v, s, code, err := vault.Create(tb.TempDir(), vault.NewUser{Email: AdminEmail, Passphrase: []byte(AdminPassphrase)}, Options())
	if err != nil {
		tb.Fatalf("vaulttest: create vault: %v", err)
	}
	tb.Cleanup(func() {
		if err := v.Close(); err != nil {
			tb.Errorf("vaulttest: close vault: %v", err)
		}
	})
	return v, s, code
}

// CopyFolder copies the vault folder src (a golden one in testdata, or one a test made and
// closed) into dst, as a vault keeps its folder: directories and files the owner's only, and
// without the lock file of the process that had it open.
func CopyFolder(tb testing.TB, src, dst string) {
	tb.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if d.Name() == "kluis.lock" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		tb.Fatalf("vaulttest: copy %s: %v", src, err)
	}
}
