package people

import (
	"encoding/binary"
	"iter"
	"math/bits"

	"kluis/internal/vault"
)

// slotTable finds the name index's slots by a 64-bit key (an id's bits, a blind tag): open
// addressing with linear probing, filled in one pass, where a sorted list of slots cost a sort
// of a million entries at every build and merge. A cell holds slot+1 (0: empty) and no key: the
// caller compares the slot's own id or tag, so a cell never holds anything the index does not.
type slotTable struct {
	cells []int32
	shift uint8 // 64 - log2(len(cells))
}

// newSlotTable makes a table for n keys, at most half full.
func newSlotTable(n int) slotTable {
	size := max(8, 1<<bits.Len(uint(2*n)))
	return slotTable{cells: make([]int32, size), shift: uint8(64 - bits.TrailingZeros(uint(size)))}
}

// home is key's first cell: Fibonacci hashing, so keys that differ only in their low or high
// bits (tags are hashes, but nothing needs to rely on it) still spread over the table.
func (t *slotTable) home(key uint64) int { return int((key * 0x9e3779b97f4a7c15) >> t.shift) }

// add puts slot under key; a key may hold several slots (employees who share a birth date and
// postcode).
func (t *slotTable) add(key uint64, slot int) {
	mask := len(t.cells) - 1
	i := t.home(key)
	for t.cells[i] != 0 {
		i = (i + 1) & mask
	}
	t.cells[i] = int32(slot + 1)
}

// candidates yields the slots that may be under key: every slot added under it, and others
// whose key shares its run of cells, which the caller tells apart by comparing.
func (t *slotTable) candidates(key uint64) iter.Seq[int] {
	return func(yield func(int) bool) {
		if len(t.cells) == 0 {
			return
		}
		mask := len(t.cells) - 1
		for i := t.home(key); t.cells[i] != 0; i = (i + 1) & mask {
			if !yield(int(t.cells[i] - 1)) {
				return
			}
		}
	}
}

// idKey is the table key of an id: its two halves folded (ids are random).
func idKey(id *vault.ID) uint64 {
	return binary.LittleEndian.Uint64(id[:8]) ^ binary.LittleEndian.Uint64(id[8:])
}
