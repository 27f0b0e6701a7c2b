package server

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kluis/internal/arbo"
)

func errorCode(t *testing.T, body []byte) string {
	t.Helper()
	var e arbo.ErrorBody
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("not an ErrorBody: %s", body)
	}
	return e.Code
}

func TestRule_EnrolmentNeedsAValidUnusedCodeAndStoresNothingOtherwise(t *testing.T) {
	f := newFixture(t, 0)
	code, err := f.srv.NewEnrolCode()
	ok(t, err)
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	ok(t, err)
	req := arbo.EnrolRequest{Code: code, EmployerName: "Bakkerij De Korenaar BV", KvK: []string{"12345678"},
		PublicKey: base64.StdEncoding.EncodeToString(pub)}

	t.Run("good code", func(t *testing.T) {
		status, body := f.post(arbo.PathEnrol, req)
		if status != 200 {
			t.Fatalf("%d %s", status, body)
		}
		var resp arbo.EnrolResponse
		ok(t, json.Unmarshal(body, &resp))
		if resp.ServiceName != "Arbodienst Test" || resp.Helpdesk.Email != "help@arbo.test" || resp.EmployerID == "" {
			t.Fatalf("%+v", resp)
		}
		h := f.holdings()
		if len(h.Employers) != 1 || h.Employers[0].Name != req.EmployerName || h.Employers[0].KvK[0] != "12345678" ||
			!h.Employers[0].EnrolledAt.Equal(f.clock.Now()) {
			t.Fatalf("%+v", h)
		}
	})
	for _, tc := range []struct {
		name string
		code string
	}{{"used code", code}, {"wrong code", "AAAA-BBBB-CCCC-DDDD"}, {"empty code", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.state()
			r := req
			r.Code = tc.code
			status, body := f.post(arbo.PathEnrol, r)
			if status != 403 || errorCode(t, body) != arbo.CodeEnrolCode {
				t.Fatalf("%d %s", status, body)
			}
			if f.state() != before {
				t.Fatal("a refused enrolment changed the store")
			}
		})
	}
	t.Run("expired code", func(t *testing.T) {
		old, err := f.srv.NewEnrolCode()
		ok(t, err)
		f.clock.Add(8 * 24 * time.Hour)
		before := f.state()
		r := req
		r.Code = old
		if status, body := f.post(arbo.PathEnrol, r); status != 403 {
			t.Fatalf("%d %s", status, body)
		}
		if f.state() != before {
			t.Fatal("a refused enrolment changed the store")
		}
	})
	t.Run("bad key keeps the code", func(t *testing.T) {
		fresh, err := f.srv.NewEnrolCode()
		ok(t, err)
		r := req
		r.Code, r.PublicKey = fresh, "bm90IGEga2V5"
		if status, body := f.post(arbo.PathEnrol, r); status != 400 || errorCode(t, body) != arbo.CodeBadRequest {
			t.Fatalf("%d %s", status, body)
		}
		r.PublicKey = req.PublicKey
		if status, body := f.post(arbo.PathEnrol, r); status != 200 {
			t.Fatalf("the code was used by a refused request: %d %s", status, body)
		}
	})
}

func TestRule_ARefusedRequestIsA4xxAndStoresNothing(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	valid, err := json.Marshal(arbo.Batch{Messages: []arbo.Message{msgDienstverband("m1", "P1", 1)}})
	ok(t, err)
	sign := func(body []byte) *http.Request { return e.request("POST", arbo.PathMessages, body) }

	// A request sent once, to be replayed.
	first := sign(valid)
	replayed := first.Clone(first.Context())
	if status, body := f.send(first); status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	replayed.Body, replayed.GetBody = nil, nil
	replayed = mustRequestWithHeaders(t, replayed, valid)

	many := arbo.Batch{}
	for i := range arbo.MaxBatch + 1 {
		many.Messages = append(many.Messages, msgDienstverband(fmt.Sprintf("x%d", i), "P9", 1))
	}
	manyBody, err := json.Marshal(many)
	ok(t, err)
	oversized := append([]byte(`{"messages":[],"pad":"`), bytes.Repeat([]byte("a"), arbo.MaxBody)...)
	oversized = append(oversized, `"}`...)

	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		code   string
	}{
		{"unknown employer", func() *http.Request {
			r := sign(valid)
			other := strings.Repeat("ab", 16)
			r.Header.Set(arbo.HeaderEmployer, other)
			return r
		}, 401, arbo.CodeUnknownEmployer},
		{"no signature headers", func() *http.Request {
			return mustRequest(t, "POST", f.ts.URL+arbo.PathMessages, valid)
		}, 401, arbo.CodeBadSignature},
		{"bad signature", func() *http.Request {
			r := sign(valid)
			sig := make([]byte, 64)
			r.Header.Set(arbo.HeaderSignature, base64.StdEncoding.EncodeToString(sig))
			return r
		}, 401, arbo.CodeBadSignature},
		{"body changed after signing", func() *http.Request {
			r := sign(valid)
			changed := bytes.Replace(valid, []byte("P1"), []byte("P2"), 1)
			return mustRequestWithHeaders(t, r, changed)
		}, 401, arbo.CodeBadSignature},
		{"stale timestamp", func() *http.Request {
			f.clock.Add(-10 * time.Minute)
			defer f.clock.Add(10 * time.Minute)
			return sign(valid)
		}, 401, arbo.CodeStaleTimestamp},
		{"replay", func() *http.Request { return replayed }, 409, arbo.CodeReplay},
		{"malformed JSON", func() *http.Request { return sign([]byte(`{"messages":[{"id":`)) }, 400, arbo.CodeBadRequest},
		{"unknown field", func() *http.Request {
			return sign([]byte(`{"messages":[{"id":"m2","type":"deling","pseudonym":"P1","deling":{"zorgvraag":"consultation"},"naam":"x"}]}`))
		}, 400, arbo.CodeBadRequest},
		{"two JSON values", func() *http.Request { return sign(append(append([]byte{}, valid...), valid...)) }, 400, arbo.CodeBadRequest},
		{"invalid message among valid ones", func() *http.Request {
			b, _ := json.Marshal(arbo.Batch{Messages: []arbo.Message{msgDienstverband("m3", "P1", 2),
				{ID: "m4", Type: arbo.TypeZiekmelding, Pseudonym: "P1", Verzuim: &arbo.Verzuimmelding{EersteZiektedag: "27-02-2027"}}}})
			return sign(b)
		}, 400, arbo.CodeBadRequest},
		{"two payloads", func() *http.Request {
			m := msgDeling("m5", "P1")
			m.Werknemer = werknemer("1", "Jansen", validBSN(0))
			b, _ := json.Marshal(arbo.Batch{Messages: []arbo.Message{m}})
			return sign(b)
		}, 400, arbo.CodeBadRequest},
		{"oversized body", func() *http.Request { return sign(oversized) }, 413, arbo.CodeTooLarge},
		{"too many messages", func() *http.Request { return sign(manyBody) }, 413, arbo.CodeTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, held := f.state(), f.holdings()
			status, body := f.send(tc.req())
			if status != tc.status || errorCode(t, body) != tc.code {
				t.Fatalf("got %d %s, want %d %s", status, body, tc.status, tc.code)
			}
			if f.state() != before {
				t.Fatal("the store changed")
			}
			a, _ := json.Marshal(held)
			b, _ := json.Marshal(f.holdings())
			if !bytes.Equal(a, b) {
				t.Fatal("the holdings changed")
			}
		})
	}
}

// mustRequestWithHeaders is r's method, URL and headers with another body.
func mustRequestWithHeaders(t *testing.T, r *http.Request, body []byte) *http.Request {
	t.Helper()
	out := mustRequest(t, r.Method, r.URL.String(), body)
	out.Header = r.Header.Clone()
	return out
}

func TestRule_TheAdminSideNeedsTheToken(t *testing.T) {
	f := newFixture(t, 0)
	for _, p := range []struct{ method, path string }{
		{"GET", arbo.PathHoldings}, {"POST", arbo.PathStaffEnrolCodes}, {"POST", arbo.PathStaffRetrievals},
		{"GET", arbo.PathStaffRetrievals + "/" + strings.Repeat("0", 32)}, {"PUT", arbo.PathStaffCases}, {"POST", arbo.PathStaffLegacy},
	} {
		t.Run(p.method+" "+p.path, func(t *testing.T) {
			for _, auth := range []string{"", "Bearer wrong", "Basic " + f.srv.AdminToken()} {
				r := mustRequest(t, p.method, f.ts.URL+p.path, []byte("{}"))
				if auth != "" {
					r.Header.Set("Authorization", auth)
				}
				if status, body := f.send(r); status != 401 || errorCode(t, body) != arbo.CodeUnauthorized {
					t.Fatalf("%q: %d %s", auth, status, body)
				}
			}
		})
	}
	info, err := os.Stat(filepath.Join(f.dir, "admin-token"))
	ok(t, err)
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("admin-token mode %v", info.Mode())
	}
	info, err = os.Stat(filepath.Join(f.dir, "store.key"))
	ok(t, err)
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("store.key mode %v", info.Mode())
	}
}

func TestRule_TheAdminTokenAndStoreSurviveARestart(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	e.batch(msgDienstverband("m1", "P1", 1))
	tok := f.srv.AdminToken()
	f.ts.Close()
	ok(t, f.srv.Close())
	srv, err := New(Config{Dir: f.dir, Now: f.clock.Now})
	ok(t, err)
	defer srv.Close()
	if srv.AdminToken() != tok {
		t.Fatal("the admin token changed")
	}
	h, err := srv.Holdings(t.Context())
	ok(t, err)
	if len(h.Employers) != 1 || len(h.Employers[0].Employments) != 1 {
		t.Fatalf("%+v", h)
	}
}

func TestRule_ABatchSentTwiceIsAppliedOnce(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	msgs := []arbo.Message{msgDienstverband("m1", "P1", 1), msgDeling("m2", "P1"),
		msgWerknemer("m3", "P1", werknemer("1001", "Jansen", validBSN(0))), msgWerknemer("m4", "P2", werknemer("1002", "Pietersen", validBSN(1)))}
	first := e.batch(msgs...)
	h1 := f.employerHoldings(e.id)
	// The employment is removed later; the resend of m1 must not bring it back.
	e.batch(arbo.Message{ID: "m5", Type: arbo.TypeDienstverband, Pseudonym: "P1", At: at(),
		Dienstverband: &arbo.Dienstverband{Werkgever: "12345678", DatumAanvang: "2020-01-01", Volgnummer: 1, Verwijderd: true}})
	second := e.batch(msgs...)
	if fmt.Sprint(first) != fmt.Sprint(second) {
		t.Fatalf("answers differ: %v / %v", first, second)
	}
	if len(first.Accepted) != 3 || len(first.Rejected) != 1 || first.Rejected[0].ID != "m4" || first.Rejected[0].Code != arbo.CodeNotShared {
		t.Fatalf("%+v", first)
	}
	h2 := f.employerHoldings(e.id)
	if len(h1.Employments) != 1 || len(h2.Employments) != 0 || len(h2.Dossiers) != 1 {
		t.Fatalf("before %+v\nafter %+v", h1, h2)
	}
	// The same id twice within one batch: once.
	r := e.batch(msgDienstverband("m6", "P3", 1), msgDienstverband("m6", "P4", 1))
	if len(r.Accepted) != 2 || len(f.employerHoldings(e.id).Employments) != 1 {
		t.Fatalf("%+v", r)
	}
}

func TestRule_ShareEndRemovesIdentityButKeepsPseudonymEmploymentsAbsencesAndCase(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	e.batch(msgDienstverband("m1", "P1", 1), msgDienstverband("m2", "P1", 2), msgDeling("m3", "P1"),
		msgWerknemer("m4", "P1", werknemer("1001", "Jansen", validBSN(0))), msgZiek("m5", "P1"))
	if st, b := f.admin("PUT", arbo.PathStaffCases, arbo.StaffCase{EmployerID: e.id, Pseudonym: "P1", CaseContent: false, Poortwachter: "week 6"}, nil); st != 200 {
		t.Fatalf("%d %s", st, b)
	}
	h := f.employerHoldings(e.id)
	if len(h.Dossiers) != 1 || h.Dossiers[0].Werknemer == nil || h.Dossiers[0].Source != arbo.SourceShare || h.Dossiers[0].Share == nil {
		t.Fatalf("%+v", h.Dossiers)
	}
	e.batch(arbo.Message{ID: "m6", Type: arbo.TypeDelingEinde, Pseudonym: "P1", At: at()})
	h = f.employerHoldings(e.id)
	if len(h.Dossiers) != 0 {
		t.Fatalf("identity kept: %+v", h.Dossiers)
	}
	if len(h.Employments) != 2 || h.Employments[0].Pseudonym != "P1" || len(h.Cases) != 1 || len(h.Absences) != 1 {
		t.Fatalf("%+v", h)
	}
	if a := h.Absences[0].Verzuim; a.Telefoon != "" || a.EersteZiektedag != "2027-02-27" {
		t.Fatalf("absence %+v", a)
	}
	raw, _ := json.Marshal(f.holdings())
	if bytes.Contains(raw, []byte("Jansen")) || bytes.Contains(raw, []byte(validBSN(0))) || bytes.Contains(raw, []byte("0698765432")) {
		t.Fatal("identity data left after the share ended")
	}
	// Afterwards identity data is refused again.
	r := e.batch(msgWerknemer("m7", "P1", werknemer("1001", "Jansen", validBSN(0))), msgZiek("m8", "P1"))
	if len(r.Rejected) != 2 || r.Rejected[0].Code != arbo.CodeNotShared || r.Rejected[1].Code != arbo.CodeNotShared {
		t.Fatalf("%+v", r)
	}
}

func TestRule_IdentityOrAbsenceWithoutAShareIsRejectedNotShared(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	w := werknemer("1001", "Jansen", validBSN(0))
	opv := werknemer("1002", "Opvraagsma", validBSN(1))
	opv.Reden = arbo.RedenOpvraging
	corr := werknemer("1003", "Smit", validBSN(2))
	corr.Reden = arbo.RedenCorrectie
	r := e.batch(msgWerknemer("a", "P1", w), msgZiek("b", "P1"), msgDienstverband("c", "P1", 1),
		msgDeling("d", "P2"), msgWerknemer("e", "P2", opv), msgWerknemer("f", "P2", corr))
	want := `{"accepted":["c","d","f"],"rejected":[{"id":"a","code":"not_shared"},{"id":"b","code":"not_shared"},{"id":"e","code":"bad_request"}]}`
	if got, _ := json.Marshal(r); string(got) != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
	raw, _ := json.Marshal(f.holdings())
	if bytes.Contains(raw, []byte("Jansen")) || bytes.Contains(raw, []byte("Opvraagsma")) || !bytes.Contains(raw, []byte("Smit")) {
		t.Fatalf("%s", raw)
	}
}

func TestRule_TheFirstSyncAnonymisesLegacyAndUnsharedIdentities(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	other := f.enrol("Ander BV", "87654321")
	legacy := func(eid, persnr, name string) {
		w := werknemer(persnr, name, validBSN(0))
		w.Reden = ""
		if eid == other.id {
			w.Werkgever = "87654321"
		}
		if st, b := f.admin("POST", arbo.PathStaffLegacy, arbo.StaffLegacy{EmployerID: eid, Werknemer: *w}, nil); st != 200 {
			t.Fatalf("%d %s", st, b)
		}
	}
	legacy(e.id, "1001", "Gedeeld")
	legacy(e.id, "1002", "Oudgegeven")
	legacy(e.id, "1003", "Vergeten")
	legacy(other.id, "1002", "AndereWerkgever")
	e.batch(msgDeling("s1", "P1"), msgWerknemer("w1", "P1", werknemer("1001", "Gedeeld", validBSN(0))),
		msgDeling("s2", "P2"), msgWerknemer("w2", "P2", werknemer("1002", "Oudgegeven", validBSN(1))),
		msgDienstverband("d3", "P3", 1))
	e.batch(arbo.Message{ID: "first", Type: arbo.TypeEersteSync, At: at(), Shared: []string{"P1"}})

	h := f.employerHoldings(e.id)
	if len(h.Legacy) != 1 || h.Legacy[0].Werknemer.Personeelsnummer != "1001" {
		t.Fatalf("legacy %+v", h.Legacy)
	}
	if len(h.Dossiers) != 2 || h.Dossiers[0].Werknemer == nil || h.Dossiers[1].Werknemer != nil {
		t.Fatalf("dossiers %+v", h.Dossiers)
	}
	if len(h.Employments) != 1 {
		t.Fatalf("%+v", h.Employments)
	}
	raw, _ := json.Marshal(h)
	for _, gone := range []string{"Oudgegeven", "Vergeten"} {
		if bytes.Contains(raw, []byte(gone)) {
			t.Errorf("%s still held", gone)
		}
	}
	if o := f.employerHoldings(other.id); len(o.Legacy) != 1 {
		t.Fatal("the first sync of one employer touched another's data")
	}
}

func TestRule_RetrievalsAreLimitedPerDayAndAnsweredOnce(t *testing.T) {
	f := newFixture(t, 3)
	e := f.enrol("Bakkerij", "12345678")
	ask := func() (int, string) {
		var created arbo.StaffRetrievalCreated
		st, b := f.admin("POST", arbo.PathStaffRetrievals, arbo.StaffRetrieval{EmployerID: e.id,
			Geboortedatum: "1980-05-17", Postcode: "1234ab", BSN: validBSN(0)}, &created)
		if st != 200 {
			return st, errorCode(t, b)
		}
		return st, created.ID
	}
	var ids []string
	for range 3 {
		st, id := ask()
		if st != 200 {
			t.Fatalf("%d %s", st, id)
		}
		ids = append(ids, id)
	}
	before := f.state()
	if st, code := ask(); st != 429 || code != arbo.CodeRetrievalLimit {
		t.Fatalf("the 4th retrieval of the day: %d %s", st, code)
	}
	if f.state() != before {
		t.Fatal("a refused retrieval changed the store")
	}
	f.clock.Add(24 * time.Hour)
	if st, code := ask(); st != 200 {
		t.Fatalf("the next day: %d %s", st, code)
	}
	if st, b := f.admin("POST", arbo.PathStaffRetrievals, arbo.StaffRetrieval{EmployerID: e.id,
		Geboortedatum: "1980-05-17", Postcode: "1234AB", BSN: "123456789"}, nil); st != 400 {
		t.Fatalf("a BSN failing the elfproef: %d %s", st, b)
	}

	var feed arbo.Feed
	if st, b := e.do("GET", arbo.PathFeed, nil, &feed); st != 200 {
		t.Fatalf("%d %s", st, b)
	}
	if len(feed.Retrievals) != 4 || feed.Retrievals[0].Postcode != "1234 AB" || feed.Retrievals[0].BSN != validBSN(0) {
		t.Fatalf("%+v", feed)
	}

	status := func(id string) arbo.StaffRetrievalStatus {
		var s arbo.StaffRetrievalStatus
		if st, b := f.admin("GET", arbo.PathStaffRetrievals+"/"+id, nil, &s); st != 200 {
			t.Fatalf("%d %s", st, b)
		}
		return s
	}
	if s := status(ids[0]); s.Status != arbo.RetrievalPending {
		t.Fatalf("%+v", s)
	}
	w := werknemer("1001", "Jansen", validBSN(0))
	w.Reden = arbo.RedenOpvraging
	found := arbo.RetrievalAnswer{Found: true, Pseudonym: "P1", Werknemer: w}
	if st, b := e.do("POST", arbo.PathRetrievals+"/"+ids[0], found, nil); st != 200 {
		t.Fatalf("%d %s", st, b)
	}
	if st, b := e.do("POST", arbo.PathRetrievals+"/"+ids[1], arbo.RetrievalAnswer{}, nil); st != 200 {
		t.Fatalf("%d %s", st, b)
	}
	snap := f.state()
	// Answering again (even differently) is accepted and changes nothing but the nonce.
	changed := *w
	changed.Geslachtsnaam = "Anders"
	if st, b := e.do("POST", arbo.PathRetrievals+"/"+ids[0], arbo.RetrievalAnswer{Found: true, Pseudonym: "P1", Werknemer: &changed}, nil); st != 200 {
		t.Fatalf("%d %s", st, b)
	}
	if st, b := e.do("POST", arbo.PathRetrievals+"/"+ids[1], found, nil); st != 200 {
		t.Fatalf("%d %s", st, b)
	}
	if withoutNonces(f.state()) != withoutNonces(snap) {
		t.Fatal("a second answer changed the store")
	}
	if s := status(ids[0]); s.Status != arbo.RetrievalFound || s.Werknemer == nil || s.Werknemer.Geslachtsnaam != "Jansen" || s.Pseudonym != "P1" {
		t.Fatalf("%+v", s)
	}
	if s := status(ids[1]); s.Status != arbo.RetrievalNotFound || s.Werknemer != nil {
		t.Fatalf("%+v", s)
	}
	h := f.employerHoldings(e.id)
	if len(h.Dossiers) != 1 || h.Dossiers[0].Source != arbo.SourceRetrieval || h.Dossiers[0].Share != nil ||
		h.Retrievals.Found != 1 || h.Retrievals.NotFound != 1 || h.Retrievals.Pending != 2 || len(h.Retrievals.PerDay) != 2 {
		t.Fatalf("%+v", h)
	}
	feed = arbo.Feed{}
	e.do("GET", arbo.PathFeed, nil, &feed)
	if len(feed.Retrievals) != 2 {
		t.Fatalf("answered retrievals still in the feed: %+v", feed.Retrievals)
	}
	// A retrieval older than a week leaves the feed.
	f.clock.Add(8 * 24 * time.Hour)
	feed = arbo.Feed{}
	e.do("GET", arbo.PathFeed, nil, &feed)
	if len(feed.Retrievals) != 0 {
		t.Fatalf("%+v", feed.Retrievals)
	}
	// Unknown and malformed retrieval ids.
	for _, id := range []string{strings.Repeat("0", 32), "nope"} {
		if st, b := e.do("POST", arbo.PathRetrievals+"/"+id, arbo.RetrievalAnswer{}, nil); st != 404 {
			t.Fatalf("%s: %d %s", id, st, b)
		}
	}
	// Another employer cannot answer this employer's retrieval.
	o := f.enrol("Ander", "87654321")
	if st, _ := o.do("POST", arbo.PathRetrievals+"/"+ids[2], arbo.RetrievalAnswer{}, nil); st != 404 {
		t.Fatalf("%d", st)
	}
}

// withoutNonces drops the nonce records from a state dump.
func withoutNonces(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, `"n\x00`) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestRule_TheAuditHeadNeverGoesBack(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	if st, b := e.do("GET", arbo.PathAuditHead, nil, nil); st != 404 || errorCode(t, b) != arbo.CodeNotFound {
		t.Fatalf("%d %s", st, b)
	}
	put := func(seq uint64, hash string) (int, string) {
		st, b := e.do("PUT", arbo.PathAuditHead, arbo.AuditHead{Seq: seq, Hash: hash, At: at()}, nil)
		if st != 200 {
			return st, errorCode(t, b)
		}
		return st, ""
	}
	h5, h7, fork := strings.Repeat("a5", 32), strings.Repeat("b7", 32), strings.Repeat("cc", 32)
	for _, step := range []struct {
		seq    uint64
		hash   string
		status int
	}{{5, h5, 200}, {7, h7, 200}, {7, h7, 200}, {6, h5, 409}, {7, fork, 409}, {3, fork, 409}} {
		if st, code := put(step.seq, step.hash); st != step.status || (st == 409 && code != arbo.CodeAuditRegressed) {
			t.Fatalf("seq %d: %d %s", step.seq, st, code)
		}
	}
	var held arbo.AuditHead
	if st, b := e.do("GET", arbo.PathAuditHead, nil, &held); st != 200 || held.Seq != 7 || held.Hash != h7 {
		t.Fatalf("%d %s", st, b)
	}
	if st, code := put(8, "not hex"); st != 400 {
		t.Fatalf("%d %s", st, code)
	}
}

// TestRule_EachPCOfAReplicatingVaultHasItsOwnAuditHead: the PCs of a vault that replicates keep
// one audit chain each, so the service keeps a head per device: a second PC's shorter chain is
// not a regression of the first's, while each device's own head still never goes back.
func TestRule_EachPCOfAReplicatingVaultHasItsOwnAuditHead(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	pcA, pcB := strings.Repeat("a1", 16), strings.Repeat("b2", 16)
	put := func(device string, seq uint64, hash string) int {
		st, _ := e.do("PUT", arbo.PathAuditHead, arbo.AuditHead{Seq: seq, Hash: hash, At: at(), Device: device}, nil)
		return st
	}
	h9, h3, h2 := strings.Repeat("99", 32), strings.Repeat("33", 32), strings.Repeat("22", 32)
	for _, step := range []struct {
		device string
		seq    uint64
		hash   string
		status int
	}{{pcA, 9, h9, 200}, {pcB, 3, h3, 200}, {pcB, 2, h2, 409}, {pcA, 3, h3, 409}, {"", 1, h2, 200}, {"PC-A", 10, h9, 400}} {
		if st := put(step.device, step.seq, step.hash); st != step.status {
			t.Fatalf("device %q seq %d: %d, want %d", step.device, step.seq, st, step.status)
		}
	}
	for device, want := range map[string]uint64{pcA: 9, pcB: 3} {
		var held arbo.AuditHead
		if st, b := e.do("GET", arbo.PathAuditHead+"/"+device, nil, &held); st != 200 || held.Seq != want || held.Device != device {
			t.Fatalf("device %s: %d %s", device, st, b)
		}
	}
}

func TestRule_ThePageShowsHoldingsOnlyAfterLoginAndEscapesThem(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("<script>alert(1)</script> BV", "12345678")
	e.batch(msgDienstverband("m1", "P1", 1), msgDeling("m2", "P1"), msgWerknemer("m3", "P1", werknemer("1001", "<b>Jansen</b>", validBSN(0))))
	client := f.ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(cookie *http.Cookie) string {
		req := mustRequest(t, "GET", f.ts.URL+"/", nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		resp, err := client.Do(req)
		ok(t, err)
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return b.String()
	}
	if page := get(nil); !strings.Contains(page, `name="token"`) || strings.Contains(page, "Jansen") {
		t.Fatalf("without login: %s", page)
	}
	resp, err := client.PostForm(f.ts.URL+"/login", url.Values{"token": {"wrong"}})
	ok(t, err)
	resp.Body.Close()
	if resp.StatusCode != 401 || len(resp.Cookies()) != 0 {
		t.Fatalf("wrong token: %d", resp.StatusCode)
	}
	resp, err = client.PostForm(f.ts.URL+"/login", url.Values{"token": {f.srv.AdminToken()}})
	ok(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) != 1 {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	c := resp.Cookies()[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookie %+v", c)
	}
	page := get(c)
	if !strings.Contains(page, "&lt;b&gt;Jansen&lt;/b&gt;") || strings.Contains(page, "<b>Jansen") ||
		strings.Contains(page, "<script>alert") || !strings.Contains(page, "Arbodienst Test") || !strings.Contains(page, "P1") {
		t.Fatalf("%s", page)
	}
}

func TestRule_ATimestampWithinTheSkewIsAccepted(t *testing.T) {
	f := newFixture(t, 0)
	e := f.enrol("Bakkerij", "12345678")
	for _, d := range []time.Duration{-4 * time.Minute, 4 * time.Minute} {
		req := e.request("GET", arbo.PathFeed, nil)
		f.clock.Add(d)
		st, b := f.send(req)
		f.clock.Add(-d)
		if st != 200 {
			t.Fatalf("%v: %d %s", d, st, b)
		}
	}
}
