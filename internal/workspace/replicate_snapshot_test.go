package workspace_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/peoplebench"
	"kluis/internal/replicate"
	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// Snapshots and compaction (docs/adr/011-snapshots.md) against the real S3 server.

var forceSnapshots = replicate.SnapshotPolicy{Force: true}

// cycleWith runs one cycle with a snapshot policy (failing the test on an error or a refusal).
func (p *pc) cycleWith(t testing.TB, pol replicate.SnapshotPolicy) replicate.Report {
	t.Helper()
	tg := p.target
	tg.Snapshots = pol
	rep, err := p.ws.Replicate(context.Background(), tg)
	if err != nil || len(rep.Refused) > 0 {
		t.Fatalf("replicate: %v (report %+v)", err, rep)
	}
	return rep
}

// sameVault fails when two PCs' folders differ in any replicable entry of any partition: the
// key, the value as stored, its clock, its device and whether it is deleted (both are read by
// making an unsigned-for-the-bucket snapshot of each partition on each PC).
func sameVault(t testing.TB, a, b *pc) {
	t.Helper()
	parts := a.ws.Session().ReplicaPartitions()
	if len(parts) < 2 {
		t.Fatalf("only %d partitions: the comparison proves little", len(parts))
	}
	total := 0
	for _, p := range parts {
		sa, err := a.ws.Session().Snapshot(p, 0)
		if err != nil {
			t.Fatal(err)
		}
		sb, err := b.ws.Session().Snapshot(p, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(sa.Entries) != len(sb.Entries) {
			t.Fatalf("partition %s: %d entries against %d", p, len(sa.Entries), len(sb.Entries))
		}
		for i, x := range sa.Entries {
			y := sb.Entries[i]
			if !bytes.Equal(x.Key, y.Key) || !bytes.Equal(x.Value, y.Value) || x.Clock != y.Clock || x.Device != y.Device || x.Deleted != y.Deleted {
				t.Fatalf("partition %s entry %d differs (key kind 0x%02x)", p, i, x.Key[0])
			}
		}
		total += len(sa.Entries)
	}
	if total < 100 {
		t.Fatalf("only %d entries compared", total)
	}
}

func snapshotObjects(t testing.TB, srv *s3test.Server, vaultID string) []string {
	t.Helper()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for o := range c.ListObjects(context.Background(), srv.Bucket, minio.ListObjectsOptions{Prefix: vaultID + "/snapshots/", Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		out = append(out, o.Key)
	}
	return out
}

// Rule: a PC joining from snapshots holds exactly what a PC that joined by change sets holds
// (every entry of every partition compared), a change made after the snapshot still arrives,
// and the bucket's snapshots hold no identity value or department name.
func TestRule_AJoinFromASnapshotHoldsWhatAJoinByChangeSetsHolds(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 120)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	if rep := b.cycle(t); rep.SnapshotsApplied != 0 || rep.SetsPulled == 0 {
		t.Fatalf("B should join by change sets: %+v", rep)
	}
	b.cycle(t) // B announces its cursors before A compacts
	if rep := a.cycleWith(t, forceSnapshots); rep.SnapshotsMade < 2 {
		t.Fatalf("A made %d snapshots", rep.SnapshotsMade)
	}
	if n := len(changeObjects(t, srv, a.target.VaultID)); n != 0 {
		t.Fatalf("%d change objects left: B applied them all and the snapshots cover them", n)
	}
	importOne(t, a, emp, 500, "Nasnapshot")
	a.cycle(t)

	c := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	rep := c.cycle(t)
	if rep.SnapshotsApplied < 2 || rep.SnapshotsBulk != rep.SnapshotsApplied || rep.SetsPulled == 0 {
		t.Fatalf("C should join from the snapshots in bulk, then the set after them: %+v", rep)
	}
	b.cycle(t)
	sameVault(t, b, c)
	e, err := persnrOn(t, c, emp, "000500")
	if err != nil {
		t.Fatal(err)
	}
	if full, err := c.ws.Employee(e.ID); err != nil || full.Identity == nil || full.Identity.Surname != "Nasnapshot" {
		t.Fatalf("the change after the snapshot is not on C: %v", err)
	}
	grepServer(t, srv)
}

// Rule: compaction waits for a device that pulls the partition and is behind; that device then
// converges, a deletion (an erasure) made while it was away included; once it is past, the
// covered change objects go.
func TestRule_CompactionWaitsForABehindDeviceWhichThenConverges(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 60)
	importOld(t, a, emp, 600)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	b.cycle(t)

	// B is away: A changes one employee and erases another.
	importOne(t, a, emp, 501, "Terwijlweg")
	gone := eraseOne(t, a, emp, "000600")
	a.cycle(t)
	before := len(changeObjects(t, srv, a.target.VaultID))
	rep := a.cycleWith(t, forceSnapshots)
	after := changeObjects(t, srv, a.target.VaultID)
	if rep.Compacted == 0 || len(after) == 0 || len(after) >= before {
		t.Fatalf("compaction should remove what B has and keep what it lacks: %d → %d objects (%+v)", before, len(after), rep)
	}
	b.cycle(t)
	b.cycle(t) // announces that B is past
	if rep := a.cycle(t); rep.Compacted == 0 {
		t.Fatalf("A compacted nothing once B was past: %+v", rep)
	}
	if n := len(changeObjects(t, srv, a.target.VaultID)); n != 0 {
		t.Fatalf("%d change objects left", n)
	}
	sameVault(t, a, b)
	if _, err := b.ws.Employee(gone); !errors.Is(err, people.ErrEmployeeNotFound) {
		t.Fatalf("the erased employee is still on B: %v", err)
	}
}

// Rule: a device silent longer than CompactWait no longer holds compaction back; when it comes
// back it applies the newest snapshots (compared with its own clocks, tombstones included) and
// converges, the erasure made while it was away included.
func TestRule_ADeviceAwayLongerThanCompactWaitCatchesUpFromTheSnapshot(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 60)
	importOld(t, a, emp, 600)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	bDir := b.v.Dir()
	b.ws.Close()
	if err := b.v.Close(); err != nil {
		t.Fatal(err)
	}

	importOne(t, a, emp, 502, "Langweg")
	gone := eraseOne(t, a, emp, "000600")
	a.cycle(t)
	later := time.Now().Add(replicate.CompactWait + 24*time.Hour)
	a2 := reopenAt(t, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase, later)
	a2.cycleWith(t, forceSnapshots)
	if n := len(changeObjects(t, srv, a.target.VaultID)); n != 0 {
		t.Fatalf("%d change objects left: B is silent past CompactWait", n)
	}

	vb, err := vault.Open(bDir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = vb.Close() })
	b2 := unlockPC(t, srv, vb, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b2 = reopenAt(t, b2, vaulttest.AdminEmail, vaulttest.AdminPassphrase, later)
	if rep := b2.cycle(t); rep.SnapshotsApplied == rep.SnapshotsBulk { // at least one compared with its own clocks
		t.Fatalf("B applied no snapshot after a long absence: %+v", rep)
	}
	sameVault(t, a2, b2)
	if _, err := b2.ws.Employee(gone); !errors.Is(err, people.ErrEmployeeNotFound) {
		t.Fatalf("the erased employee is still on B: %v", err)
	}
	e, err := persnrOn(t, b2, emp, "000502")
	if err != nil {
		t.Fatal(err)
	}
	if full, err := b2.ws.Employee(e.ID); err != nil || full.Identity.Surname != "Langweg" {
		t.Fatalf("the change made while B was away is not on B: %v", err)
	}
}

// reopenAt locks p's workspace and unlocks its folder again with a workspace clock at `at`.
func reopenAt(t testing.TB, p *pc, email, passphrase string, at time.Time) *pc {
	t.Helper()
	p.ws.Close()
	sess, err := p.v.Unlock(email, []byte(passphrase))
	if err != nil {
		t.Fatal(err)
	}
	q := &pc{v: p.v, ws: workspace.Open(sess, workspace.Config{Now: func() time.Time { return at }}), target: p.target}
	t.Cleanup(q.ws.Close)
	return q
}

// importOld adds employee persnr i, in service since 2008 (so ending it in 2012 is valid).
func importOld(t testing.TB, p *pc, emp people.Employer, i int) {
	t.Helper()
	csv := fmt.Sprintf("persnr;bsn;roepnaam;achternaam;geboortedatum;straat;huisnummer;postcode;woonplaats;afdeling;datum_in_dienst\n"+
		"%06d;%s;Otto;Oudgediende;04-04-1960;Kerkstraat;1;3512 KX;Utrecht;%s;01-05-2008\n", i, peoplebenchBSN(i), replDept)
	if rep, err := p.ws.Import(context.Background(), strings.NewReader(csv), imports.Request{Name: "oud.csv", Employer: emp.ID}, nil); err != nil {
		t.Fatalf("import: %v %+v", err, rep)
	}
}

// eraseOne ends persnr's employment long ago and erases them on p (a deletion that replicates).
func eraseOne(t testing.TB, p *pc, emp people.Employer, persnr string) vault.ID {
	t.Helper()
	e, err := persnrOn(t, p, emp, persnr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.ws.EndEmployment(e.ID, "2012-01-31"); err != nil {
		t.Fatal(err)
	}
	rep, err := p.ws.EraseEmployees(context.Background(), []vault.ID{e.ID}, nil)
	if err != nil || rep.Erased != 1 {
		t.Fatalf("erase: %v %+v", err, rep)
	}
	return e.ID
}

// Rule: a damaged snapshot and one copied under another partition's name are refused and named,
// and nothing of them is applied; the next good snapshot (made again by A) repairs the PC.
func TestRule_ADamagedOrMisplacedSnapshotIsRefusedAndNamed(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 40)
	a.cycle(t)
	a.cycleWith(t, forceSnapshots) // A alone: every change object is compacted
	snaps := snapshotObjects(t, srv, a.target.VaultID)
	if len(snaps) < 2 {
		t.Fatalf("want two partitions' snapshots: %v", snaps)
	}
	damaged, misplaced := snaps[0], snaps[1]
	good := getObject(t, srv, damaged)
	b := bytes.Clone(good)
	b[len(b)-100] ^= 1 // inside the last entry's value: the signature no longer verifies
	putObject(t, srv, damaged, b)
	putObject(t, srv, misplaced, good) // another partition's snapshot under this one's name

	c := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	rep, err := c.ws.Replicate(context.Background(), c.target)
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]string{}
	for _, r := range rep.Refused {
		named[r.Key] = r.Reason
	}
	prefix := a.target.VaultID + "/"
	if r := named[strings.TrimPrefix(damaged, prefix)]; !strings.Contains(r, "does not verify") {
		t.Fatalf("the damaged snapshot is not refused by name: %+v", rep.Refused)
	}
	if r := named[strings.TrimPrefix(misplaced, prefix)]; !strings.Contains(r, "another name") {
		t.Fatalf("the misplaced snapshot is not refused by name: %+v", rep.Refused)
	}
	for _, k := range []string{damaged, misplaced} {
		ph := strings.Split(strings.TrimPrefix(k, prefix), "/")[1]
		for _, p := range c.ws.Session().ReplicaPartitions() {
			if p.String() == "scope-"+ph {
				if sn, err := c.ws.Session().Snapshot(p, 0); err != nil || len(sn.Entries) != 0 {
					t.Fatalf("partition %s of a refused snapshot holds entries on C: %v", ph, err)
				}
			}
		}
	}

	a.cycleWith(t, forceSnapshots) // the same state again: the same names, good bytes
	if rep := c.cycle(t); rep.SnapshotsApplied < 2 {
		t.Fatalf("C did not take the repaired snapshots: %+v", rep)
	}
	sameVault(t, a, c)
}

// runKilledAt is runKilled for any object path: the child's cycle is killed (SIGKILL) delay
// after the n-th request of method whose path contains part.
func runKilledAt(t *testing.T, p *faultProxy, srv *s3test.Server, dir, email, passphrase, method, part string, n int, delay time.Duration) {
	t.Helper()
	var count atomic.Int32
	killed := make(chan struct{})
	var cmd *exec.Cmd
	var once sync.Once
	kill := func() { once.Do(func() { _ = cmd.Process.Kill(); close(killed) }) }
	p.set(func(m, key string) {
		if m == method && strings.Contains(key, part) && int(count.Add(1)) == n {
			time.AfterFunc(delay, kill)
		}
	})
	defer p.set(nil)
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), replicateChildEnv+"="+strings.Join([]string{dir, p.ts.URL + "/" + srv.Bucket, srv.Access, srv.Secret, email, passphrase}, "|"))
	out, _ := cmd.CombinedOutput()
	select {
	case <-killed:
	default:
		t.Logf("%s %s #%d +%s: the child finished before it was killed: %s", method, part, n, delay, out)
	}
}

// Rule: Kluis killed with SIGKILL while it applies a snapshot (the bulk write of a joining PC)
// loses nothing: the next cycle applies it again and the PC holds what the snapshot's maker holds.
func TestRule_KluisKilledMidSnapshotApplyLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const n = 1500
	srv := s3test.Start(t)
	proxy := newFaultProxy(t, srv)
	a, emp := firstPC(t, srv)
	if _, err := a.ws.Import(context.Background(), bytes.NewReader(peoplebench.CSV(n, 4)), imports.Request{Name: "loon.csv", Employer: emp.ID}, nil); err != nil {
		t.Fatal(err)
	}
	a.cycle(t)
	a.cycleWith(t, forceSnapshots) // A alone: the snapshots are all there is
	if n := len(changeObjects(t, srv, a.target.VaultID)); n != 0 {
		t.Fatalf("%d change objects left", n)
	}
	c := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	cDir := c.v.Dir()
	c.ws.Close()
	if err := c.v.Close(); err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		n     int
		delay time.Duration
	}{{1, 0}, {2, 5 * time.Millisecond}, {1, 40 * time.Millisecond}, {3, 20 * time.Millisecond}} {
		runKilledAt(t, proxy, srv, cDir, vaulttest.AdminEmail, vaulttest.AdminPassphrase, http.MethodGet, "/snapshots/", k.n, k.delay)
	}
	vc, err := vault.Open(cDir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = vc.Close() })
	c = unlockPC(t, srv, vc, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	c.cycle(t)
	sameVault(t, a, c)
	o := &opened{v: vc, ws: c.ws, employer: emp}
	if got := o.employees(t, c.ws); got != n {
		t.Fatalf("C holds %d employees, want %d", got, n)
	}
}

// Rule: a PC whose announcement never reached the bucket after it had pulled (it crashed, or the
// upload failed) is unknown to compaction, so the change sets it still lacked may be compacted
// away; at its next cycle it finds that the bucket does not list it for the partitions it pulls,
// catches up from the newest snapshots and converges, instead of holding a gap for weeks.
func TestRule_APCTheBucketDoesNotKnowCatchesUpFromTheSnapshotsAfterACompaction(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 60)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	if rep := b.cycle(t); rep.SetsPulled == 0 {
		t.Fatalf("B pulled nothing: %+v", rep)
	}
	removeAnnouncement(t, srv, a.target.VaultID, b.ws.Session().DeviceID())

	importOne(t, a, emp, 503, "Onbekendweg")
	a.cycle(t)
	if rep := a.cycleWith(t, forceSnapshots); rep.Compacted == 0 {
		t.Fatalf("A compacted nothing: %+v", rep)
	}
	if n := len(changeObjects(t, srv, a.target.VaultID)); n != 0 {
		t.Fatalf("%d change objects left: the bucket does not know B, so nothing waits for it", n)
	}

	rep := b.cycle(t)
	if rep.SnapshotsApplied == 0 {
		t.Fatalf("B applied no snapshot although the bucket did not list it: %+v", rep)
	}
	e, err := persnrOn(t, b, emp, "000503")
	if err != nil {
		t.Fatalf("the change compacted while the bucket did not know B is not on B: %v", err)
	}
	if full, err := b.ws.Employee(e.ID); err != nil || full.Identity == nil || full.Identity.Surname != "Onbekendweg" {
		t.Fatalf("the change compacted while the bucket did not know B is not on B: %v", err)
	}
	sameVault(t, a, b)
	if rep := b.cycle(t); rep.SnapshotsApplied != 0 {
		t.Fatalf("B applied snapshots again once the bucket knew it: %+v", rep)
	}
}

// removeAnnouncement deletes dev's announcement from the bucket (as if it never arrived).
func removeAnnouncement(t testing.TB, srv *s3test.Server, vaultID string, dev vault.ID) {
	t.Helper()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveObject(context.Background(), srv.Bucket, vaultID+"/devices/"+dev.String(), minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
}

// Rule: the changes of a change set refused for damage are not lost on the PC that refused it:
// its maker forgot the set once it was pushed, but the partition's next snapshot by that maker
// covers it, and the refusing PC applies that snapshot (compared with its own clocks) and
// converges, though later good sets had moved its cursor past the damaged one.
func TestRule_AChangeSetRefusedForDamageArrivesWithItsMakersNextSnapshot(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 60)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	b.cycle(t)

	before := map[string]bool{}
	for _, k := range changeObjects(t, srv, a.target.VaultID) {
		before[k] = true
	}
	importOne(t, a, emp, 504, "Beschadigd")
	a.cycle(t)
	damaged := 0
	var damagedParts []string
	for _, k := range changeObjects(t, srv, a.target.VaultID) {
		if !before[k] {
			bad := getObject(t, srv, k)
			bad[len(bad)/2] ^= 0x5a
			putObject(t, srv, k, bad)
			damaged++
			damagedParts = append(damagedParts, strings.Split(k, "/")[2]) // vault/changes/partition/device/seq
		}
	}
	if damaged == 0 {
		t.Fatal("A's change sets are not in the bucket")
	}
	rep, err := b.ws.Replicate(context.Background(), b.target)
	if err != nil || len(rep.Refused) != damaged {
		t.Fatalf("B should refuse the %d damaged sets: %v (%+v)", damaged, err, rep)
	}
	if _, err := persnrOn(t, b, emp, "000504"); err == nil {
		t.Fatal("a damaged set was applied")
	}
	importOne(t, a, emp, 505, "Daarna")
	a.cycle(t)
	b.cycle(t) // the good set after the damaged ones moves B's cursors past them
	if _, err := persnrOn(t, b, emp, "000505"); err != nil {
		t.Fatalf("the good set after the damaged ones did not arrive: %v", err)
	}

	// B makes no snapshot of a partition whose refused set it lacks: its cursor would claim it.
	bdev := b.ws.Session().DeviceID().String()
	b.cycleWith(t, forceSnapshots)
	for _, k := range snapshotObjects(t, srv, a.target.VaultID) {
		for _, d := range damagedParts {
			if strings.Contains(k, "/snapshots/"+d+"/") && strings.HasSuffix(k, "-"+bdev) {
				t.Fatalf("B made a snapshot of partition %s while it lacks a refused set's changes", d)
			}
		}
	}

	a.cycleWith(t, forceSnapshots)
	if rep := b.cycle(t); rep.SnapshotsApplied == 0 {
		t.Fatalf("B applied no snapshot although it misses a refused set's changes: %+v", rep)
	}
	e, err := persnrOn(t, b, emp, "000504")
	if err != nil {
		t.Fatalf("the refused set's changes did not arrive with A's snapshot: %v", err)
	}
	if full, err := b.ws.Employee(e.ID); err != nil || full.Identity == nil || full.Identity.Surname != "Beschadigd" {
		t.Fatalf("the refused set's identity is not on B: %v", err)
	}
	sameVault(t, a, b)
	a.cycleWith(t, forceSnapshots)
	if rep := b.cycle(t); rep.SnapshotsApplied != 0 {
		t.Fatalf("B went on applying snapshots once nothing was missing: %+v", rep)
	}
}
