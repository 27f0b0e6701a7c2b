package app

import (
	"bytes"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/vault/vaulttest"
)

// TestRule_NoIdentityDataOnDiskOrInLogsThroughTheWindowPath plants canary values in everything
// the first run stores (employer, admin name and e-mail), runs failed and successful unlocks and a
// lock, then reads every file under the vault folder and everything logged: no canary may appear.
func TestRule_NoIdentityDataOnDiskOrInLogsThroughTheWindowPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f, life, err := New(Config{VaultDir: dir, Logger: logger, VaultOptions: vaulttest.Options().WithLogger(logger)})
	if err != nil {
		t.Fatal(err)
	}
	life.Startup(&fakePlatform{})
	s := f.Session

	canaries := []string{"Canaryvogel", "kanarie.geel@canary-mail.example", "Kanariepietje Holding"}
	in := NewVault{EmployerName: canaries[2], KvK: "12345678", AdminName: canaries[0] + " de Beheerder",
		AdminEmail: canaries[1], Passphrase: strong}
	if _, err := s.CreateVault(in); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	for range 4 {
		if _, err := s.Unlock(canaries[1], "paard batterij nietje fout"); err == nil {
			t.Fatal("wrong passphrase accepted")
		}
	}
	_, _ = s.Unlock("someone-else@canary-mail.example", strong)
	life.Shutdown()

	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lower := bytes.ToLower(b)
		for _, c := range append(canaries, "canary-mail") {
			if bytes.Contains(lower, []byte(strings.ToLower(c))) {
				t.Errorf("%s holds %q in clear", path, c)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(canaries, "canary-mail") {
		if strings.Contains(strings.ToLower(logs.String()), strings.ToLower(c)) {
			t.Errorf("the log holds %q:\n%s", c, logs.String())
		}
	}
}

// TestRule_ImportedIdentityDataNeverReachesDiskLogsOrErrorsInClear imports canary identities
// through the window path (check, commit, search, detail, a refused edit, a file with problems),
// then greps every vault file, the log and every error text.
func TestRule_ImportedIdentityDataNeverReachesDiskLogsOrErrorsInClear(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f, life, err := New(Config{VaultDir: dir, Logger: logger, VaultOptions: vaulttest.Options().WithLogger(logger)})
	if err != nil {
		t.Fatal(err)
	}
	life.Startup(&fakePlatform{})
	if _, err := f.Session.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	canaries := []string{"Kanariegeel", "Piepvogelstraat", "canary.pip@canary-mail.example", "0612398765", "111222333"}
	good := filepath.Join(t.TempDir(), "good.csv")
	bad := filepath.Join(t.TempDir(), "bad.csv")
	header := "persnr;achternaam;straat;huisnummer;postcode;email_prive;telefoon;bsn;afdeling;datum_in_dienst\n"
	row := "7;Kanariegeel;Piepvogelstraat;1;1234 AB;canary.pip@canary-mail.example;0612398765;111222333;Kantoor;01-01-2020\n"
	if err := os.WriteFile(good, []byte(header+row), 0o600); err != nil {
		t.Fatal(err)
	}
	badRow := "8;Kanariegeel;Piepvogelstraat;1;12345;canary.pip@canary-mail;0612398765x;111222334;Kantoor;31-02-2020\n"
	if err := os.WriteFile(bad, []byte(header+badRow), 0o600); err != nil {
		t.Fatal(err)
	}
	var texts []string
	rep, err := f.Import.Commit(ImportRequest{Path: bad})
	if err != nil || rep.ProblemCount == 0 {
		t.Fatalf("bad file: %+v %v", rep, err)
	}
	for _, p := range rep.Problems {
		texts = append(texts, p.Message)
	}
	if rep, err = f.Import.Commit(ImportRequest{Path: good}); err != nil || !rep.Written {
		t.Fatalf("good file: %+v %v", rep, err)
	}
	answer, err := f.Directory.Search("kanarie")
	hits := answer.Hits
	if err != nil || len(hits) != 1 {
		t.Fatalf("search: %v %v", hits, err)
	}
	detail, err := f.Directory.Employee(hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	form := EmployeeForm{Persnr: "7", Department: detail.Department, Start: "01-01-2020",
		Identity: IdentityFields{Surname: "Kanariegeel", BSN: "111222334", Postcode: "12345", EmailPrivate: "canary.pip@"}}
	if _, err := f.Directory.UpdateEmployee(detail.ID, form); err == nil {
		t.Fatal("an invalid edit was accepted")
	} else {
		texts = append(texts, err.Error())
	}
	life.Shutdown()

	for _, text := range append(texts, logs.String()) {
		for _, c := range canaries {
			if strings.Contains(strings.ToLower(text), strings.ToLower(c)) {
				t.Errorf("%q appears in %q", c, text)
			}
		}
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range canaries {
			if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(c))) {
				t.Errorf("%s holds %q in clear", path, c)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRule_AdministrationKeepsNamesReasonsAndIdentitiesOutOfDiskLogsAndErrors runs the Beheer
// paths with canary values: a request, a rejection reason, an approval, a revocation with its
// re-seal of a canary identity, then greps every vault file, the log and the error texts.
func TestRule_AdministrationKeepsNamesReasonsAndIdentitiesOutOfDiskLogsAndErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f, life, err := New(Config{VaultDir: dir, Logger: logger, VaultOptions: vaulttest.Options().WithLogger(logger)})
	if err != nil {
		t.Fatal(err)
	}
	life.Startup(&fakePlatform{})
	defer life.Shutdown()
	s, admin, dirf := f.Session, f.Admin, f.Directory
	canaries := []string{"Tjiptjilp", "tjiptjilp@vogel-mail.example", "Vogelkooireden", "Parkietstraat"}
	if _, err := s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	var errs []string
	note := func(err error) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	list, _ := dirf.Employers()
	dep, err := dirf.CreateDepartment(list[0].ID, "", "Magazijn", "")
	if err != nil {
		t.Fatal(err)
	}
	in := form("1", dep.ID, canaries[0])
	in.Identity.Street = canaries[3]
	_, err = dirf.CreateEmployee(list[0].ID, in)
	note(err)
	s.Lock()
	for _, email := range []string{canaries[1], "tweede-" + canaries[1]} {
		_, err = s.RequestAccess(AccessRequestForm{Name: canaries[0] + " Aanvrager", Email: email, Passphrase: newcomerPass, Role: "manager"})
		note(err)
	}
	_, err = s.Unlock("petra@korenaar.example", strong)
	note(err)
	reqs, _ := admin.Requests()
	note(admin.Reject(reqs[1].ID, canaries[2]))
	note(admin.Approve(reqs[0].ID, "manager", []string{dep.ID}))
	_, err = admin.SetRole(reqs[0].ID, "manager", nil) // refused: no department
	note(err)
	note(admin.Revoke(reqs[0].ID, canaries[2]+" ingetrokken"))
	s.Lock()
	_, err = s.Unlock("tweede-"+canaries[1], newcomerPass) // rejected: the reason reaches only them
	var ae *AppError
	if !errors.As(err, &ae) || ae.Detail != canaries[2] {
		t.Fatalf("the requester's rejection: %v", err)
	}
	_, err = s.Unlock(canaries[1], newcomerPass)
	note(err)
	life.Shutdown()

	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range append(canaries, "vogel-mail") {
			if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(c))) {
				t.Errorf("%s holds %q in clear", path, c)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(canaries, "vogel-mail") {
		if strings.Contains(strings.ToLower(logs.String()), strings.ToLower(c)) {
			t.Errorf("the log holds %q", c)
		}
		for _, e := range errs {
			if strings.Contains(strings.ToLower(e), strings.ToLower(c)) {
				t.Errorf("an error text holds %q: %s", c, e)
			}
		}
	}
	if len(errs) < 2 {
		t.Fatalf("the refusals did not happen: %v", errs)
	}
}
