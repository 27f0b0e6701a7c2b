package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kluis/internal/people"
	"kluis/internal/vault"
)

// kluis conflicts: without conflicts it says so; --resolve needs --keep; resolving an id that is
// not (or no longer) a conflict is a plain-words error, not a crash.
func TestRule_ConflictsCommandListsAndRefusesWhatItCannotResolve(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	te := newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run(initArgs(dir), te.Env); code != ExitOK {
		t.Fatalf("init exit %d: %s", code, te.errOut)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"conflicts", "--vault", dir}, te.Env); code != ExitOK || !strings.Contains(te.out.String(), "no conflicts") {
		t.Fatalf("list exit %d: %q %s", code, te.out.String(), te.errOut)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"conflicts", "--vault", dir, "--resolve", vault.NewID().String()}, te.Env); code != ExitUsage {
		t.Fatalf("--resolve without --keep: exit %d", code)
	}
	te = newTestEnv(t, map[string]string{"KLUIS_PASSPHRASE": strongPassphrase})
	if code := Run([]string{"conflicts", "--vault", dir, "--resolve", vault.NewID().String(), "--keep", "kept"}, te.Env); code == ExitOK ||
		!strings.Contains(te.errOut.String(), "already been resolved") {
		t.Fatalf("an unknown conflict: exit %d, %q", code, te.errOut.String())
	}
}

// The list names the fields that differ, never their values.
func TestRule_ConflictsListNamesDifferingFieldsNotValues(t *testing.T) {
	a := &people.Identity{Surname: "Kanarieeen", BSN: "111222333"}
	b := &people.Identity{Surname: "Kanarietwee", BSN: "111222333"}
	b.Address.City = "Kanariestad"
	got := differingFields(a, b)
	if !slices.Contains(got, "surname") || !slices.Contains(got, "address.city") || slices.Contains(got, "bsn") {
		t.Fatalf("differing fields %v", got)
	}
	for _, f := range got {
		if strings.Contains(f, "Kanarie") {
			t.Fatalf("a value in the list: %v", got)
		}
	}
}
