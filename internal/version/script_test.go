package version

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo is a scratch git repository holding a copy of build/version.sh.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T, withGit bool) repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := repo{t: t, dir: t.TempDir()}
	script, err := os.ReadFile("../../build/version.sh")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(r.dir, "build"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.dir, "build", "version.sh"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	if withGit {
		r.git("init", "-q")
		r.commit("first")
	}
	return r
}

func (r repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.invalid",
		"-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r repo) commit(msg string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, "file.txt"), []byte(msg), 0o644); err != nil {
		r.t.Fatal(err)
	}
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
}

// versions runs the script in its three modes: full, numeric and deb.
func (r repo) versions(env ...string) [3]string {
	r.t.Helper()
	var out [3]string
	for i, mode := range []string{"full", "numeric", "deb"} {
		cmd := exec.Command("bash", filepath.Join(r.dir, "build", "version.sh"), mode)
		cmd.Env = append(os.Environ(), env...)
		b, err := cmd.Output()
		if err != nil {
			r.t.Fatalf("version.sh %s: %v", mode, err)
		}
		out[i] = strings.TrimSpace(string(b))
	}
	return out
}

func TestRule_TheVersionComesFromTheNearestTag(t *testing.T) {
	r := newRepo(t, true)
	short := r.git("rev-parse", "--short=7", "HEAD")
	if got, want := r.versions(), [3]string{"0.0.0-dev+" + short, "0.0.0", "0.0.0~dev+" + short}; got != want {
		t.Errorf("without a tag: got %v, want %v", got, want)
	}

	r.git("tag", "v1.2.3")
	if got, want := r.versions(), [3]string{"1.2.3", "1.2.3", "1.2.3"}; got != want {
		t.Errorf("on the tag: got %v, want %v", got, want)
	}

	r.commit("second")
	short = r.git("rev-parse", "--short=7", "HEAD")
	got := r.versions()
	if !strings.HasPrefix(got[0], "1.2.3-1-g") || got[1] != "1.2.3" || !strings.HasPrefix(got[2], "1.2.3+1.g") {
		t.Errorf("one commit after the tag: got %v", got)
	}
	if !strings.HasPrefix(short, strings.TrimPrefix(got[0], "1.2.3-1-g")[:7]) {
		t.Errorf("the version %q does not name the commit %s", got[0], short)
	}

	if err := os.WriteFile(filepath.Join(r.dir, "file.txt"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	got = r.versions()
	if !strings.HasSuffix(got[0], "-dirty") || !strings.HasSuffix(got[2], ".dirty") {
		t.Errorf("with uncommitted changes the version must say so: got %v", got)
	}
}

func TestRule_APrereleaseSortsBeforeItsReleaseInDebian(t *testing.T) {
	r := newRepo(t, true)
	r.git("tag", "v2.0.0-rc1")
	if got, want := r.versions(), [3]string{"2.0.0-rc1", "2.0.0", "2.0.0~rc1"}; got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := exec.LookPath("dpkg"); err == nil {
		for _, pair := range [][2]string{{"2.0.0~rc1", "2.0.0"}, {"2.0.0", "2.0.0+3.gabc1234"}, {"0.0.0~dev+abc1234", "0.0.1"}} {
			if err := exec.Command("dpkg", "--compare-versions", pair[0], "lt", pair[1]).Run(); err != nil {
				t.Errorf("dpkg does not sort %s before %s", pair[0], pair[1])
			}
		}
	}
}

// CI clones can be shallow and carry no tags: the build still gets a version naming its commit.
func TestRule_AShallowCloneWithoutTagsStillNamesTheCommit(t *testing.T) {
	origin := newRepo(t, true)
	origin.git("tag", "v1.0.0")
	origin.commit("second")
	clone := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "--no-tags", "file://"+origin.dir, clone).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	r := repo{t: t, dir: clone}
	short := r.git("rev-parse", "--short=7", "HEAD")
	if got, want := r.versions(), [3]string{"0.0.0-dev+" + short, "0.0.0", "0.0.0~dev+" + short}; got != want {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestRule_OutsideGitTheVersionIsDev(t *testing.T) {
	r := newRepo(t, false)
	// GIT_CEILING_DIRECTORIES stops git from finding a repository above the scratch folder.
	if got, want := r.versions("GIT_CEILING_DIRECTORIES="+filepath.Dir(r.dir)), [3]string{"0.0.0-dev", "0.0.0", "0.0.0~dev"}; got != want {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestRule_ATagThatIsNotAVersionFailsTheBuild(t *testing.T) {
	r := newRepo(t, false)
	cmd := exec.Command("bash", filepath.Join(r.dir, "build", "version.sh"))
	cmd.Env = append(os.Environ(), "KLUIS_DESCRIBE=v2-3-gabc1234")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "tags look like v1.2.3") {
		t.Fatalf("want a clear failure, got %v: %s", err, out)
	}
}
