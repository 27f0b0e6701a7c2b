package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/app"
	"kluis/internal/vault/vaulttest"
)

// Issue 17: "the details are in the log" names a file that exists. The window logs to
// <UserConfigDir>/Kluis/logs/kluis.log, its path reaches the window (Status.logPath), and the
// identity values typed into the window never reach it (a canary test through the window path).
func TestRule_TheWindowLogsToARotatingFileWithoutIdentityData(t *testing.T) {
	te := newTestEnv(t, nil)
	base, _ := te.UserConfigDir()
	want := filepath.Join(base, "Kluis", "logs", "kluis.log")
	canaries := []string{"Canaryvogel", "kanarie.geel@canary-mail.example", "Kanariepietje Holding"}
	var shown string
	te.OpenWindow = func(cfg app.Config) error {
		cfg.VaultOptions = vaulttest.Options().WithLogger(cfg.Logger)
		f, life, err := app.New(cfg)
		if err != nil {
			return err
		}
		life.Startup(nopPlatform{})
		defer life.Shutdown()
		s := f.Session
		if _, err := s.CreateVault(app.NewVault{EmployerName: canaries[2], KvK: "12345678",
			AdminName: canaries[0] + " de Beheerder", AdminEmail: canaries[1], Passphrase: "lantaarn vlieger pindakaas mossel"}); err != nil {
			return err
		}
		s.Lock()
		for range 3 {
			_, _ = s.Unlock(canaries[1], "paard batterij nietje fout")
		}
		_, _ = s.RequestAccess(app.AccessRequestForm{Name: canaries[0], Email: canaries[1], Passphrase: "lantaarn vlieger pindakaas mossel", Role: "user"})
		// An internal failure: what the window calls "the details are in the log".
		cfg.Logger.Error("request access failed", "err", os.ErrPermission)
		shown = s.Status().LogPath
		return nil
	}
	if code := Run(nil, te.Env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, te.errOut)
	}
	if shown != want {
		t.Fatalf("the window shows log path %q, want %q", shown, want)
	}
	b, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("window opened")) || !bytes.Contains(b, []byte("request access failed")) {
		t.Fatalf("the log misses the lines: %s", b)
	}
	lower := strings.ToLower(string(b))
	for _, c := range append(canaries, "canary-mail", "kanarie") {
		if strings.Contains(lower, strings.ToLower(c)) {
			t.Errorf("the log file holds %q:\n%s", c, b)
		}
	}
}

type nopPlatform struct{}

func (nopPlatform) Emit(string, any)                                        {}
func (nopPlatform) SaveFile(string, string, string, string) (string, error) { return "", nil }
func (nopPlatform) OpenFile(string, string, string) (string, error)         { return "", nil }
