package app

import (
	"path/filepath"
	"testing"
	"time"

	"kluis/internal/peoplebench"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
	"kluis/internal/workspace/workspacetest"
)

// midway matches a progress payload of a run that has written something and is not done.
func midway(payload any) bool {
	switch p := payload.(type) {
	case ImportProgress:
		return p.Phase == ImportPhaseWriting && p.Done > 0 && p.Done < p.Total
	case RotationProgress:
		return p.Phase == RotationPhaseSealing && p.Done > 0 && p.Done < p.Total
	}
	return false
}

// ending is a way the window's vault can end while a use case runs: the PC going to sleep, or
// the window closing. after returns the harness to check the vault with, unlocked as the admin.
type ending struct {
	name  string
	end   func(h *harness)
	after func(t *testing.T, h *harness) *harness
}

func endings() []ending {
	unlockAgain := func(t *testing.T, h *harness) *harness {
		t.Helper()
		if st, err := h.s.Unlock(validNewVault().AdminEmail, strong); err != nil || st.State != StateUnlocked {
			t.Fatalf("unlocking after the lock: %+v %v", st, err)
		}
		return h
	}
	return []ending{
		{name: "suspend", end: func(h *harness) { h.life.Suspend() }, after: func(t *testing.T, h *harness) *harness {
			t.Helper()
			if st := h.s.Status(); st.State != StateLocked {
				t.Fatalf("after the suspend the vault is %q", st.State)
			}
			locked := h.platform.eventsNamed(EventVaultLocked)
			if len(locked) != 1 || locked[0].(VaultLocked).Reason != LockReasonSleep {
				t.Fatalf("vault:locked events %+v", locked)
			}
			return unlockAgain(t, h)
		}},
		{name: "shutdown", end: func(h *harness) { h.life.Shutdown() }, after: func(t *testing.T, h *harness) *harness {
			t.Helper()
			// The process lock was released: a new window opens the vault.
			return unlockAgain(t, newHarness(t, h.dir))
		}},
	}
}

// endMidway runs use in the background and, at the first midway progress event named event,
// ends the vault the way e does. Both the ending and use must return within the limit; use's
// answer must be "locked".
func endMidway(t *testing.T, h *harness, e ending, event string, use func() error) {
	t.Helper()
	started := h.platform.whenEmitted(event, midway)
	res := make(chan error, 1)
	go func() { res <- use() }()
	select {
	case <-started:
	case err := <-res:
		t.Fatalf("the use case ended before it was midway: %v", err)
	}
	workspacetest.Within(t, e.name+" midway", func() { e.end(h) })
	var err error
	workspacetest.Within(t, "the use case after "+e.name, func() { err = <-res })
	if appErr(t, err).Code != workspace.CodeLocked {
		t.Fatalf("the use case answered %v, want locked", err)
	}
}

func TestRule_SuspendOrShutdownDuringALargeImportDoesNotDeadlockAndLeavesItUndoneOrComplete(t *testing.T) {
	const rows = 20000
	for _, e := range endings() {
		t.Run(e.name, func(t *testing.T) {
			h := unlockedHarness(t)
			path := writeFile(t, "loon.csv", string(peoplebench.CSV(rows, 20)))
			endMidway(t, h, e, EventImportProgress, func() error {
				_, err := h.imp.Commit(ImportRequest{Path: path})
				return err
			})

			h = e.after(t, h)
			if list, err := h.imp.Interrupted(); err != nil || len(list) != 0 {
				t.Fatalf("an interrupted import was left: %+v %v", list, err)
			}
			page, err := h.dirf.TreeRows(TreeQuery{Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			if n := page.Rows[0].Count; n != 0 && n != rows {
				t.Fatalf("%d of %d employees: the import is neither undone nor complete", n, rows)
			}
		})
	}
}

func TestRule_SuspendOrShutdownDuringARevocationReSealDoesNotDeadlockAndTheReSealResumes(t *testing.T) {
	for _, e := range endings() {
		t.Run(e.name, func(t *testing.T) {
			h := unlockedHarness(t)
			path := writeFile(t, "loon.csv", string(peoplebench.CSV(2000, 4)))
			if rep, err := h.imp.Commit(ImportRequest{Path: path}); err != nil || !rep.Written {
				t.Fatalf("%+v %v", rep, err)
			}
			// A user of role user holds every department: revoking them re-seals them all.
			noor := h.approveNoor(t, "user")
			endMidway(t, h, e, EventRotation, func() error { return h.admin.Revoke(noor, "Uit dienst") })

			h = e.after(t, h)
			if pending, err := h.admin.PendingRevocation(); err != nil || !pending {
				t.Fatalf("the re-seal stopped midway but nothing is pending: %v %v", pending, err)
			}
			if err := h.admin.ResumeRevocation(); err != nil {
				t.Fatal(err)
			}
			if pending, err := h.admin.PendingRevocation(); err != nil || pending {
				t.Fatalf("pending after resuming: %v %v", pending, err)
			}
			answer, err := h.dirf.Search("000042")
			hits := answer.Hits
			if err != nil || len(hits) != 1 || hits[0].Name == "" {
				t.Fatalf("after the re-seal the employee is not found with a name: %+v %v", hits, err)
			}
			users, _ := h.admin.Users()
			for _, u := range users {
				if u.ID == noor && u.Status != string(vault.StatusRevoked) {
					t.Fatalf("the revoked user is %q", u.Status)
				}
			}
		})
	}
}

// slowKDFHarness is a harness whose admin's passphrase takes a noticeable key derivation, so a
// test can act while Unlock derives.
func slowKDFHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarnessWith(t, filepath.Join(t.TempDir(), "vault"),
		vaulttest.Options().WithKDF(vault.KDFParams{MemoryKiB: 64 * 1024, Time: 3, Threads: 1}))
	if _, err := h.s.CreateVault(validNewVault()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.ConfirmEmergencyKit(); err != nil {
		t.Fatal(err)
	}
	h.s.Lock()
	return h
}

// whileDeriving starts an Unlock and calls fn once its key derivation runs; it returns the
// first Unlock's answer and whether fn returned before that Unlock did.
func whileDeriving(t *testing.T, h *harness, fn func()) (Status, error, bool) {
	t.Helper()
	type answer struct {
		st  Status
		err error
	}
	res := make(chan answer, 1)
	go func() {
		st, err := h.s.Unlock(validNewVault().AdminEmail, strong)
		res <- answer{st, err}
	}()
	deadline := time.Now().Add(workspacetest.Limit)
	for {
		h.s.mu.Lock()
		deriving := h.s.deriving
		h.s.mu.Unlock()
		if deriving {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the unlock never started deriving")
		}
		time.Sleep(200 * time.Microsecond)
	}
	workspacetest.Within(t, "a call during the key derivation", fn)
	var early bool
	select {
	case <-res:
		t.Log("the first unlock finished before the call did; the overlap was not tested")
	default:
		early = true
	}
	var a answer
	workspacetest.Within(t, "the first unlock", func() { a = <-res })
	return a.st, a.err, early
}

func TestRule_TheKeyDerivationOfUnlockHoldsNoSessionLockAndASecondUnlockIsToldBusy(t *testing.T) {
	h := slowKDFHarness(t)
	var second error
	var status Status
	st, err, overlapped := whileDeriving(t, h, func() {
		status = h.s.Status()
		_, second = h.s.Unlock(validNewVault().AdminEmail, strong)
	})
	if err != nil || st.State != StateUnlocked {
		t.Fatalf("the first unlock: %+v %v", st, err)
	}
	if overlapped {
		if status.State != StateLocked {
			t.Fatalf("Status during the derivation says %q", status.State)
		}
		if appErr(t, second).Code != workspace.CodeBusy {
			t.Fatalf("the second unlock answered %v, want busy", second)
		}
	}
}

func TestRule_SleepDuringTheKeyDerivationOfUnlockKeepsTheVaultLocked(t *testing.T) {
	h := slowKDFHarness(t)
	st, err, overlapped := whileDeriving(t, h, h.life.Suspend)
	if !overlapped {
		t.Skip("the unlock finished before the suspend; nothing to check")
	}
	if appErr(t, err).Code != workspace.CodeLocked || st.State != StateLocked {
		t.Fatalf("an unlock overlapping a sleep answered %+v %v", st, err)
	}
	if st, err := h.s.Unlock(validNewVault().AdminEmail, strong); err != nil || st.State != StateUnlocked {
		t.Fatalf("unlocking after waking: %+v %v", st, err)
	}
}

// The window shows the unlock screen the moment the user locks, while the backend may still be
// closing (undoing a running import, anchoring the audit log). An unlock typed meanwhile must
// wait for that, not be told that another window holds the vault.
func TestRule_AnUnlockRightAfterALockWaitsForTheLockInsteadOfReportingTheVaultInUse(t *testing.T) {
	h := unlockedHarness(t)
	path := writeFile(t, "loon.csv", string(peoplebench.CSV(20000, 20)))
	started := h.platform.whenEmitted(EventImportProgress, midway)
	imported := make(chan error, 1)
	go func() {
		_, err := h.imp.Commit(ImportRequest{Path: path})
		imported <- err
	}()
	<-started
	locked := make(chan struct{})
	go func() {
		h.s.Lock()
		close(locked)
	}()
	// The handle is swapped out at once; the workspace is still closing.
	for h.s.Status().State != StateLocked {
		time.Sleep(time.Millisecond)
	}
	workspacetest.Within(t, "the unlock right after the lock", func() {
		if st, err := h.s.Unlock(validNewVault().AdminEmail, strong); err != nil || st.State != StateUnlocked {
			t.Errorf("unlock right after a lock: %+v %v", st, err)
		}
	})
	<-locked
	if err := <-imported; appErr(t, err).Code != workspace.CodeLocked {
		t.Fatalf("the import answered %v, want locked", err)
	}
}
