package workspace_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"kluis/internal/arbosync"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// movableClock is a clock a test moves forward.
type movableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movableClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// erasureCanaries are the unique identity values of the employee the erasure tests erase.
var erasureCanaries = []string{"Wisbert", "Canarie-Gewist", "218765435", "1971-04-09", "Wisselstraat", "3512 WX",
	"06-55501234", "wisbert.gewist@canary.example"}

func canaryInput(persnr string) people.EmployeeInput {
	return people.EmployeeInput{Persnr: persnr, Department: "Utrecht", Initials: "W.", FirstName: erasureCanaries[0],
		Surname: erasureCanaries[1], Gender: "M", BSN: erasureCanaries[2], BirthDate: "09-04-1971",
		Street: erasureCanaries[4], Number: "7", Postcode: "3512wx", City: "Utrecht", PhoneMobile: erasureCanaries[6],
		EmailPrivate: erasureCanaries[7], Start: "01-02-2019", Hours: "24", JobTitle: "Bezorger"}
}

// The test: after an erasure (and the compaction it runs) no identity value of the
// erased employee is left anywhere in the vault folder, not even in a sealed or superseded
// form; the employment facts remain; the audit log has the erasure; the arbo service, which
// held their identity during a share, holds nothing of them after the erasure's sync.
func TestRule_ErasureLeavesNoTraceOfTheErasedEmployeeInTheVaultFolderAndKeepsTheFacts(t *testing.T) {
	clock := &movableClock{t: time.Date(2023, 5, 1, 9, 0, 0, 0, time.UTC)}
	o, svc := enrolled(t, 0, clock.Now)
	ws := o.ws
	gone, err := ws.CreateEmployee(o.employer.ID, canaryInput("9001"))
	must(t, err)
	kept := canaryInput("9002")
	kept.FirstName, kept.Surname, kept.BSN, kept.EmailPrivate = "Blijft", "Bewaard", "123456782", "blijft@example.nl"
	kept.BirthDate, kept.Street, kept.Postcode, kept.PhoneMobile = "01-01-1980", "Kerkstraat", "1234AB", "06-11112222"
	stays, err := ws.CreateEmployee(o.employer.ID, kept)
	must(t, err)
	// While employed: shared for a consultation, sent to the service, ended.
	share(t, ws, gone.ID, "2023-05-20")
	syncOnce(t, ws)
	if seen := svc.holdingsJSON(t); !strings.Contains(seen, erasureCanaries[1]) {
		t.Fatal("the share did not reach the service; the test would prove nothing")
	}
	for _, id := range []vault.ID{gone.ID, stays.ID} {
		_, err := ws.EndEmployment(id, "2023-06-30")
		must(t, err)
	}
	clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	syncOnce(t, ws) // the share ends (deling-einde) and the ended employments go out

	list, err := ws.RetentionList()
	must(t, err)
	if len(list) != 2 || list[0].Blocked != "" {
		t.Fatalf("retention list %+v", list)
	}
	employmentsBefore := len(svc.holdings(t).Employments)

	// What the store holds of the employee now, sealed: their records and index keys.
	sess := ws.Session()
	refs := []vault.RecordRef{}
	for _, k := range []vault.Kind{people.KindEmployee, people.KindIdentity, sharing.KindDossier, arbosync.KindLedger} {
		refs = append(refs, vault.RecordRef{Kind: k, ID: gone.ID})
	}
	before, err := sess.Remnants(context.Background(), vault.RemnantQuery{Records: refs})
	must(t, err)
	var pieces [][]byte
	kinds := map[byte]bool{}
	for _, r := range before {
		kinds[r.Key[0]] = true
		if r.Key[0] == 'i' {
			pieces = append(pieces, append([]byte(nil), r.Key[len(r.Key)-49:]...)) // HMAC ‖ kind ‖ id
		} else if !r.Deleted && len(r.Value) >= 32 {
			pieces = append(pieces, append([]byte(nil), r.Value[len(r.Value)-32:]...))
		}
	}
	for _, k := range []byte{byte(people.KindEmployee), byte(people.KindIdentity), byte(sharing.KindDossier), byte(arbosync.KindLedger), 'i'} {
		if !kinds[k] {
			t.Fatalf("before erasure the store holds no record of kind 0x%02x for the employee; the test would prove nothing", k)
		}
	}

	t0 := time.Now()
	var phases []workspace.ErasePhase
	rep, err := ws.EraseEmployees(context.Background(), []vault.ID{gone.ID}, func(p workspace.ErasePhase, done, total int) {
		if len(phases) == 0 || phases[len(phases)-1] != p {
			phases = append(phases, p)
		}
	})
	must(t, err)
	t.Logf("erasure took %v (%v)", time.Since(t0), rep.Took)
	if rep.Erased != 1 || rep.Notices != 1 || rep.NoticesWaiting != 0 || !rep.Compacted {
		t.Fatalf("report %+v", rep)
	}
	if strings.Join(toStrings(phases), ",") != "erase,notify,compact,check" {
		t.Fatalf("phases %v", phases)
	}

	// 1. The store: no version (live, superseded or deleted) of the records or index entries,
	// and none of their sealed bytes anywhere.
	left, err := sess.Remnants(context.Background(), vault.RemnantQuery{Records: refs, Bytes: pieces})
	must(t, err)
	if len(left) != 0 {
		t.Fatalf("%d versions of the erased employee's records remain", len(left))
	}
	// 2. Every file of the vault folder: neither the sealed pieces, nor the index keys, nor the
	// values in clear.
	// The grep finds what is there (a control: the keyring names its format in clear).
	if found, err := grepFile(filepath.Join(o.v.Dir(), "keyring.json"), [][]byte{[]byte("kluis-keyring")}, nil); err != nil || len(found) != 1 {
		t.Fatalf("the grep does not find a known value: %v %v", found, err)
	}
	var needles [][]byte
	for _, c := range erasureCanaries {
		needles = append(needles, []byte(strings.ToLower(c)))
	}
	must(t, filepath.WalkDir(o.v.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		found, err := grepFile(path, needles, pieces)
		if err != nil {
			return err
		}
		for _, f := range found {
			t.Errorf("%s holds %s", path, f)
		}
		return nil
	}))
	// 3. Every record the admin's keys open, and every audit event: no identity value.
	must(t, sess.View(func(tx *vault.Tx) error {
		for k := 0x10; k <= 0xff; k++ {
			if k == 'i' {
				continue
			}
			err := tx.Iterate(vault.Kind(k), func(id vault.ID, r vault.Sealed) error {
				plain, err := r.Open()
				if errors.Is(err, vault.ErrNoAccess) {
					return nil
				}
				if err != nil {
					return err
				}
				for _, c := range erasureCanaries {
					if strings.Contains(strings.ToLower(string(plain)), strings.ToLower(c)) {
						t.Errorf("record of kind 0x%02x holds %q", k, c)
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	}))
	events, err := ws.Audit().List()
	must(t, err)
	raw, _ := json.Marshal(events)
	for _, c := range erasureCanaries {
		if strings.Contains(string(raw), c) {
			t.Errorf("the audit log holds %q", c)
		}
	}
	// 4. The audit log has the erasure, naming the employee's record id only.
	var erase []audit.Event
	for _, e := range events {
		if e.Action == audit.ActionErase {
			erase = append(erase, e)
		}
	}
	if len(erase) != 1 || erase[0].Count != 1 || len(erase[0].Subjects) != 1 || erase[0].Subjects[0] != gone.ID || erase[0].Detail != "retention" {
		t.Fatalf("audit events of the erasure: %+v", erase)
	}
	// 5. The facts remain: both people count for statistics, the erased one without persnr.
	facts, err := ws.Directory().EmploymentFacts(o.employer.ID)
	must(t, err)
	erased := 0
	for _, f := range facts {
		if f.Erased {
			erased++
			if len(f.Employments) != 1 || f.Employments[0].Start != "2019-02-01" || f.Employments[0].End != "2023-06-30" || f.Person == gone.ID {
				t.Fatalf("erased facts %+v", f)
			}
		}
	}
	if len(facts) != 2 || erased != 1 {
		t.Fatalf("facts %+v", facts)
	}
	// 6. The tree no longer shows them; the other leaver is still listed.
	if _, err := ws.Employee(gone.ID); !errors.Is(err, people.ErrEmployeeNotFound) {
		t.Fatalf("the erased employee still opens: %v", err)
	}
	if list, err := ws.RetentionList(); err != nil || len(list) != 1 || list[0].Employee != stays.ID {
		t.Fatalf("retention list after erasure: %+v %v", list, err)
	}
	// 7. The arbo service holds nothing of them any more.
	h := svc.holdingsJSON(t)
	for _, c := range erasureCanaries {
		if strings.Contains(h, c) {
			t.Errorf("the service still holds %q", c)
		}
	}
	if n := len(svc.holdings(t).Employments); n != employmentsBefore-1 {
		t.Fatalf("the service holds %d employments, want %d", n, employmentsBefore-1)
	}
}

func toStrings(p []workspace.ErasePhase) []string {
	out := make([]string, len(p))
	for i, x := range p {
		out[i] = string(x)
	}
	return out
}

// DOMAIN.md: erasure is for data past its retention; a share still in force keeps the employee
// (the arbo service may still need who they are), and the refusal erases nobody.
func TestRule_AnEmployeeWithAShareInForceIsNotErased(t *testing.T) {
	clock := &movableClock{t: time.Date(2023, 5, 1, 9, 0, 0, 0, time.UTC)}
	o, _ := enrolled(t, 0, clock.Now)
	ws := o.ws
	shared, err := ws.CreateEmployee(o.employer.ID, canaryInput("9001"))
	must(t, err)
	share(t, ws, shared.ID, "") // open-ended
	_, err = ws.EndEmployment(shared.ID, "2023-06-30")
	must(t, err)
	other := canaryInput("9002")
	other.BSN = "123456782"
	free, err := ws.CreateEmployee(o.employer.ID, other)
	must(t, err)
	_, err = ws.EndEmployment(free.ID, "2023-06-30")
	must(t, err)
	clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))

	list, err := ws.RetentionList()
	must(t, err)
	blocked := map[vault.ID]string{}
	for _, r := range list {
		blocked[r.Employee] = r.Blocked
	}
	if blocked[shared.ID] != people.RefusedShared || blocked[free.ID] != "" {
		t.Fatalf("list %+v", list)
	}
	_, err = ws.EraseEmployees(context.Background(), []vault.ID{free.ID, shared.ID}, nil)
	p := workspace.Explain(err)
	if p.Code != workspace.CodeNotErasable || len(p.Params["persnr"]) != 1 || p.Params["persnr"][0] != "9001" || p.Params["reason"][0] != people.RefusedShared {
		t.Fatalf("got %v → %+v", err, p)
	}
	for _, id := range []vault.ID{shared.ID, free.ID} {
		if _, err := ws.Directory().Employee(id); err != nil {
			t.Fatalf("a refused erasure erased: %v", err)
		}
	}
	if n := auditCount(t, ws, audit.ActionErase); n != 0 {
		t.Fatalf("%d erase events for a refused erasure", n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// grepFile looks through a file for the lower-case needles case-insensitively and the raw
// pieces exactly, and names what it found. Badger's files are large and mostly holes, so on
// systems that report data regions (SEEK_DATA/SEEK_HOLE) only those are read.
func grepFile(path string, lower, raw [][]byte) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	const seekData, seekHole = 3, 4
	type region struct{ from, to int64 }
	var regions []region
	for pos := int64(0); pos < info.Size(); {
		from, err := f.Seek(pos, seekData)
		if err != nil {
			if pos == 0 && len(regions) == 0 && !errors.Is(err, syscall.ENXIO) {
				regions = []region{{0, info.Size()}} // no hole support: read it all
			}
			break
		}
		to, err := f.Seek(from, seekHole)
		if err != nil || to <= from {
			to = info.Size()
		}
		regions = append(regions, region{from, to})
		pos = to
	}
	seen := map[string]bool{}
	const overlap = 64
	for _, r := range regions {
		from := max(0, r.from-overlap)
		b := make([]byte, r.to-from)
		if _, err := f.ReadAt(b, from); err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		low := bytes.ToLower(b)
		for _, nd := range lower {
			if bytes.Contains(low, nd) {
				seen[fmt.Sprintf("%q", nd)] = true
			}
		}
		for i, p := range raw {
			if bytes.Contains(b, p) {
				seen[fmt.Sprintf("piece %d of an erased record", i)] = true
			}
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	return out, nil
}
