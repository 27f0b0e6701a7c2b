// Package vaulttest helps tests of packages above the vault: a throw-away vault in a temp dir
// with the cheapest key-derivation parameters the vault accepts, passed through vault.Options
// (no globals, no hooks in the vault itself).
package vaulttest

import (
	"log/slog"
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
