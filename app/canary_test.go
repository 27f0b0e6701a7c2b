package app

import (
	"bytes"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/vault/vaulttest"
)

// TestRule_NoIdentityDataOnDiskOrInLogsThroughTheWindowPath plants canary values in everything
// the first run stores (employer, admin name and e-mail), runs failed and successful unlocks and a
// lock, then reads every file under the vault folder and everything logged: no canary may appear.
func TestRule_NoIdentityDataOnDiskOrInLogsThroughTheWindowPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f, life, err := New(Config{VaultDir: dir, Logger: logger, VaultOptions: vaulttest.Options().WithLogger(logger)})
	if err != nil {
		t.Fatal(err)
	}
	life.Startup(&fakePlatform{})
	s := f.Session

	canaries := []string{"Canaryvogel", "kanarie.geel@canary-mail.example", "Kanariepietje Holding"}
	in := NewVault{EmployerName: canaries[2], KvK: "12345678", AdminName: canaries[0] + " de Beheerder",
		AdminEmail: canaries[1], Passphrase: strong}
	if _, err := s.CreateVault(in); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	for range 4 {
		if _, err := s.Unlock(canaries[1], "paard batterij nietje fout"); err == nil {
			t.Fatal("wrong passphrase accepted")
		}
	}
	_, _ = s.Unlock("someone-else@canary-mail.example", strong)
	life.Shutdown()

	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lower := bytes.ToLower(b)
		for _, c := range append(canaries, "canary-mail") {
			if bytes.Contains(lower, []byte(strings.ToLower(c))) {
				t.Errorf("%s holds %q in clear", path, c)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(canaries, "canary-mail") {
		if strings.Contains(strings.ToLower(logs.String()), strings.ToLower(c)) {
			t.Errorf("the log holds %q:\n%s", c, logs.String())
		}
	}
}
