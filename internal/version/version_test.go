package version

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestRule_WithoutALinkerValueTheVersionComesFromTheStampedCommit(t *testing.T) {
	cases := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "0.0.0-dev"},
		{"no commit (go test, or built outside git)", &debug.BuildInfo{}, "0.0.0-dev"},
		{"clean commit", &debug.BuildInfo{Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "f2cb557e0a1b2c3d"}, {Key: "vcs.modified", Value: "false"}}}, "0.0.0-dev+f2cb557"},
		{"uncommitted changes", &debug.BuildInfo{Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "f2cb557e0a1b2c3d"}, {Key: "vcs.modified", Value: "true"}}}, "0.0.0-dev+f2cb557.dirty"},
	}
	for _, c := range cases {
		if got := fromBuildInfo(c.info); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// The Makefile and the Windows build pass -X kluis/internal/version.value; a renamed variable would
// make the linker ignore the flag silently, so this builds a program the same way and runs it.
func TestRule_TheLinkerFlagOfTheBuildsSetsTheVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	for _, script := range []string{"../../Makefile", "../../build/windows/build.sh"} {
		b, err := os.ReadFile(script)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`kluis/internal/version\.\w+`).FindAllString(string(b), -1) {
			if m != "kluis/internal/version.value" {
				t.Errorf("%s sets %s, but the variable is kluis/internal/version.value", script, m)
			}
		}
		if !strings.Contains(string(b), "kluis/internal/version.value") {
			t.Errorf("%s does not set kluis/internal/version.value", script)
		}
	}
	bin := filepath.Join(t.TempDir(), "printversion")
	build := exec.Command("go", "build", "-ldflags", "-X kluis/internal/version.value=1.2.3-4-gabc1234", "-o", bin, "./testdata/printversion")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "1.2.3-4-gabc1234" {
		t.Fatalf("the linked version is %q, want 1.2.3-4-gabc1234", got)
	}
}
