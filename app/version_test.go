package app

import (
	"path/filepath"
	"testing"

	"kluis/internal/version"
)

// Beheer → Over Kluis shows the version from Status, in every state (also before a vault exists).
func TestRule_StatusCarriesTheVersion(t *testing.T) {
	h := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if got := h.s.Status().Version; got != version.String() || got == "" {
		t.Fatalf("Status().Version = %q, want %q", got, version.String())
	}
}
