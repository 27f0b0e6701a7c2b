package audit

import (
	"testing"
	"time"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

func TestRule_EventsAreStoredWithUserTimeAndSubjectsAndListedOldestFirst(t *testing.T) {
	_, s, _ := vaulttest.New(t)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	l := New(s, func() time.Time { at = at.Add(time.Minute); return at })
	a, b := vault.NewID(), vault.NewID()
	if err := l.Record(ActionRead, []vault.ID{a}, ""); err != nil {
		t.Fatal(err)
	}
	if err := l.Record(ActionSearch, []vault.ID{a, b}, "name"); err != nil {
		t.Fatal(err)
	}
	got, err := l.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Action != ActionRead || got[1].Action != ActionSearch {
		t.Fatalf("events %+v", got)
	}
	if got[1].User != s.UserID() || got[1].Count != 2 || got[1].Subjects[1] != b || got[1].Detail != "name" ||
		!got[0].At.Before(got[1].At) {
		t.Fatalf("event fields %+v", got[1])
	}
}

func TestRule_AnEventListsAtMostMaxSubjectsButCountsThemAll(t *testing.T) {
	_, s, _ := vaulttest.New(t)
	l := New(s, nil)
	ids := make([]vault.ID, MaxSubjects+5)
	for i := range ids {
		ids[i] = vault.NewID()
	}
	if err := l.Record(ActionImport, ids, ""); err != nil {
		t.Fatal(err)
	}
	got, err := l.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(got[0].Subjects) != MaxSubjects || got[0].Count != MaxSubjects+5 {
		t.Fatalf("subjects %d count %d", len(got[0].Subjects), got[0].Count)
	}
}

func TestRule_ALockedSessionRecordsNothing(t *testing.T) {
	_, s, _ := vaulttest.New(t)
	l := New(s, nil)
	s.Lock()
	if err := l.Record(ActionRead, nil, ""); err == nil {
		t.Fatal("a locked session recorded an event")
	}
}
