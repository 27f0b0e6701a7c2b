package workspace_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

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
func firstPC(t testing.TB, srv *s3test.Server) (*pc, people.Employer) {
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
func joinPC(t testing.TB, srv *s3test.Server, admin *pc, email, passphrase string) *pc {
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

func unlockPC(t testing.TB, srv *s3test.Server, v *vault.Vault, email, passphrase string) *pc {
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

func (p *pc) cycle(t testing.TB) replicate.Report {
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

func importCanaries(t testing.TB, p *pc, emp people.Employer, n int) {
	t.Helper()
	rep, err := p.ws.Import(context.Background(), bytes.NewReader(canaryCSV(n)), imports.Request{Name: "loon.csv", Employer: emp.ID}, nil)
	if err != nil {
		t.Fatalf("import: %v (%+v)", err, rep)
	}
}

func persnrOn(t testing.TB, p *pc, emp people.Employer, persnr string) (people.EmployeeView, error) {
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

	// Each PC announced itself, signed; a forged announcement is left out.
	putObject(t, srv, a.target.VaultID+"/devices/"+vault.NewID().String(), []byte(`{"vault":"`+a.target.VaultID+`"}`))
	bk, err := replicate.OpenBucket(bucketConfig(srv), a.target.VaultID)
	if err != nil {
		t.Fatal(err)
	}
	devices, err := replicate.New(bk, a.ws.Session(), a.target.Dir, a.target.VaultID, nil).Devices(context.Background())
	if err != nil || len(devices) != 3 {
		t.Fatalf("devices: %d %v, want the three PCs", len(devices), err)
	}
}

// grepServer fails when any file the S3 server keeps holds a canary value or department name.
func grepServer(t testing.TB, srv *s3test.Server) {
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

// withManager adds a manager of replDept on the admin's PC a and replicates: the admin's PC
// hands out the manager's local part, so they unlock on their own PC with their passphrase.
func withManager(t testing.TB, a *pc, emp people.Employer) (vault.UserID, vault.ID) {
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

func importOne(t testing.TB, p *pc, emp people.Employer, i int, surname string) {
	t.Helper()
	csv := fmt.Sprintf("persnr;bsn;roepnaam;achternaam;geboortedatum;straat;huisnummer;postcode;woonplaats;afdeling;datum_in_dienst\n"+
		"%06d;%s;Bram;%s;04-04-1980;Kerkstraat;1;3512 KX;Utrecht;%s;01-01-2024\n", i, peoplebenchBSN(i), surname, replDept)
	if rep, err := p.ws.Import(context.Background(), strings.NewReader(csv), imports.Request{Name: "een.csv", Employer: emp.ID}, nil); err != nil {
		t.Fatalf("import: %v %+v", err, rep)
	}
}

// Rule: with the server down a cycle fails with a named error (replica_server_down) and loses
// nothing: the change made meanwhile is pushed and arrives at the next cycles.
func TestRule_ServerDownIsNamedAndTheNextCycleCatchesUp(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 4)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)

	srv.Stop()
	importOne(t, a, emp, 50, "Offlineman")
	for _, p := range []*pc{a, b} {
		_, err := p.ws.Replicate(context.Background(), p.target)
		if got := workspace.Explain(err).Code; got != workspace.CodeReplicaServerDown {
			t.Fatalf("cycle with the server down: %v (%s)", err, got)
		}
		st, err := p.ws.ReplicaStatus(p.target.Dir)
		if err != nil || st.LastError != "server_down" {
			t.Fatalf("status after the failed cycle: %+v %v", st, err)
		}
	}
	srv.Restart(t)
	if rep := a.cycle(t); rep.SetsPushed == 0 {
		t.Fatalf("after the restart A pushed nothing: %+v", rep)
	}
	b.cycle(t)
	if _, err := persnrOn(t, b, emp, "000050"); err != nil {
		t.Fatalf("the change made while the server was down did not arrive: %v", err)
	}
	if st, _ := b.ws.ReplicaStatus(b.target.Dir); st.LastError != "" || st.LastPull.IsZero() {
		t.Fatalf("status after catching up: %+v", st)
	}
}

// changeObjects lists the change-set objects in the bucket (full keys) under the vault's prefix.
func changeObjects(t testing.TB, srv *s3test.Server, vaultID string) []string {
	t.Helper()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for o := range c.ListObjects(context.Background(), srv.Bucket, minio.ListObjectsOptions{Prefix: vaultID + "/changes/", Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		out = append(out, o.Key)
	}
	return out
}

func getObject(t testing.TB, srv *s3test.Server, key string) []byte {
	t.Helper()
	c, _ := srv.Client()
	o, err := c.GetObject(context.Background(), srv.Bucket, key, minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func putObject(t testing.TB, srv *s3test.Server, key string, b []byte) {
	t.Helper()
	c, _ := srv.Client()
	if _, err := c.PutObject(context.Background(), srv.Bucket, key, bytes.NewReader(b), int64(len(b)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
}

// Rule: an object of the bucket that is corrupted, replayed under a later number or copied into
// another partition is refused, named (its key and the reason) and not applied; the audit log
// says a pull refused objects; good objects after it still arrive.
func TestRule_ACorruptedOrReplayedObjectIsRefusedAndNamed(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 4)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)

	before := map[string]bool{}
	for _, k := range changeObjects(t, srv, a.target.VaultID) {
		before[k] = true
	}
	importOne(t, a, emp, 60, "Echtman")
	a.cycle(t)
	var fresh []string
	for _, k := range changeObjects(t, srv, a.target.VaultID) {
		if !before[k] {
			fresh = append(fresh, k)
		}
	}
	if len(fresh) == 0 {
		t.Fatal("A's new change sets are not in the bucket")
	}
	// Corrupt one of A's new sets in place (a flipped byte in its middle).
	victim := fresh[0]
	good := getObject(t, srv, victim)
	bad := bytes.Clone(good)
	bad[len(bad)/2] ^= 0x5a
	putObject(t, srv, victim, bad)
	// Replay an old set of A under a later number, and copy one into another partition.
	var old string
	for k := range before {
		if strings.Contains(k, "/"+a.ws.Session().DeviceID().String()+"/") {
			old = k
			break
		}
	}
	dir, base := old[:strings.LastIndexByte(old, '/')+1], old[strings.LastIndexByte(old, '/')+1:]
	replayed := dir + "00000000000000009999"
	putObject(t, srv, replayed, getObject(t, srv, old))
	parts := strings.Split(old, "/") // vault/changes/partition/device/seq
	otherPart := ""
	for _, p := range b.ws.Session().ReplicaPartitions() {
		if h := fmt.Sprintf("%08x", uint32(p)); h != parts[2] {
			otherPart = h
			break
		}
	}
	copied := strings.Join([]string{parts[0], parts[1], otherPart, parts[3], base}, "/")
	putObject(t, srv, copied, getObject(t, srv, old))

	rep, err := b.ws.Replicate(context.Background(), b.target)
	if err != nil {
		t.Fatalf("cycle with bad objects: %v", err)
	}
	refused := map[string]string{}
	for _, r := range rep.Refused {
		refused[r.Key] = r.Reason
	}
	for _, k := range []string{victim, replayed, copied} {
		rel := strings.TrimPrefix(k, a.target.VaultID+"/")
		if refused[rel] == "" {
			t.Errorf("%s was not refused (refused: %v)", rel, refused)
		}
	}
	for k, reason := range refused {
		for _, n := range []string{replSurname, "Echtman", replDept} {
			if strings.Contains(reason, n) {
				t.Errorf("the refusal of %s names %q", k, n)
			}
		}
	}
	if _, err := persnrOn(t, b, emp, "000060"); err == nil && fresh[0] == victim && len(fresh) == 1 {
		t.Fatal("the corrupted set was applied")
	}
	if n := auditDetailCount(t, b.ws, "replicate.pull", "refused"); n == 0 {
		t.Fatal("the audit log does not say the pull refused objects")
	}
	// A new good change after the bad objects still arrives; the refused ones are not retried.
	importOne(t, a, emp, 61, "Naderman")
	a.cycle(t)
	rep = b.cycle(t)
	if _, err := persnrOn(t, b, emp, "000061"); err != nil {
		t.Fatalf("a good change after refused objects did not arrive: %v (%+v)", err, rep)
	}
}

func auditDetailCount(t testing.TB, ws *workspace.Workspace, action, detail string) int {
	t.Helper()
	events, err := ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if string(e.Action) == action && e.Detail == detail {
			n++
		}
	}
	return n
}

// Rule: when two admins' PCs both add a keyring entry between cycles, the serial goes to the
// first PC's entry (conditional put); the second PC signs its own entry again after it when the
// two touch different users (audited as a rebased push), so both changes reach both PCs.
func TestRule_TwoAdminsChangingDifferentUsersBetweenCyclesBothKeepTheirChange(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 2)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	// Each admin adds a user on their own PC: two different entries with the same serial.
	een, err := a.ws.Session().AddUser(vault.NewUser{Email: "een@example.test", Passphrase: []byte("passphrase een 1")}, vault.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	twee, err := b.ws.Session().AddUser(vault.NewUser{Email: "twee@example.test", Passphrase: []byte("passphrase twee 2")}, vault.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	a.cycle(t)
	if rep := b.cycle(t); rep.KeyringRebased != 1 {
		t.Fatalf("B's cycle: %+v, want one entry signed again", rep)
	}
	a.cycle(t)
	for name, p := range map[string]*pc{"A": a, "B": b} {
		users, err := p.ws.Session().Users()
		if err != nil {
			t.Fatal(err)
		}
		found := map[vault.UserID]bool{}
		for _, u := range users {
			found[u.ID] = true
		}
		if !found[een] || !found[twee] {
			t.Fatalf("%s: een %v, twee %v", name, found[een], found[twee])
		}
	}
	if n := auditDetailCount(t, b.ws, "replicate.push", "rebased"); n != 1 {
		t.Fatalf("%d rebased pushes audited on B, want 1", n)
	}
}

// Rule: when two admins change the SAME user on two PCs between cycles, nothing is signed
// again: the second PC's cycle stops with a named error (replica_keyring_fork) and the bucket
// keeps the first entry.
func TestRule_AKeyringForkOverTheSameUserIsNamedAndTheFirstEntryKeepsItsSerial(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 2)
	id, err := a.ws.Session().AddUser(vault.NewUser{Email: "een@example.test", Passphrase: []byte("passphrase een 1")}, vault.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	if _, err := a.ws.Session().SetRole(id, vault.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ws.Session().SetRole(id, vault.RolePrivacy, nil); err != nil {
		t.Fatal(err)
	}
	a.cycle(t)
	_, err = b.ws.Replicate(context.Background(), b.target)
	if got := workspace.Explain(err).Code; got != workspace.CodeReplicaKeyringFork {
		t.Fatalf("the second admin's cycle: %v (%s), want replica_keyring_fork", err, got)
	}
	if st, _ := b.ws.ReplicaStatus(b.target.Dir); st.LastError != "keyring_fork" {
		t.Fatalf("status: %+v", st)
	}
	// A's PC is not disturbed.
	a.cycle(t)
}

// Rule: an admin revokes a manager on one PC while another admin grants a new manager the same
// department on another PC, between cycles (or with one PC offline). The second PC to push
// signs its revocation again after the grant (a rebased push): both reach every PC, the
// department's records re-sealed by the revoking PC arrive at the other, the new manager reads
// them on a PC of their own, and the revoked one unlocks nowhere.
func TestRule_ARevocationAndAGrantOnTwoPCsBetweenCyclesBothReachEveryPC(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 6)
	a.cycle(t)
	m, dept := withManager(t, a, emp)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)

	const xEmail, xPassphrase = "x-manager@example.test", "passphrase of the new manager"
	if _, err := a.ws.Session().AddUser(vault.NewUser{Email: xEmail, Passphrase: []byte(xPassphrase)}, vault.RoleManager, dept); err != nil {
		t.Fatal(err)
	}
	if err := b.ws.RevokeUser(context.Background(), m, "left the company", nil); err != nil {
		t.Fatal(err)
	}
	a.cycle(t)
	b.cycle(t)
	a.cycle(t)
	if n := auditDetailCount(t, b.ws, "replicate.push", "rebased"); n != 1 {
		t.Fatalf("%d rebased pushes audited on B, want 1", n)
	}

	x := joinPC(t, srv, a, xEmail, xPassphrase)
	x.cycle(t)
	for _, p := range []*pc{a, x} {
		if _, err := persnrOn(t, p, emp, "000001"); err != nil {
			t.Fatalf("%s: the department's employee after the rotation: %v", p.v.Dir(), err)
		}
	}
	for _, p := range []*pc{a, b} {
		users, err := p.ws.Session().Users()
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			if u.ID == m && u.Status != vault.StatusRevoked {
				t.Fatalf("%s: the manager is %s, want revoked", p.v.Dir(), u.Status)
			}
		}
		if _, err := p.v.Unlock(managerEmail, []byte(managerPassphrase)); err == nil {
			t.Fatalf("the revoked manager unlocks on %s", p.v.Dir())
		}
	}
}

// revokedOnB: A has employees and a manager of their department; B, an admin's PC joined
// before, revokes the manager (the rotation of the department, storage and directory scopes
// starts and finishes there: the old keys are dropped) and both PCs cycle.
func revokedOnB(t *testing.T) (srv *s3test.Server, a, b *pc, emp people.Employer, dept vault.ID) {
	t.Helper()
	srv = s3test.Start(t)
	a, emp = firstPC(t, srv)
	importCanaries(t, a, emp, 6)
	a.cycle(t)
	m, dept := withManager(t, a, emp)
	b = joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	a.cycle(t)
	if err := b.ws.RevokeUser(context.Background(), m, "left the company", nil); err != nil {
		t.Fatal(err)
	}
	b.cycle(t)
	a.cycle(t)
	return srv, a, b, emp, dept
}

// Rule: a revocation finished on another PC leaves this PC working. Its own store header (which
// does not replicate, so the revoking PC cannot re-seal it) was sealed under the storage scope's
// old epoch; it is sealed again under the new one when the keyring entries are taken up, so
// the next keyring change, write and unlock here still open it. Fails when the header is
// written before the session's keys are reloaded.
func TestRule_ARotationFinishedOnAnotherPCLeavesThisPCWorking(t *testing.T) {
	_, a, _, emp, dept := revokedOnB(t)
	if _, err := a.ws.Session().AddUser(vault.NewUser{Email: "x-manager@example.test", Passphrase: []byte("passphrase of the new manager")}, vault.RoleManager, dept); err != nil {
		t.Fatalf("a keyring change after another PC's rotation: %v", err)
	}
	importOne(t, a, emp, 70, "Naderman")
	a.cycle(t)
	a.ws.Close()
	if _, err := a.v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase)); err != nil {
		t.Fatalf("unlock after another PC's rotation: %v", err)
	}
}

// Rule: a PC that joins after a revocation finished (a new manager's PC) replays change sets
// made before it, whose values are sealed under keys the rotation dropped: those values are
// left out (counted as retired), not refused, and the re-sealed versions the revoking PC sent
// apply, so the new manager reads their department. Fails when such a set is refused.
func TestRule_APCJoiningAfterARevocationSkipsTheRetiredValuesAndReadsTheReSealedOnes(t *testing.T) {
	srv, a, _, emp, dept := revokedOnB(t)
	const xEmail, xPassphrase = "x-manager@example.test", "passphrase of the new manager"
	if _, err := a.ws.Session().AddUser(vault.NewUser{Email: xEmail, Passphrase: []byte(xPassphrase)}, vault.RoleManager, dept); err != nil {
		t.Fatal(err)
	}
	a.cycle(t)
	x := joinPC(t, srv, a, xEmail, xPassphrase)
	rep := x.cycle(t)
	if rep.Retired == 0 {
		t.Fatalf("the join met no value of a retired epoch, so this test tests nothing: %+v", rep)
	}
	for _, persnr := range []string{"000001", "000003"} {
		if _, err := persnrOn(t, x, emp, persnr); err != nil {
			t.Fatalf("the new manager's PC lacks employee %s of their department: %v", persnr, err)
		}
	}
}
