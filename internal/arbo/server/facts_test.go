package server

import "testing"

func TestRule_TheServiceAcceptsSectorAndRiskGroupOnlyInTheirShape(t *testing.T) {
	ok := msgDienstverband("m1", "P1", 1).Dienstverband
	ok.Sector, ok.Risicopremiegroep = "15", "152"
	if err := checkDienstverband(ok); err != nil {
		t.Fatalf("a valid employment: %v", err)
	}
	for _, c := range []struct{ sector, group string }{{"5", ""}, {"150", ""}, {"x1", ""}, {"", "1523"}, {"", "A"}} {
		d := *ok
		d.Sector, d.Risicopremiegroep = c.sector, c.group
		if err := checkDienstverband(&d); err == nil {
			t.Errorf("sector %q, group %q accepted", c.sector, c.group)
		}
	}
}
