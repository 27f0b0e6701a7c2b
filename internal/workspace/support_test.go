package workspace_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"kluis/internal/access"
	"kluis/internal/agreement"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/support"
	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/version"
	"kluis/internal/workspace"
)

func helpdeskEvents(t *testing.T, ws *workspace.Workspace) []audit.Event {
	t.Helper()
	all, err := ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Event
	for _, e := range all {
		if e.Action == audit.ActionHelpdeskUpdate {
			out = append(out, e)
		}
	}
	return out
}

func TestRule_AnAdminRecordsTheHelpdeskAuditedOncePerChange(t *testing.T) {
	o := open(t)
	st, err := o.ws.Helpdesk()
	if err != nil || st.Source != workspace.HelpdeskNone || st.Linked || !st.CanEdit {
		t.Fatalf("before: %+v %v", st, err)
	}
	in := support.HelpdeskInput{Name: " Arbodienst Midden ", Email: "Helpdesk@ARBO.example", Phone: "030 123 45 67", Hours: "ma-vr 8:30-17:00"}
	st, err = o.ws.SaveHelpdesk(in)
	if err != nil {
		t.Fatal(err)
	}
	want := support.Helpdesk{Name: "Arbodienst Midden", Email: "Helpdesk@arbo.example", Phone: "030 123 45 67", Hours: "ma-vr 8:30-17:00"}
	if st.Source != workspace.HelpdeskOwn || st.Helpdesk != want {
		t.Fatalf("after save: %+v", st)
	}
	if _, err := o.ws.SaveHelpdesk(in); err != nil { // unchanged: no second event
		t.Fatal(err)
	}
	if ev := helpdeskEvents(t, o.ws); len(ev) != 1 || ev[0].Detail != "set" || ev[0].Count != 0 {
		t.Fatalf("events after an unchanged save: %+v", ev)
	}
	// It survives a lock: it is a record in the vault, not session state.
	o.ws.Close()
	ws := o.reopen(t)
	if st, err := ws.Helpdesk(); err != nil || st.Helpdesk != want {
		t.Fatalf("after reopen: %+v %v", st, err)
	}
	// An empty form removes it.
	st, err = ws.SaveHelpdesk(support.HelpdeskInput{})
	if err != nil || st.Source != workspace.HelpdeskNone || !st.Helpdesk.Empty() {
		t.Fatalf("after removing: %+v %v", st, err)
	}
	if ev := helpdeskEvents(t, ws); len(ev) != 2 || ev[1].Detail != "removed" {
		t.Fatalf("events after removing: %+v", ev)
	}
}

func TestRule_TheHelpdeskFormIsValidated(t *testing.T) {
	o := open(t)
	cases := []struct {
		name  string
		in    support.HelpdeskInput
		field string
		code  validate.Code
	}{
		{"bad e-mail", support.HelpdeskInput{Email: "helpdesk@arbo", Phone: "0301234567"}, support.FieldEmail, validate.EmailFormat},
		{"bad phone", support.HelpdeskInput{Phone: "bel ons"}, support.FieldPhone, validate.PhoneFormat},
		{"short phone", support.HelpdeskInput{Phone: "12345"}, support.FieldPhone, validate.PhoneFormat},
		{"only a name", support.HelpdeskInput{Name: "Arbodienst"}, support.FieldEmail, support.ContactRequired},
		{"control characters", support.HelpdeskInput{Name: "Arbo\x07", Email: "a@b.nl"}, support.FieldName, validate.InvalidControls},
		{"hours too long", support.HelpdeskInput{Email: "a@b.nl", Hours: strings.Repeat("x", support.MaxHours+1)}, support.FieldHours, validate.TooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := o.ws.SaveHelpdesk(c.in)
			var fe validate.FieldErrors
			if !errors.As(err, &fe) || fe[c.field] != c.code {
				t.Fatalf("err = %v, want %s on %s", err, c.code, c.field)
			}
			if ex := workspace.Explain(err); ex.Code != workspace.CodeInvalidInput || ex.Fields[c.field] != string(c.code) {
				t.Fatalf("explained as %+v", ex)
			}
		})
	}
	if ev := helpdeskEvents(t, o.ws); len(ev) != 0 {
		t.Fatalf("a refused form was audited: %+v", ev)
	}
}

func TestRule_EveryUserReadsTheHelpdeskButOnlyAnAdminChangesIt(t *testing.T) {
	o := open(t)
	if _, err := o.ws.SaveHelpdesk(support.HelpdeskInput{Email: "help@arbo.example"}); err != nil {
		t.Fatal(err)
	}
	if _, err := o.ws.Session().AddUser(vault.NewUser{Email: "hr@korenaar.example", Passphrase: []byte("hr passphrase for the test")}, vault.RoleUser); err != nil {
		t.Fatal(err)
	}
	o.ws.Close()
	sess, err := o.v.Unlock("hr@korenaar.example", []byte("hr passphrase for the test"))
	if err != nil {
		t.Fatal(err)
	}
	hr := workspace.Open(sess, workspace.Config{})
	t.Cleanup(hr.Close)
	st, err := hr.Helpdesk()
	if err != nil || st.Helpdesk.Email != "help@arbo.example" || st.CanEdit {
		t.Fatalf("HR user's helpdesk: %+v %v", st, err)
	}
	if _, err := hr.SaveHelpdesk(support.HelpdeskInput{Email: "evil@example.test"}); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("HR user's save: %v", err)
	}
	// An insider around the workspace: the HR user seals a helpdesk of their own straight into
	// the vault (they hold the directory scope). It is signed by them, not by an admin, so no
	// reader takes it: the Support page shows no recorded helpdesk rather than theirs.
	if err := sess.Update(func(tx *vault.Tx) error {
		return support.StoreHelpdesk(tx, sess.DirectoryScope(), support.Helpdesk{Email: "evil@example.test", Phone: "0900 1234567"})
	}); err != nil {
		t.Fatal(err)
	}
	st, err = hr.Helpdesk()
	if err != nil || st.Source == workspace.HelpdeskOwn || st.Helpdesk.Email == "evil@example.test" {
		t.Fatalf("a helpdesk written by a non-admin was taken: %+v %v", st, err)
	}
}

func TestRule_ARecordedHelpdeskNeedsAnActiveAdminsSignature(t *testing.T) {
	o := open(t)
	if _, err := o.ws.SaveHelpdesk(support.HelpdeskInput{Email: "help@arbo.example"}); err != nil {
		t.Fatal(err)
	}
	// A signed record whose content is changed afterwards (the signature no longer covers it)
	// is ignored too.
	sess := o.ws.Session()
	if err := sess.Update(func(tx *vault.Tx) error {
		if err := support.StoreHelpdesk(tx, sess.DirectoryScope(), support.Helpdesk{Email: "help@arbo.example"}); err != nil {
			return err
		}
		type forged struct {
			Helpdesk support.Helpdesk `json:"helpdesk"`
			By       vault.UserID     `json:"by"`
			Sig      []byte           `json:"sig"`
		}
		f, err := vault.GetJSON[forged](tx, support.KindHelpdesk, support.HelpdeskID())
		if err != nil {
			return err
		}
		f.Helpdesk.Email = "evil@example.test"
		return vault.PutJSON(tx, support.KindHelpdesk, support.HelpdeskID(), sess.DirectoryScope(), &f)
	}); err != nil {
		t.Fatal(err)
	}
	st, err := o.ws.Helpdesk()
	if err != nil || st.Source == workspace.HelpdeskOwn || st.Helpdesk.Email == "evil@example.test" {
		t.Fatalf("a changed helpdesk record was taken: %+v %v", st, err)
	}
}

// Canary values in every identity field the vault holds: employees, the department, the
// employer, the users (profile names and e-mails), a pending access request, the signatory.
const (
	canaryEmployer   = "Canarybakkerij Zwaluwstaart BV"
	canaryKvK        = "87654321"
	canarySurname    = "Kanariepiet"
	canaryGiven      = "Tjiftjaf"
	canaryBSN        = "111222333"
	canaryBirth      = "1977-07-07"
	canaryStreet     = "Merelstraat"
	canaryPhone      = "0612345678"
	canaryEmail      = "kanarie@vogel.example"
	canaryDept       = "Vinkenafdeling"
	canaryUserName   = "Gerrit Goudvink"
	canaryUserEmail  = "goudvink@vogel.example"
	canaryReqName    = "Rietje Roodborst"
	canaryReqEmail   = "roodborst@vogel.example"
	canarySignatory  = "Sijsje Sperwer"
	canarySigEmail   = "sperwer@vogel.example"
	canaryHelpdeskNm = "Helpdesk Koolmees"
)

func TestRule_TheSupportInfoCountsButNamesNobody(t *testing.T) {
	o := open(t)
	emp, err := o.ws.Directory().AddEmployer(canaryEmployer, canaryKvK)
	if err != nil {
		t.Fatal(err)
	}
	for i, persnr := range []string{"71", "72"} {
		if _, err := o.ws.CreateEmployee(emp.ID, people.EmployeeInput{Persnr: persnr, Department: canaryDept,
			Surname: canarySurname, FirstName: canaryGiven, BSN: []string{canaryBSN, "123456782"}[i], BirthDate: canaryBirth,
			Street: canaryStreet, Number: "7", Postcode: "3511 AB", City: "Utrecht", PhoneMobile: canaryPhone, EmailPrivate: canaryEmail,
			Start: "01-05-2020"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := o.ws.Session().AddUser(vault.NewUser{Email: canaryUserEmail, Passphrase: []byte("user passphrase for the test")}, vault.RoleUser); err != nil {
		t.Fatal(err)
	}
	if _, err := access.RequestAccess(o.v, access.AccessRequest{Name: canaryReqName, Email: canaryReqEmail,
		Passphrase: "request passphrase 12", Role: vault.RoleUser}); err != nil {
		t.Fatal(err)
	}
	if err := o.ws.SaveSignatory(emp.ID, agreementInput(canarySignatory, canarySigEmail)); err != nil {
		t.Fatal(err)
	}
	if _, err := o.ws.SaveHelpdesk(support.HelpdeskInput{Name: canaryHelpdeskNm, Email: "koolmees@arbo.example"}); err != nil {
		t.Fatal(err)
	}

	logPath := filepath.Join(t.TempDir(), "kluis.log")
	dir := o.v.Dir()
	info, err := o.ws.SupportInfo(workspace.SupportEnv{VaultDir: dir, LogPath: logPath})
	if err != nil {
		t.Fatal(err)
	}
	if info.Employees != 2 || info.Departments < 1 || info.Users != 2 || info.Requests != 1 || info.Shares != 0 {
		t.Fatalf("counts %+v", info)
	}
	// Badger's value log is a sparse 2 GB file; the size counts what is on disk.
	if info.VaultBytes <= 0 || info.VaultBytes > 1<<30 || info.VaultFormat != vault.FormatVersion || info.SyncLinked || info.SyncError != "not_linked" {
		t.Fatalf("vault facts %+v", info)
	}
	text := info.Text()
	for _, want := range []string{version.String(), runtime.GOOS + "/" + runtime.GOARCH, dir, logPath, "Employees:", "Pending requests:", fmt.Sprintf("%-22s none", "Last crash:")} {
		if !strings.Contains(text, want) {
			t.Errorf("support text lacks %q:\n%s", want, text)
		}
	}
	// The window's newest crash report (internal/crashwatch) is named, by its time and file.
	for _, name := range []string{"crash-20261201-080000.txt", "crash-20261203-141516.txt"} {
		if err := os.WriteFile(filepath.Join(filepath.Dir(logPath), name), []byte("report"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if info, err = o.ws.SupportInfo(workspace.SupportEnv{VaultDir: dir, LogPath: logPath}); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%-22s 2026-12-03T14:15:16Z (crash-20261203-141516.txt, in the log folder)", "Last crash:"); !strings.Contains(info.Text(), want) {
		t.Errorf("support text lacks %q:\n%s", want, info.Text())
	}
	for _, canary := range []string{canaryEmployer, canaryKvK, canarySurname, canaryGiven, canaryBSN, canaryBirth, "07-07-1977",
		canaryStreet, canaryPhone, canaryEmail, canaryDept, canaryUserEmail, canaryReqName, canaryReqEmail, canarySignatory,
		canarySigEmail, canaryHelpdeskNm, "Bakkerij De Korenaar", "12345678", "vaulttest"} {
		if strings.Contains(text, canary) && !strings.Contains(dir, canary) {
			t.Errorf("support text holds %q:\n%s", canary, text)
		}
	}
}

func TestRule_AUserSupportInfoLeavesOutTheAdminsCounts(t *testing.T) {
	o := open(t)
	if _, err := o.ws.Session().AddUser(vault.NewUser{Email: "hr@korenaar.example", Passphrase: []byte("hr passphrase for the test")}, vault.RoleUser); err != nil {
		t.Fatal(err)
	}
	o.ws.Close()
	sess, err := o.v.Unlock("hr@korenaar.example", []byte("hr passphrase for the test"))
	if err != nil {
		t.Fatal(err)
	}
	hr := workspace.Open(sess, workspace.Config{})
	t.Cleanup(hr.Close)
	info, err := hr.SupportInfo(workspace.SupportEnv{VaultDir: o.v.Dir()})
	if err != nil {
		t.Fatal(err)
	}
	if info.Users != -1 || info.Requests != -1 || info.Role != string(vault.RoleUser) {
		t.Fatalf("HR user's info %+v", info)
	}
	if text := info.Text(); !strings.Contains(text, "Users:                 -\n") || !strings.Contains(text, "Log file:              -\n") {
		t.Fatalf("text:\n%s", text)
	}
}

func TestRule_AnUnreadableVaultFolderGivesAnUnknownSizeNotAFailure(t *testing.T) {
	o := open(t)
	info, err := o.ws.SupportInfo(workspace.SupportEnv{VaultDir: filepath.Join(t.TempDir(), "gone")})
	if err != nil {
		t.Fatal(err)
	}
	if info.VaultBytes != -1 || !strings.Contains(info.Text(), "Vault size on disk:    unknown") {
		t.Fatalf("size %d\n%s", info.VaultBytes, info.Text())
	}
}

func agreementInput(name, email string) agreement.Input {
	return agreement.Input{Name: name, Function: "directeur", Basis: "alone", KvK: canaryKvK, ExtractDate: "2026-01-05", Email: email}
}

func TestRule_APrivacyOfficerReachesTheHelpdeskAndTheSupportInfo(t *testing.T) {
	o, _ := logbookVault(t)
	if _, err := o.ws.SaveHelpdesk(support.HelpdeskInput{Phone: "030 123 45 67"}); err != nil {
		t.Fatal(err)
	}
	fg := o.asOfficer(t)
	st, err := fg.Helpdesk()
	if err != nil || st.Helpdesk.Phone != "030 123 45 67" || st.CanEdit {
		t.Fatalf("officer's helpdesk: %+v %v", st, err)
	}
	info, err := fg.SupportInfo(workspace.SupportEnv{VaultDir: o.v.Dir()})
	if err != nil {
		t.Fatal(err)
	}
	if info.Role != string(vault.RolePrivacy) || info.Users != -1 || strings.Contains(info.Text(), logCanary) {
		t.Fatalf("officer's info %+v", info)
	}
}
