package arbosync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"kluis/internal/arbo"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/vault"
)

// Record kinds of this package (docs/adr/001-key-layout.md).
const (
	// KindLedger is what the service acknowledged of one employee (record id = employee id),
	// under the employee's department scope, moving with the employee: hashes, never values.
	KindLedger vault.Kind = 0x82
	// KindState is the sync's state (one record, directory scope): last attempt and success,
	// the last error's code, whether the first full sync is done, retrievals per month.
	KindState vault.Kind = 0x83
)

// stateID is the one KindState record.
var stateID = vault.ID{'s', 'y', 'n', 'c'}

var errNoIdentity = errors.New("arbosync: the identity of a shared employee cannot be opened by this session")

// ledgerEntry: N employments sent, D the hash of them, W the hash of the identity data sent
// (shared employees), V a version that changes every time something new is sent.
type ledgerEntry struct {
	N int    `json:"n"`
	D string `json:"d"`
	W string `json:"w,omitempty"`
	V int    `json:"v"`
}

// State is the sync's memory, kept in the vault.
type State struct {
	LastAttempt time.Time      `json:"lastAttempt,omitzero"`
	LastSuccess time.Time      `json:"lastSuccess,omitzero"`
	LastError   string         `json:"lastError,omitempty"` // a Code* below, "" after a success
	FirstDone   bool           `json:"firstDone,omitempty"`
	Rejected    int            `json:"rejected,omitempty"`   // messages the service refused, in all
	Retrievals  map[string]int `json:"retrievals,omitempty"` // "2026-12" → retrievals answered with a match
}

// Codes of State.LastError, shown in plain words by the window and the CLI.
const (
	CodeNotLinked    = "not_linked"      // no arbo service connected
	CodeOffline      = "offline"         // the service cannot be reached
	CodeCertificate  = "certificate"     // the pinned certificate does not match
	CodeRefused      = "refused"         // the service refused the employer (signature, unknown)
	CodeServiceError = "service_error"   // the service failed (5xx)
	CodeAuditWitness = "audit_regressed" // the service holds a newer audit head than this PC
	CodeFailed       = "failed"          // anything else
)

// ErrorCode classifies a sync error.
func ErrorCode(err error) string {
	var ae *arbo.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, vault.ErrNotLinked):
		return CodeNotLinked
	case errors.Is(err, ErrOffline), errors.Is(err, context.DeadlineExceeded):
		return CodeOffline
	case errors.Is(err, ErrCertificate):
		return CodeCertificate
	case errors.As(err, &ae) && ae.Code == arbo.CodeAuditRegressed:
		return CodeAuditWitness
	case errors.As(err, &ae) && ae.Status >= 500:
		return CodeServiceError
	case errors.As(err, &ae) && (ae.Status == 401 || ae.Status == 403):
		return CodeRefused
	}
	return CodeFailed
}

// Report is what one cycle did.
type Report struct {
	Sent       int // messages the service accepted
	Rejected   int // messages the service refused for good
	Retrievals int // retrieval requests answered
	Ended      int // shares that ended (end date, closed case)
	Waiting    int // outbox messages still waiting (another session's departments, no identity)
}

// Engine runs sync cycles for one unlocked session, one at a time.
type Engine struct {
	sess   *vault.Session
	dir    *people.Directory
	share  *sharing.Service
	log    *audit.Log
	logger *slog.Logger
	now    func() time.Time

	mu      sync.Mutex // one cycle at a time; guards the caches below
	ledger  map[vault.ID]ledgerEntry
	lastGen uint64
	clean   bool // nothing changed since the last complete cycle at lastGen
	// sent are the employments the service acknowledged, as this session last saw them: a cycle
	// compares with them field by field and hashes only what differs.
	sent map[vault.ID][]people.SyncEmployment
	// pseudonyms caches employer id ‖ persnr → pseudonym for this session's key.
	pseudonyms map[string]string
}

// Wipe drops the engine's caches (the workspace calls it at Close).
func (e *Engine) Wipe() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ledger, e.sent, e.pseudonyms, e.clean = nil, nil, nil, false
}

// New makes the engine; now nil means time.Now.
func New(sess *vault.Session, dir *people.Directory, share *sharing.Service, log *audit.Log, logger *slog.Logger, now func() time.Time) *Engine {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Engine{sess: sess, dir: dir, share: share, log: log, logger: logger, now: now}
}

// State reads the sync's state.
func (e *Engine) State() (State, error) {
	var st State
	err := e.sess.View(func(tx *vault.Tx) error {
		var err error
		st, err = vault.GetJSON[State](tx, KindState, stateID)
		if errors.Is(err, vault.ErrNotFound) {
			return nil
		}
		return err
	})
	return st, err
}

func (e *Engine) saveState(st State) error {
	return e.sess.Update(func(tx *vault.Tx) error {
		return vault.PutJSON(tx, KindState, stateID, e.sess.DirectoryScope(), &st)
	})
}

// Pending counts the outbox messages the session's keys open.
func (e *Engine) Pending() (int, error) {
	msgs, err := sharing.Pending(e.sess)
	return len(msgs), err
}

// Progress reports a running cycle: done of total messages.
type Progress func(done, total int)

// Run is one cycle: end expired shares, send what changed, read case status and retrieval
// requests, hand over the audit head. The state records the outcome either way.
func (e *Engine) Run(ctx context.Context, progress Progress) (Report, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if progress == nil {
		progress = func(int, int) {}
	}
	st, err := e.State()
	if err != nil {
		return Report{}, err
	}
	st.LastAttempt = e.now().UTC()
	rep, err := e.run(ctx, &st, progress)
	st.LastError = ErrorCode(err)
	if err == nil {
		st.LastSuccess = st.LastAttempt
	}
	st.Rejected += rep.Rejected
	if serr := e.saveState(st); serr != nil && err == nil {
		err = serr
	}
	if rep.Sent > 0 || rep.Retrievals > 0 {
		if aerr := e.log.RecordCount(audit.ActionSync, rep.Sent); aerr != nil && err == nil {
			err = aerr
		}
	}
	e.logger.Info("sync", "sent", rep.Sent, "rejected", rep.Rejected, "retrievals", rep.Retrievals, "ended", rep.Ended,
		"waiting", rep.Waiting, "error", st.LastError)
	return rep, err
}

func (e *Engine) run(ctx context.Context, st *State, progress Progress) (Report, error) {
	var rep Report
	ended, err := e.share.EndExpired()
	rep.Ended = ended
	if err != nil {
		return rep, err
	}
	link, ok := e.sess.ServiceLink()
	if !ok {
		return rep, vault.ErrNotLinked
	}
	keys, err := e.sess.ServiceKeys()
	if err != nil {
		return rep, err
	}
	defer func() { keys.Wipe() }()
	client, err := e.client(link, keys)
	if err != nil {
		return rep, err
	}
	defer func() { client.Close() }()
	if e.sess.Role() == vault.RoleAdmin {
		var rekeyed *vault.ServiceKeys
		if rekeyed, err = e.rekey(ctx, link, keys, client); err != nil {
			return rep, err
		}
		if rekeyed != nil {
			keys.Wipe()
			keys = rekeyed
			client.Close()
			if client, err = e.client(link, keys); err != nil {
				return rep, err
			}
		}
	}

	emps, gen, err := e.dir.SyncEmployees()
	if err != nil {
		return rep, err
	}
	byID := make(map[vault.ID]people.SyncEmployee, len(emps))
	for _, em := range emps {
		byID[em.ID] = em
	}
	if e.pseudonyms == nil {
		e.pseudonyms = map[string]string{}
	}
	pseudonym := func(em people.SyncEmployee) string {
		k := string(em.Employer[:]) + em.Persnr
		p, ok := e.pseudonyms[k]
		if !ok {
			p = keys.Pseudonym(em.Employer, em.Persnr)
			e.pseudonyms[k] = p
		}
		return p
	}
	if err := e.loadLedger(); err != nil {
		return rep, err
	}

	plan, err := e.plan(emps, byID, gen, pseudonym, st, &rep)
	if err != nil {
		return rep, err
	}
	if err := e.send(ctx, client, plan, progress, &rep); err != nil {
		return rep, err
	}
	if plan.first != nil {
		if err := e.sendOne(ctx, client, *plan.first, &rep); err != nil {
			return rep, err
		}
		st.FirstDone = true
	}
	e.lastGen, e.clean = gen, rep.Waiting == 0

	if err := e.pull(ctx, client, emps, pseudonym, st, &rep); err != nil {
		return rep, err
	}
	return rep, e.witness(ctx, client)
}

func (e *Engine) client(link vault.ServiceLink, keys *vault.ServiceKeys) (*Client, error) {
	c, err := NewClient(link.URL, link.EmployerID, link.CertSHA256, keys, 0)
	if err != nil {
		return nil, err
	}
	c.now = e.now // requests carry the session's clock
	return c, nil
}

// rekey replaces the employer's signing key when a user was revoked since the key was made (they
// may have copied it): new secrets are staged (admin scope), the service is asked to take the
// new public key with a request signed by the old one, and then the new key is signed into the
// keyring. After a crash in between, the staged key is tried first. It returns the new keys, or
// nil when nothing was to be done.
func (e *Engine) rekey(ctx context.Context, link vault.ServiceLink, keys *vault.ServiceKeys, c *Client) (*vault.ServiceKeys, error) {
	next, staged, err := e.sess.PendingServiceKeys()
	if err != nil {
		return nil, err
	}
	if staged {
		// The service may have taken it before a crash: then it answers to the new key only.
		nc, err := e.client(link, next)
		if err != nil {
			return nil, err
		}
		_, ferr := nc.Feed(ctx)
		nc.Close()
		if ferr == nil {
			return next, e.commitKeys(link, next)
		}
		if !arbo.IsCode(ferr, arbo.CodeBadSignature) && !arbo.IsCode(ferr, arbo.CodeUnknownEmployer) {
			return nil, ferr
		}
	} else {
		if !e.sess.RevokedSince(link.Linked) {
			return nil, nil
		}
		if next, err = keys.Rotated(); err != nil {
			return nil, err
		}
		if err := e.sess.StagePendingServiceKeys(next); err != nil {
			return nil, err
		}
	}
	if err := c.Rekey(ctx, next.Public()); err != nil {
		return nil, err
	}
	return next, e.commitKeys(link, next)
}

func (e *Engine) commitKeys(link vault.ServiceLink, next *vault.ServiceKeys) error {
	link.Linked = e.now().UTC()
	if err := e.sess.LinkService(link, next); err != nil {
		return err
	}
	e.logger.Info("sync: the employer's signing key was replaced at the arbo service")
	if err := e.sess.ClearPendingServiceKeys(); err != nil {
		return err
	}
	return e.log.Record(audit.ActionEnrol, nil, "rekey")
}

// unit is what one acknowledgement settles: the protocol messages that must all be accepted,
// then the outbox messages to drop and the ledger entry to write.
type unit struct {
	msgs     []arbo.Message
	outbox   []sharing.Message
	employee vault.ID
	dept     vault.ID
	ledger   *ledgerEntry
	emps     []people.SyncEmployment // the employments the ledger entry describes (nil: unchanged)
	notice   vault.ID                // an erasure notice (KindErasure) to delete once accepted
}

type plan struct {
	units []unit
	first *arbo.Message
}

func (e *Engine) plan(emps []people.SyncEmployee, byID map[vault.ID]people.SyncEmployee, gen uint64, pseudonym func(people.SyncEmployee) string, st *State, rep *Report) (plan, error) {
	var p plan
	notices, err := e.erasureUnits()
	if err != nil {
		return p, err
	}
	p.units = append(p.units, notices...)
	pending, err := sharing.Pending(e.sess)
	if err != nil {
		return p, err
	}
	sharedNow := map[vault.ID]string{} // identity hash sent with a share in this cycle
	for _, m := range pending {
		em, ok := byID[m.Employee]
		if !ok {
			rep.Waiting++
			continue
		}
		var ident *people.Identity
		if m.Type == sharing.MessageShare {
			if ident, err = e.dir.Identity(em.ID); err != nil {
				return p, err
			}
		}
		if m.Type == sharing.MessageRecovery {
			m.Payload, err = e.fillFirstSickDay(m)
			if err != nil {
				return p, err
			}
		}
		msgs, err := fromOutbox(m, em, pseudonym(em), ident)
		if errors.Is(err, errNoIdentity) {
			rep.Waiting++
			continue
		}
		if err != nil {
			return p, err
		}
		u := unit{msgs: msgs, outbox: []sharing.Message{m}, employee: em.ID, dept: em.Department}
		for _, pm := range msgs {
			if pm.Werknemer != nil {
				led := e.ledger[em.ID]
				led.W, led.V = identityHash(pm.Werknemer), led.V+1
				sharedNow[em.ID] = led.W
				u.ledger = &led
			}
			if pm.Type == arbo.TypeDelingEinde {
				led := e.ledger[em.ID]
				led.W, led.V = "", led.V+1
				delete(sharedNow, em.ID)
				u.ledger = &led
			}
		}
		p.units = append(p.units, u)
	}
	if !e.clean || gen != e.lastGen || len(pending) > 0 {
		for _, em := range emps {
			u, err := e.diff(em, pseudonym, sharedNow)
			if err != nil {
				return p, err
			}
			if u != nil {
				p.units = append(p.units, *u)
			}
		}
	}
	if !st.FirstDone && e.sess.AllDepartments() {
		first := arbo.Message{ID: "first-" + e.sess.UserID().String(), Type: arbo.TypeEersteSync, At: e.now().UTC().Truncate(time.Second), Shared: []string{}}
		for _, em := range emps {
			if em.Shared {
				first.Shared = append(first.Shared, pseudonym(em))
			}
		}
		p.first = &first
	}
	return p, nil
}

// diff compares an employee with the ledger: employments changed, or the identity of a shared
// employee corrected since it was sent.
func (e *Engine) diff(em people.SyncEmployee, pseudonymOf func(people.SyncEmployee) string, sharedNow map[vault.ID]string) (*unit, error) {
	led := e.ledger[em.ID]
	pseudonym := ""
	if e.sent[em.ID] == nil || !slices.Equal(e.sent[em.ID], em.Employments) || (em.Shared && led.W != "") {
		pseudonym = pseudonymOf(em) // only for an employee that may need a message
	}
	next := led
	var msgs []arbo.Message
	at := e.now().UTC().Truncate(time.Second)
	if e.sent[em.ID] != nil && slices.Equal(e.sent[em.ID], em.Employments) {
		// unchanged since the service acknowledged them in this session
	} else if dvs := dienstverbanden(em); hashOf(dvs) == led.D {
		if e.sent == nil {
			e.sent = map[vault.ID][]people.SyncEmployment{}
		}
		e.sent[em.ID] = em.Employments
	} else {
		next.V++
		for i := range dvs {
			msgs = append(msgs, arbo.Message{ID: contentID("dv", pseudonym, dvs[i], next.V), Type: arbo.TypeDienstverband,
				Pseudonym: pseudonym, At: at, Dienstverband: &dvs[i]})
		}
		for n := len(dvs); n < led.N; n++ {
			gone := arbo.Dienstverband{Werkgever: em.EmployerKvK, Volgnummer: n + 1, Verwijderd: true}
			msgs = append(msgs, arbo.Message{ID: contentID("dv", pseudonym, gone, next.V), Type: arbo.TypeDienstverband,
				Pseudonym: pseudonym, At: at, Dienstverband: &gone})
		}
		next.D, next.N = hashOf(dvs), len(dvs)
	}
	if _, justShared := sharedNow[em.ID]; em.Shared && led.W != "" && !justShared {
		ident, err := e.dir.Identity(em.ID)
		if err != nil {
			return nil, err
		}
		if ident != nil {
			w := werknemer(em, ident, arbo.RedenCorrectie)
			if h := identityHash(w); h != led.W {
				next.V++
				next.W = h
				msgs = append(msgs, arbo.Message{ID: contentID("w", pseudonym, h, next.V), Type: arbo.TypeWerknemer,
					Pseudonym: pseudonym, At: at, Werknemer: w})
			}
		}
	}
	if len(msgs) == 0 {
		return nil, nil
	}
	if w, ok := sharedNow[em.ID]; ok {
		next.W = w
	}
	return &unit{msgs: msgs, employee: em.ID, dept: em.Department, ledger: &next, emps: em.Employments}, nil
}

// fillFirstSickDay completes a recovery message of an older vault with the spell's first day.
func (e *Engine) fillFirstSickDay(m sharing.Message) ([]byte, error) {
	return fillRecovery(m, func() (sharing.Dossier, error) { return e.share.Dossier(m.Employee) })
}

// send posts the units in batches; each acknowledged unit drops its outbox messages and writes
// its ledger entry. A unit is never split over two batches.
func (e *Engine) send(ctx context.Context, c *Client, p plan, progress Progress, rep *Report) error {
	total := 0
	for _, u := range p.units {
		total += len(u.msgs)
	}
	progress(0, total)
	done := 0
	for start := 0; start < len(p.units); {
		end, n := start, 0
		for end < len(p.units) && (n == 0 || n+len(p.units[end].msgs) <= batchSize) {
			n += len(p.units[end].msgs)
			end++
		}
		if err := e.sendUnits(ctx, c, p.units[start:end], rep); err != nil {
			return err
		}
		done += n
		progress(done, total)
		start = end
	}
	return nil
}

// batchSize keeps a batch well under arbo.MaxBatch and arbo.MaxBody.
const batchSize = 1000

func (e *Engine) sendUnits(ctx context.Context, c *Client, units []unit, rep *Report) error {
	var b arbo.Batch
	for _, u := range units {
		b.Messages = append(b.Messages, u.msgs...)
	}
	resp, err := c.Send(ctx, b)
	if err != nil {
		return err
	}
	settled := make(map[string]bool, len(resp.Accepted)+len(resp.Rejected))
	for _, id := range resp.Accepted {
		settled[id] = true
	}
	for _, r := range resp.Rejected {
		settled[r.ID] = true
		e.logger.Warn("sync: the arbo service refused a message", "type", typeOf(b.Messages, r.ID), "code", r.Code)
	}
	rep.Rejected += len(resp.Rejected)
	rep.Sent += len(resp.Accepted)
	var acked []sharing.Message
	var ledger []unit
	var notices []vault.ID
	for _, u := range units {
		all := true
		for _, m := range u.msgs {
			all = all && settled[m.ID]
		}
		if !all {
			continue // sent again next cycle; the service applies it once
		}
		acked = append(acked, u.outbox...)
		if u.notice != (vault.ID{}) {
			notices = append(notices, u.notice)
		}
		if u.ledger != nil {
			ledger = append(ledger, u)
		}
	}
	if err := e.share.Acknowledge(acked); err != nil {
		return err
	}
	if err := e.dropNotices(notices); err != nil {
		return err
	}
	return e.writeLedger(ledger)
}

func typeOf(msgs []arbo.Message, id string) string {
	for _, m := range msgs {
		if m.ID == id {
			return m.Type
		}
	}
	return ""
}

func (e *Engine) sendOne(ctx context.Context, c *Client, m arbo.Message, rep *Report) error {
	resp, err := c.Send(ctx, arbo.Batch{Messages: []arbo.Message{m}})
	if err != nil {
		return err
	}
	rep.Sent += len(resp.Accepted)
	rep.Rejected += len(resp.Rejected)
	return nil
}

func (e *Engine) loadLedger() error {
	if e.ledger != nil {
		return nil
	}
	ledger := map[vault.ID]ledgerEntry{}
	var mu sync.Mutex
	err := e.sess.View(func(tx *vault.Tx) error {
		return tx.IterateOpen(KindLedger, 2, func(id vault.ID, plain []byte) error {
			var l ledgerEntry
			if err := jsonUnmarshal(plain, &l); err != nil {
				return err
			}
			mu.Lock()
			ledger[id] = l
			mu.Unlock()
			return nil
		})
	})
	if err != nil {
		return err
	}
	e.ledger = ledger
	return nil
}

func (e *Engine) writeLedger(units []unit) error {
	const chunk = batchSize // one commit (one disk sync) per batch the service answered
	for start := 0; start < len(units); start += chunk {
		part := units[start:min(start+chunk, len(units))]
		err := e.sess.Update(func(tx *vault.Tx) error {
			for _, u := range part {
				scope, err := e.sess.DepartmentScope(u.dept)
				if err != nil {
					return err
				}
				if err := vault.PutJSON(tx, KindLedger, u.employee, scope, u.ledger); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, u := range part {
			e.ledger[u.employee] = *u.ledger
			if u.emps != nil {
				if e.sent == nil {
					e.sent = map[vault.ID][]people.SyncEmployment{}
				}
				e.sent[u.employee] = u.emps
			}
		}
	}
	return nil
}

// pull reads the feed: case status for the employees the session sees, and retrieval requests
// when the session holds every department.
func (e *Engine) pull(ctx context.Context, c *Client, emps []people.SyncEmployee, pseudonym func(people.SyncEmployee) string, st *State, rep *Report) error {
	feed, err := c.Feed(ctx)
	if err != nil {
		return err
	}
	if len(feed.Cases) > 0 {
		byPseudonym := make(map[string]vault.ID, len(emps))
		for _, em := range emps {
			byPseudonym[pseudonym(em)] = em.ID
		}
		for _, cs := range feed.Cases {
			id, ok := byPseudonym[cs.Pseudonym]
			if !ok {
				continue
			}
			ended, err := e.share.ApplyCaseStatus(id, sharing.CaseStatus{CaseContent: cs.CaseContent, Closed: cs.Closed, Poortwachter: cs.Poortwachter})
			if err != nil {
				return err
			}
			if ended {
				rep.Ended++
			}
		}
	}
	if len(feed.Retrievals) == 0 || !e.sess.AllDepartments() {
		return nil
	}
	byID := make(map[vault.ID]people.SyncEmployee, len(emps))
	for _, em := range emps {
		byID[em.ID] = em
	}
	for _, r := range feed.Retrievals {
		ans, found, err := e.retrieve(r, byID, pseudonym)
		if err != nil {
			return err
		}
		if err := c.Answer(ctx, r.ID, ans); err != nil {
			return err
		}
		rep.Retrievals++
		if found != nil {
			if st.Retrievals == nil {
				st.Retrievals = map[string]int{}
			}
			st.Retrievals[e.now().UTC().Format("2006-01")]++
			if err := e.log.Record(audit.ActionRetrieval, []vault.ID{*found}, ""); err != nil {
				return err
			}
		} else if err := e.log.RecordCount(audit.ActionRetrieval, 0); err != nil {
			return err
		}
	}
	return nil
}

// retrieve answers one request: exactly one employee matching BSN, birth date and postcode.
func (e *Engine) retrieve(r arbo.RetrievalRequest, byID map[vault.ID]people.SyncEmployee, pseudonym func(people.SyncEmployee) string) (arbo.RetrievalAnswer, *vault.ID, error) {
	ids, err := e.dir.FindExact(r.BSN, r.Geboortedatum, r.Postcode)
	if err != nil || len(ids) != 1 {
		return arbo.RetrievalAnswer{Found: false}, nil, err
	}
	em, ok := byID[ids[0]]
	if !ok {
		return arbo.RetrievalAnswer{Found: false}, nil, nil
	}
	ident, err := e.dir.Identity(em.ID)
	if err != nil || ident == nil {
		return arbo.RetrievalAnswer{Found: false}, nil, err
	}
	id := em.ID
	return arbo.RetrievalAnswer{Found: true, Pseudonym: pseudonym(em), Werknemer: werknemer(em, ident, arbo.RedenOpvraging)}, &id, nil
}

// witness hands the service the audit log's head.
func (e *Engine) witness(ctx context.Context, c *Client) error {
	seq, hash, err := e.sess.AuditHead()
	if err != nil {
		return err
	}
	return c.PutAuditHead(ctx, arbo.AuditHead{Seq: seq, Hash: fmt.Sprintf("%x", hash), At: e.now().UTC(), Device: e.witnessDevice()})
}

// witnessDevice names this PC's chain to the service when the vault replicates: each PC keeps
// its own audit chain then, and one head per employer would make every other PC's look cut.
func (e *Engine) witnessDevice() string {
	if !e.sess.Replicating() {
		return ""
	}
	return e.sess.DeviceID().String()
}

// CheckWitness compares the audit head the service holds with this PC's log (kluis verify
// --against-service): nil when the log still has that entry unchanged.
func (e *Engine) CheckWitness(ctx context.Context) (arbo.AuditHead, error) {
	link, ok := e.sess.ServiceLink()
	if !ok {
		return arbo.AuditHead{}, vault.ErrNotLinked
	}
	keys, err := e.sess.ServiceKeys()
	if err != nil {
		return arbo.AuditHead{}, err
	}
	defer keys.Wipe()
	c, err := NewClient(link.URL, link.EmployerID, link.CertSHA256, keys, 0)
	if err != nil {
		return arbo.AuditHead{}, err
	}
	defer c.Close()
	h, err := c.AuditHead(ctx, e.witnessDevice())
	if arbo.IsCode(err, arbo.CodeNotFound) {
		return arbo.AuditHead{}, nil
	}
	if err != nil {
		return h, err
	}
	hash, err := decodeHex(h.Hash)
	if err != nil {
		return h, fmt.Errorf("the arbo service's audit head is malformed")
	}
	return h, e.sess.WitnessMismatch(h.Seq, hash)
}
