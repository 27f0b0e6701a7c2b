package people

import (
	"slices"
	"testing"
)

// Rule: a slot table yields, among the candidates of a key, every slot added under it, however
// many share the key and however the keys collide: keys that differ only in their high bits,
// only in their low bits, and one key held by hundreds of slots (a shared birth date and
// postcode).
func TestRule_ASlotTableFindsEverySlotAddedUnderItsKey(t *testing.T) {
	var keys []uint64
	for i := range uint64(3000) {
		switch i % 3 {
		case 0:
			keys = append(keys, i<<40) // high bits only
		case 1:
			keys = append(keys, i) // low bits only
		default:
			keys = append(keys, 0xdead_beef) // one key, a thousand slots
		}
	}
	table := newSlotTable(len(keys))
	for s, k := range keys {
		table.add(k, s)
	}
	want := map[uint64][]int{}
	for s, k := range keys {
		want[k] = append(want[k], s)
	}
	for k, slots := range want {
		var got []int
		for s := range table.candidates(k) {
			if keys[s] == k {
				got = append(got, s)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, slots) {
			t.Fatalf("key %x: found slots %v, want %v", k, got, slots)
		}
	}
	var empty slotTable
	for range empty.candidates(1) {
		t.Fatal("an empty table yields a candidate")
	}
}
