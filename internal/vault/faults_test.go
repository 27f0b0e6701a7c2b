package vault

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/y"
)

// damageVault is a closed vault with enough records for several table blocks, two departments
// with index entries, and audit entries.
func damageVault(t *testing.T) (dir string, storageKey []byte) {
	t.Helper()
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	_, a := newDept(t, s)
	_, b := newDept(t, s)
	ok(t, s.WriteBatch(func(bt *Batch) error {
		for i := range 1200 {
			id, scope := NewID(), a
			if i%2 == 1 {
				scope = b
			}
			val := fmt.Appendf(nil, "record %d %s", i, strings.Repeat("x", 200))
			if err := bt.Put(kindTest, id, scope, val); err != nil {
				return err
			}
			if err := bt.SetIndex(scope, "name", val, kindTest, id); err != nil {
				return err
			}
		}
		return nil
	}))
	for range 20 {
		ok(t, s.AppendAudit([]byte(`{"action":"test"}`)))
	}
	storageKey = append([]byte(nil), s.ks.scopes[storageScope].key...)
	s.Lock()
	ok(t, v.Close())
	return dir, storageKey
}

// exercise does what the app and the command line do with a vault: unlock, read every record,
// search, verify. It returns the first error; a panic that escaped the vault fails the test.
func exercise(t *testing.T, dir string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			buf := make([]byte, 1<<16)
			t.Fatalf("panic: %v\n%s", r, buf[:runtime.Stack(buf, false)])
		}
	}()
	v, err := Open(dir, testOptions(nil))
	if err != nil {
		return err
	}
	defer v.Close()
	s, err := v.Unlock(testEmail, []byte(testPass))
	if err != nil {
		return err
	}
	defer s.Lock()
	err = s.View(func(tx *Tx) error {
		return tx.IterateOpen(kindTest, 0, func(ID, []byte) error { return nil })
	})
	if err != nil {
		return err
	}
	for _, d := range s.BoundDepartments() {
		sc, _ := s.DepartmentScope(d)
		if err := s.View(func(tx *Tx) error { _, err := tx.Lookup(sc, "name", []byte("record 1")); return err }); err != nil {
			return err
		}
	}
	rep, err := s.Verify(context.Background(), VerifyOptions{Indexer: testIndexer})
	if err != nil {
		return err
	}
	if !rep.OK() {
		return errors.New("verify reported damage")
	}
	return nil
}

func TestRule_DamagedStorageFilesNeverPanicAndAreReportedOrHarmless(t *testing.T) {
	dir, _ := damageVault(t)
	var files []string
	ok(t, filepath.WalkDir(filepath.Join(dir, dataDir), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".sst") || strings.HasSuffix(path, ".vlog")) {
			files = append(files, path)
		}
		return err
	}))
	if len(files) == 0 {
		t.Fatal("no table or value-log files to damage")
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	outcomes := map[string]int{}
	for range 100 {
		work := t.TempDir()
		ok(t, copyTree(dir, work, lockFile))
		rel, _ := filepath.Rel(dir, files[rng.IntN(len(files))])
		path := filepath.Join(work, rel)
		b := readFile(t, path)
		pos := rng.IntN(len(b))
		b[pos] ^= byte(1 + rng.IntN(255))
		ok(t, os.WriteFile(path, b, 0o600))
		err := exercise(t, work)
		switch {
		case err == nil:
			outcomes["harmless"]++
		case errors.Is(err, ErrStoreDamaged) && strings.Contains(err.Error(), "inside the storage engine"):
			outcomes["reported (a panic inside Badger, turned into an error)"]++
		case errors.Is(err, ErrStoreDamaged), errors.Is(err, ErrCorrupt), errors.Is(err, ErrStoreMissing),
			errors.Is(err, ErrKeyringTampered), err.Error() == "verify reported damage":
			outcomes["reported"]++
		default:
			// Any other error is a report too, as long as it says what it is about.
			outcomes["other: "+err.Error()]++
		}
		_ = pos
	}
	t.Logf("100 byte flips: %v", outcomes)
	for k := range outcomes {
		if strings.HasPrefix(k, "other") {
			t.Errorf("an error that does not say the vault is damaged: %s", k)
		}
	}
}

func TestRule_VerifyFailsNamingTheCauseWhenTheDataIsEmptiedOrGone(t *testing.T) {
	for name, damage := range map[string]func(dir string) error{
		"data folder deleted": func(dir string) error { return os.RemoveAll(filepath.Join(dir, dataDir)) },
		"data folder emptied": func(dir string) error {
			entries, err := os.ReadDir(filepath.Join(dir, dataDir))
			if err != nil {
				return err
			}
			for _, e := range entries {
				if err := os.Remove(filepath.Join(dir, dataDir, e.Name())); err != nil {
					return err
				}
			}
			return nil
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir, _ := damageVault(t)
			ok(t, damage(dir))
			v, err := Open(dir, testOptions(nil))
			ok(t, err)
			defer v.Close()
			if _, err := v.Unlock(testEmail, []byte(testPass)); !errors.Is(err, ErrStoreMissing) {
				t.Fatalf("unlock over missing data: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, dataDir, "MANIFEST")); err == nil {
				t.Fatal("an empty database was made in place of the missing one")
			}
		})
	}
	t.Run("data replaced by an empty database", func(t *testing.T) {
		dir, key := damageVault(t)
		ok(t, os.RemoveAll(filepath.Join(dir, dataDir)))
		db, err := badger.Open(badger.DefaultOptions(filepath.Join(dir, dataDir)).WithEncryptionKey(key).
			WithIndexCacheSize(1 << 20).WithLogger(nil))
		ok(t, err)
		ok(t, db.Close())
		v, err := Open(dir, testOptions(nil))
		ok(t, err)
		defer v.Close()
		if _, err := v.Unlock(testEmail, []byte(testPass)); !errors.Is(err, ErrStoreMissing) {
			t.Fatalf("unlock over an empty database: %v", err)
		}
	})
}

func TestRule_VerifyNamesAMissingAPlantedAndAWrongIndexEntry(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil))
	_, dept := newDept(t, s)
	a, b, c := NewID(), NewID(), NewID()
	putIndexed(t, s, a, dept, "Anna")
	putIndexed(t, s, b, dept, "Bram")
	putIndexed(t, s, c, dept, "Cora")
	rep, err := s.Verify(t.Context(), VerifyOptions{Indexer: testIndexer})
	ok(t, err)
	if !rep.OK() || !rep.IndexChecked || rep.IndexEntries != 3 {
		t.Fatalf("verify of an intact vault: %+v", rep)
	}
	missing, _ := s.indexKey(dept, "name", []byte("Anna"), kindTest, a)
	planted, _ := s.indexKey(dept, "name", []byte("Eva"), kindTest, b)      // b is not Eva
	moved, _ := s.indexKey(dept, "name", []byte("Cora"), kindTest, NewID()) // points nowhere
	storageKey := append([]byte(nil), s.ks.scopes[storageScope].key...)
	ok(t, v.Close())
	withRawDB(t, dir, storageKey, func(db *badger.DB) {
		ok(t, db.Update(func(txn *badger.Txn) error {
			if err := txn.Delete(missing); err != nil {
				return err
			}
			if err := txn.Set(planted, nil); err != nil {
				return err
			}
			return txn.Set(moved, nil)
		}))
	})
	v, err = Open(dir, testOptions(nil))
	ok(t, err)
	defer v.Close()
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	rep, err = s.Verify(t.Context(), VerifyOptions{Indexer: testIndexer})
	ok(t, err)
	if rep.OK() || rep.IndexProblemCount != 3 {
		t.Fatalf("index problems %d: %v", rep.IndexProblemCount, rep.IndexProblems)
	}
	text := strings.Join(rep.IndexProblems, "\n")
	if !strings.Contains(text, a.String()) || !strings.Contains(text, b.String()) {
		t.Fatalf("the problems do not name the records:\n%s", text)
	}
}

func TestRule_AReplacedRecoveryEnvelopeIsRefused(t *testing.T) {
	dir, v, _, _ := newTestVault(t, testOptions(nil))
	ok(t, v.Close())
	// Someone puts an envelope of a vault key they chose in place of the real one.
	rewriteKeyring(t, dir, func(kr *keyring) {
		code, _ := setRecovery(kr.st, make([]byte, 32), testKDF)
		_ = code
	})
	if err := unlockErr(t, dir, cred{testEmail, testPass}); !errors.Is(err, ErrKeyringTampered) {
		t.Fatalf("unlock with a replaced recovery envelope: %v", err)
	}
}

func TestRule_TheVaultFolderAndEveryFileInItAreTheOwnersOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows protects the profile folder with ACLs, not mode bits")
	}
	dir := filepath.Join(t.TempDir(), "vault")
	ok(t, os.MkdirAll(dir, 0o755)) // the folder already existed, readable by others
	v, s, _, err := Create(dir, NewUser{Email: testEmail, Passphrase: []byte(testPass)}, testOptions(nil))
	ok(t, err)
	put(t, s, NewID(), s.DirectoryScope(), "x")
	check := func(when string) {
		t.Helper()
		ok(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			if info.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s: %s is %v", when, path, info.Mode().Perm())
			}
			return nil
		}))
	}
	s.Lock()
	check("after lock")
	ok(t, v.Close())
	// Files made readable by others (a copy, a restore) are made private again at open.
	ok(t, os.Chmod(filepath.Join(dir, keyringFile), 0o644))
	ok(t, os.Chmod(filepath.Join(dir, dataDir), 0o755))
	v, err = Open(dir, testOptions(nil))
	ok(t, err)
	check("after open")
	ok(t, v.Close())
}

func TestRule_WeakKDFParametersAreRaisedAtTheNextUnlock(t *testing.T) {
	dir, v, s, _ := newTestVault(t, testOptions(nil)) // 1 MiB, t = 1: below the floor
	s.Lock()
	ok(t, v.Close())
	floor := KDFParams{MemoryKiB: 64 << 10, Time: 3, Threads: 1}
	strict := testOptions(nil).WithKDF(floor)
	strict.AllowWeakKDF = false
	v, err := Open(dir, strict)
	ok(t, err)
	defer v.Close()
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	s.Lock()
	if p := v.keyringSnapshot().local.user(s.UserID()).KDF.Params; !p.MeetsFloor() {
		t.Fatalf("the parameters stayed below the floor: %v", p)
	}
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	s.Lock()
}

func TestRule_APanicInsideBadgerBecomesErrStoreDamagedAndAnyOtherPanicGoesOn(t *testing.T) {
	err := func() (err error) {
		defer guard(&err)
		y.CompareKeys([]byte{1}, []byte{2}) // Badger slices before the start of keys this short, as on a damaged table
		return nil
	}()
	wantErr(t, err, ErrStoreDamaged)
	defer func() {
		if recover() == nil {
			t.Fatal("a panic in our own code was swallowed")
		}
	}()
	_ = func() (err error) {
		defer guard(&err)
		var m map[string]int
		m["x"] = 1 // a bug of ours, not damage
		return nil
	}()
}
