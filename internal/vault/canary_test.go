package vault

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Canary identity values: none may appear in any file of the vault folder or in the log.
var canaries = []string{
	"Anneke Canarie-Verbeek", // name
	"111222333",              // BSN
	"anneke.canarie@kluis-canary.example",
	"1979-03-14", // birth date
	"Kanariestraat 17",
	"9999 ZZ",
}

func TestRule_NoIdentityValueInAnyFileOrLog(t *testing.T) {
	log := &syncBuffer{}
	opts := testOptions(log)
	dir := t.TempDir()
	email := canaries[2]
	v, s, _, err := Create(dir, NewUser{Email: email, Passphrase: []byte(testPass)}, opts)
	ok(t, err)
	deptID, dept := newDept(t, s)
	person := `{"name":"` + canaries[0] + `","bsn":"` + canaries[1] + `","email":"` + canaries[2] +
		`","birth":"` + canaries[3] + `","street":"` + canaries[4] + `","postcode":"` + canaries[5] + `"}`
	ok(t, s.WriteBatch(func(b *Batch) error {
		for range 200 { // enough to be worth compressing, if anything did
			id := NewID()
			if err := b.Put(kindTest, id, dept, []byte(person)); err != nil {
				return err
			}
			if err := b.SetIndex(dept, "bsn", []byte(canaries[1]), kindTest, id); err != nil {
				return err
			}
			if err := b.SetIndex(dept, "birth+postcode", []byte(canaries[3]+"|"+canaries[5]), kindTest, id); err != nil {
				return err
			}
		}
		return nil
	}))
	_, err = s.AddUser(NewUser{Email: strings.ToUpper(canaries[2]) + ".nl", Passphrase: []byte("pw")}, RoleManager, deptID)
	ok(t, err)
	_, err = s.Verify(t.Context(), VerifyOptions{})
	ok(t, err)
	s.Lock()
	_, err = v.Unlock(email, []byte("wrong passphrase"))
	wantErr(t, err, ErrWrongPassphrase)
	if strings.Contains(err.Error(), "canary") {
		t.Fatalf("error names the e-mail: %v", err)
	}
	s, err = v.Unlock(email, []byte(testPass))
	ok(t, err)
	s.Lock()
	ok(t, v.Close())

	files := 0
	ok(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		lower := bytes.ToLower(b)
		for _, c := range canaries {
			if bytes.Contains(b, []byte(c)) || bytes.Contains(lower, []byte(strings.ToLower(c))) {
				t.Errorf("%s contains %q", path, c)
			}
		}
		return nil
	}))
	if files < 3 {
		t.Fatalf("only %d files under the vault folder", files)
	}
	out := strings.ToLower(log.String())
	for _, c := range canaries {
		if strings.Contains(out, strings.ToLower(c)) {
			t.Errorf("log contains %q:\n%s", c, log)
		}
	}
	if !strings.Contains(out, "unlock failed") {
		t.Fatalf("log was not captured:\n%s", log)
	}
}
