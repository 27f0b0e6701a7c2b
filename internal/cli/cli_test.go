package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kluis/app"
)

// testEnv is an Env with captured output and a fixed environment.
type testEnv struct {
	Env
	out, errOut *bytes.Buffer
}

func newTestEnv(t *testing.T, vars map[string]string) *testEnv {
	t.Helper()
	te := &testEnv{out: &bytes.Buffer{}, errOut: &bytes.Buffer{}}
	// The window writes its log under the user config folder: a folder of the test's own.
	configDir := filepath.Join(t.TempDir(), "config")
	te.Env = Env{
		Stdin:         strings.NewReader(""),
		Stdout:        te.out,
		Stderr:        te.errOut,
		Getenv:        func(k string) string { return vars[k] },
		UserConfigDir: func() (string, error) { return configDir, nil },
		Options:       testOptions(),
	}
	return te
}

func TestHelpListsEverySubCommandOfCLIDoc(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "CLI.md"))
	if err != nil {
		t.Fatal(err)
	}
	// Every "kluis NAME" at the start of a line in the usage block is a sub-command.
	re := regexp.MustCompile(`(?m)^kluis ([a-z][a-z-]+)\s`)
	var want []string
	for _, m := range re.FindAllStringSubmatch(string(doc), -1) {
		want = append(want, m[1])
	}
	if len(want) < 10 {
		t.Fatalf("found only %d sub-commands in docs/CLI.md: %v", len(want), want)
	}
	te := newTestEnv(t, nil)
	if code := Run([]string{"--help"}, te.Env); code != ExitOK {
		t.Fatalf("--help exit %d", code)
	}
	for _, name := range want {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(name) + `\s`).MatchString(te.out.String()) {
			t.Errorf("--help does not list %q:\n%s", name, te.out)
		}
	}
}

func TestUnimplementedSubCommandSaysNotAvailableYetAndExits2(t *testing.T) {
	for _, cmd := range commands() {
		if cmd.run != nil {
			continue
		}
		t.Run(cmd.name, func(t *testing.T) {
			te := newTestEnv(t, nil)
			if code := Run([]string{cmd.name, "--vault", t.TempDir()}, te.Env); code != ExitUsage {
				t.Fatalf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(te.errOut.String(), "not available yet") {
				t.Fatalf("stderr %q", te.errOut)
			}
		})
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	te := newTestEnv(t, nil)
	if code := Run([]string{"frobnicate"}, te.Env); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(te.errOut.String(), `unknown command "frobnicate"`) {
		t.Fatalf("stderr %q", te.errOut)
	}
}

func TestVaultLocationFlagThenEnvironmentThenUserConfigDir(t *testing.T) {
	cases := []struct {
		name string
		args []string
		vars map[string]string
		want string
	}{
		{"default under the user config dir", nil, nil, ""},
		{"KLUIS_VAULT overrides the default", nil, map[string]string{"KLUIS_VAULT": "/data/kluis"}, "/data/kluis"},
		{"--vault overrides KLUIS_VAULT", []string{"--vault", "/srv/v"}, map[string]string{"KLUIS_VAULT": "/data/kluis"}, "/srv/v"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			te := newTestEnv(t, c.vars)
			var got string
			te.OpenWindow = func(cfg app.Config) error { got = cfg.VaultDir; return nil }
			if code := Run(c.args, te.Env); code != ExitOK {
				t.Fatalf("exit %d: %s", code, te.errOut)
			}
			if c.want == "" {
				base, _ := te.UserConfigDir()
				c.want = filepath.Join(base, "Kluis", "vault")
			}
			if got != c.want {
				t.Fatalf("window opened on %q, want %q", got, c.want)
			}
		})
	}
}

func TestHeadlessBuildExplainsThatItHasNoWindow(t *testing.T) {
	te := newTestEnv(t, nil)
	te.OpenWindow = nil
	if code := Run(nil, te.Env); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(te.errOut.String(), "no window") {
		t.Fatalf("stderr %q", te.errOut)
	}
}
