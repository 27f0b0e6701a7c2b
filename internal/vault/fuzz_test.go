package vault

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseKeyring: the parser never panics, fails only with ErrKeyringCorrupt (or recognises
// format 1, which an admin's unlock upgrades), and what it accepts survives a write/read round
// trip.
func FuzzParseKeyring(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		kr, err := parseKeyring(data)
		if err != nil {
			if !errors.Is(err, ErrKeyringCorrupt) && !errors.Is(err, errFormat1) {
				t.Fatalf("error not ErrKeyringCorrupt: %v", err)
			}
			return
		}
		b, err := kr.marshal()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parseKeyring(b); err != nil {
			t.Fatalf("accepted keyring does not round-trip: %v", err)
		}
	})
}

// The seed corpus is checked in; make sure it is still there (age's FuzzMalleability lost its
// seeds to a moved folder without anyone noticing).
func TestRule_FuzzSeedsArePresent(t *testing.T) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzParseKeyring", "*"))
	ok(t, err)
	if len(seeds) < 5 {
		t.Fatalf("%d seeds in testdata/fuzz/FuzzParseKeyring, want at least 5", len(seeds))
	}
	valid := 0
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		ok(t, err)
		if len(b) == 0 {
			t.Fatalf("empty seed file %s", s)
		}
		if filepath.Base(s) == "golden-keyring" {
			valid++
		}
	}
	if valid != 1 {
		t.Fatal("the valid golden keyring seed is missing")
	}
}
