package vault

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestRule_IterateOpenOpensEveryHeldRecordOnceAcrossWorkers(t *testing.T) {
	_, v, s, _ := newTestVault(t, testOptions(nil))
	deptAID, deptA := newDept(t, s)
	_, deptB := newDept(t, s)
	want := map[ID]string{}
	ok(t, s.Update(func(tx *Tx) error {
		for i := range 1000 {
			id, scope := NewID(), deptA
			if i%2 == 1 {
				scope = deptB
			}
			data := fmt.Sprintf("record %d", i)
			if scope == deptA {
				want[id] = data
			}
			if err := tx.Put(kindTest, id, scope, []byte(data)); err != nil {
				return err
			}
		}
		return nil
	}))
	_, err := s.AddUser(NewUser{Email: "manager@example.test", Passphrase: []byte("pw")}, RoleManager, deptAID)
	ok(t, err)
	s.Lock()
	m, err := v.Unlock("manager@example.test", []byte("pw"))
	ok(t, err)
	defer m.Lock()
	var mu sync.Mutex
	got := map[ID]string{}
	ok(t, m.View(func(tx *Tx) error {
		return tx.IterateOpen(kindTest, 4, func(id ID, plain []byte) error {
			mu.Lock()
			defer mu.Unlock()
			if _, dup := got[id]; dup {
				return fmt.Errorf("record %s opened twice", id)
			}
			got[id] = string(plain)
			return nil
		})
	}))
	if len(got) != len(want) {
		t.Fatalf("opened %d records, want the %d of the held department only", len(got), len(want))
	}
	for id, data := range want {
		if got[id] != data {
			t.Fatalf("record %s: %q, want %q", id, got[id], data)
		}
	}
}

func TestRule_IterateOpenStopsAtTheFirstError(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	for range 600 {
		put(t, s, NewID(), s.DirectoryScope(), "x")
	}
	boom := errors.New("boom")
	var mu sync.Mutex
	calls := 0
	err := s.View(func(tx *Tx) error {
		return tx.IterateOpen(kindTest, 2, func(ID, []byte) error {
			mu.Lock()
			defer mu.Unlock()
			calls++
			return boom
		})
	})
	if !errors.Is(err, boom) || calls >= 600 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
}

func TestRule_IterateOpenEndsWithErrLockedWhenLockIsWaiting(t *testing.T) {
	_, _, s, _ := newTestVault(t, testOptions(nil))
	for range 2000 {
		put(t, s, NewID(), s.DirectoryScope(), "x")
	}
	var mu sync.Mutex
	calls := 0
	err := s.View(func(tx *Tx) error {
		return tx.IterateOpen(kindTest, 2, func(ID, []byte) error {
			mu.Lock()
			defer mu.Unlock()
			calls++
			s.closing.Store(true) // what Lock sets before it waits for the read lock
			return nil
		})
	})
	s.closing.Store(false)
	if !errors.Is(err, ErrLocked) || calls >= 2000 {
		t.Fatalf("err %v after %d of 2000 records: a waiting Lock must end the read early", err, calls)
	}
}
