package workspace_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/replicate"
	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// managerReadOnOwnPC sets up an HR/admin PC and a manager's PC; the manager opens an employee
// of their department on their own PC and replicates. It returns both PCs and the employee.
func managerReadOnOwnPC(t *testing.T, srv *s3test.Server) (hr, mgr *pc, mine people.EmployeeView) {
	t.Helper()
	hr, emp := firstPC(t, srv)
	importCanaries(t, hr, emp, 6)
	hr.cycle(t)
	withManager(t, hr, emp)
	mgr = joinPC(t, srv, hr, managerEmail, managerPassphrase)
	mgr.cycle(t)
	mine, err := persnrOn(t, mgr, emp, "000003")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := mgr.ws.Employee(mine.ID); err != nil || v.Identity == nil {
		t.Fatalf("the manager reads their employee: %v", err)
	}
	if rep := mgr.cycle(t); rep.AuditPushed == 0 {
		t.Fatalf("the manager's PC pushed no audit entries: %+v", rep)
	}
	return hr, mgr, mine
}

// managerReads finds the rows of the HR PC's Logboek that show the manager's PC reading mine.
func managerReads(t *testing.T, hr, mgr *pc, mine people.EmployeeView) []workspace.LogRow {
	t.Helper()
	page, err := hr.ws.LogPage(workspace.LogQuery{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []workspace.LogRow
	label := strings.TrimPrefix(replicate.DeviceLabel(mgr.ws.Session().DeviceID()), "PC ")
	for _, r := range page.Rows {
		if r.Action == audit.ActionRead && r.Device == label && r.User == mgr.ws.Session().UserID().String() &&
			len(r.Subjects) == 1 && r.Subjects[0].Persnr == mine.Persnr {
			out = append(out, r)
		}
	}
	return out
}

// Rule: what a manager reads on their own PC is in the Logboek of the HR PC after a cycle
// there (NEN 7513: every access logged, whichever PC it was made on), tagged with the manager
// PC's random label; it is stored once however often it is pulled, it is in the CSV extract,
// the HR PC's audit check covers it, and the bucket holds no identity value.
func TestRule_AManagersReadOnTheirPCIsInTheLogboekOfTheHRPC(t *testing.T) {
	srv := s3test.Start(t)
	hr, mgr, mine := managerReadOnOwnPC(t, srv)
	if got := managerReads(t, hr, mgr, mine); len(got) != 0 {
		t.Fatalf("the HR PC shows the read before pulling: %+v", got)
	}
	rep := hr.cycle(t)
	if rep.AuditPulled == 0 {
		t.Fatalf("the HR PC pulled no audit entries: %+v", rep)
	}
	if got := managerReads(t, hr, mgr, mine); len(got) != 1 {
		t.Fatalf("the HR PC's Logboek shows the manager's read %d times, want 1", len(got))
	}

	// Not applied twice: another cycle, and one that lost its cursor, store nothing new.
	if rep := hr.cycle(t); rep.AuditPulled != 0 {
		t.Fatalf("a second cycle stored %d audit entries again", rep.AuditPulled)
	}
	st, err := replicate.LoadState(hr.target.Dir)
	if err != nil {
		t.Fatal(err)
	}
	st.AuditPulled = nil
	if err := st.Save(hr.target.Dir); err != nil {
		t.Fatal(err)
	}
	if rep := hr.cycle(t); rep.AuditPulled != 0 {
		t.Fatalf("a cycle without its cursor stored %d audit entries again", rep.AuditPulled)
	}
	if got := managerReads(t, hr, mgr, mine); len(got) != 1 {
		t.Fatalf("after pulling again the read shows %d times, want 1", len(got))
	}

	// The manager's PC does not pull the others' logs (nobody there may read them).
	if rep := mgr.cycle(t); rep.AuditPulled != 0 {
		t.Fatalf("the manager's PC stored %d audit entries of other PCs", rep.AuditPulled)
	}

	// Exports hold the row, with the PC's label.
	var csv bytes.Buffer
	if _, err := hr.ws.ExportLogCSV(workspace.LogQuery{Persnr: mine.Persnr}, "nl", &csv); err != nil {
		t.Fatal(err)
	}
	label := strings.TrimPrefix(replicate.DeviceLabel(mgr.ws.Session().DeviceID()), "PC ")
	if !strings.Contains(csv.String(), label) || !strings.Contains(csv.String(), "NAW-gegevens ingezien") {
		t.Fatalf("the CSV extract lacks the manager PC's read:\n%s", csv.String())
	}

	// The audit check covers this PC's chain and the stored chain of the manager's PC.
	head, _, _ := hr.ws.Session().AuditHead()
	rep2, err := hr.ws.VerifyLog(context.Background(), nil)
	if err != nil || len(rep2.Problems) != 0 {
		t.Fatalf("audit check: %+v %v", rep2, err)
	}
	if rep2.Entries <= int(head) {
		t.Fatalf("the audit check looked at %d entries, this PC's log alone has %d", rep2.Entries, head)
	}
	grepServer(t, srv)

	// A privacy officer does not replicate, but on the HR PC reads what its cycles stored.
	if _, err := hr.ws.Session().AddUser(vault.NewUser{Email: "fg@example.test", Passphrase: []byte("privacy passphrase 1")}, vault.RolePrivacy); err != nil {
		t.Fatal(err)
	}
	hr.ws.Close()
	officer := unlockPC(t, nil, hr.v, "fg@example.test", "privacy passphrase 1")
	if got := managerReads(t, officer, mgr, mine); len(got) != 1 {
		t.Fatalf("the privacy officer on the HR PC sees the manager's read %d times, want 1", len(got))
	}
}

// auditObjects lists the audit objects of device dev (full keys).
func auditObjects(t *testing.T, srv *s3test.Server, vaultID, dev string) []string {
	t.Helper()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for o := range c.ListObjects(context.Background(), srv.Bucket, minio.ListObjectsOptions{Prefix: vaultID + "/audit/" + dev + "/", Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		out = append(out, o.Key)
	}
	return out
}

// batchEntries splits an audit object (version 1, then length-prefixed entries).
func batchEntries(t *testing.T, b []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for rest := b[1:]; len(rest) > 0; {
		n := binary.BigEndian.Uint32(rest)
		out = append(out, rest[4:4+n])
		rest = rest[4+n:]
	}
	return out
}

func joinBatch(entries [][]byte) []byte {
	b := []byte{1}
	for _, e := range entries {
		b = binary.BigEndian.AppendUint32(b, uint32(len(e)))
		b = append(b, e...)
	}
	return b
}

// Rule: another PC's audit object that was edited (a flipped byte, a forged signature), whose
// entries were reordered, or that was copied under another number is refused and named, and
// nothing of it is stored; once the bucket holds the true object again it is applied at the
// next cycle.
func TestRule_ATamperedForgedOrReorderedAuditObjectIsRefusedAndNamed(t *testing.T) {
	srv := s3test.Start(t)
	hr, mgr, mine := managerReadOnOwnPC(t, srv)
	dev := mgr.ws.Session().DeviceID()
	keys := auditObjects(t, srv, hr.target.VaultID, dev.String())
	if len(keys) == 0 {
		t.Fatal("the manager's PC wrote no audit object")
	}
	origs := map[string][]byte{}
	for _, k := range keys {
		origs[k] = getObject(t, srv, k)
	}
	first := keys[0]
	orig := origs[first]
	entries := batchEntries(t, orig)
	if len(entries) < 2 {
		t.Fatalf("the first audit object holds %d entries", len(entries))
	}
	edited := bytes.Clone(orig)
	edited[len(edited)-100] ^= 1 // inside the last entry's sealed event: its hash changes
	forgedSig := bytes.Clone(orig)
	forgedSig[len(forgedSig)-1] ^= 1 // the last entry's signature
	swapped := append([][]byte{}, entries...)
	swapped[0], swapped[1] = swapped[1], swapped[0]
	second := strings.TrimSuffix(first, "00000000000000000001") + "00000000000000000002"
	cases := []struct {
		name, key, reason string
		b                 []byte
	}{
		{"edited", first, "signature does not verify", edited},
		{"forged signature", first, "signature does not verify", forgedSig},
		{"reordered", first, "another name", joinBatch(swapped)},
		{"reordered under its first number", second, "does not follow", joinBatch(swapped)},
		{"copied under another number", second, "another name", orig},
		{"cut short", first, "a cut audit object", orig[:len(orig)-10]},
	}
	cl, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	clear := func() {
		for _, k := range append(keys, second) {
			if err := cl.RemoveObject(context.Background(), srv.Bucket, k, minio.RemoveObjectOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range cases {
		clear()
		putObject(t, srv, c.key, c.b)
		rep, err := hr.ws.Replicate(context.Background(), hr.target)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		named := false
		for _, r := range rep.Refused {
			named = named || (strings.HasSuffix(c.key, r.Key) && strings.Contains(r.Reason, c.reason))
		}
		if !named || rep.AuditPulled != 0 {
			t.Fatalf("%s: refusals %+v, pulled %d", c.name, rep.Refused, rep.AuditPulled)
		}
		if head, err := hr.ws.Session().RemoteAuditHead(dev); err != nil || head != 0 {
			t.Fatalf("%s: %d entries of the manager's PC stored (%v)", c.name, head, err)
		}
	}
	// The true objects back: applied at the next cycle, and the read shows once.
	clear()
	for k, b := range origs {
		putObject(t, srv, k, b)
	}
	if rep := hr.cycle(t); rep.AuditPulled == 0 {
		t.Fatalf("the true objects were not applied after the refusals: %+v", rep)
	}
	if got := managerReads(t, hr, mgr, mine); len(got) != 1 {
		t.Fatalf("the read shows %d times after the true objects came back", len(got))
	}
	if rep, err := hr.ws.VerifyLog(context.Background(), nil); err != nil || len(rep.Problems) != 0 {
		t.Fatalf("audit check: %+v %v", rep, err)
	}
}

// auditGapOf is what the HR PC's Beheer → Apparaten says is missing of dev's audit log.
func auditGapOf(t *testing.T, hr *pc, dev vault.ID) uint64 {
	t.Helper()
	list, err := hr.ws.ReplicaDeviceList(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range list {
		if d.Device == dev {
			return d.AuditMissing
		}
	}
	t.Fatalf("device %s is not listed", replicate.DeviceLabel(dev))
	return 0
}

// Rule: audit logs are anchored: a manager who deletes their PC's audit objects from the bucket
// after a read (or a bucket holder who withholds them) does not go unnoticed: the HR PC's next
// full check names that PC's log as incomplete, with how many announced entries are missing,
// and the gap closes once the entries arrive (the read is then in the Logboek).
func TestRule_AuditEntriesWithheldFromTheBucketAreNamedAsAGap(t *testing.T) {
	srv := s3test.Start(t)
	hr, mgr, mine := managerReadOnOwnPC(t, srv)
	mdev := mgr.ws.Session().DeviceID()
	if _, err := hr.ws.SaveReplicaSettings(context.Background(), workspace.ReplicaSettingsInput{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret}); err != nil {
		t.Fatal(err)
	}
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kept := map[string][]byte{}
	for _, k := range auditObjects(t, srv, hr.target.VaultID, mdev.String()) {
		obj, err := c.GetObject(ctx, srv.Bucket, k, minio.GetObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(obj); err != nil {
			t.Fatal(err)
		}
		kept[k] = b.Bytes()
		if err := c.RemoveObject(ctx, srv.Bucket, k, minio.RemoveObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if len(kept) == 0 {
		t.Fatal("the manager's PC has no audit objects in the bucket")
	}

	rep := hr.cycleWith(t, forceSnapshots) // a full check
	if rep.AuditGaps != 1 {
		t.Fatalf("the HR PC names %d audit gaps, want 1 (%+v)", rep.AuditGaps, rep)
	}
	if n := auditGapOf(t, hr, mdev); n == 0 {
		t.Fatal("Beheer → Apparaten does not say the manager's PC's audit log is incomplete")
	}
	if gaps, err := hr.ws.LogGaps(); err != nil || len(gaps) != 1 || gaps[0].Device != mdev || gaps[0].Missing == 0 {
		t.Fatalf("the Logboek does not name the manager's PC as incomplete: %+v %v", gaps, err)
	}
	if got := managerReads(t, hr, mgr, mine); len(got) != 0 {
		t.Fatalf("the withheld read is in the Logboek: %+v", got)
	}
	if rep := hr.cycle(t); rep.AuditGaps != 1 {
		t.Fatalf("an ordinary cycle closed a gap that is still open: %+v", rep)
	}

	for k, b := range kept { // the objects come back (restored from the bucket's versions)
		if _, err := c.PutObject(ctx, srv.Bucket, k, bytes.NewReader(b), int64(len(b)), minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if rep := hr.cycle(t); rep.AuditGaps != 0 || rep.AuditPulled == 0 {
		t.Fatalf("the gap did not close once the entries arrived: %+v", rep)
	}
	if n := auditGapOf(t, hr, mdev); n != 0 {
		t.Fatalf("Beheer → Apparaten still says %d entries are missing", n)
	}
	if gaps, err := hr.ws.LogGaps(); err != nil || len(gaps) != 0 {
		t.Fatalf("the Logboek still names a gap: %+v %v", gaps, err)
	}
	if got := managerReads(t, hr, mgr, mine); len(got) != 1 {
		t.Fatalf("the manager's read is in the Logboek %d times, want 1", len(got))
	}
	if rep := hr.cycleWith(t, forceSnapshots); rep.AuditGaps != 0 {
		t.Fatalf("a full check with every announced entry here names a gap: %+v", rep)
	}
}

// readsOf counts the rows of p's Logboek that show a read of the employee with persnr.
func readsOf(t *testing.T, p *pc, persnr string) int {
	t.Helper()
	n := 0
	var before uint64
	for range 50 {
		page, err := p.ws.LogPage(workspace.LogQuery{Limit: 200, Before: before})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Rows {
			if r.Action == audit.ActionRead && len(r.Subjects) == 1 && r.Subjects[0].Persnr == persnr {
				n++
			}
		}
		if page.Next == 0 {
			return n
		}
		before = page.Next
	}
	t.Fatal("paging does not end")
	return 0
}

// Rule: a PC restored from a backup replicates its whole audit log under its new device id,
// yet a read made before the backup shows once in the Logboek of the other admin PC and of the
// restored PC itself (which also pulls the original PC's log), not once per device id.
func TestRule_AReadBeforeABackupShowsOnceAfterTheBackupIsRestoredOnAnotherPC(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 6)
	e, err := persnrOn(t, a, emp, "000003")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ws.Employee(e.ID); err != nil {
		t.Fatal(err)
	}
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	if n := readsOf(t, b, "000003"); n != 1 {
		t.Fatalf("B shows A's read %d times before any restore", n)
	}
	res, err := a.ws.Backup(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	a.cycle(t)

	dir := filepath.Join(t.TempDir(), "restored")
	if _, err := workspace.RestoreBackup(context.Background(), workspace.RestoreRequest{File: res.File, Dir: dir,
		Email: vaulttest.AdminEmail, Passphrase: []byte(vaulttest.AdminPassphrase), Options: vaulttest.Options()}); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(dir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close() })
	r := unlockPC(t, srv, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	if rep := r.cycle(t); rep.AuditPushed == 0 || rep.AuditPulled == 0 {
		t.Fatalf("the restored PC should send its log and pull A's: %+v", rep)
	}
	if rep := b.cycle(t); rep.AuditPulled == 0 {
		t.Fatalf("B pulled nothing of the restored PC's log: %+v", rep)
	}
	for name, p := range map[string]*pc{"B": b, "the restored PC": r} {
		if n := readsOf(t, p, "000003"); n != 1 {
			t.Fatalf("%s shows the read made before the backup %d times, want 1", name, n)
		}
	}
}
