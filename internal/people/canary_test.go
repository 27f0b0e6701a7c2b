package people

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// TestRule_IdentityValuesNeverAppearInLogsErrorsOrFiles: canary identity values, valid and
// invalid, go through every write and search path; no error text, no log line and no file of
// the vault may contain them.
func TestRule_IdentityValuesNeverAppearInLogsErrorsOrFiles(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	dir := t.TempDir()
	v, s, _, err := vault.Create(dir, vault.NewUser{Email: "admin@canary.example", Passphrase: []byte("canary test passphrase")},
		vaulttest.Options().WithLogger(logger))
	ok(t, err)
	d := NewDirectory(s, clock)
	emp, err := d.AddEmployer("Canary BV", "12345678")
	ok(t, err)

	canaries := []string{"Kanariepietersen", "Zwanhilde", "Canarystraat", "canary.person@example.nl", "Vogelkooi",
		"111222333", "CANARY1", "canary-0612", "12345678x", "Kanariedijk"}
	good := person("C-001", "Kooi", "Kanariepietersen")
	good.FirstName, good.Street, good.EmailPrivate, good.City = "Zwanhilde", "Canarystraat", "canary.person@example.nl", "Vogelkooi"
	bad := good
	bad.Persnr, bad.Postcode, bad.PhoneWork, bad.BSN, bad.PartnerSurname = "C-002", "CANARY1", "canary-0612", "12345678x",
		strings.Repeat("Kanariedijk", 30)

	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	created, err := d.CreateEmployee(emp.ID, good)
	ok(t, err)
	_, err = d.CreateEmployee(emp.ID, bad)
	collect(err)
	_, err = d.UpdateEmployee(created.ID, bad)
	collect(err)
	_, err = d.ApplyImport(context.Background(), emp.ID, []EmployeeInput{good, bad}, nil)
	collect(err)
	_, err = d.CreateEmployee(emp.ID, good) // duplicate persnr
	collect(err)
	for _, q := range canaries {
		_, err := d.Search(q, 5)
		collect(err)
	}
	collect(d.EndEmployment(created.ID, "Kanariedag"))
	if len(errs) < 5 {
		t.Fatalf("expected the invalid inputs to fail, got %d errors", len(errs))
	}
	for _, e := range errs {
		for _, c := range canaries {
			if strings.Contains(e.Error(), c) {
				t.Errorf("error text contains canary %q: %v", c, e)
			}
		}
	}
	d.Wipe()
	s.Lock()
	ok(t, v.Close())
	for _, c := range canaries {
		if strings.Contains(logs.String(), c) {
			t.Errorf("log contains canary %q", c)
		}
	}
	ok(t, filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range canaries[:6] {
			if bytes.Contains(b, []byte(c)) {
				t.Errorf("%s contains canary %q in clear", filepath.Base(path), c)
			}
		}
		return nil
	}))
}
