package server

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"kluis/internal/arbo"
)

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// testClock is the service's clock in a test; tests move it.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// lockedBuffer collects log output from concurrent requests.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// fixture is a service on a temp folder behind an httptest server, with a test clock and its
// log captured at debug level.
type fixture struct {
	t     testing.TB
	dir   string
	srv   *Server
	ts    *httptest.Server
	clock *testClock
	logs  *lockedBuffer
}

func newFixture(t testing.TB, daily int) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), logs: &lockedBuffer{},
		clock: &testClock{now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}}
	srv, err := New(Config{Dir: f.dir, ServiceName: "Arbodienst Test", DailyRetrievals: daily,
		Helpdesk: arbo.Helpdesk{Name: "Servicedesk", Email: "help@arbo.test"}, Now: f.clock.Now,
		Logger: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ok(t, err)
	f.srv = srv
	f.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		f.ts.Close()
		ok(t, srv.Close())
	})
	return f
}

// employer is an enrolled employer with its signing key: the test-only client.
type employer struct {
	f    *fixture
	id   string
	priv ed25519.PrivateKey
}

func (f *fixture) enrol(name string, kvk ...string) *employer {
	f.t.Helper()
	code, err := f.srv.NewEnrolCode()
	ok(f.t, err)
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	ok(f.t, err)
	status, body := f.post(arbo.PathEnrol, arbo.EnrolRequest{Code: code, EmployerName: name, KvK: kvk,
		PublicKey: base64.StdEncoding.EncodeToString(pub)})
	if status != 200 {
		f.t.Fatalf("enrol: %d %s", status, body)
	}
	var resp arbo.EnrolResponse
	ok(f.t, json.Unmarshal(body, &resp))
	return &employer{f: f, id: resp.EmployerID, priv: priv}
}

// post sends v as JSON, unsigned.
func (f *fixture) post(path string, v any) (int, []byte) {
	f.t.Helper()
	b, err := json.Marshal(v)
	ok(f.t, err)
	return f.send(mustRequest(f.t, "POST", f.ts.URL+path, b))
}

func (f *fixture) send(req *http.Request) (int, []byte) {
	f.t.Helper()
	resp, err := f.ts.Client().Do(req)
	ok(f.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	ok(f.t, err)
	return resp.StatusCode, b
}

func mustRequest(t testing.TB, method, url string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	ok(t, err)
	return req
}

// signedRequest builds a request signed at the service's clock with a fresh nonce.
func (e *employer) request(method, path string, body []byte) *http.Request {
	e.f.t.Helper()
	req := mustRequest(e.f.t, method, e.f.ts.URL+path, body)
	signHeaders(req.Header, e, method, path, body, e.f.clock.Now())
	return req
}

// signHeaders sets the signature headers of a request at time now, with a fresh nonce.
func signHeaders(h http.Header, e *employer, method, path string, body []byte, now time.Time) {
	n := make([]byte, 16)
	_, _ = rand.Read(n)
	ts := strconv.FormatInt(now.Unix(), 10)
	nonce := base64.RawURLEncoding.EncodeToString(n)
	sig := ed25519.Sign(e.priv, arbo.SigningString(method, path, body, ts, nonce, e.id))
	h.Set(arbo.HeaderEmployer, e.id)
	h.Set(arbo.HeaderTimestamp, ts)
	h.Set(arbo.HeaderNonce, nonce)
	h.Set(arbo.HeaderSignature, base64.StdEncoding.EncodeToString(sig))
}

// do sends a signed request with v as its JSON body (nil: none) and decodes a 200 answer into out.
func (e *employer) do(method, path string, v, out any) (int, []byte) {
	e.f.t.Helper()
	var body []byte
	if v != nil {
		var err error
		body, err = json.Marshal(v)
		ok(e.f.t, err)
	}
	status, b := e.f.send(e.request(method, path, body))
	if status == 200 && out != nil {
		ok(e.f.t, json.Unmarshal(b, out))
	}
	return status, b
}

// batch sends messages and wants a 200 answer.
func (e *employer) batch(msgs ...arbo.Message) arbo.BatchResponse {
	e.f.t.Helper()
	var resp arbo.BatchResponse
	if status, b := e.do("POST", arbo.PathMessages, arbo.Batch{Messages: msgs}, &resp); status != 200 {
		e.f.t.Fatalf("batch: %d %s", status, b)
	}
	return resp
}

// admin sends a staff request with the admin token; v nil sends no body.
func (f *fixture) admin(method, path string, v, out any) (int, []byte) {
	f.t.Helper()
	var body []byte
	if v != nil {
		var err error
		body, err = json.Marshal(v)
		ok(f.t, err)
	}
	req := mustRequest(f.t, method, f.ts.URL+path, body)
	req.Header.Set("Authorization", "Bearer "+f.srv.AdminToken())
	status, b := f.send(req)
	if status == 200 && out != nil {
		ok(f.t, json.Unmarshal(b, out))
	}
	return status, b
}

func (f *fixture) holdings() arbo.Holdings {
	f.t.Helper()
	var h arbo.Holdings
	if status, b := f.admin("GET", arbo.PathHoldings, nil, &h); status != 200 {
		f.t.Fatalf("holdings: %d %s", status, b)
	}
	return h
}

// state is the whole store as text: every key and value (nonces included), so "nothing stored"
// is checked on the raw store and not only through the holdings.
func (f *fixture) state() string {
	f.t.Helper()
	var buf bytes.Buffer
	ok(f.t, f.srv.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(&buf, "%q=%q\n", it.Item().Key(), v)
		}
		return nil
	}))
	return buf.String()
}

func (f *fixture) employerHoldings(id string) arbo.EmployerHoldings {
	f.t.Helper()
	for _, e := range f.holdings().Employers {
		if e.ID == id {
			return e
		}
	}
	f.t.Fatalf("employer %s not held", id)
	return arbo.EmployerHoldings{}
}

// Message builders.

// at is when the test messages happened.
func at() time.Time { return time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC) }

func msgDienstverband(id, pseudonym string, volg int) arbo.Message {
	return arbo.Message{ID: id, Type: arbo.TypeDienstverband, Pseudonym: pseudonym, At: at(),
		Dienstverband: &arbo.Dienstverband{Werkgever: "12345678", Afdelingscode: "AFD-7", DatumAanvang: "2020-01-01",
			UrenPerWeek: "32.5", SoortContract: "onbepaalde-tijd", Volgnummer: volg}}
}

func msgDeling(id, pseudonym string) arbo.Message {
	return arbo.Message{ID: id, Type: arbo.TypeDeling, Pseudonym: pseudonym, At: at(),
		Deling: &arbo.Deling{Zorgvraag: "sick-report"}}
}

func werknemer(persnr, name, bsn string) *arbo.WerknemerGegevens {
	return &arbo.WerknemerGegevens{Werkgever: "12345678", Personeelsnummer: persnr, Burgerservicenummer: bsn,
		Voorletters: "J.", Geslachtsnaam: name, Geboortedatum: "1980-05-17", Straatnaam: "Kerkstraat",
		Huisnummer: "1", Postcode: "1234 AB", Woonplaats: "Utrecht", TelefoonMobiel: "0612345678",
		EmailPrive: "j@example.test", Reden: arbo.RedenDeling}
}

func msgWerknemer(id, pseudonym string, w *arbo.WerknemerGegevens) arbo.Message {
	return arbo.Message{ID: id, Type: arbo.TypeWerknemer, Pseudonym: pseudonym, At: at(), Werknemer: w}
}

func msgZiek(id, pseudonym string) arbo.Message {
	return arbo.Message{ID: id, Type: arbo.TypeZiekmelding, Pseudonym: pseudonym, At: at(),
		Verzuim: &arbo.Verzuimmelding{EersteZiektedag: "2027-02-27", Percentage: 100, Telefoon: "0698765432"}}
}

// validBSN is a BSN that passes the elfproef, one per i.
func validBSN(i int) string {
	return []string{"111222333", "123456782", "999999990", "100000009"}[i%4]
}
