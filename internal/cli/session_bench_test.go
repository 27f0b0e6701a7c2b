package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// BenchmarkNightlySearches is issue #18's nightly script: one `kluis search` per op, each a
// whole command (open the vault, unlock, search, lock, close), with the passphrase (the key
// derivation every time) and with a session from `kluis unlock`. It uses the production floor of
// the key derivation (64 MiB, 3 passes), not the cheap test parameters. Run:
//
//	go test ./internal/cli/ -run '^$' -bench NightlySearches -benchtime 200x
func BenchmarkNightlySearches(b *testing.B) {
	floor := vault.KDFParams{MemoryKiB: 64 << 10, Time: 3, Threads: 1}
	opts := Options{Vault: vaulttest.Options().WithKDF(floor)}
	config := filepath.Join(b.TempDir(), "config")
	env := func(vars map[string]string) Env {
		return Env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{},
			Getenv: func(k string) string { return vars[k] }, UserConfigDir: func() (string, error) { return config, nil },
			Options: opts}
	}
	run := func(vars map[string]string, args ...string) string {
		e := env(vars)
		if code := Run(args, e); code != ExitOK {
			b.Fatalf("%v: exit %d: %s", args, code, e.Stderr)
		}
		return e.Stdout.(*bytes.Buffer).String()
	}
	pass := map[string]string{"KLUIS_PASSPHRASE": strongPassphrase}
	dir := filepath.Join(b.TempDir(), "vault")
	run(pass, initArgs(dir)...)
	var csv strings.Builder
	csv.WriteString(importHeader)
	for i := range 500 {
		fmt.Fprintf(&csv, "%05d;Jansen%d;;12-03-1985;Utrecht/Magazijn;01-04-2019\n", i+1, i)
	}
	file := filepath.Join(b.TempDir(), "export.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	run(pass, "import", "--vault", dir, file)

	b.Run("passphrase", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			run(pass, "search", "--vault", dir, fmt.Sprintf("%05d", i%500+1))
		}
	})
	b.Run("session", func(b *testing.B) {
		token := strings.TrimSpace(run(pass, "unlock", "--vault", dir, "--raw", "--max", "1h"))
		sess := map[string]string{"KLUIS_SESSION": token}
		for i := 0; b.Loop(); i++ {
			run(sess, "search", "--vault", dir, fmt.Sprintf("%05d", i%500+1))
		}
	})
}
