package app

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"kluis/internal/vault/vaulttest"
)

func TestRule_TheUnlockScreenRemembersTheEmailOnlyWhenAskedAndOnlyAfterAnUnlock(t *testing.T) {
	prefs := t.TempDir()
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	f, life, err := New(Config{VaultDir: filepath.Join(t.TempDir(), "vault"), VaultOptions: vaulttest.Options(), Now: c.now, PrefsDir: prefs})
	if err != nil {
		t.Fatal(err)
	}
	life.Startup(&fakePlatform{})
	t.Cleanup(life.Shutdown)
	s := f.Session
	if s.RememberedEmail() != "" {
		t.Fatal("a fresh computer remembers an e-mail")
	}
	// While locked nothing can be stored: only an address that opened the vault is remembered.
	if err := s.RememberEmail("someone@elsewhere.example"); err == nil {
		t.Fatal("an e-mail was remembered while the vault was locked")
	}
	if _, err := s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	if err := s.RememberEmail("petra@korenaar.example"); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	if got := s.RememberedEmail(); got != "petra@korenaar.example" {
		t.Fatalf("remembered %q", got)
	}
	info, err := os.Stat(filepath.Join(prefs, rememberedEmailFile))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		t.Fatalf("the remembered e-mail is readable by others: %v", info.Mode().Perm())
	}
	// Unlocking with the box cleared forgets it.
	if _, err := s.Unlock("petra@korenaar.example", strong); err != nil {
		t.Fatal(err)
	}
	if err := s.RememberEmail(""); err != nil {
		t.Fatal(err)
	}
	if got := s.RememberedEmail(); got != "" {
		t.Fatalf("still remembered %q", got)
	}
	// A damaged file is never shown.
	if err := os.WriteFile(filepath.Join(prefs, rememberedEmailFile), []byte("not an address\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := s.RememberedEmail(); got != "" {
		t.Fatalf("a damaged file shows %q", got)
	}
}
