package workspace_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/replicate"
	"kluis/internal/replicate/s3test"
	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// pc is one vault folder with one unlocked user, replicating through srv.
type pc struct {
	v      *vault.Vault
	ws     *workspace.Workspace
	target workspace.ReplicaTarget
}

func bucketConfig(srv *s3test.Server) replicate.Config {
	return replicate.Config{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret, Timeout: 5 * time.Second}
}

// firstPC is a new vault with one employer, its admin unlocked.
func firstPC(t *testing.T, srv *s3test.Server) (*pc, people.Employer) {
	t.Helper()
	v, sess, _ := vaulttest.New(t)
	p := &pc{v: v, ws: workspace.Open(sess, workspace.Config{}),
		target: workspace.ReplicaTarget{Dir: v.Dir(), VaultID: v.ID(), Bucket: bucketConfig(srv)}}
	t.Cleanup(p.ws.Close)
	emp, err := p.ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678")
	if err != nil {
		t.Fatal(err)
	}
	return p, emp
}

// joinPC joins a new folder with a code from admin's PC and unlocks it as email.
func joinPC(t *testing.T, srv *s3test.Server, admin *pc, email, passphrase string) *pc {
	t.Helper()
	code, err := admin.ws.InviteDevice()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "vault")
	if _, err := workspace.Join(context.Background(), dir, code, bucketConfig(srv), nil); err != nil {
		t.Fatalf("join: %v", err)
	}
	v, err := vault.Open(dir, vaulttest.Options())
	if err != nil {
		t.Fatalf("open the joined folder: %v", err)
	}
	t.Cleanup(func() { _ = v.Close() })
	return unlockPC(t, srv, v, email, passphrase)
}

func unlockPC(t *testing.T, srv *s3test.Server, v *vault.Vault, email, passphrase string) *pc {
	t.Helper()
	var cfg replicate.Config
	if srv != nil {
		cfg = bucketConfig(srv)
	}
	sess, err := v.Unlock(email, []byte(passphrase))
	if err != nil {
		t.Fatalf("unlock %s: %v", v.Dir(), err)
	}
	p := &pc{v: v, ws: workspace.Open(sess, workspace.Config{}),
		target: workspace.ReplicaTarget{Dir: v.Dir(), VaultID: v.ID(), Bucket: cfg}}
	t.Cleanup(p.ws.Close)
	return p
}

func (p *pc) cycle(t *testing.T) replicate.Report {
	t.Helper()
	rep, err := p.ws.Replicate(context.Background(), p.target)
	if err != nil {
		t.Fatalf("replicate %s: %v (report %+v)", filepath.Base(filepath.Dir(p.v.Dir())), err, rep)
	}
	if len(rep.Refused) > 0 {
		t.Fatalf("refused: %+v", rep.Refused)
	}
	return rep
}

// Canary values: identity data and department names that must never reach the bucket.
const (
	replSurname = "Kanariewijkzonder"
	replStreet  = "Zwavelgeelsteeg"
	replCity    = "Kanariedorp"
	replDept    = "Afdeling Geelvink"
	replEmail   = "kanarie.geelvink@example.nl"
	replPhone   = "06-98765432"
)

// canaryCSV is n employees of two departments (one named replDept), each with canary values.
func canaryCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("persnr;bsn;roepnaam;achternaam;geboortedatum;straat;huisnummer;postcode;woonplaats;telefoon;email_werk;afdeling;datum_in_dienst;uren_per_week;functie\n")
	for i := range n {
		dept := replDept
		if i%2 == 1 {
			dept = "Afdeling Merel"
		}
		fmt.Fprintf(&b, "%06d;%s;Anna;%s%d;%02d-03-1971;%s;%d;3512 KX;%s;%s;%d.%s;%s;01-05-2020;32,5;Medewerker\n",
			i+1, peoplebenchBSN(i), replSurname, i, 1+i%28, replStreet, i+1, replCity, replPhone, i, replEmail, dept)
	}
	return b.Bytes()
}

func importCanaries(t *testing.T, p *pc, emp people.Employer, n int) {
	t.Helper()
	rep, err := p.ws.Import(context.Background(), bytes.NewReader(canaryCSV(n)), imports.Request{Name: "loon.csv", Employer: emp.ID}, nil)
	if err != nil {
		t.Fatalf("import: %v (%+v)", err, rep)
	}
}

func persnrOn(t *testing.T, p *pc, emp people.Employer, persnr string) (people.EmployeeView, error) {
	t.Helper()
	return p.ws.Directory().EmployeeByPersnr(emp.ID, persnr)
}

// Rule: an import on one PC appears on the two others after a cycle on each; the bucket holds
// no identity value and no department name (canary grep of the server's files).
func TestRule_AnImportOnOnePCAppearsOnTheOthersAndTheBucketHoldsNoIdentityData(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 12)
	rep := a.cycle(t)
	if rep.SetsPushed == 0 || rep.KeyringPushed == 0 {
		t.Fatalf("first push: %+v", rep)
	}
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	c := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	for _, p := range []*pc{b, c} {
		rep := p.cycle(t)
		if rep.SetsPulled == 0 || rep.Applied == 0 {
			t.Fatalf("pull on a joined PC: %+v", rep)
		}
		for _, persnr := range []string{"000001", "000012"} {
			e, err := persnrOn(t, p, emp, persnr)
			if err != nil {
				t.Fatalf("%s on a joined PC: %v", persnr, err)
			}
			full, err := p.ws.Employee(e.ID)
			if err != nil || full.Identity == nil || !strings.HasPrefix(full.Identity.Surname, replSurname) {
				t.Fatalf("the joined PC reads %s as %+v, %v", persnr, full.Identity, err)
			}
		}
	}
	// A later import on C reaches A and B.
	rep2, err := c.ws.Import(context.Background(), bytes.NewReader([]byte(
		"persnr;bsn;roepnaam;achternaam;geboortedatum;straat;huisnummer;postcode;woonplaats;afdeling;datum_in_dienst\n"+
			"000099;"+peoplebenchBSN(99)+";Bram;Laterman;04-04-1980;Kerkstraat;1;3512 KX;Utrecht;"+replDept+";01-01-2024\n")),
		imports.Request{Name: "later.csv", Employer: emp.ID}, nil)
	if err != nil {
		t.Fatalf("import on C: %v %+v", err, rep2)
	}
	c.cycle(t)
	for _, p := range []*pc{a, b} {
		p.cycle(t)
		if _, err := persnrOn(t, p, emp, "000099"); err != nil {
			t.Fatalf("C's import did not arrive: %v", err)
		}
	}
	grepServer(t, srv)
}

// grepServer fails when any file the S3 server keeps holds a canary value or department name.
func grepServer(t *testing.T, srv *s3test.Server) {
	t.Helper()
	needles := []string{replSurname, replStreet, replCity, replDept, "Geelvink", "Afdeling Merel", replEmail, replPhone,
		"Bakkerij", "Korenaar", "12345678", peoplebenchBSN(0), peoplebenchBSN(5), vaulttest.AdminEmail, "3512 KX", "3512KX"}
	files := 0
	for _, root := range []string{srv.DataDir, srv.MetaDir} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, n := range needles {
				if bytes.Contains(bytes.ToLower(append([]byte(path+"\x00"), b...)), bytes.ToLower([]byte(n))) {
					t.Errorf("%s holds %q", path, n)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 5 {
		t.Fatalf("the server holds only %d files; the grep proves nothing", files)
	}
}

const (
	managerEmail      = "manager@example.test"
	managerPassphrase = "manager passphrase 1"
)

// withManager adds a manager of replDept on a's PC and lets the manager unlock there once and
// replicate, so their own local part (signed by them) is in the bucket for their own PC.
func withManager(t *testing.T, a *pc, emp people.Employer) (vault.UserID, vault.ID) {
	t.Helper()
	e, err := persnrOn(t, a, emp, "000001") // in replDept
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.ws.Session().AddUser(vault.NewUser{Email: managerEmail, Passphrase: []byte(managerPassphrase)}, vault.RoleManager, e.Department)
	if err != nil {
		t.Fatal(err)
	}
	a.cycle(t)
	a.ws.Close() // one session per folder at a time
	mws := unlockPC(t, nil, a.v, managerEmail, managerPassphrase)
	if _, err := mws.ws.Replicate(context.Background(), a.target); err != nil {
		t.Fatalf("the manager's cycle on the HR PC: %v", err)
	}
	mws.ws.Close()
	a.ws = unlockPC(t, nil, a.v, vaulttest.AdminEmail, vaulttest.AdminPassphrase).ws
	return m, e.Department
}

// Rule: a share made on a manager's PC appears at HR; the manager's PC fetches only the
// partitions of the scopes its user holds (their department and the directory), not the other
// department's ciphertext.
func TestRule_AShareMadeOnAManagersPCAppearsAtHR(t *testing.T) {
	srv := s3test.Start(t)
	hr, emp := firstPC(t, srv)
	importCanaries(t, hr, emp, 8)
	hr.cycle(t)
	withManager(t, hr, emp)
	mgr := joinPC(t, srv, hr, managerEmail, managerPassphrase)
	mgr.cycle(t)

	mine, err := persnrOn(t, mgr, emp, "000003") // replDept (odd persnr, even index)
	if err != nil {
		t.Fatalf("the manager's employee on their PC: %v", err)
	}
	other, err := persnrOn(t, hr, emp, "000002") // Afdeling Merel
	if err != nil {
		t.Fatal(err)
	}
	if full, err := mgr.ws.Employee(other.ID); err == nil && full.Identity != nil {
		t.Fatal("the manager's PC reads an employee of another department")
	}
	parts := mgr.ws.Session().ReplicaPartitions()
	all := hr.ws.Session().ReplicaPartitions()
	if len(parts) >= len(all) {
		t.Fatalf("the manager's PC pulls %d partitions, HR %d", len(parts), len(all))
	}
	if err := mgr.ws.Share(mine.ID, sharing.ShareInput{CareQuestion: sharing.CareConsultation, Explanation: "Spreekuur werkdruk"}); err != nil {
		t.Fatalf("share on the manager's PC: %v", err)
	}
	if rep := mgr.cycle(t); rep.SetsPushed == 0 {
		t.Fatalf("the manager's PC pushed nothing: %+v", rep)
	}
	hr.cycle(t)
	d, err := hr.ws.Dossier(mine.ID)
	if err != nil || d.Share == nil {
		t.Fatalf("HR does not see the manager's share: %+v %v", d.Share, err)
	}
	grepServer(t, srv)
}

// Rule: revoking a user on the admin's PC locks that user out on every PC: a session open on
// their own PC locks at the next cycle, and neither their PC nor a third one unlocks for them.
func TestRule_ARevocationLocksTheRevokedUserOutOnEveryPC(t *testing.T) {
	srv := s3test.Start(t)
	hr, emp := firstPC(t, srv)
	importCanaries(t, hr, emp, 6)
	hr.cycle(t)
	m, _ := withManager(t, hr, emp)
	third := joinPC(t, srv, hr, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	third.cycle(t)
	mgr := joinPC(t, srv, hr, managerEmail, managerPassphrase)
	mgr.cycle(t)

	if err := hr.ws.RevokeUser(context.Background(), m, "left the company", nil); err != nil {
		t.Fatal(err)
	}
	hr.cycle(t)
	third.cycle(t)

	_, err := mgr.ws.Replicate(context.Background(), mgr.target)
	if !mgr.ws.Session().Locked() {
		t.Fatalf("the revoked manager's session is still open after a cycle (%v)", err)
	}
	if p := workspace.Explain(err); err != nil && !p.Denied {
		t.Fatalf("the revoked manager's cycle ends with %v (%s), want a denial", err, p.Code)
	}
	if _, err := mgr.ws.Employee(func() vault.ID { e, _ := persnrOn(t, hr, emp, "000001"); return e.ID }()); err == nil {
		t.Fatal("the revoked manager still reads an employee")
	}
	for _, p := range []*pc{mgr, third} {
		if _, err := p.v.Unlock(managerEmail, []byte(managerPassphrase)); err == nil {
			t.Fatalf("the revoked manager unlocks on %s", p.v.Dir())
		}
	}
	// The others go on: HR and the third PC still replicate.
	third.cycle(t)
}
