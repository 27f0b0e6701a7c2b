package vault

import (
	"testing"
	"time"
)

// TestRule_ASessionMethodInsideATransactionDoesNotDeadlockWithAWaitingLock: a transaction
// callback that calls another session method (the read side taken twice by one goroutine) while
// Lock waits for the write side finishes, and Lock then locks. With sync.RWMutex both would wait
// for each other for ever (an admin's first unlock signing old profiles while the idle lock
// fires).
func TestRule_ASessionMethodInsideATransactionDoesNotDeadlockWithAWaitingLock(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	inside, locking := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.View(func(tx *Tx) error {
			close(inside)
			<-locking
			time.Sleep(100 * time.Millisecond) // Lock is waiting for the write side by now
			_, err := s.SignStatement("kluis/test", []byte("inside a transaction"))
			return err
		})
	}()
	<-inside
	locked := make(chan struct{})
	go func() {
		close(locking)
		s.Lock()
		close(locked)
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the method inside the transaction: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock: the transaction's second read waited for the waiting Lock")
	}
	select {
	case <-locked:
	case <-time.After(10 * time.Second):
		t.Fatal("Lock never got the session")
	}
	if !s.Locked() {
		t.Fatal("the session is not locked")
	}
}

// TestRule_TheSessionLockIsExclusive: a writer waits for readers and readers for a writer.
func TestRule_TheSessionLockIsExclusive(t *testing.T) {
	var l readerLock
	l.RLock()
	if l.TryLock() {
		t.Fatal("a writer got the lock while a reader held it")
	}
	l.RLock() // a second reader, as a nested session call
	l.RUnlock()
	l.RUnlock()
	if !l.TryLock() {
		t.Fatal("a writer waits although no reader holds the lock")
	}
	if l.TryRLock() {
		t.Fatal("a reader got the lock while a writer held it")
	}
	got := make(chan struct{})
	go func() { l.RLock(); close(got) }()
	select {
	case <-got:
		t.Fatal("a reader got past a held write lock")
	case <-time.After(50 * time.Millisecond):
	}
	l.Unlock()
	<-got
	l.RUnlock()
}
