package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"kluis/internal/arbo"
	"kluis/internal/validate"
)

// The service's own side: what it holds (for a person to check) and its staff API.

func (s *Server) handleHoldings(w http.ResponseWriter, r *http.Request) {
	h, err := s.Holdings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info(r).attrs = append(info(r).attrs, slog.Int("employers", len(h.Employers)))
	reply(w, http.StatusOK, h)
}

// Holdings reads everything the service holds, per employer, in key order (so two reads of an
// unchanged store give the same JSON).
func (s *Server) Holdings(ctx context.Context) (arbo.Holdings, error) {
	out := arbo.Holdings{ServiceName: s.cfg.ServiceName, Employers: []arbo.EmployerHoldings{}}
	err := s.db.View(func(txn *badger.Txn) error {
		var accts []account
		if err := each(txn, prefix(kEmployer), func(_, v []byte) error {
			var a account
			err := json.Unmarshal(v, &a)
			accts = append(accts, a)
			return err
		}); err != nil {
			return err
		}
		for _, a := range accts {
			if err := ctx.Err(); err != nil {
				return err
			}
			e, err := employerHoldings(txn, a)
			if err != nil {
				return err
			}
			out.Employers = append(out.Employers, e)
		}
		return nil
	})
	return out, err
}

func employerHoldings(txn *badger.Txn, a account) (arbo.EmployerHoldings, error) {
	e := arbo.EmployerHoldings{ID: a.ID, Name: a.Name, KvK: a.KvK, EnrolledAt: a.EnrolledAt,
		Employments: []arbo.HeldEmployment{}, Dossiers: []arbo.HeldDossier{}, Absences: []arbo.HeldAbsence{},
		Cases: []arbo.CaseStatus{}, Legacy: []arbo.HeldLegacy{}, Retrievals: arbo.RetrievalCounts{PerDay: []arbo.RetrievalDay{}}}
	eid := a.ID
	err := each(txn, prefix(kEmploy, eid), func(k, v []byte) error {
		p := partAt(k, 2)
		var d arbo.Dienstverband
		err := json.Unmarshal(v, &d)
		e.Employments = append(e.Employments, arbo.HeldEmployment{Pseudonym: p, Dienstverband: d})
		return err
	})
	if err != nil {
		return e, err
	}
	// Dossiers: every pseudonym with a share or identity data, merged in key order.
	dossiers := map[string]*arbo.HeldDossier{}
	var order []string
	dossier := func(p string) *arbo.HeldDossier {
		if d, ok := dossiers[p]; ok {
			return d
		}
		d := &arbo.HeldDossier{Pseudonym: p}
		dossiers[p] = d
		order = append(order, p)
		return d
	}
	if err := each(txn, prefix(kShare, eid), func(k, v []byte) error {
		var sh share
		err := json.Unmarshal(v, &sh)
		dossier(lastPart(k)).Share = &sh.Deling
		return err
	}); err != nil {
		return e, err
	}
	if err := each(txn, prefix(kIdentity, eid), func(k, v []byte) error {
		var id identity
		err := json.Unmarshal(v, &id)
		d := dossier(lastPart(k))
		d.Source, d.Werknemer, d.ReceivedAt = id.Source, &id.Werknemer, &id.At
		return err
	}); err != nil {
		return e, err
	}
	slices.Sort(order)
	for _, p := range order {
		e.Dossiers = append(e.Dossiers, *dossiers[p])
	}
	if err := each(txn, prefix(kAbsence, eid), func(_, v []byte) error {
		var ab arbo.HeldAbsence
		err := json.Unmarshal(v, &ab)
		e.Absences = append(e.Absences, ab)
		return err
	}); err != nil {
		return e, err
	}
	if err := each(txn, prefix(kCase, eid), func(_, v []byte) error {
		var c arbo.CaseStatus
		err := json.Unmarshal(v, &c)
		e.Cases = append(e.Cases, c)
		return err
	}); err != nil {
		return e, err
	}
	if err := each(txn, prefix(kRetrDay, eid), func(k, v []byte) error {
		var n int
		err := json.Unmarshal(v, &n)
		e.Retrievals.PerDay = append(e.Retrievals.PerDay, arbo.RetrievalDay{Day: lastPart(k), Count: n})
		return err
	}); err != nil {
		return e, err
	}
	if err := each(txn, prefix(kRetrieval, eid), func(_, v []byte) error {
		var q retrieval
		err := json.Unmarshal(v, &q)
		switch q.Status {
		case arbo.RetrievalPending:
			e.Retrievals.Pending++
		case arbo.RetrievalFound:
			e.Retrievals.Found++
		default:
			e.Retrievals.NotFound++
		}
		return err
	}); err != nil {
		return e, err
	}
	var head arbo.AuditHead
	if found, err := getJSON(txn, key(kAuditHead, eid), &head); err != nil {
		return e, err
	} else if found {
		e.AuditHead = &head
	}
	err = each(txn, prefix(kLegacy, eid), func(_, v []byte) error {
		var l arbo.HeldLegacy
		err := json.Unmarshal(v, &l)
		e.Legacy = append(e.Legacy, l)
		return err
	})
	return e, err
}

// partAt is the i-th part of a key (0 is the kind).
func partAt(k []byte, i int) string {
	start := 0
	for n := 0; n < i; n++ {
		j := bytes.IndexByte(k[start:], 0)
		if j < 0 {
			return ""
		}
		start += j + 1
	}
	end := bytes.IndexByte(k[start:], 0)
	if end < 0 {
		return string(k[start:])
	}
	return string(k[start : start+end])
}

func (s *Server) handleStaffEnrolCode(w http.ResponseWriter, r *http.Request) {
	code, err := s.NewEnrolCode()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply(w, http.StatusOK, arbo.EnrolCode{Code: code})
}

// staffBody reads and strictly decodes a staff request and checks its employer exists.
func (s *Server) staffBody(w http.ResponseWriter, r *http.Request, v any, employerID func() string) error {
	body, err := readBody(w, r, maxSmallBody)
	if err != nil {
		return err
	}
	if err := decodeStrict(body, v); err != nil {
		return err
	}
	eid := employerID()
	unknown := &arbo.Error{Status: 404, Code: arbo.CodeNotFound, Message: "no employer with this id"}
	if !idRE.MatchString(eid) {
		return unknown
	}
	var found bool
	if err := s.db.View(func(txn *badger.Txn) error {
		found, err = exists(txn, key(kEmployer, eid))
		return err
	}); err != nil {
		return err
	}
	if !found {
		return unknown
	}
	info(r).employer = eid
	return nil
}

func (s *Server) handleStaffRetrieval(w http.ResponseWriter, r *http.Request) {
	var req arbo.StaffRetrieval
	if err := s.staffBody(w, r, &req, func() string { return req.EmployerID }); err != nil {
		s.fail(w, r, err)
		return
	}
	fe := validate.FieldErrors{}
	postcode := validate.Postcode(fe, "postcode", req.Postcode, "", true)
	if err := checkDate("geboortedatum", req.Geboortedatum, true); err != nil {
		s.fail(w, r, badRequest("%s", err))
		return
	}
	if len(fe) > 0 {
		s.fail(w, r, badRequest("postcode: not a Dutch postcode"))
		return
	}
	if !validate.ValidBSN(req.BSN) {
		s.fail(w, r, badRequest("bsn: not a BSN"))
		return
	}
	id, err := randomID()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.cfg.Now()
	day := now.Format(time.DateOnly)
	s.writeMu.Lock()
	err = s.db.Update(func(txn *badger.Txn) error {
		dk := key(kRetrDay, req.EmployerID, day)
		var n int
		if _, err := getJSON(txn, dk, &n); err != nil {
			return err
		}
		if n >= s.cfg.DailyRetrievals {
			return &arbo.Error{Status: 429, Code: arbo.CodeRetrievalLimit, Message: "this employer's retrievals for today are used up"}
		}
		if err := setJSON(txn, dk, n+1); err != nil {
			return err
		}
		if err := txn.Set(key(kRetrIndex, id), []byte(req.EmployerID)); err != nil {
			return err
		}
		return setJSON(txn, key(kRetrieval, req.EmployerID, id), retrieval{ID: id, EmployerID: req.EmployerID,
			Geboortedatum: req.Geboortedatum, Postcode: postcode, BSN: req.BSN, RequestedAt: now, Status: arbo.RetrievalPending})
	})
	s.writeMu.Unlock()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info(r).attrs = append(info(r).attrs, slog.String("retrieval", id))
	reply(w, http.StatusOK, arbo.StaffRetrievalCreated{ID: id})
}

func (s *Server) handleStaffRetrievalStatus(w http.ResponseWriter, r *http.Request) {
	notFound := &arbo.Error{Status: 404, Code: arbo.CodeNotFound, Message: "no retrieval with this id"}
	id := r.PathValue("id")
	if !idRE.MatchString(id) {
		s.fail(w, r, notFound)
		return
	}
	var st arbo.StaffRetrievalStatus
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(key(kRetrIndex, id))
		if err == badger.ErrKeyNotFound {
			return notFound
		}
		if err != nil {
			return err
		}
		eid, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		var q retrieval
		if found, err := getJSON(txn, key(kRetrieval, string(eid), id), &q); err != nil || !found {
			if err == nil {
				err = notFound
			}
			return err
		}
		st = arbo.StaffRetrievalStatus{ID: q.ID, EmployerID: q.EmployerID, Status: q.Status, RequestedAt: q.RequestedAt, Pseudonym: q.Pseudonym}
		if !q.AnsweredAt.IsZero() {
			st.AnsweredAt = &q.AnsweredAt
		}
		if q.Status == arbo.RetrievalFound {
			var held identity
			found, err := getJSON(txn, key(kIdentity, q.EmployerID, q.Pseudonym), &held)
			if err != nil {
				return err
			}
			if found {
				st.Werknemer = &held.Werknemer
			}
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info(r).employer = st.EmployerID
	reply(w, http.StatusOK, st)
}

func (s *Server) handleStaffCase(w http.ResponseWriter, r *http.Request) {
	var req arbo.StaffCase
	if err := s.staffBody(w, r, &req, func() string { return req.EmployerID }); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := firstErr(checkPseudonym(req.Pseudonym), checkText("poortwachter", req.Poortwachter, false, maxText)); err != nil {
		s.fail(w, r, badRequest("%s", err))
		return
	}
	c := arbo.CaseStatus{Pseudonym: req.Pseudonym, CaseContent: req.CaseContent, Closed: req.Closed, Poortwachter: req.Poortwachter}
	s.writeMu.Lock()
	err := s.db.Update(func(txn *badger.Txn) error {
		return setJSON(txn, key(kCase, req.EmployerID, req.Pseudonym), c)
	})
	s.writeMu.Unlock()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply(w, http.StatusOK, c)
}

func (s *Server) handleStaffLegacy(w http.ResponseWriter, r *http.Request) {
	var req arbo.StaffLegacy
	if err := s.staffBody(w, r, &req, func() string { return req.EmployerID }); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkWerknemer(&req.Werknemer, false); err != nil {
		s.fail(w, r, badRequest("%s", err))
		return
	}
	id, err := randomID()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeMu.Lock()
	err = s.db.Update(func(txn *badger.Txn) error {
		return setJSON(txn, key(kLegacy, req.EmployerID, id), arbo.HeldLegacy{ID: id, Werknemer: req.Werknemer})
	})
	s.writeMu.Unlock()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply(w, http.StatusOK, arbo.StaffLegacyCreated{ID: id})
}
