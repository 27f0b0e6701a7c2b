package vault

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The test binary doubles as a child process: TestMain runs a child role when this variable
// names one (re-exec of os.Args[0], restic/Go-stdlib style).
const childEnv = "KLUIS_VAULT_TEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "open":
		os.Exit(childOpen(os.Getenv("KLUIS_VAULT_DIR")))
	case "writer":
		os.Exit(childWriter(os.Getenv("KLUIS_VAULT_DIR")))
	default:
		fmt.Fprintln(os.Stderr, "unknown child role")
		os.Exit(2)
	}
}

func childCommand(t *testing.T, role, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+role, "KLUIS_VAULT_DIR="+dir)
	return cmd
}

// childOpen tries to open the vault and reports the outcome by exit status.
func childOpen(dir string) int {
	v, err := Open(dir, testOptions(nil))
	switch {
	case errors.Is(err, ErrInUse):
		if strings.Contains(err.Error(), "Cannot acquire") {
			return 4
		}
		return 3
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_ = v.Close()
	return 0
}

// childWriter unlocks the vault and commits records until killed, printing each committed id
// after its commit returned.
func childWriter(dir string) int {
	v, err := Open(dir, testOptions(nil))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s, err := v.Unlock(testEmail, []byte(testPass))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	out := bufio.NewWriter(os.Stdout)
	payload := []byte(strings.Repeat("crash-safety ", 40))
	for i := 0; ; i++ {
		var ids []ID
		var err error
		if i%2 == 0 {
			err = s.WriteBatch(func(b *Batch) error {
				for range 50 {
					id := NewID()
					ids = append(ids, id)
					if err := b.Put(kindTest, id, s.DirectoryScope(), payload); err != nil {
						return err
					}
				}
				return nil
			})
		} else {
			id := NewID()
			ids = append(ids, id)
			err = s.Update(func(tx *Tx) error { return tx.Put(kindTest, id, s.DirectoryScope(), payload) })
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		for _, id := range ids {
			fmt.Fprintln(out, id)
		}
		if err := out.Flush(); err != nil {
			return 1
		}
	}
}

func TestRule_SecondProcessGetsErrInUse(t *testing.T) {
	dir, _, _, _ := newTestVault(t, testOptions(nil))
	err := childCommand(t, "open", dir).Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("child: %v (want exit 3 = ErrInUse)", err)
	}
}

func TestRule_CommittedRecordsSurviveSIGKILL(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	s.Lock()
	ok(t, v.Close())
	rounds := 6
	if !testing.Short() {
		rounds = 12
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var committed []ID
	for round := range rounds {
		cmd := childCommand(t, "writer", dir)
		stdout, err := cmd.StdoutPipe()
		ok(t, err)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		ok(t, cmd.Start())
		var mu sync.Mutex
		var ids []ID
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				id, err := ParseID(sc.Text())
				if err != nil {
					continue // a line cut by the kill
				}
				mu.Lock()
				ids = append(ids, id)
				mu.Unlock()
			}
		}()
		// Kill at a random point once the child is writing.
		deadline := time.Now().Add(5 * time.Second)
		for {
			mu.Lock()
			n := len(ids)
			mu.Unlock()
			if n > 0 || time.Now().After(deadline) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(300)) * time.Millisecond)
		ok(t, cmd.Process.Kill()) // SIGKILL on unix
		<-done
		_ = cmd.Wait()
		mu.Lock()
		if len(ids) == 0 {
			t.Fatalf("round %d: the child committed nothing: %s", round, stderr.String())
		}
		committed = append(committed, ids...)
		mu.Unlock()
	}
	v, err := Open(dir, testOptions(nil))
	ok(t, err)
	defer v.Close()
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	ok(t, s.View(func(tx *Tx) error {
		for _, id := range committed {
			if _, err := tx.Get(kindTest, id); err != nil {
				return fmt.Errorf("committed record %s: %w", id, err)
			}
		}
		return nil
	}))
	t.Logf("%d rounds, %d committed records all open", rounds, len(committed))
}

// TestRule_AnEmptyMemtableFileLeftByAKillDoesNotLockTheVaultOut: a process killed while Badger
// created a new memtable file leaves it empty; the vault must still open (badger issue #2207).
func TestRule_AnEmptyMemtableFileLeftByAKillDoesNotLockTheVaultOut(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	id := NewID()
	ok(t, s.Update(func(tx *Tx) error { return tx.Put(kindTest, id, s.DirectoryScope(), []byte("kept")) }))
	s.Lock()
	ok(t, v.Close())
	mems, err := filepath.Glob(filepath.Join(dir, dataDir, "*.mem"))
	ok(t, err)
	next := 1
	for _, m := range mems {
		var n int
		if _, err := fmt.Sscanf(filepath.Base(m), "%05d.mem", &n); err == nil && n >= next {
			next = n + 1
		}
	}
	ok(t, os.WriteFile(filepath.Join(dir, dataDir, fmt.Sprintf("%05d.mem", next)), nil, 0o600))
	v, err = Open(dir, testOptions(nil))
	ok(t, err)
	defer v.Close()
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	ok(t, s.View(func(tx *Tx) error {
		_, err := tx.Get(kindTest, id)
		return err
	}))
}
