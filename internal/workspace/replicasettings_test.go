package workspace_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/audit"
	"kluis/internal/replicate"
	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// grepFolder fails when any file below dir holds needle.
func grepFolder(t *testing.T, dir, needle string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err == nil && bytes.Contains(b, []byte(needle)) {
			t.Errorf("%s holds the secret in clear", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("no files: the grep proves nothing")
	}
}

// Rule: the bucket settings are checked against the server before they are stored (a wrong
// secret or an http address to another machine stores nothing), are stored sealed (the secret
// is nowhere in the vault folder in clear), are never shown back, and are audited without any
// value.
func TestRule_BucketSettingsAreCheckedStoredSealedAndNeverShownBack(t *testing.T) {
	srv := s3test.Start(t)
	a, _ := firstPC(t, srv)
	ctx := context.Background()
	_, err := a.ws.SaveReplicaSettings(ctx, workspace.ReplicaSettingsInput{URL: srv.URL, AccessKey: srv.Access, SecretKey: "wrong-" + srv.Secret})
	if !errors.Is(err, replicate.ErrCredentials) || workspace.Explain(err).Code != workspace.CodeReplicaCredentials {
		t.Fatalf("a wrong secret: %v", err)
	}
	if strings.Contains(err.Error(), srv.Secret) {
		t.Fatal("the error holds the secret")
	}
	_, err = a.ws.SaveReplicaSettings(ctx, workspace.ReplicaSettingsInput{URL: "http://192.168.1.20:9000/kluis", AccessKey: srv.Access, SecretKey: srv.Secret})
	if workspace.Explain(err).Code != workspace.CodeReplicaInsecureURL {
		t.Fatalf("http to another machine: %v", err)
	}
	if st, err := a.ws.ReplicaSettings(); err != nil || st.Configured {
		t.Fatalf("refused settings were stored: %+v %v", st, err)
	}
	if _, err := a.ws.StoredReplicaTarget(a.v.Dir(), a.v.ID()); !errors.Is(err, workspace.ErrReplicaNotConfigured) {
		t.Fatalf("target without settings: %v", err)
	}

	st, err := a.ws.SaveReplicaSettings(ctx, workspace.ReplicaSettingsInput{URL: " " + srv.URL + " ", AccessKey: srv.Access, SecretKey: srv.Secret})
	if err != nil || !st.Configured || st.URL != srv.URL || st.AccessKey != srv.Access {
		t.Fatalf("save: %+v %v", st, err)
	}
	// Changing the address without typing the secret again keeps the stored secret.
	if _, err := a.ws.SaveReplicaSettings(ctx, workspace.ReplicaSettingsInput{URL: srv.URL, AccessKey: srv.Access}); err != nil {
		t.Fatalf("save without the secret: %v", err)
	}
	tgt, err := a.ws.StoredReplicaTarget(a.v.Dir(), a.v.ID())
	if err != nil || tgt.Bucket.SecretKey != srv.Secret || tgt.VaultID != a.v.ID() {
		t.Fatalf("stored target: %v", err)
	}
	if rep, err := a.ws.Replicate(ctx, tgt); err != nil || rep.SetsPushed == 0 {
		t.Fatalf("replicate with the stored settings: %+v %v", rep, err)
	}
	view, err := a.ws.ReplicaView(a.v.Dir())
	if err != nil || !view.Configured || view.Pending != 0 || view.LastPush.IsZero() {
		t.Fatalf("view after a cycle: %+v %v", view, err)
	}

	events, err := a.ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Action == audit.ActionReplicaSettings {
			n++
			if e.Detail != "set" {
				t.Errorf("settings.replica detail %q", e.Detail)
			}
		}
	}
	if n != 2 {
		t.Fatalf("settings.replica events: %d, want 2", n)
	}
	if err := a.ws.ClearReplicaSettings(); err != nil {
		t.Fatal(err)
	}
	if st, _ := a.ws.ReplicaSettings(); st.Configured {
		t.Fatal("cleared settings still there")
	}
	a.ws.Close()
	if err := a.v.Close(); err != nil {
		t.Fatal(err)
	}
	grepFolder(t, a.v.Dir(), srv.Secret)
}

// Rule: only an admin sets the bucket settings; every user's PC reads them (directory scope)
// without the access key and without the secret.
func TestRule_OnlyAnAdminSetsTheBucketAndOthersSeeNoKeys(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 4)
	if _, err := a.ws.SaveReplicaSettings(context.Background(), workspace.ReplicaSettingsInput{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret}); err != nil {
		t.Fatal(err)
	}
	withManager(t, a, emp)
	m := joinPC(t, srv, a, managerEmail, managerPassphrase)
	m.cycle(t)
	st, err := m.ws.ReplicaSettings()
	if err != nil || !st.Configured || st.URL != srv.URL || st.AccessKey != "" {
		t.Fatalf("the manager's view: %+v %v", st, err)
	}
	if _, err := m.ws.StoredReplicaTarget(m.v.Dir(), m.v.ID()); err != nil {
		t.Fatalf("the manager's PC cannot replicate with the stored settings: %v", err)
	}
	_, err = m.ws.SaveReplicaSettings(context.Background(), workspace.ReplicaSettingsInput{URL: srv.URL, AccessKey: "x", SecretKey: "y"})
	if !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a manager set the bucket: %v", err)
	}
	if _, err := m.ws.ReplicaDeviceList(context.Background()); !errors.Is(err, vault.ErrDenied) {
		t.Fatalf("a manager listed devices: %v", err)
	}
	devs, err := a.ws.ReplicaDeviceList(context.Background())
	if err != nil || len(devs) != 2 {
		t.Fatalf("devices: %d %v", len(devs), err)
	}
}

// Rule: the background loop replicates with the stored settings: an import on one PC arrives
// on the other without anyone pressing a button, and done hears of the applied records.
func TestRule_TheBackgroundLoopReplicatesWithTheStoredSettings(t *testing.T) {
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	if _, err := a.ws.SaveReplicaSettings(context.Background(), workspace.ReplicaSettingsInput{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret}); err != nil {
		t.Fatal(err)
	}
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)

	importCanaries(t, a, emp, 3)
	a.cycle(t)
	applied := make(chan int, 16)
	// A joined PC has no settings before its first pull: the window falls back to those the
	// join was made with, as this target does.
	b.ws.StartReplication(time.Hour, func() (workspace.ReplicaTarget, error) {
		tgt, err := b.ws.StoredReplicaTarget(b.v.Dir(), b.v.ID())
		if errors.Is(err, workspace.ErrReplicaNotConfigured) {
			return workspace.ReplicaTarget{Dir: b.v.Dir(), VaultID: b.v.ID(), Bucket: bucketConfig(srv)}, nil
		}
		return tgt, err
	}, func(c workspace.ReplicaCycle) {
		if c.Err != nil {
			t.Errorf("background cycle: %v", c.Err)
		}
		applied <- c.Report.Applied
	})
	select {
	case n := <-applied:
		if n == 0 {
			t.Fatal("the first background cycle applied nothing")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no background cycle within 20 s")
	}
	if _, err := persnrOn(t, b, emp, "000002"); err != nil {
		t.Fatalf("the import did not arrive: %v", err)
	}
}
