package people

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// The test binary doubles as a child process that imports and is killed (TestMain).
const childEnv = "KLUIS_PEOPLE_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "import" {
		os.Exit(childImport(os.Getenv("KLUIS_VAULT_DIR")))
	}
	os.Exit(m.Run())
}

// crashRows is the import the child runs: the first half changes employees already stored, the
// second half is new, some of it in departments that do not exist yet.
func crashRows() []EmployeeInput {
	rows := importRows(3000)
	for i := range rows {
		if i < len(rows)/2 {
			rows[i].City = "Nieuwegein"
		} else if i%5 == 0 {
			rows[i].Department = fmt.Sprintf("Nieuw/Afdeling %d", i%7)
		}
	}
	return rows
}

// childImport unlocks the vault and imports crashRows, printing a line after each committed chunk
// (and BEGIN before, DONE after), until the parent kills it.
func childImport(dir string) int {
	v, err := vault.Open(dir, vaulttest.Options())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s, err := v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	d := NewDirectory(s, clock)
	emp, err := d.EmployerByKvK("12345678")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("BEGIN")
	_, err = d.ApplyImport(context.Background(), emp.ID, crashRows(), func(done, total int) {
		fmt.Printf("P %d %d\n", done, total)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("DONE")
	return 0
}

// snapshot is everything an import can change, as text: every employee (persnr, department
// path, employments, identity) and every department path, sorted.
func snapshot(t *testing.T, s *vault.Session) string {
	t.Helper()
	d := NewDirectory(s, clock)
	d.mu.Lock()
	defer d.mu.Unlock()
	ok(t, d.load())
	var lines []string
	for _, dep := range d.depts {
		lines = append(lines, "D "+d.path(dep.ID))
	}
	idents := map[vault.ID]string{}
	ok(t, s.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindIdentity, func(id vault.ID, r vault.Sealed) error {
			b, err := r.Open()
			idents[id] = string(b)
			return err
		})
	}))
	for id, e := range d.emps {
		jobs := slices.Clone(e.Employments)
		for i := range jobs { // department ids are random per vault; their paths are what counts
			jobs[i].Department = vault.ID{}
			jobs[i].CostCentre += " @" + d.path(e.Employments[i].Department)
		}
		j, _ := json.Marshal(jobs)
		lines = append(lines, fmt.Sprintf("E %s %s %s %s", e.Persnr, d.path(e.Department), j, idents[id]))
		delete(idents, id)
	}
	if len(idents) != 0 {
		t.Fatalf("%d identities without an employee", len(idents))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	vaulttest.CopyFolder(t, src, dst)
	return dst
}

// openAdmin unlocks a vault folder as the admin; cleanup locks and closes it.
func openAdmin(t *testing.T, dir string) *vault.Session {
	t.Helper()
	v, err := vault.Open(dir, vaulttest.Options())
	ok(t, err)
	t.Cleanup(func() { _ = v.Close() })
	s, err := v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	ok(t, err)
	return s
}

func TestRule_AnImportKilledAtAnyMomentLeavesTheVaultAsBeforeOrComplete(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills 22 importing processes")
	}
	// The vault before: half of the rows imported, with another city.
	base := t.TempDir()
	v, s, _, err := vault.Create(base, vault.NewUser{Email: vaulttest.AdminEmail, Passphrase: []byte(vaulttest.AdminPassphrase)}, vaulttest.Options())
	ok(t, err)
	d := NewDirectory(s, clock)
	emp, err := d.AddEmployer("Bakkerij De Korenaar BV", "12345678")
	ok(t, err)
	_, err = d.ApplyImport(context.Background(), emp.ID, importRows(1500), nil)
	ok(t, err)
	before := snapshot(t, s)
	s.Lock()
	ok(t, v.Close())
	// The vault after: the same import run to the end.
	complete := copyDir(t, base)
	cs := openAdmin(t, complete)
	cd := NewDirectory(cs, clock)
	lineCount := 2 // BEGIN and DONE, and a line per progress call
	_, err = cd.ApplyImport(context.Background(), emp.ID, crashRows(), func(int, int) { lineCount++ })
	ok(t, err)
	after := snapshot(t, cs)
	if after == before {
		t.Fatal("the import changes nothing")
	}

	outcomes := map[string]int{}
	const runs = 22
	for k := range runs {
		dir := copyDir(t, base)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=import", "KLUIS_VAULT_DIR="+dir)
		out, err := cmd.StdoutPipe()
		ok(t, err)
		ok(t, cmd.Start())
		// Kill after line k*lines/runs of the child's output (BEGIN, progress after every committed
		// chunk, DONE), a little later for some runs, so the kills spread over the whole import.
		target := k * lineCount / runs
		lines := bufio.NewScanner(out)
		written := false // a chunk was committed before the kill
		for n := 0; n <= target && lines.Scan(); n++ {
			var done, total int
			if _, err := fmt.Sscanf(lines.Text(), "P %d %d", &done, &total); err == nil && done > 0 {
				written = true
			}
		}
		time.Sleep(time.Duration(k%4) * 3 * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()

		s := openAdmin(t, dir)
		got := snapshot(t, s)
		switch got {
		case before:
			outcomes["before"]++
		case after:
			outcomes["complete"]++
		default:
			t.Fatalf("kill %d (after line %d): the vault is neither as before nor complete", k, target)
		}
		rep, err := s.Verify(context.Background(), vault.VerifyOptions{Indexer: Indexer()})
		ok(t, err)
		if !rep.OK() {
			t.Fatalf("kill %d: verify %+v", k, rep)
		}
		if got == before && written {
			if r := InterruptedImports(s); len(r) != 1 || !r[0].Undone || r[0].Rows != 3000 {
				t.Fatalf("kill %d: the undone import is not reported: %+v", k, r)
			}
		}
		s.Lock()
	}
	t.Logf("after %d kills: %v", runs, outcomes)
	if outcomes["before"] == 0 || outcomes["complete"] == 0 {
		t.Fatalf("the kills did not spread over the import: %v", outcomes)
	}
}
