package people

import "testing"

// A merge sizes the name index's arena and search buffer from packedSize, so packedSize must
// say exactly what appendRec writes (too little: the arena is copied again as it grows).
func TestRule_AMergeSizesTheNameArenaForExactlyWhatItAppends(t *testing.T) {
	for _, r := range []*nameRec{{}, {sort: "jansen\x01jan", key: "jan de jansen", fields: NameFields{Initials: "J.", FirstName: "Jan", Surname: string(make([]byte, 300))}}} {
		var n nameIndex
		n.appendRec(r)
		a, h := r.packedSize()
		if a != len(n.arena) || h != len(n.hay) {
			t.Fatalf("packedSize says %d/%d, appendRec wrote %d/%d", a, h, len(n.arena), len(n.hay))
		}
	}
}
