package vault

import (
	"bytes"
	"testing"
)

// Rule (ADR 010): replication carries values as stored: a 0x02 value from one PC applies and
// opens on another, and so does a 0x01 value from a PC that has not migrated yet. (The receiving
// PC's own background pass may re-seal the latter afterwards; what it reads stays the same.)
func TestRule_ChangeSetsCarryEitherValueVersionAndBothApply(t *testing.T) {
	a, b, _, _, _ := replicaPair(t)
	_, scope := newDept(t, a)
	v2ID, v1ID := NewID(), NewID()
	put(t, a, v2ID, scope, "nieuw formaat")
	ok(t, a.Update(func(tx *Tx) error {
		key := recordKey(kindTest, v1ID)
		return tx.set(key, sealV1(t, a, key, scope, []byte("oud formaat")))
	}))
	want := map[ID]struct {
		text    string
		version byte
	}{v2ID: {"nieuw formaat", valueV2}, v1ID: {"oud formaat", valueV1}}
	sent := map[ID]byte{}
	for _, raw := range push(t, a, b) {
		cs, err := ParseChangeSet(raw)
		ok(t, err)
		for _, e := range cs.Entries {
			for id := range want {
				if bytes.Equal(e.Key, recordKey(kindTest, id)) {
					sent[id] = e.Value[0]
				}
			}
		}
	}
	for id, w := range want {
		if sent[id] != w.version {
			t.Fatalf("the change set carried version %d, want %d as stored", sent[id], w.version)
		}
		got, err := get(b, id)
		ok(t, err)
		if string(got) != w.text {
			t.Fatalf("B reads %q", got)
		}
	}
}
