package workspace_test

import (
	"testing"

	"kluis/internal/replicate/s3test"
	"kluis/internal/vault/vaulttest"
)

// Rule (ADR 009): two admins' PCs that both work and lock between cycles do not fork the
// keyring: a replicating folder anchors its audit chain in its own store header, never in a
// keyring entry, so only real access changes go through the signed keyring.
func TestRule_TwoAdminPCsThatWorkAndLockBetweenCyclesDoNotForkTheKeyring(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 3)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	for round := range 3 {
		importOne(t, a, emp, 70+round, "Eerstman")
		importOne(t, b, emp, 80+round, "Tweedeman")
		// Both admins lock (audit heads moved on both PCs) and unlock again, then replicate.
		a.ws.Close()
		a = unlockPC(t, srv, a.v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
		b.ws.Close()
		b = unlockPC(t, srv, b.v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
		a.cycle(t)
		b.cycle(t)
		a.cycle(t)
	}
	for _, p := range []*pc{a, b} {
		for _, persnr := range []string{"000072", "000082"} {
			if _, err := persnrOn(t, p, emp, persnr); err != nil {
				t.Fatalf("%s missing on a PC: %v", persnr, err)
			}
		}
	}
}
