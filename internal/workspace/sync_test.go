package workspace_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kluis/internal/arbo"
	"kluis/internal/arbo/server"
	"kluis/internal/arbosync"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/peoplebench"
	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
	"kluis/internal/workspace/workspacetest"
)

// service is the reference arbo service in-process, behind a recorder of every request body
// and a switch for faults.
type service struct {
	srv  *server.Server
	ts   *httptest.Server
	logs *bytes.Buffer

	mu     sync.Mutex
	bodies [][]byte
	fault  func(w http.ResponseWriter, r *http.Request, next http.Handler) bool // true: handled
}

func newService(t *testing.T, now func() time.Time) *service {
	t.Helper()
	s := &service{logs: &bytes.Buffer{}}
	srv, err := server.New(server.Config{Dir: t.TempDir(), ServiceName: "Arbodienst Midden", Now: now,
		Helpdesk: arbo.Helpdesk{Name: "Servicedesk", Phone: "030-1234567"},
		Logger:   slog.New(slog.NewTextHandler(lockedWriter{&s.mu, s.logs}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	s.srv = srv
	h := srv.Handler()
	s.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.mu.Lock()
		s.bodies = append(s.bodies, body)
		fault := s.fault
		s.mu.Unlock()
		if fault != nil && fault(w, r, h) {
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { s.ts.Close(); _ = srv.Close() })
	return s
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (s *service) setFault(f func(w http.ResponseWriter, r *http.Request, next http.Handler) bool) {
	s.mu.Lock()
	s.fault = f
	s.mu.Unlock()
}

// seen is everything that reached the service: bodies, its logs, its holdings and its page.
func (s *service) seen(t *testing.T) string {
	t.Helper()
	s.mu.Lock()
	var b strings.Builder
	for _, body := range s.bodies {
		b.Write(body)
	}
	b.WriteString(s.logs.String())
	s.mu.Unlock()
	b.WriteString(s.holdingsJSON(t))
	return b.String()
}

func (s *service) holdingsJSON(t *testing.T) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.ts.URL+arbo.PathHoldings, nil)
	req.Header.Set("Authorization", "Bearer "+s.srv.AdminToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("holdings: %d %s", resp.StatusCode, b)
	}
	return string(b)
}

func (s *service) holdings(t *testing.T) arbo.EmployerHoldings {
	t.Helper()
	var h arbo.Holdings
	if err := json.Unmarshal([]byte(s.holdingsJSON(t)), &h); err != nil {
		t.Fatal(err)
	}
	if len(h.Employers) != 1 {
		t.Fatalf("the service holds %d employers", len(h.Employers))
	}
	return h.Employers[0]
}

func (s *service) staff(t *testing.T, method, path string, in, out any) int {
	t.Helper()
	b, _ := json.Marshal(in)
	req, _ := http.NewRequest(method, s.ts.URL+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+s.srv.AdminToken())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v (%s)", method, path, err, data)
		}
	}
	return resp.StatusCode
}

// enrolled is a vault with n imported employees, enrolled with a fresh service.
func enrolled(t *testing.T, n int, now func() time.Time) (*opened, *service) {
	t.Helper()
	v, sess, _ := vaulttest.New(t)
	ws := workspace.Open(sess, workspace.Config{Now: now})
	t.Cleanup(ws.Close)
	emp, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678")
	if err != nil {
		t.Fatal(err)
	}
	o := &opened{v: v, ws: ws, employer: emp}
	if n > 0 {
		if _, err := o.importCSV(t, ws, peoplebench.CSV(n, 10), nil); err != nil {
			t.Fatal(err)
		}
	}
	svc := newService(t, now)
	code, err := svc.srv.NewEnrolCode()
	if err != nil {
		t.Fatal(err)
	}
	st, err := ws.Enrol(context.Background(), svc.ts.URL, code, "")
	if err != nil {
		t.Fatal(err)
	}
	if !st.Linked || st.Service.Name != "Arbodienst Midden" || st.Service.Helpdesk.Phone != "030-1234567" {
		t.Fatalf("status after enrolment: %+v", st)
	}
	return o, svc
}

func (o *opened) byPersnr(t *testing.T, persnr string) vault.ID {
	t.Helper()
	v, err := o.ws.Directory().EmployeeByPersnr(o.employer.ID, persnr)
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

func share(t *testing.T, ws *workspace.Workspace, id vault.ID, until string) {
	t.Helper()
	if err := ws.Share(id, sharing.ShareInput{CareQuestion: sharing.CareConsultation, Explanation: "Spreekuur over werkbelasting", Until: until}); err != nil {
		t.Fatal(err)
	}
}

func syncOnce(t *testing.T, ws *workspace.Workspace) arbosync.Report {
	t.Helper()
	rep, err := ws.SyncNow(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func canaries(i int) []string {
	// Unique per employee in peoplebench.CSV: surname, BSN, work e-mail.
	return []string{
		"Achternaam" + pad6(i),
		peoplebenchBSN(i),
		"a" + itoa(i) + "@example.nl",
	}
}

func TestRule_AFullSyncSendsNoIdentityOfUnsharedEmployees(t *testing.T) {
	const n = 1000
	o, svc := enrolled(t, n, nil)
	shared := map[int]bool{3: true, 500: true, 999: true}
	for i := range shared {
		share(t, o.ws, o.byPersnr(t, pad6(i+1)), "")
	}
	rep := syncOnce(t, o.ws)
	if rep.Sent < n+2*len(shared) {
		t.Fatalf("sent %d messages, want at least %d", rep.Sent, n+2*len(shared))
	}
	seen := svc.seen(t)
	for i := range n {
		for _, c := range canaries(i) {
			in := strings.Contains(seen, c)
			if shared[i] && !in && !strings.Contains(c, "@") {
				t.Errorf("shared employee %d: %q did not reach the service", i, c)
			}
			if !shared[i] && in {
				t.Fatalf("unshared employee %d: %q reached the service", i, c)
			}
		}
	}
	h := svc.holdings(t)
	if len(h.Employments) != n || len(h.Dossiers) != len(shared) {
		t.Fatalf("the service holds %d employments and %d dossiers", len(h.Employments), len(h.Dossiers))
	}
	// The logs of the service never carry identity, shared or not.
	svc.mu.Lock()
	logs := svc.logs.String()
	svc.mu.Unlock()
	for i := range shared {
		for _, c := range canaries(i) {
			if strings.Contains(logs, c) {
				t.Fatalf("the service logged %q", c)
			}
		}
	}
}

func TestRule_ASecondSyncSendsNothingAndAChangeOnlyItself(t *testing.T) {
	o, svc := enrolled(t, 50, nil)
	syncOnce(t, o.ws)
	if rep := syncOnce(t, o.ws); rep.Sent != 0 {
		t.Fatalf("a sync without changes sent %d messages", rep.Sent)
	}
	id := o.byPersnr(t, "000007")
	if _, err := o.ws.EndEmployment(id, "31-12-2026"); err != nil {
		t.Fatal(err)
	}
	if rep := syncOnce(t, o.ws); rep.Sent != 1 {
		t.Fatalf("one ended employment sent %d messages", rep.Sent)
	}
	ended := 0
	for _, e := range svc.holdings(t).Employments {
		if e.DatumEinde == "2026-12-31" {
			ended++
		}
	}
	if ended != 1 || len(svc.holdings(t).Employments) != 50 {
		t.Fatalf("the service has %d ended employments of %d", ended, len(svc.holdings(t).Employments))
	}
}

// Faults: the service is down, answers 500, or applies a batch and drops the connection before
// answering. Afterwards both sides agree: every message applied once, nothing left waiting.
func TestRule_FaultsLoseAndDuplicateNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(w http.ResponseWriter, r *http.Request, next http.Handler) bool
		code  string
	}{
		{"down", func(w http.ResponseWriter, r *http.Request, _ http.Handler) bool {
			hj, _ := w.(http.Hijacker)
			c, _, _ := hj.Hijack()
			c.Close()
			return true
		}, arbosync.CodeOffline},
		{"500", func(w http.ResponseWriter, r *http.Request, _ http.Handler) bool {
			http.Error(w, `{"code":"internal","message":"boom"}`, 500)
			return true
		}, arbosync.CodeServiceError},
		{"drop after applying", func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
			if r.URL.Path != arbo.PathMessages {
				return false
			}
			next.ServeHTTP(httptest.NewRecorder(), r) // the service applies the batch …
			hj, _ := w.(http.Hijacker)
			c, _, _ := hj.Hijack()
			c.Close() // … and the answer never arrives
			return true
		}, arbosync.CodeOffline},
		{"slow", func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
			time.Sleep(50 * time.Millisecond)
			return false
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, svc := enrolled(t, 30, nil)
			id := o.byPersnr(t, "000003")
			share(t, o.ws, id, "")
			svc.setFault(tc.fault)
			_, err := o.ws.SyncNow(context.Background(), nil)
			if got := arbosync.ErrorCode(err); got != tc.code {
				t.Fatalf("error %v (code %q), want code %q", err, got, tc.code)
			}
			st, _ := o.ws.SyncStatus()
			if st.State.LastError != tc.code {
				t.Fatalf("status says %q", st.State.LastError)
			}
			svc.setFault(nil)
			syncOnce(t, o.ws)
			if rep := syncOnce(t, o.ws); rep.Sent != 0 {
				t.Fatalf("after recovery a third sync still sent %d", rep.Sent)
			}
			h := svc.holdings(t)
			if len(h.Employments) != 30 || len(h.Dossiers) != 1 || h.Dossiers[0].Werknemer == nil {
				t.Fatalf("the service holds %d employments, %d dossiers", len(h.Employments), len(h.Dossiers))
			}
			if st, _ := o.ws.SyncStatus(); st.Pending != 0 || st.State.LastError != "" {
				t.Fatalf("status after recovery: pending %d, error %q", st.Pending, st.State.LastError)
			}
		})
	}
}

func TestRule_AConsultationShareEndsOnItsEndDateInTheTreeAndAtTheService(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	o, svc := enrolled(t, 5, clock.now)
	id := o.byPersnr(t, "000002")
	share(t, o.ws, id, "01-12-2026")
	syncOnce(t, o.ws)
	if d := svc.holdings(t).Dossiers; len(d) != 1 || d[0].Werknemer == nil {
		t.Fatalf("the service holds %+v", d)
	}
	clock.add(24 * time.Hour)
	rep := syncOnce(t, o.ws)
	if rep.Ended != 1 {
		t.Fatalf("%d shares ended", rep.Ended)
	}
	v, err := o.ws.Directory().Employee(id)
	if err != nil {
		t.Fatal(err)
	}
	if v.Shared || !strings.HasPrefix(v.Label, "Anoniem") {
		t.Fatalf("the tree shows %q (shared %v) after the end date", v.Label, v.Shared)
	}
	h := svc.holdings(t)
	for _, d := range h.Dossiers {
		if d.Werknemer != nil {
			t.Fatalf("the service still holds identity data after the share ended: %+v", d)
		}
	}
	if len(h.Employments) != 5 {
		t.Fatalf("the service lost employments: %d", len(h.Employments))
	}
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestRule_CaseContentReportedByTheServiceBlocksRevocation(t *testing.T) {
	o, svc := enrolled(t, 5, nil)
	id := o.byPersnr(t, "000004")
	share(t, o.ws, id, "")
	syncOnce(t, o.ws)
	pseudonym := svc.holdings(t).Dossiers[0].Pseudonym
	if code := svc.staff(t, http.MethodPut, arbo.PathStaffCases, arbo.StaffCase{EmployerID: svc.holdings(t).ID, Pseudonym: pseudonym,
		CaseContent: true, Poortwachter: "Plan van aanpak"}, nil); code != 200 {
		t.Fatalf("staff case: %d", code)
	}
	syncOnce(t, o.ws)
	err := o.ws.RevokeShare(id, "Niet meer nodig")
	if !errors.Is(err, sharing.ErrCaseContent) {
		t.Fatalf("revoke after case content: %v", err)
	}
	d, _ := o.ws.Dossier(id)
	if d.Poortwachter != "Plan van aanpak" {
		t.Fatalf("the service's Poortwachter step: %q", d.Poortwachter)
	}
}

func TestRule_RetrievalAnswersOnlyOneExactMatchAndIsNotUpdatedLater(t *testing.T) {
	o, svc := enrolled(t, 20, nil)
	syncOnce(t, o.ws)
	eid := svc.holdings(t).ID
	ask := func(bsn, birth, postcode string) string {
		var c arbo.StaffRetrievalCreated
		if code := svc.staff(t, http.MethodPost, arbo.PathStaffRetrievals, arbo.StaffRetrieval{EmployerID: eid, BSN: bsn,
			Geboortedatum: birth, Postcode: postcode}, &c); code != 201 && code != 200 {
			t.Fatalf("staff retrieval: %d", code)
		}
		return c.ID
	}
	status := func(id string) arbo.StaffRetrievalStatus {
		var s arbo.StaffRetrievalStatus
		svc.staff(t, http.MethodGet, arbo.PathStaffRetrievals+"/"+id, nil, &s)
		return s
	}
	// Employee index 5 of peoplebench.CSV: birth 06-06-1965, postcode "1005 AB".
	hit := ask(peoplebenchBSN(5), "1965-06-06", "1005 AB")
	wrongPostcode := ask(peoplebenchBSN(5), "1965-06-06", "1006 AB")
	rep := syncOnce(t, o.ws)
	if rep.Retrievals != 2 {
		t.Fatalf("%d retrievals answered", rep.Retrievals)
	}
	s := status(hit)
	if s.Status != arbo.RetrievalFound || s.Werknemer == nil || s.Werknemer.Geslachtsnaam != "Achternaam000005" {
		t.Fatalf("the exact match: %+v", s)
	}
	if s := status(wrongPostcode); s.Status != arbo.RetrievalNotFound || s.Werknemer != nil {
		t.Fatalf("a partial match: %+v", s)
	}
	// The employee was not shared: nothing shows in the tree, and a later change is not sent.
	id := o.byPersnr(t, "000006")
	v, _ := o.ws.Directory().Employee(id)
	if v.Shared {
		t.Fatal("a retrieval shows the employee as shared")
	}
	in := people.EmployeeInput{Persnr: "000006", Surname: "Veranderd", Start: "01-05-2020", DepartmentID: v.Department}
	if _, err := o.ws.UpdateEmployee(id, in); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, o.ws)
	if strings.Contains(svc.seen(t), "Veranderd") {
		t.Fatal("a change after a retrieval was sent to the service")
	}
	st, _ := o.ws.SyncStatus()
	if st.State.Retrievals[time.Now().UTC().Format("2006-01")] != 1 {
		t.Fatalf("retrievals this month: %v", st.State.Retrievals)
	}
}

func TestRule_ACorrectionOfASharedEmployeeReachesTheService(t *testing.T) {
	o, svc := enrolled(t, 5, nil)
	id := o.byPersnr(t, "000001")
	share(t, o.ws, id, "")
	syncOnce(t, o.ws)
	v, _ := o.ws.Employee(id)
	in := people.EmployeeInput{Persnr: "000001", Surname: "Achternaam000000", Street: "Nieuwe Gracht", Number: "12",
		Postcode: "3512 LT", City: "Utrecht", Start: "01-05-2020", DepartmentID: v.Department}
	if _, err := o.ws.UpdateEmployee(id, in); err != nil {
		t.Fatal(err)
	}
	if rep := syncOnce(t, o.ws); rep.Sent != 1 {
		t.Fatalf("the correction sent %d messages", rep.Sent)
	}
	w := svc.holdings(t).Dossiers[0].Werknemer
	if w == nil || w.Straatnaam != "Nieuwe Gracht" || w.Postcode != "3512 LT" {
		t.Fatalf("the service holds %+v", w)
	}
}

// A vault put back from an older copy: the service's witness holds a newer audit head.
func TestRule_TheServiceWitnessesAnAuditLogPutBack(t *testing.T) {
	v, sess, _ := vaulttest.New(t)
	dir := v.Dir()
	ws := workspace.Open(sess, workspace.Config{})
	if _, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678"); err != nil {
		t.Fatal(err)
	}
	svc := newService(t, nil)
	code, _ := svc.srv.NewEnrolCode()
	if _, err := ws.Enrol(context.Background(), svc.ts.URL, code, ""); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, ws)
	ws.Close()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "copy")
	vaulttest.CopyFolder(t, dir, backup)

	v2, err := vault.Open(dir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	sess, err = v2.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	ws = workspace.Open(sess, workspace.Config{})
	if err := ws.Audit().RecordCount(audit.ActionSearch, 1); err != nil { // work done after the copy
		t.Fatal(err)
	}
	syncOnce(t, ws) // a newer head at the service
	if _, err := ws.CheckWitness(context.Background()); err != nil {
		t.Fatalf("the live log against the service: %v", err)
	}
	ws.Close()
	_ = v2.Close()

	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	vaulttest.CopyFolder(t, backup, dir)
	v3, err := vault.Open(dir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v3.Close() })
	sess, err = v3.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	ws = workspace.Open(sess, workspace.Config{})
	t.Cleanup(ws.Close)
	if _, err := ws.CheckWitness(context.Background()); err == nil {
		t.Fatal("a log put back from an older copy agrees with the service's witness")
	}
	if _, err := ws.SyncNow(context.Background(), nil); arbosync.ErrorCode(err) != arbosync.CodeAuditWitness {
		t.Fatalf("a sync of the old copy: %v", err)
	}
}

func TestRule_OnlyAnAdminEnrolsAndABadCodeLinksNothing(t *testing.T) {
	o := open(t)
	svc := newService(t, nil)
	if _, err := o.ws.Enrol(context.Background(), svc.ts.URL, "WRONG-CODE", ""); !arbo.IsCode(err, arbo.CodeEnrolCode) {
		t.Fatalf("a wrong code: %v", err)
	}
	if _, linked := o.ws.Session().ServiceLink(); linked {
		t.Fatal("a wrong code linked the vault")
	}
	if _, err := o.ws.Enrol(context.Background(), "ftp://arbo.example", "x", ""); !errors.Is(err, arbosync.ErrURL) {
		t.Fatalf("an ftp URL: %v", err)
	}
	if _, err := o.ws.SyncNow(context.Background(), nil); !errors.Is(err, vault.ErrNotLinked) {
		t.Fatalf("a sync without a link: %v", err)
	}
}

// Over TLS the certificate is pinned at enrolment: a self-signed certificate needs its
// fingerprint, and a later certificate with another key is refused before anything is sent.
func TestRule_TheServiceCertificateIsPinnedAtEnrolment(t *testing.T) {
	o := open(t)
	srv, err := server.New(server.Config{Dir: t.TempDir(), ServiceName: "Arbodienst TLS"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	code, _ := srv.NewEnrolCode()
	if _, err := o.ws.Enrol(context.Background(), ts.URL, code, ""); !errors.Is(err, arbosync.ErrCertificate) && !errors.Is(err, arbosync.ErrOffline) {
		t.Fatalf("a self-signed certificate without its fingerprint: %v", err)
	}
	if _, linked := o.ws.Session().ServiceLink(); linked {
		t.Fatal("linked to an unverified certificate")
	}
	wrong := strings.Repeat("ab", 32)
	if _, err := o.ws.Enrol(context.Background(), ts.URL, code, wrong); !errors.Is(err, arbosync.ErrCertificate) {
		t.Fatalf("a wrong fingerprint: %v", err)
	}
	fp := arbo.CertFingerprint(ts.Certificate().Raw)
	st, err := o.ws.Enrol(context.Background(), ts.URL, code, fp)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fingerprint != fp {
		t.Fatalf("pinned %q, the service shows %q", st.Fingerprint, fp)
	}
	syncOnce(t, o.ws)

	// The same address now answers with another certificate (another key): refused.
	other := httptest.NewUnstartedServer(srv.Handler())
	other.Listener.Close()
	other.Listener = mustListen(t, strings.TrimPrefix(ts.URL, "https://"), ts)
	other.TLS = &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}
	other.StartTLS()
	t.Cleanup(other.Close)
	if _, err := o.ws.SyncNow(context.Background(), nil); !errors.Is(err, arbosync.ErrCertificate) {
		t.Fatalf("another certificate at the pinned address: %v", err)
	}
}

// A revoked user may have copied the employer's signing key: the next admin sync registers a new
// one, and a request signed with the old key is refused from then on.
func TestRule_ARevocationReplacesTheEmployersSigningKeyAtTheService(t *testing.T) {
	o, svc := enrolled(t, 5, nil)
	syncOnce(t, o.ws)
	old, err := o.ws.Session().ServiceKeys()
	if err != nil {
		t.Fatal(err)
	}
	before, _ := o.ws.Session().ServiceLink()
	m, err := o.ws.Session().AddUser(vault.NewUser{Email: "manager@example.test", Passphrase: []byte("manager passphrase 1")}, vault.RoleManager)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.ws.RevokeUser(context.Background(), m, "left the company", nil); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, o.ws)
	after, _ := o.ws.Session().ServiceLink()
	if bytes.Equal(before.SigningKey, after.SigningKey) {
		t.Fatal("the signing key was not replaced after a revocation")
	}
	stale, err := arbosync.NewClient(before.URL, before.EmployerID, nil, old, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stale.Feed(context.Background()); !arbo.IsCode(err, arbo.CodeBadSignature) {
		t.Fatalf("a request signed with the old key: %v", err)
	}
	// Pseudonyms stay: the service still holds five employments, not ten.
	syncOnce(t, o.ws)
	if n := len(svc.holdings(t).Employments); n != 5 {
		t.Fatalf("the service holds %d employments after the rekey", n)
	}
	if rep := syncOnce(t, o.ws); rep.Sent != 0 {
		t.Fatalf("a rekey made the next sync send %d messages", rep.Sent)
	}
}

// A crash after the service took the new key and before the keyring named it: the staged key
// is tried first, and the sync goes on with it.
func TestRule_ARekeyInterruptedAfterTheServiceTookTheKeyIsFinished(t *testing.T) {
	o, svc := enrolled(t, 3, nil)
	syncOnce(t, o.ws)
	sess := o.ws.Session()
	old, _ := sess.ServiceKeys()
	link, _ := sess.ServiceLink()
	next, err := old.Rotated()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.StagePendingServiceKeys(next); err != nil {
		t.Fatal(err)
	}
	c, _ := arbosync.NewClient(link.URL, link.EmployerID, nil, old, 0)
	if err := c.Rekey(context.Background(), next.Public()); err != nil {
		t.Fatal(err)
	}
	// … and Kluis stops here. The next sync:
	syncOnce(t, o.ws)
	now, _ := sess.ServiceLink()
	if !bytes.Equal(now.SigningKey, next.Public()) {
		t.Fatal("the staged key was not taken into the keyring")
	}
	if _, staged, _ := sess.PendingServiceKeys(); staged {
		t.Fatal("the staged key is still there")
	}
	if n := len(svc.holdings(t).Employments); n != 3 {
		t.Fatalf("the service holds %d employments", n)
	}
}

// Two employees match birth date, postcode and BSN (the same person at two employers of the
// vault): the answer is "not found" and reveals neither.
func TestRule_ARetrievalWithTwoMatchesAnswersNotFound(t *testing.T) {
	o, svc := enrolled(t, 10, nil)
	other, err := o.ws.Directory().AddEmployer("Bakkerij De Korenaar Twee BV", "87654321")
	if err != nil {
		t.Fatal(err)
	}
	// Employee index 5 of peoplebench.CSV: BSN, birth 06-06-1965, postcode "1005 AB".
	if _, err := o.ws.CreateEmployee(other.ID, people.EmployeeInput{Persnr: "900001", Department: "Winkel", Surname: "Tweede",
		BSN: peoplebenchBSN(5), BirthDate: "06-06-1965", Postcode: "1005 AB", City: "Utrecht", Start: "01-01-2024"}); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, o.ws)
	var c arbo.StaffRetrievalCreated
	svc.staff(t, http.MethodPost, arbo.PathStaffRetrievals, arbo.StaffRetrieval{EmployerID: svc.holdings(t).ID, BSN: peoplebenchBSN(5),
		Geboortedatum: "1965-06-06", Postcode: "1005 AB"}, &c)
	if rep := syncOnce(t, o.ws); rep.Retrievals != 1 {
		t.Fatalf("%d retrievals answered", rep.Retrievals)
	}
	var st arbo.StaffRetrievalStatus
	svc.staff(t, http.MethodGet, arbo.PathStaffRetrievals+"/"+c.ID, nil, &st)
	if st.Status != arbo.RetrievalNotFound || st.Werknemer != nil || st.Pseudonym != "" {
		t.Fatalf("two matches: %+v", st)
	}
	if strings.Contains(svc.seen(t), "Tweede") || strings.Contains(svc.seen(t), "Achternaam000005") {
		t.Fatal("a retrieval with two matches sent a name")
	}
}

// The service restarts (same store, same address) between two syncs and while messages wait:
// both sides agree afterwards, nothing is lost or applied twice.
func TestRule_AServiceRestartLosesAndDuplicatesNothing(t *testing.T) {
	v, sess, _ := vaulttest.New(t)
	ws := workspace.Open(sess, workspace.Config{})
	t.Cleanup(ws.Close)
	emp, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678")
	if err != nil {
		t.Fatal(err)
	}
	o := &opened{v: v, ws: ws, employer: emp}
	if _, err := o.importCSV(t, ws, peoplebench.CSV(20, 5), nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	start := func(addr string) (*server.Server, *httptest.Server) {
		srv, err := server.New(server.Config{Dir: dir, ServiceName: "Arbodienst Midden"})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewUnstartedServer(srv.Handler())
		if addr != "" {
			ts.Listener.Close()
			l, err := net.Listen("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			ts.Listener = l
		}
		ts.Start()
		return srv, ts
	}
	srv, ts := start("")
	code, _ := srv.NewEnrolCode()
	if _, err := ws.Enrol(context.Background(), ts.URL, code, ""); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, ws)
	addr := strings.TrimPrefix(ts.URL, "http://")
	ts.Close()
	_ = srv.Close()
	share(t, ws, o.byPersnr(t, "000004"), "") // waits while the service is down
	if _, err := ws.SyncNow(context.Background(), nil); arbosync.ErrorCode(err) != arbosync.CodeOffline {
		t.Fatalf("a sync while the service is down: %v", err)
	}
	srv, ts = start(addr)
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	syncOnce(t, ws)
	if rep := syncOnce(t, ws); rep.Sent != 0 {
		t.Fatalf("after the restart a further sync sent %d", rep.Sent)
	}
	s := &service{srv: srv, ts: ts, logs: &bytes.Buffer{}}
	h := s.holdings(t)
	if len(h.Employments) != 20 || len(h.Dossiers) != 1 || h.Dossiers[0].Werknemer == nil {
		t.Fatalf("after the restart the service holds %d employments, %d dossiers", len(h.Employments), len(h.Dossiers))
	}
}

// A share waiting to be sent travels with the employee who moves to another department (the
// outbox is in the dossier, sealed again under the new department's key) and arrives once.
func TestRule_AWaitingShareFollowsTheEmployeeToAnotherDepartment(t *testing.T) {
	o, svc := enrolled(t, 5, nil)
	syncOnce(t, o.ws)
	id := o.byPersnr(t, "000002")
	share(t, o.ws, id, "")
	dept, err := o.ws.Directory().CreateDepartment(o.employer.ID, vault.ID{}, "Verhuisd", "")
	if err != nil {
		t.Fatal(err)
	}
	in := people.EmployeeInput{Persnr: "000002", Surname: "Achternaam000001", Start: "01-05-2020", DepartmentID: dept.ID}
	if _, err := o.ws.UpdateEmployee(id, in); err != nil {
		t.Fatal(err)
	}
	if v, _ := o.ws.Directory().Employee(id); v.Department != dept.ID {
		t.Fatal("the employee did not move")
	}
	syncOnce(t, o.ws)
	h := svc.holdings(t)
	if len(h.Dossiers) != 1 || h.Dossiers[0].Werknemer == nil || h.Dossiers[0].Share == nil {
		t.Fatalf("the share of a moved employee: %+v", h.Dossiers)
	}
	if st, _ := o.ws.SyncStatus(); st.Pending != 0 {
		t.Fatalf("%d messages still wait", st.Pending)
	}
}

// A manager's session synchronises only their departments and leaves retrieval requests and the
// first-sync message to a session that holds every department: it could neither say "not found"
// (the match may be elsewhere) nor "found" (a second match may be elsewhere).
func TestRule_AManagersSyncSendsTheirDepartmentsAndLeavesRetrievalsWaiting(t *testing.T) {
	o, svc := enrolled(t, 20, nil)
	id := o.byPersnr(t, "000003")
	dept := func() vault.ID { v, _ := o.ws.Directory().Employee(id); return v.Department }()
	if _, err := o.ws.Session().AddUser(vault.NewUser{Email: "manager@example.test", Passphrase: []byte("manager passphrase 1")},
		vault.RoleManager, dept); err != nil {
		t.Fatal(err)
	}
	o.ws.Close()
	sess, err := o.v.Unlock("manager@example.test", []byte("manager passphrase 1"))
	if err != nil {
		t.Fatal(err)
	}
	mws := workspace.Open(sess, workspace.Config{})
	t.Cleanup(mws.Close)
	var c arbo.StaffRetrievalCreated
	svc.staff(t, http.MethodPost, arbo.PathStaffRetrievals, arbo.StaffRetrieval{EmployerID: svc.holdings(t).ID, BSN: peoplebenchBSN(2),
		Geboortedatum: "1962-03-03", Postcode: "1002 AB"}, &c)
	rep := syncOnce(t, mws)
	if rep.Retrievals != 0 {
		t.Fatalf("a manager's sync answered %d retrievals", rep.Retrievals)
	}
	h := svc.holdings(t)
	if len(h.Employments) == 0 || len(h.Employments) >= 20 {
		t.Fatalf("a manager's sync sent %d of 20 employments (only their departments)", len(h.Employments))
	}
	var st arbo.StaffRetrievalStatus
	svc.staff(t, http.MethodGet, arbo.PathStaffRetrievals+"/"+c.ID, nil, &st)
	if st.Status != arbo.RetrievalPending {
		t.Fatalf("the retrieval after a manager's sync: %+v", st)
	}
	if s, _ := mws.SyncStatus(); s.State.FirstDone {
		t.Fatal("a manager's sync marked the first sync done")
	}
}

// The window's timer: a cycle at unlock and then every interval; Close stops it promptly.
func TestRule_TheTimerSynchronisesWhileUnlockedAndStopsAtClose(t *testing.T) {
	o, svc := enrolled(t, 5, nil)
	cycles := make(chan error, 16)
	o.ws.StartSync(20*time.Millisecond, func(_ arbosync.Report, err error) {
		select {
		case cycles <- err:
		default:
		}
	})
	for range 3 {
		select {
		case err := <-cycles:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no sync cycle within 10 s")
		}
	}
	if n := len(svc.holdings(t).Employments); n != 5 {
		t.Fatalf("the timer's cycles sent %d employments", n)
	}
	workspacetest.Within(t, "Close while the timer runs", o.ws.Close)
}

// At unlock a share past its end date ends at once, also without an arbo service: the tree shows
// "Anoniem" again before any exchange with the service.
func TestRule_AnExpiredShareEndsAtUnlockWithoutAService(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	v, sess, _ := vaulttest.New(t)
	ws := workspace.Open(sess, workspace.Config{Now: clock.now})
	emp, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678")
	if err != nil {
		t.Fatal(err)
	}
	o := &opened{v: v, ws: ws, employer: emp}
	if _, err := o.importCSV(t, ws, peoplebench.CSV(3, 1), nil); err != nil {
		t.Fatal(err)
	}
	id := o.byPersnr(t, "000001")
	share(t, ws, id, "01-12-2026")
	ws.Close()
	clock.add(48 * time.Hour)
	sess, err = v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	ws = workspace.Open(sess, workspace.Config{Now: clock.now})
	t.Cleanup(ws.Close)
	ended := make(chan struct{})
	go func() {
		for range 200 {
			if e, err := ws.Directory().Employee(id); err == nil && !e.Shared {
				close(ended)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	ws.StartSync(time.Hour, nil)
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the expired share was still shown as shared after unlock")
	}
	if e, _ := ws.Directory().Employee(id); strings.Contains(e.Label, "Achternaam") {
		t.Fatalf("the tree shows %q after the share ended", e.Label)
	}
}
