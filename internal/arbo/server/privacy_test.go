package server

import (
	"encoding/json"
	"strings"
	"testing"

	"kluis/internal/arbo"
)

// canaryWerknemer has a unique, recognisable value in every identity field.
func canaryWerknemer(persnr string) *arbo.WerknemerGegevens {
	return &arbo.WerknemerGegevens{Werkgever: "12345678", Personeelsnummer: persnr,
		Burgerservicenummer: "192837461", Voorletters: "Q.X.", Roepnaam: "Kanariepiet",
		Voornamen: "Kanarie Voornaam", Voorvoegsel: "van der", Geslachtsnaam: "Kanariesma",
		VoorvoegselPartner: "ter", GeslachtsnaamPartner: "Kanariepartner", Geslacht: "onbekend",
		Geboortedatum: "1971-07-13", Straatnaam: "Kanarieweg", Huisnummer: "987", Huisnummertoevoeging: "zwart",
		Postcode: "9876 ZX", Woonplaats: "Kanariestad", Land: "NL", TelefoonMobiel: "0611122233",
		TelefoonWerk: "0302223334", TelefoonPrive: "0203334445", EmailWerk: "kanarie.werk@example.test",
		EmailPrive: "kanarie.prive@example.test", Reden: arbo.RedenDeling}
}

func canaries() []string {
	return []string{"192837461", "Kanarie", "kanarie", "1971-07-13", "987zwart", "9876 ZX", "9876ZX",
		"0611122233", "0302223334", "0203334445", "0699988877", "Kanarieziekenhuis"}
}

func TestRule_IdentityValuesNeverReachTheLog(t *testing.T) {
	f := newFixture(t, 2)
	e := f.enrol("Bakkerij", "12345678")
	w := canaryWerknemer("K-1")
	ziek := msgZiek("z1", "P1")
	ziek.Verzuim.Telefoon, ziek.Verzuim.Verpleegadres = "0699988877", "Kanarieziekenhuis, kamer 3"

	// Accepted, rejected and refused requests, each carrying the canaries.
	e.batch(msgDeling("d1", "P1"), msgWerknemer("w1", "P1", w), ziek, msgWerknemer("w2", "P2", w))
	e.batch(msgDeling("d1", "P1"), msgWerknemer("w1", "P1", w)) // repeated
	bad := *w
	bad.Geboortedatum = "13-07-1971 Kanarie"
	e.do("POST", arbo.PathMessages, arbo.Batch{Messages: []arbo.Message{msgWerknemer("w3", "P1", &bad)}}, nil)
	raw, _ := json.Marshal(arbo.Batch{Messages: []arbo.Message{msgWerknemer("w4", "P1", w)}})
	unknown := strings.Replace(string(raw), `"reden"`, `"Kanariesma":"192837461","reden"`, 1)
	f.send(e.request("POST", arbo.PathMessages, []byte(unknown)))
	f.send(e.request("POST", arbo.PathMessages, []byte(`{"messages":[{"id":"Kanariesma 192837461`)))
	r := e.request("POST", arbo.PathMessages, raw)
	r.Header.Set(arbo.HeaderSignature, "S2FuYXJpZXNtYQ==")
	f.send(r)
	r = e.request("POST", arbo.PathMessages, raw)
	r.Header.Set(arbo.HeaderEmployer, "Kanariesma-192837461")
	f.send(r)
	f.send(mustRequest(t, "POST", f.ts.URL+"/api/v1/Kanariesma/192837461", raw))
	f.send(mustRequest(t, "GET", f.ts.URL+"/?q=Kanariesma", nil))
	f.post(arbo.PathEnrol, arbo.EnrolRequest{Code: "Kanariesma", EmployerName: "Kanarie BV", KvK: []string{"12345678"}})

	// Staff side: retrievals (the third is over the limit), answers, legacy, holdings.
	var ids []string
	for range 3 {
		var c arbo.StaffRetrievalCreated
		f.admin("POST", arbo.PathStaffRetrievals, arbo.StaffRetrieval{EmployerID: e.id, Geboortedatum: "1971-07-13",
			Postcode: "9876ZX", BSN: "192837461"}, &c)
		ids = append(ids, c.ID)
	}
	f.admin("POST", arbo.PathStaffRetrievals, arbo.StaffRetrieval{EmployerID: e.id, Geboortedatum: "Kanarie", Postcode: "9876ZX", BSN: "192837461"}, nil)
	e.do("GET", arbo.PathFeed, nil, nil)
	opv := *w
	opv.Reden = arbo.RedenOpvraging
	e.do("POST", arbo.PathRetrievals+"/"+ids[0], arbo.RetrievalAnswer{Found: true, Pseudonym: "P3", Werknemer: &opv}, nil)
	e.do("POST", arbo.PathRetrievals+"/"+ids[0], arbo.RetrievalAnswer{Found: true, Pseudonym: "P3", Werknemer: &opv}, nil)
	f.admin("GET", arbo.PathStaffRetrievals+"/"+ids[0], nil, nil)
	f.admin("POST", arbo.PathStaffLegacy, arbo.StaffLegacy{EmployerID: e.id, Werknemer: *canaryWerknemer("K-2")}, nil)
	f.admin("POST", arbo.PathStaffLegacy, arbo.StaffLegacy{EmployerID: "Kanariesma", Werknemer: *canaryWerknemer("K-2")}, nil)
	f.admin("PUT", arbo.PathStaffCases, arbo.StaffCase{EmployerID: e.id, Pseudonym: "P1", Poortwachter: "Kanariesma belt"}, nil)
	e.batch(msgDienstverband("dv", "P1", 1), arbo.Message{ID: "first", Type: arbo.TypeEersteSync, At: at(), Shared: []string{"P1"}})
	e.batch(arbo.Message{ID: "end", Type: arbo.TypeDelingEinde, Pseudonym: "P1", At: at()})
	h := f.holdings()

	if raw, _ := json.Marshal(h); !strings.Contains(string(raw), "Kanariesma") {
		t.Fatal("the test planted no canary in the store; it proves nothing")
	}
	logs := f.logs.String()
	if n := strings.Count(logs, "msg=request"); n < 25 {
		t.Fatalf("only %d request lines logged:\n%s", n, logs)
	}
	for _, c := range canaries() {
		if strings.Contains(logs, c) {
			t.Errorf("the log holds the canary %q", c)
		}
	}
	if t.Failed() {
		t.Log(logs)
	}
	if !strings.Contains(logs, "rejected=1") || !strings.Contains(logs, "code=bad_signature") || !strings.Contains(logs, "employer="+e.id) {
		t.Fatalf("the log lacks counts, codes or the employer:\n%s", logs)
	}
}
