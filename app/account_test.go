package app

import (
	"path/filepath"
	"testing"
	"time"

	"kluis/internal/vault/vaulttest"
)

// "Mijn account": an admin's new e-mail address unlocks from then on, the header shows the new
// name and address, and the unlock screen's remembered address follows the change.
func TestRule_AnOwnEmailChangeUnlocksWithTheNewAddressAndTheRememberedOneFollows(t *testing.T) {
	prefs := t.TempDir()
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	f, life, err := New(Config{VaultDir: filepath.Join(t.TempDir(), "vault"), VaultOptions: vaulttest.Options(), Now: c.now, PrefsDir: prefs})
	if err != nil {
		t.Fatal(err)
	}
	life.Startup(&fakePlatform{})
	t.Cleanup(life.Shutdown)
	s := f.Session
	if _, err := s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	if err := s.RememberEmail("petra@korenaar.example"); err != nil {
		t.Fatal(err)
	}
	st, err := s.UpdateOwnAccount("Petra van Dijk", "petra.vandijk@korenaar.example")
	if err != nil {
		t.Fatal(err)
	}
	if st.User == nil || st.User.Name != "Petra van Dijk" || st.User.Email != "petra.vandijk@korenaar.example" {
		t.Fatalf("status user %+v", st.User)
	}
	if got := s.RememberedEmail(); got != "petra.vandijk@korenaar.example" {
		t.Fatalf("remembered %q", got)
	}
	s.Lock()
	if _, err := s.Unlock("petra@korenaar.example", strong); err == nil {
		t.Fatal("the old address still unlocks")
	}
	st, err = s.Unlock("petra.vandijk@korenaar.example", strong)
	if err != nil {
		t.Fatal(err)
	}
	if st.User == nil || st.User.Name != "Petra van Dijk" {
		t.Fatalf("after unlock %+v", st.User)
	}
	// A form problem comes back per field, in the catalogue's codes.
	_, err = s.UpdateOwnAccount("", "x@")
	ae, ok := err.(*AppError)
	if !ok || ae.Fields["name"] == "" || ae.Fields["email"] == "" {
		t.Fatalf("got %#v", err)
	}
}
