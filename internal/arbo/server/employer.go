package server

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"kluis/internal/arbo"
)

// The employer's side of the protocol: enrolment, then signed requests only.

var idRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

func (s *Server) handleEnrol(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r, maxSmallBody)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req arbo.EnrolRequest
	if err := decodeStrict(body, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	pub, err := checkEnrol(&req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkText("code", req.Code, true, 64); err != nil {
		s.fail(w, r, &arbo.Error{Status: 403, Code: arbo.CodeEnrolCode, Message: "enrolment code unknown or used"})
		return
	}
	eid, err := randomID()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.cfg.Now()
	s.writeMu.Lock()
	err = s.db.Update(func(txn *badger.Txn) error {
		var c enrolCode
		found, err := getJSON(txn, codeKey(req.Code), &c)
		if err != nil {
			return err
		}
		if !found || c.UsedBy != "" || now.Sub(c.CreatedAt) > enrolCodeLife {
			return &arbo.Error{Status: 403, Code: arbo.CodeEnrolCode, Message: "enrolment code unknown or used"}
		}
		c.UsedBy, c.UsedAt = eid, now
		if err := setJSON(txn, codeKey(req.Code), c); err != nil {
			return err
		}
		return setJSON(txn, key(kEmployer, eid), account{ID: eid, Name: req.EmployerName,
			KvK: req.KvK, PublicKey: pub, EnrolledAt: now})
	})
	s.writeMu.Unlock()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info(r).employer = eid
	reply(w, http.StatusOK, arbo.EnrolResponse{EmployerID: eid, ServiceName: s.cfg.ServiceName, Helpdesk: s.cfg.Helpdesk})
}

// signedRequest is an employer request whose signature verified.
type signedRequest struct {
	acct  account
	body  []byte
	nonce string
	now   time.Time
}

// verify reads the body (up to limit) and checks the employer and the signature. It stores
// nothing: the nonce is remembered by commit, with the request's effect.
func (s *Server) verify(w http.ResponseWriter, r *http.Request, limit int64) (*signedRequest, error) {
	body, err := readBody(w, r, limit)
	if err != nil {
		return nil, err
	}
	h := r.Header
	eid, ts, nonce, sig := h.Get(arbo.HeaderEmployer), h.Get(arbo.HeaderTimestamp), h.Get(arbo.HeaderNonce), h.Get(arbo.HeaderSignature)
	if eid == "" || ts == "" || nonce == "" || sig == "" {
		return nil, &arbo.Error{Status: 401, Code: arbo.CodeBadSignature, Message: "signature headers missing"}
	}
	unknown := &arbo.Error{Status: 401, Code: arbo.CodeUnknownEmployer, Message: "no employer with this id"}
	if !idRE.MatchString(eid) {
		return nil, unknown
	}
	var acct account
	var found bool
	if err := s.db.View(func(txn *badger.Txn) error {
		found, err = getJSON(txn, key(kEmployer, eid), &acct)
		return err
	}); err != nil {
		return nil, err
	}
	if !found {
		return nil, unknown
	}
	target := r.RequestURI
	if target == "" {
		target = r.URL.RequestURI()
	}
	now := s.cfg.Now()
	if err := arbo.Verify(ed25519.PublicKey(acct.PublicKey), r.Method, target, body, ts, nonce, eid, sig, now); err != nil {
		return nil, err
	}
	info(r).employer = eid
	return &signedRequest{acct: acct, body: body, nonce: nonce, now: now}, nil
}

// commit runs a signed request's effect and remembers its nonce in one transaction: a nonce seen
// before refuses the request, and any refusal stores nothing.
func (s *Server) commit(sr *signedRequest, effect func(txn *badger.Txn) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.db.Update(func(txn *badger.Txn) error {
		nk := key(kNonce, sr.acct.ID, sr.nonce)
		seen, err := exists(txn, nk)
		if err != nil {
			return err
		}
		if seen {
			return &arbo.Error{Status: 409, Code: arbo.CodeReplay, Message: "nonce seen before"}
		}
		if err := effect(txn); err != nil {
			return err
		}
		// Remembered past the longest time a timestamp stays acceptable.
		return txn.SetEntry(badger.NewEntry(nk, nil).WithTTL(arbo.NonceMemory + arbo.MaxClockSkew))
	})
}

func (s *Server) handleMessages(w http.ResponseWriter, r *http.Request) {
	sr, err := s.verify(w, r, arbo.MaxBody)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := decodeBatch(sr.body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var resp arbo.BatchResponse
	var counts batchCounts
	err = s.commit(sr, func(txn *badger.Txn) error {
		var err error
		resp, counts, err = applyBatch(txn, sr.acct.ID, sr.now, b)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ri := info(r)
	ri.attrs = append(ri.attrs, slog.Int("messages", len(b.Messages)), slog.Int("accepted", counts.accepted),
		slog.Int("repeated", counts.repeated), slog.Int("rejected", counts.rejected))
	if len(counts.codes) > 0 {
		var codes []string
		for c, n := range counts.codes {
			codes = append(codes, c+"="+strconv.Itoa(n))
		}
		sort.Strings(codes)
		ri.attrs = append(ri.attrs, slog.String("rejections", strings.Join(codes, ",")))
	}
	reply(w, http.StatusOK, resp)
}

func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	sr, err := s.verify(w, r, maxSmallBody)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	feed := arbo.Feed{Cases: []arbo.CaseStatus{}, Retrievals: []arbo.RetrievalRequest{}, ServerTime: sr.now}
	err = s.commit(sr, func(txn *badger.Txn) error {
		feed.Cases, feed.Retrievals = feed.Cases[:0], feed.Retrievals[:0]
		if err := each(txn, prefix(kCase, sr.acct.ID), func(_, v []byte) error {
			var c arbo.CaseStatus
			err := json.Unmarshal(v, &c)
			feed.Cases = append(feed.Cases, c)
			return err
		}); err != nil {
			return err
		}
		return each(txn, prefix(kRetrieval, sr.acct.ID), func(_, v []byte) error {
			var q retrieval
			if err := json.Unmarshal(v, &q); err != nil {
				return err
			}
			if q.Status == arbo.RetrievalPending && sr.now.Sub(q.RequestedAt) <= retrievalLife {
				feed.Retrievals = append(feed.Retrievals, arbo.RetrievalRequest{ID: q.ID,
					Geboortedatum: q.Geboortedatum, Postcode: q.Postcode, BSN: q.BSN})
			}
			return nil
		})
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info(r).attrs = append(info(r).attrs, slog.Int("cases", len(feed.Cases)), slog.Int("retrievals", len(feed.Retrievals)))
	reply(w, http.StatusOK, feed)
}

func (s *Server) handleRetrievalAnswer(w http.ResponseWriter, r *http.Request) {
	sr, err := s.verify(w, r, maxSmallBody)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	notFound := &arbo.Error{Status: 404, Code: arbo.CodeNotFound, Message: "no open retrieval with this id"}
	id := r.PathValue("id")
	if !idRE.MatchString(id) {
		s.fail(w, r, notFound)
		return
	}
	var ans arbo.RetrievalAnswer
	if err := decodeStrict(sr.body, &ans); err != nil {
		s.fail(w, r, err)
		return
	}
	if ans.Found {
		if ans.Werknemer == nil {
			s.fail(w, r, badRequest("werknemer: missing"))
			return
		}
		if err := firstErr(checkPseudonym(ans.Pseudonym), checkWerknemer(ans.Werknemer, false),
			checkChoice("werknemer.reden", ans.Werknemer.Reden, false, arbo.RedenOpvraging)); err != nil {
			s.fail(w, r, badRequest("%s", err))
			return
		}
		ans.Werknemer.Reden = arbo.RedenOpvraging
	} else if ans.Pseudonym != "" || ans.Werknemer != nil {
		s.fail(w, r, badRequest("a retrieval not found carries no pseudonym or werknemer"))
		return
	}
	outcome := "repeated"
	err = s.commit(sr, func(txn *badger.Txn) error {
		rk := key(kRetrieval, sr.acct.ID, id)
		var q retrieval
		found, err := getJSON(txn, rk, &q)
		if err != nil {
			return err
		}
		if !found {
			return notFound
		}
		if q.Status != arbo.RetrievalPending {
			return nil // answered before: the first answer stands
		}
		if sr.now.Sub(q.RequestedAt) > retrievalLife {
			return notFound
		}
		// The question is not kept once answered: the staff see the outcome, not what they typed.
		q.Geboortedatum, q.Postcode, q.BSN = "", "", ""
		q.AnsweredAt = sr.now
		q.Status = arbo.RetrievalNotFound
		if ans.Found {
			q.Status, q.Pseudonym = arbo.RetrievalFound, ans.Pseudonym
			ik := key(kIdentity, sr.acct.ID, ans.Pseudonym)
			var held identity
			has, err := getJSON(txn, ik, &held)
			if err != nil {
				return err
			}
			// A share's identity stays: it is kept current by corrections, the snapshot is not.
			if !has || held.Source != arbo.SourceShare {
				if err := setJSON(txn, ik, identity{Source: arbo.SourceRetrieval, Werknemer: *ans.Werknemer, At: sr.now}); err != nil {
					return err
				}
			}
		}
		outcome = q.Status
		return setJSON(txn, rk, q)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info(r).attrs = append(info(r).attrs, slog.String("retrieval", id), slog.String("outcome", outcome))
	reply(w, http.StatusOK, struct{}{})
}

func (s *Server) handlePutAuditHead(w http.ResponseWriter, r *http.Request) {
	sr, err := s.verify(w, r, maxSmallBody)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var h arbo.AuditHead
	if err := decodeStrict(sr.body, &h); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkAuditHead(&h); err != nil {
		s.fail(w, r, err)
		return
	}
	held := h
	err = s.commit(sr, func(txn *badger.Txn) error {
		var old arbo.AuditHead
		found, err := getJSON(txn, auditHeadKey(sr.acct.ID, h.Device), &old)
		if err != nil {
			return err
		}
		if found {
			if h.Seq < old.Seq || (h.Seq == old.Seq && !strings.EqualFold(h.Hash, old.Hash)) {
				return &arbo.Error{Status: 409, Code: arbo.CodeAuditRegressed,
					Message: "the service holds a later audit head, or another one at this number"}
			}
			if h.Seq == old.Seq {
				held = old
				return nil
			}
		}
		return setJSON(txn, auditHeadKey(sr.acct.ID, h.Device), h)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info(r).attrs = append(info(r).attrs, slog.Uint64("seq", held.Seq))
	reply(w, http.StatusOK, held)
}

func (s *Server) handleGetAuditHead(w http.ResponseWriter, r *http.Request) {
	sr, err := s.verify(w, r, maxSmallBody)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	device := r.PathValue("device")
	if !validDevice(device) {
		s.fail(w, r, badRequest("device: not 32 hex digits"))
		return
	}
	var h arbo.AuditHead
	err = s.commit(sr, func(txn *badger.Txn) error {
		found, err := getJSON(txn, auditHeadKey(sr.acct.ID, device), &h)
		if err == nil && !found {
			err = &arbo.Error{Status: 404, Code: arbo.CodeNotFound, Message: "no audit head held"}
		}
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply(w, http.StatusOK, h)
}

// handleRekey replaces the employer's public key, signed with the current one, in the same
// transaction as the nonce: a replay or a second request with the old key is refused.
func (s *Server) handleRekey(w http.ResponseWriter, r *http.Request) {
	sr, err := s.verify(w, r, maxSmallBody)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req arbo.RekeyRequest
	if err := decodeStrict(sr.body, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	pub, err := base64.StdEncoding.DecodeString(req.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		s.fail(w, r, &arbo.Error{Status: 400, Code: arbo.CodeBadRequest, Message: "publicKey must be an Ed25519 key in base64"})
		return
	}
	err = s.commit(sr, func(txn *badger.Txn) error {
		acct := sr.acct
		acct.PublicKey = pub
		return setJSON(txn, key(kEmployer, acct.ID), acct)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply(w, http.StatusOK, struct{}{})
}
