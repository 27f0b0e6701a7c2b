package vault

import (
	"errors"
	"runtime"
	"testing"
	"time"
)

// Rule: a crash-atomic write whose first chunks were already pushed to another PC (the loop
// pushes 0.3 s after a write, so a long import goes out while it runs) and that is then rolled
// back is rolled back on the other PC too: nothing of it stays there.
func TestRule_AWritePushedWhileItRanAndThenUndoneIsUndoneOnTheOtherPC(t *testing.T) {
	a, b, ca, _, _ := replicaPair(t)
	_, scope := newDept(t, a)
	kept, undone := NewID(), NewID()
	put(t, a, kept, scope, "voor")
	push(t, a, b)
	ca.t = ca.t.Add(time.Second)
	err := a.Atomic(AtomicOptions{Name: "import"}, func(w *AtomicWriter) error {
		if err := w.PutNew(kindTest, undone, scope, []byte("half")); err != nil {
			return err
		}
		if err := w.Put(kindTest, kept, scope, []byte("overschreven")); err != nil {
			return err
		}
		if err := w.SetIndex(scope, "persnr", []byte("77"), kindTest, undone, true); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		push(t, a, b) // the loop's push while the write still runs
		if _, err := get(b, undone); err != nil {
			t.Fatalf("setup: the first chunk did not reach B: %v", err)
		}
		return errors.New("cancelled")
	})
	if err == nil {
		t.Fatal("the cancelled write succeeded")
	}
	push(t, a, b)
	if _, err := get(b, undone); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the undone record stays on B: %v", err)
	}
	got, err := get(b, kept)
	ok(t, err)
	if string(got) != "voor" {
		t.Fatalf("B reads %q for the record the undone write had overwritten, want %q", got, "voor")
	}
	var ids []ID
	ok(t, b.View(func(tx *Tx) (err error) { ids, err = tx.Lookup(scope, "persnr", []byte("77")); return err }))
	if len(ids) != 0 {
		t.Fatalf("the undone index entry stays on B: %v", ids)
	}
}

// Rule: the same when the PC crashes while the write runs, after the loop pushed its first
// chunk: the next unlock undoes the write, and that undo reaches the other PC.
func TestRule_AWritePushedBeforeACrashIsUndoneOnTheOtherPCAfterTheRestart(t *testing.T) {
	ca, cb := &testClock{time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}, &testClock{time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	dirA, vA, a, _ := newTestVault(t, testOptions(nil).WithNow(ca.now))
	b, _ := joinFolder(t, a, cb)
	_, scope := newDept(t, a)
	undone := NewID()
	push(t, a, b)
	flushed, crash := make(chan struct{}), make(chan struct{})
	go func() { // the importing goroutine "crashes": it ends without returning, so nothing undoes
		_ = a.Atomic(AtomicOptions{Name: "import"}, func(w *AtomicWriter) error {
			if err := w.PutNew(kindTest, undone, scope, []byte("half")); err != nil {
				return err
			}
			if err := w.Flush(); err != nil {
				return err
			}
			close(flushed)
			<-crash
			runtime.Goexit()
			return nil
		})
	}()
	<-flushed
	push(t, a, b) // the loop's push while the write still runs
	if _, err := get(b, undone); err != nil {
		t.Fatalf("setup: the first chunk did not reach B: %v", err)
	}
	close(crash)
	a.Lock()
	ok(t, vA.Close())

	ca.t = ca.t.Add(time.Minute)
	v2, err := Open(dirA, testOptions(nil).WithNow(ca.now))
	ok(t, err)
	t.Cleanup(func() { _ = v2.Close() })
	a2, err := v2.Unlock(testEmail, []byte(testPass))
	ok(t, err)
	if _, err := get(a2, undone); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the unlock after the crash did not undo the write: %v", err)
	}
	push(t, a2, b)
	if _, err := get(b, undone); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the write undone after the crash stays on B: %v", err)
	}
}
