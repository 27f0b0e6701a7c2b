package app

import (
	"path/filepath"
	"strings"
	"testing"

	"kluis/internal/replicate/s3test"
	"kluis/internal/workspace"
)

// Rule (issue 19): in Beheer → Apparaten an admin removes another PC: the list shows it removed
// with the admin's name and the time, and the removed PC's "Nu repliceren" says plainly that it
// was removed (replica_device_removed) while its window stays unlocked with its data.
func TestRule_AnAdminRemovesAPCAndThatPCSaysItWasRemoved(t *testing.T) {
	srv := s3test.Start(t)
	a := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := a.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.s.ConfirmEmergencyKit(); err != nil {
		t.Fatal(err)
	}
	ra := &Replica{s: a.s}
	if _, err := ra.SaveSettings(srv.URL, srv.Access, srv.Secret); err != nil {
		t.Fatal(err)
	}
	if _, err := ra.ReplicateNow(); err != nil {
		t.Fatal(err)
	}
	code, err := ra.Invite()
	if err != nil {
		t.Fatal(err)
	}
	b := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := b.s.JoinVault(JoinRequest{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret, Code: code}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.s.Unlock(validNewVault().AdminEmail, strong); err != nil {
		t.Fatal(err)
	}
	rb := &Replica{s: b.s}
	if st, err := rb.ReplicateNow(); err != nil || st.Removed != "" {
		t.Fatalf("the joined PC's cycle: %+v %v", st, err)
	}
	devs, err := ra.Devices()
	if err != nil || len(devs) != 2 {
		t.Fatalf("devices: %+v %v", devs, err)
	}
	var other ReplicaDevice
	for _, d := range devs {
		if !d.ThisDevice {
			other = d
		}
	}
	if _, err := ra.RemoveDevice("not-an-id"); err == nil {
		t.Fatal("a bad id removed something")
	}
	after, err := ra.RemoveDevice(other.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range after {
		switch {
		case d.ID == other.ID && (d.RemovedAt == "" || d.RemovedBy != "Petra Beheer"):
			t.Fatalf("the removed PC in the list: %+v", d)
		case d.ID != other.ID && d.RemovedAt != "":
			t.Fatalf("this PC shows as removed: %+v", d)
		}
	}
	st, err := rb.ReplicateNow()
	if appErr(t, err).Code != workspace.CodeReplicaDeviceRemoved || st.Removed == "" || st.LastError != string(workspace.CodeReplicaDeviceRemoved) {
		t.Fatalf("the removed PC's cycle: %+v %v", st, err)
	}
	if p := workspace.Describe(workspace.CodeReplicaDeviceRemoved); !strings.Contains(p.Dutch, "blijven op deze pc") {
		t.Fatalf("the text does not say the data stays: %q", p.Dutch)
	}
	if s := b.s.Status(); s.State != StateUnlocked {
		t.Fatalf("the removed PC's window: %q", s.State)
	}
}
