package vault

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

const memberEmail = "member@example.test"

// backupFixture is a vault with an admin, a user of role user and records under a department
// (one of them a canary identity value), locked; the backup file of it; and its folder.
type backupFixture struct {
	dir, file string
	opts      Options
	records   map[ID]string
}

func newBackupFixture(t *testing.T) backupFixture {
	t.Helper()
	opts := testOptions(nil)
	dir, v, s, _ := newTestVault(t, opts)
	_, dept := newDept(t, s)
	_, err := s.AddUser(NewUser{Email: memberEmail, Passphrase: []byte("member passphrase")}, RoleUser)
	ok(t, err)
	f := backupFixture{dir: dir, opts: opts, records: map[ID]string{}}
	for i := range 300 {
		id := NewID()
		val := strings.Repeat("x", i) + canaries[0]
		put(t, s, id, dept, val)
		f.records[id] = val
	}
	ok(t, s.AppendAudit([]byte("backup test event")))
	f.file = filepath.Join(t.TempDir(), "b.kluisbak")
	out, err := os.Create(f.file)
	ok(t, err)
	info, err := s.Backup(t.Context(), out, BackupOptions{})
	ok(t, err)
	ok(t, out.Close())
	if info.Records == 0 || info.VaultID != v.ID() {
		t.Fatalf("backup info %+v", info)
	}
	s.Lock()
	ok(t, v.Close())
	return f
}

func restoreOpts(f backupFixture) RestoreOptions {
	return RestoreOptions{Email: testEmail, Passphrase: []byte(testPass), Vault: f.opts}
}

// TestRule_BackupRestoresIntoAnEmptyFolderVerifiedWithTheSamePassphrases: a restored vault
// verifies completely and both users open it with their own passphrases and read every record.
func TestRule_BackupRestoresIntoAnEmptyFolderVerifiedWithTheSamePassphrases(t *testing.T) {
	f := newBackupFixture(t)
	target := filepath.Join(t.TempDir(), "new-pc", "vault")
	res, err := Restore(t.Context(), f.file, target, restoreOpts(f))
	ok(t, err)
	if !res.Verify.OK() || res.Replaced || res.Backup.Records == 0 {
		t.Fatalf("result %+v", res)
	}
	v, err := Open(target, f.opts)
	ok(t, err)
	defer v.Close()
	for _, u := range []struct{ email, pass string }{{testEmail, testPass}, {memberEmail, "member passphrase"}} {
		s, err := v.Unlock(u.email, []byte(u.pass))
		ok(t, err)
		rep, err := s.Verify(t.Context(), VerifyOptions{})
		ok(t, err)
		if !rep.OK() {
			t.Fatalf("%s: verify %+v", u.email, rep)
		}
		for id, want := range f.records {
			got, err := get(s, id)
			ok(t, err)
			if string(got) != want {
				t.Fatalf("%s: record %s differs", u.email, id)
			}
		}
		s.Lock()
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".kluis-*"))
	if len(leftovers) > 0 {
		t.Fatalf("temporary folders left: %v", leftovers)
	}
}

// TestRule_BackupFileHoldsNoIdentityValueInClear: the backup file never shows a record's
// identity value (the canary is in 300 records).
func TestRule_BackupFileHoldsNoIdentityValueInClear(t *testing.T) {
	f := newBackupFixture(t)
	b, err := os.ReadFile(f.file)
	ok(t, err)
	for _, c := range append(canaries, testEmail, memberEmail) {
		if bytes.Contains(b, []byte(c)) {
			t.Fatalf("the backup file holds %q in clear", c)
		}
	}
}

// folderDigest is every file of a folder with its bytes, to show it did not change.
func folderDigest(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ok(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[p] = string(b)
		return nil
	}))
	return out
}

func sameFolder(t *testing.T, before, after map[string]string) {
	t.Helper()
	if len(before) != len(after) {
		t.Fatalf("files before %d, after %d", len(before), len(after))
	}
	for p, b := range before {
		if after[p] != b {
			t.Fatalf("%s changed", p)
		}
	}
}

// TestRule_DamagedBackupsAreRefusedAndTheVaultStaysUntouched: a flipped byte anywhere in the
// file, a truncated file and a backup of another vault are each refused with their own error,
// and the existing vault's folder is byte for byte as before (restoring over it with Replace).
func TestRule_DamagedBackupsAreRefusedAndTheVaultStaysUntouched(t *testing.T) {
	f := newBackupFixture(t)
	good, err := os.ReadFile(f.file)
	ok(t, err)
	before := folderDigest(t, f.dir)
	opts := restoreOpts(f)
	opts.Replace = true
	try := func(name string, data []byte, want error) {
		t.Helper()
		p := filepath.Join(t.TempDir(), name+".kluisbak")
		ok(t, os.WriteFile(p, data, 0o600))
		_, err := Restore(t.Context(), p, f.dir, opts)
		if !errors.Is(err, want) {
			t.Fatalf("%s: got %v, want %v", name, err, want)
		}
		sameFolder(t, before, folderDigest(t, f.dir))
		leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(f.dir), ".kluis-*"))
		if len(leftovers) > 0 {
			t.Fatalf("%s: temporary folders left: %v", name, leftovers)
		}
	}
	// A flipped byte at many offsets: the magic, the header, the checksum, the body (start,
	// middle, end) and the trailer's length.
	offsets := []int{0, 9, 20, 200, len(good) / 3, len(good) / 2, len(good) - 40, len(good) - 17, len(good) - 1}
	for _, off := range offsets {
		bad := bytes.Clone(good)
		bad[off] ^= 0x01
		p := filepath.Join(t.TempDir(), "flip.kluisbak")
		ok(t, os.WriteFile(p, bad, 0o600))
		_, err := Restore(t.Context(), p, f.dir, opts)
		if !errors.Is(err, ErrBackupCorrupt) && !errors.Is(err, ErrBackupTruncated) {
			t.Fatalf("flip at %d of %d: got %v, want refused as damaged", off, len(good), err)
		}
		sameFolder(t, before, folderDigest(t, f.dir))
	}
	for _, off := range []int{20, len(good) / 2, len(good) - 40} {
		bad := bytes.Clone(good)
		bad[off] ^= 0x80
		try("flip", bad, ErrBackupCorrupt)
	}
	for _, n := range []int{5, 100, len(good) / 2, len(good) - 1} {
		try("truncated", good[:n], ErrBackupTruncated)
	}
	other := newBackupFixture(t)
	otherFile, err := os.ReadFile(other.file)
	ok(t, err)
	try("other", otherFile, ErrBackupOtherVault)
	// Without the confirmation, even a good backup of this vault replaces nothing.
	opts.Replace = false
	try("no-confirmation", good, ErrBackupTargetNotEmpty)
	opts.Replace, opts.Passphrase = true, []byte("wrong")
	try("wrong-passphrase", good, ErrWrongPassphrase)
}

// TestRule_RestoreReplacesTheSameVaultOnlyWithConfirmation: with Replace, a backup of the same
// vault replaces it (a record written after the backup is gone), and says which serial it replaced.
func TestRule_RestoreReplacesTheSameVaultOnlyWithConfirmation(t *testing.T) {
	f := newBackupFixture(t)
	v, err := Open(f.dir, f.opts)
	ok(t, err)
	s, err := v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	later := NewID()
	put(t, s, later, s.DirectoryScope(), "written after the backup")
	s.Lock()
	ok(t, v.Close())
	opts := restoreOpts(f)
	opts.Replace = true
	res, err := Restore(t.Context(), f.file, f.dir, opts)
	ok(t, err)
	if !res.Replaced || res.ReplacedSerial == 0 {
		t.Fatalf("result %+v", res)
	}
	v, err = Open(f.dir, f.opts)
	ok(t, err)
	defer v.Close()
	s, err = v.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	defer s.Lock()
	if _, err := get(s, later); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the record written after the backup: %v", err)
	}
}

// TestRule_RestoreRefusesAFolderWithOtherFiles: a folder with a file of its own is not a
// restore target.
func TestRule_RestoreRefusesAFolderWithOtherFiles(t *testing.T) {
	f := newBackupFixture(t)
	target := t.TempDir()
	ok(t, os.WriteFile(filepath.Join(target, "notes.txt"), []byte("mine"), 0o600))
	_, err := Restore(t.Context(), f.file, target, restoreOpts(f))
	wantErr(t, err, ErrBackupTargetNotEmpty)
	b, err := os.ReadFile(filepath.Join(target, "notes.txt"))
	ok(t, err)
	if string(b) != "mine" {
		t.Fatal("the folder's file changed")
	}
}

// TestRule_BackupDuringAWriteIsBeforeOrAfterIt: backups taken while a crash-atomic write of
// many records runs restore to a vault holding either none or all of its records.
func TestRule_BackupDuringAWriteIsBeforeOrAfterIt(t *testing.T) {
	opts := testOptions(nil)
	_, v, s, _ := newTestVault(t, opts)
	_ = v
	const n = 3000
	ids := make([]ID, n)
	for i := range ids {
		ids[i] = NewID()
	}
	var wg sync.WaitGroup
	var writing atomic.Bool
	writing.Store(true)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer writing.Store(false)
		err := s.Atomic(AtomicOptions{Name: "import"}, func(w *AtomicWriter) error {
			for i, id := range ids {
				if err := w.PutNew(kindTest, id, s.DirectoryScope(), []byte("row")); err != nil {
					return err
				}
				if i%100 == 99 {
					if err := w.Flush(); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}()
	var files []string
	for i := 0; writing.Load() || i < 2; i++ {
		p := filepath.Join(t.TempDir(), "b.kluisbak")
		out, err := os.Create(p)
		ok(t, err)
		_, err = s.Backup(t.Context(), out, BackupOptions{})
		ok(t, err)
		ok(t, out.Close())
		files = append(files, p)
	}
	wg.Wait()
	s.Lock()
	counts := map[int]int{}
	for _, p := range files {
		target := filepath.Join(t.TempDir(), "restored")
		_, err := Restore(t.Context(), p, target, RestoreOptions{Email: testEmail, Passphrase: []byte(testPass), Vault: opts})
		ok(t, err)
		rv, err := Open(target, opts)
		ok(t, err)
		rs, err := rv.Unlock(testEmail, []byte(testPass))
		ok(t, err)
		found := 0
		for _, id := range ids {
			if _, err := get(rs, id); err == nil {
				found++
			}
		}
		rs.Lock()
		ok(t, rv.Close())
		if found != 0 && found != n {
			t.Fatalf("a backup holds %d of the write's %d records", found, n)
		}
		counts[found]++
	}
	keys := make([]int, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	t.Logf("%d backups; records found per restore: %v", len(files), counts)
}

// TestRule_OnlyAdminsMakeBackups: a user of role user cannot make a backup.
func TestRule_OnlyAdminsMakeBackups(t *testing.T) {
	opts := testOptions(nil)
	_, v, s, _ := newTestVault(t, opts)
	_, err := s.AddUser(NewUser{Email: memberEmail, Passphrase: []byte("member passphrase")}, RoleUser)
	ok(t, err)
	s.Lock()
	m, err := v.Unlock(memberEmail, []byte("member passphrase"))
	ok(t, err)
	defer m.Lock()
	_, err = m.Backup(t.Context(), &bytes.Buffer{}, BackupOptions{})
	wantErr(t, err, ErrDenied)
}

// TestRule_BackupInfoReadsTheHeaderWithoutAKey: the restore screen names the date and vault.
func TestRule_BackupInfoReadsTheHeaderWithoutAKey(t *testing.T) {
	f := newBackupFixture(t)
	info, err := ReadBackupInfo(f.file)
	ok(t, err)
	if info.VaultID == "" || info.Created.IsZero() || info.KeyringSerial == 0 {
		t.Fatalf("info %+v", info)
	}
	_, err = ReadBackupInfo(f.dir + "/keyring.json")
	wantErr(t, err, ErrBackupCorrupt)
}

// TestRule_RestoreDoesNotReplaceAVaultInUse: while a Kluis holds the vault, replacing it is
// refused (ErrInUse) and the folder is as it was.
func TestRule_RestoreDoesNotReplaceAVaultInUse(t *testing.T) {
	f := newBackupFixture(t)
	before := folderDigest(t, f.dir)
	v, err := Open(f.dir, f.opts)
	ok(t, err)
	defer v.Close()
	opts := restoreOpts(f)
	opts.Replace = true
	_, err = Restore(t.Context(), f.file, f.dir, opts)
	wantErr(t, err, ErrInUse)
	sameFolder(t, before, folderDigest(t, f.dir))
}
