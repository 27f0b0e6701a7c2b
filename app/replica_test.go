package app

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/replicate/s3test"
	"kluis/internal/workspace"
)

// Rule: the window of PC A stores the bucket (never showing the secret back) and makes a join
// code; the window of an empty PC B joins with it ("Bestaande kluis koppelen"), unlocks as the
// admin (the first cycle fetches the profile and the records), replicates in the background
// with the stored settings, and sees both devices; the secret is nowhere in B's folder in clear.
func TestRule_AWindowJoinsAVaultFromTheBucketAndUnlocksAfterTheFirstPull(t *testing.T) {
	srv := s3test.Start(t)
	a := newHarness(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := a.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.s.ConfirmEmergencyKit(); err != nil {
		t.Fatal(err)
	}
	ra := &Replica{s: a.s}
	if _, err := ra.SaveSettings("http://10.1.2.3:9000/kluis", srv.Access, srv.Secret); appErr(t, err).Code != workspace.CodeReplicaInsecureURL {
		t.Fatalf("http to another machine: %v", err)
	}
	set, err := ra.SaveSettings(srv.URL, srv.Access, srv.Secret)
	if err != nil || !set.Configured || set.AccessKey != srv.Access {
		t.Fatalf("save: %+v %v", set, err)
	}
	st, err := ra.ReplicateNow()
	if err != nil || st.LastError != "" || st.LastPush == "" || st.Pending != 0 || !strings.HasPrefix(st.Device, "PC ") {
		t.Fatalf("replicate now: %+v %v", st, err)
	}
	code, err := ra.Invite()
	if err != nil || code == "" {
		t.Fatalf("invite: %v", err)
	}

	bDir := filepath.Join(t.TempDir(), "vault")
	b := newHarness(t, bDir)
	if _, err := b.s.JoinVault(JoinRequest{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret, Code: "AAAA-BBBB"}); err == nil {
		t.Fatal("a wrong code joined")
	}
	if st := b.s.Status(); st.State != StateNew {
		t.Fatalf("a refused join left state %q (something half-written)", st.State)
	}
	jst, err := b.s.JoinVault(JoinRequest{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret, Code: code})
	if err != nil || jst.State != StateLocked {
		t.Fatalf("join: %+v %v", jst, err)
	}
	ust, err := b.s.Unlock(validNewVault().AdminEmail, strong)
	if err != nil || ust.State != StateUnlocked || ust.User == nil || ust.User.Name != "Petra Beheer" || ust.Employer == nil {
		t.Fatalf("unlock on the joined PC: %+v %v", ust, err)
	}
	rb := &Replica{s: b.s}
	// The background loop's first cycle (3 s after unlock) reports; the settings arrived with the
	// first pull, so the joined PC replicates with the stored ones from then on.
	deadline := time.Now().Add(30 * time.Second)
	for len(b.platform.eventsNamed(EventReplicaStatus)) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if len(b.platform.eventsNamed(EventReplicaStatus)) == 0 {
		t.Fatal("no replica:status from the background loop")
	}
	bset, err := rb.Settings()
	if err != nil || !bset.Configured || bset.URL != srv.URL {
		t.Fatalf("settings on the joined PC: %+v %v", bset, err)
	}
	devs, err := ra.Devices()
	if err != nil || len(devs) != 2 {
		t.Fatalf("devices: %+v %v", devs, err)
	}
	self := 0
	for _, d := range devs {
		if d.ThisDevice {
			self++
		}
		if !strings.HasPrefix(d.Label, "PC ") || d.LastContact == "" {
			t.Errorf("device %+v", d)
		}
	}
	if self != 1 {
		t.Fatalf("this device marked %d times", self)
	}
	b.s.Lock()
	err = filepath.WalkDir(bDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && bytes.Contains(data, []byte(srv.Secret)) {
			t.Errorf("%s holds the bucket secret in clear", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Rule (issue 19): a PC whose window was closed between "Bestaande kluis koppelen" and the
// first unlock still unlocks: the join kept the bucket settings in the folder, sealed to the
// vault's users, and the first unlock opens them for its first pull; once the vault's own
// settings arrived, the sealed copy is removed.
func TestRule_AJoinedPCUnlocksAfterARestartBeforeItsFirstUnlock(t *testing.T) {
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
	bDir := filepath.Join(t.TempDir(), "vault")
	b := newHarness(t, bDir)
	if _, err := b.s.JoinVault(JoinRequest{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret, Code: code}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(bDir, "join.sealed")); err != nil {
		t.Fatalf("the join kept no sealed bucket settings: %v", err)
	}
	b.life.Shutdown() // the window closes before anyone unlocked
	b2 := newHarness(t, bDir)
	ust, err := b2.s.Unlock(validNewVault().AdminEmail, strong)
	if err != nil || ust.State != StateUnlocked || ust.User == nil || ust.User.Name != "Petra Beheer" {
		t.Fatalf("unlock after a restart: %+v %v", ust, err)
	}
	if _, err := os.Stat(filepath.Join(bDir, "join.sealed")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the sealed join settings stay after the vault's own arrived: %v", err)
	}
}
