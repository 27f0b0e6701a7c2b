package people

import "testing"

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
