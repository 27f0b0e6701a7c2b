package workspace_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"kluis/internal/replicate"
	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// storeSettings saves the test bucket as the vault's settings on p (device removal and the
// arbo lease use the stored settings, as the window does).
func storeSettings(t testing.TB, srv *s3test.Server, p *pc) {
	t.Helper()
	if _, err := p.ws.SaveReplicaSettings(context.Background(), workspace.ReplicaSettingsInput{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret}); err != nil {
		t.Fatal(err)
	}
}

func deleteObject(t testing.TB, srv *s3test.Server, key string) {
	t.Helper()
	c, _ := srv.Client()
	if err := c.RemoveObject(context.Background(), srv.Bucket, key, minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
}

// Rule: an admin removes a PC: the removal is signed and audited (device.remove, the device id
// only); the removed PC's next cycle stops with replica_device_removed, keeps its local data
// and says so in its status; a change set it pushes after the removal anyway (an old Kluis, a
// removal object hidden for a while) is refused by the others and named; the device list shows
// it as removed, by whom and when.
func TestRule_ARemovedPCStopsReplicatingAndItsLaterChangeSetsAreRefused(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	storeSettings(t, srv, a)
	importCanaries(t, a, emp, 4)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	importOne(t, b, emp, 901, "Voorverwijderd")
	b.cycle(t) // pushed before the removal: still accepted
	a.cycle(t)

	dev := b.ws.Session().DeviceID()
	before := changeObjectsOf(t, srv, a.v.ID(), dev)
	ctx := context.Background()
	if _, err := a.ws.RemoveDevice(ctx, a.ws.Session().DeviceID()); workspace.Explain(err).Code != workspace.CodeDeviceRemoveSelf {
		t.Fatalf("removing this PC itself: %v", err)
	}
	if _, err := b.ws.RemoveDevice(ctx, vault.ID{1}); workspace.Explain(err).Code != workspace.CodeDeviceUnknown {
		t.Fatalf("removing an unknown device: %v", err)
	}
	r, err := a.ws.RemoveDevice(ctx, dev)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Accepted) == 0 {
		t.Fatal("the removal accepts no sequence number of the device's earlier change sets")
	}
	if _, err := a.ws.RemoveDevice(ctx, dev); workspace.Explain(err).Code != workspace.CodeDeviceRemovedBefore {
		t.Fatalf("removing twice: %v", err)
	}
	if n := auditDetailCount(t, a.ws, "device.remove", dev.String()); n != 1 {
		t.Fatalf("device.remove audited %d times", n)
	}

	// The removed PC: its next cycle stops, says why, and its data stays.
	importOne(t, b, emp, 902, "Naverwijderd")
	_, err = b.ws.Replicate(ctx, b.target)
	if !errors.Is(err, replicate.ErrDeviceRemoved) || workspace.Explain(err).Code != workspace.CodeReplicaDeviceRemoved {
		t.Fatalf("the removed PC's cycle: %v", err)
	}
	p := workspace.Describe(workspace.CodeReplicaDeviceRemoved)
	if !strings.Contains(p.Dutch, "verwijderd") || !strings.Contains(p.English, "removed") {
		t.Fatalf("the texts do not say the PC was removed: %+v", p)
	}
	st, err := b.ws.ReplicaStatus(b.target.Dir)
	if err != nil || st.Removed == nil || st.Removed.By != a.ws.Session().UserID() || st.LastError != "device_removed" {
		t.Fatalf("the removed PC's status: %+v %v", st, err)
	}
	if _, err := persnrOn(t, b, emp, pad6(902)); err != nil {
		t.Fatalf("the removed PC lost its local data: %v", err)
	}
	if objs := changeObjectsOf(t, srv, a.v.ID(), dev); objs != before {
		t.Fatalf("the removed PC pushed after its removal: %d change objects", objs)
	}

	// Hide the removal for a moment so the removed PC pushes its later change anyway.
	key := a.v.ID() + "/removed/" + dev.String()
	saved := getObject(t, srv, key)
	deleteObject(t, srv, key)
	b.cycle(t)
	putObject(t, srv, key, saved)
	rep, err := a.ws.Replicate(ctx, a.target)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Refused) == 0 {
		t.Fatal("the removed device's later change sets were not refused")
	}
	for _, r := range rep.Refused { // one per partition the change touched
		if !strings.Contains(r.Key, dev.String()) || !strings.Contains(r.Reason, "device "+dev.String()+" was removed") {
			t.Fatalf("a refusal does not name the removed device: %+v", r)
		}
	}
	if _, err := persnrOn(t, a, emp, pad6(902)); err == nil {
		t.Fatal("a change made after the removal arrived")
	}
	if _, err := persnrOn(t, a, emp, pad6(901)); err != nil {
		t.Fatalf("a change pushed before the removal was lost: %v", err)
	}

	list, err := a.ws.ReplicaDeviceList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range list {
		if d.Device == dev {
			found = true
			if d.Removed == nil || d.Removed.By != a.ws.Session().UserID() || d.Removed.At.IsZero() {
				t.Fatalf("the list does not show the device removed: %+v", d)
			}
		} else if d.Removed != nil {
			t.Fatalf("another device shows as removed: %+v", d)
		}
	}
	if !found {
		t.Fatal("the removed device is missing from the list")
	}
}

func changeObjectsOf(t testing.TB, srv *s3test.Server, vaultID string, dev vault.ID) int {
	t.Helper()
	n := 0
	for _, k := range changeObjects(t, srv, vaultID) {
		if strings.Contains(k, "/"+dev.String()+"/") {
			n++
		}
	}
	return n
}

// Rule: a removal that is damaged, or signed by someone who is not an active admin (a manager
// of the vault), is refused and named; the PC it names goes on replicating and nobody lists it
// as removed. A non-admin cannot remove a device through the use case at all.
func TestRule_AForgedRemovalIsRefusedAndNamed(t *testing.T) {
	srv := s3test.Start(t)
	hr, emp := firstPC(t, srv)
	storeSettings(t, srv, hr)
	importCanaries(t, hr, emp, 4)
	hr.cycle(t)
	withManager(t, hr, emp)
	mgr := joinPC(t, srv, hr, managerEmail, managerPassphrase)
	mgr.cycle(t)
	ctx := context.Background()
	target := hr.ws.Session().DeviceID()

	if _, err := mgr.ws.RemoveDevice(ctx, target); !workspace.Explain(err).Denied {
		t.Fatalf("a manager removed a device: %v", err)
	}
	b, err := replicate.OpenBucket(bucketConfig(srv), mgr.v.ID())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replicate.New(b, mgr.ws.Session(), mgr.target.Dir, mgr.v.ID(), nil).RemoveDevice(ctx, target); err != nil {
		t.Fatalf("writing the manager's forged removal: %v", err)
	}
	rep, err := hr.ws.Replicate(ctx, hr.target)
	if err != nil {
		t.Fatalf("a forged removal stopped the PC it names: %v", err)
	}
	if len(rep.Refused) != 1 || rep.Refused[0].Key != "removed/"+target.String() || !strings.Contains(rep.Refused[0].Reason, "not signed by an active administrator") {
		t.Fatalf("the forged removal was not named: %+v", rep.Refused)
	}
	list, err := hr.ws.ReplicaDeviceList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range list {
		if d.Removed != nil {
			t.Fatalf("a forged removal shows in the list: %+v", d)
		}
	}
	// Damaged: the same name, bytes that are no removal.
	putObject(t, srv, hr.v.ID()+"/removed/"+target.String(), []byte(`{"vault":"x"`))
	rep, err = hr.ws.Replicate(ctx, hr.target)
	if err != nil || len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Reason, "not a readable device removal") {
		t.Fatalf("a damaged removal: %v %+v", err, rep.Refused)
	}
}
