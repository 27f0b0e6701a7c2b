package server

import (
	"strings"
	"testing"

	"kluis/internal/arbo"
)

// werknemer-gewist: the employer erased the employee after the retention period, so the service
// keeps nothing it got from the employer for that pseudonym — and nothing of anyone else changes.
func TestRule_AnErasureNoticeDeletesEverythingHeldForThePseudonymAndNothingElse(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	e.batch(msgDienstverband("m1", "P1", 1), msgDienstverband("m2", "P1", 2), msgDeling("m3", "P1"),
		msgWerknemer("m4", "P1", werknemer("1001", "Gewist-Canarie", validBSN(0))), msgZiek("m5", "P1"),
		msgDienstverband("m6", "P2", 1), msgDeling("m7", "P2"), msgWerknemer("m8", "P2", werknemer("1002", "Blijft", validBSN(1))))
	if st, b := f.admin("PUT", arbo.PathStaffCases, arbo.StaffCase{EmployerID: e.id, Pseudonym: "P1", Poortwachter: "week 6"}, nil); st != 200 {
		t.Fatalf("%d %s", st, b)
	}
	r := e.batch(arbo.Message{ID: "g1", Type: arbo.TypeGewist, Pseudonym: "P1", At: at()},
		arbo.Message{ID: "g2", Type: arbo.TypeGewist, Pseudonym: "P-unknown", At: at()})
	if len(r.Accepted) != 2 {
		t.Fatalf("%+v", r)
	}
	h := f.employerHoldings(e.id)
	for _, em := range h.Employments {
		if em.Pseudonym == "P1" {
			t.Errorf("employment kept: %+v", em)
		}
	}
	for _, d := range h.Dossiers {
		if d.Pseudonym == "P1" {
			t.Errorf("identity kept: %+v", d)
		}
	}
	if len(h.Absences) != 0 || len(h.Cases) != 0 {
		t.Fatalf("absences %+v cases %+v", h.Absences, h.Cases)
	}
	if len(h.Employments) != 1 || len(h.Dossiers) != 1 || h.Dossiers[0].Pseudonym != "P2" {
		t.Fatalf("another employee's data changed: %+v", h)
	}
	if strings.Contains(f.state(), "Gewist-Canarie") {
		t.Fatal("the erased name is still in the service's store")
	}
	// A payload is refused: the notice carries nothing but the pseudonym.
	bad := arbo.Message{ID: "g3", Type: arbo.TypeGewist, Pseudonym: "P2", At: at(), Deling: &arbo.Deling{Zorgvraag: "consultation"}}
	if st, _ := e.do("POST", arbo.PathMessages, arbo.Batch{Messages: []arbo.Message{bad}}, nil); st != 400 {
		t.Fatalf("status %d", st)
	}
}
