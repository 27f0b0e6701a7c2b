package workspace

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"kluis/internal/arbo"
	"kluis/internal/arbosync"
	"kluis/internal/audit"
	"kluis/internal/vault"
)

// Synchronisation with the arbo service (internal/arbosync): enrolment by an admin, one cycle
// on demand or on a timer, the status the window and `kluis sync` show.

// ServiceDetails is what the vault keeps of the service besides the signed link: its name and
// helpdesk, as the service gave them at enrolment.
type ServiceDetails struct {
	Name     string        `json:"name"`
	Helpdesk arbo.Helpdesk `json:"helpdesk"`
}

// SyncStatus is the Synchronisatie page and `kluis sync`'s summary.
type SyncStatus struct {
	Linked      bool
	URL         string
	EmployerID  string
	Fingerprint string // the pinned certificate (lowercase hex) when TLS is used
	Service     ServiceDetails
	LinkedAt    time.Time
	State       arbosync.State
	Pending     int  // outbox messages waiting (the session's departments)
	Admin       bool // the session is an admin's (State.Retrievals is theirs to see)
}

// Enrol links the vault with an arbo service (admins only): the employer's keys are made, the
// public one registered with the one-time code, and the link signed into the keyring.
// fingerprint is the service's certificate fingerprint for https (empty: the system's roots).
func (w *Workspace) Enrol(ctx context.Context, url, code, fingerprint string) (SyncStatus, error) {
	if w.sess.Role() != vault.RoleAdmin {
		return SyncStatus{}, fmt.Errorf("%w: admins only", vault.ErrDenied)
	}
	err := w.guard(func() error {
		ctx, cancel := w.bind(ctx)
		defer cancel()
		keys, err := vault.NewServiceKeys()
		if err != nil {
			return err
		}
		defer keys.Wipe()
		employers, err := w.dir.Employers()
		if err != nil {
			return err
		}
		req := arbo.EnrolRequest{Code: strings.TrimSpace(code), PublicKey: encodeKey(keys.Public())}
		for _, e := range employers {
			req.KvK = append(req.KvK, e.KvK)
			if req.EmployerName == "" {
				req.EmployerName = e.Name
			}
		}
		if req.KvK == nil {
			req.KvK = []string{}
		}
		en, err := arbosync.Enrol(ctx, url, req, fingerprint)
		if err != nil {
			return w.closedErr(err)
		}
		details, err := json.Marshal(ServiceDetails{Name: en.ServiceName, Helpdesk: en.Helpdesk})
		if err != nil {
			return err
		}
		if err := w.sess.LinkService(vault.ServiceLink{URL: en.URL, EmployerID: en.EmployerID, CertSHA256: en.CertSHA256,
			Details: details, Linked: w.now().UTC()}, keys); err != nil {
			return err
		}
		w.note(audit.ActionEnrol, nil, "")
		return nil
	})
	if err != nil {
		return SyncStatus{}, err
	}
	return w.SyncStatus()
}

// SyncNow runs one sync cycle (with replication configured, under the arbo lease: synclease.go).
func (w *Workspace) SyncNow(ctx context.Context, progress arbosync.Progress) (arbosync.Report, error) {
	var rep arbosync.Report
	err := w.guard(func() error {
		if w.sess.Role() == vault.RolePrivacy { // a privacy officer reads the Logboek only (logbook.go)
			return fmt.Errorf("%w: a privacy officer does not synchronise", vault.ErrDenied)
		}
		ctx, cancel := w.bind(ctx)
		defer cancel()
		var err error
		rep, err = w.syncLeased(ctx, progress) // synclease.go
		return w.closedErr(err)
	})
	return rep, err
}

// EndExpiredShares ends the shares whose end date has passed (at unlock, so the tree shows
// "Anoniem" again at once, also without an arbo service).
func (w *Workspace) EndExpiredShares() (int, error) {
	var n int
	err := w.guard(func() error {
		var err error
		n, err = w.share.EndExpired()
		return err
	})
	return n, err
}

// SyncStatus reads the link and the sync's state.
func (w *Workspace) SyncStatus() (SyncStatus, error) {
	var st SyncStatus
	link, ok := w.sess.ServiceLink()
	if ok {
		st.Linked, st.URL, st.EmployerID, st.LinkedAt = true, link.URL, link.EmployerID, link.Linked
		if link.CertSHA256 != nil {
			st.Fingerprint = arbosync.Fingerprint(link.CertSHA256)
		}
		_ = json.Unmarshal(link.Details, &st.Service)
	}
	var err error
	if st.State, err = w.sync.State(); err != nil {
		return st, err
	}
	st.Pending, err = w.sync.Pending()
	st.Admin = w.sess.Role() == vault.RoleAdmin
	if !st.Admin {
		st.State.Retrievals = nil // admins see the count per month; nobody else learns of them
	}
	return st, err
}

// CheckWitness compares the audit head the arbo service holds with this PC's log.
func (w *Workspace) CheckWitness(ctx context.Context) (arbo.AuditHead, error) {
	ctx, cancel := w.bind(ctx)
	defer cancel()
	return w.sync.CheckWitness(ctx)
}

func encodeKey(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// maxSyncBackoff caps the wait after failed cycles.
const maxSyncBackoff = 30 * time.Minute

// firstSyncDelay is how long after unlock the first cycle waits (at most the interval).
const firstSyncDelay = 10 * time.Second

// StartSync ends expired shares now and then runs a sync cycle (the first after at most 10 s)
// and every interval after it while the workspace is open (after failures the wait doubles, up to 30 minutes), calling done after each
// cycle. Without an arbo service the cycles only end expired shares. Close stops it and waits.
func (w *Workspace) StartSync(every time.Duration, done func(arbosync.Report, error)) {
	if w.sess.Role() == vault.RolePrivacy {
		return
	}
	w.preload.Add(1)
	go func() {
		defer w.preload.Done()
		// Shares past their end date end at once (the tree must not show their names); the first
		// exchange with the service waits a little, so the tree and the name index load first.
		if _, err := w.EndExpiredShares(); err != nil {
			w.logUnlessClosed("ending expired shares failed", err)
		}
		wait, failures := min(every, firstSyncDelay), 0
		for {
			select {
			case <-w.ctx.Done():
				return
			case <-time.After(wait):
			}
			var rep arbosync.Report
			var err error
			if _, linked := w.sess.ServiceLink(); linked {
				rep, err = w.SyncNow(w.ctx, nil)
			} else {
				rep.Ended, err = w.EndExpiredShares()
			}
			if w.ctx.Err() != nil {
				return
			}
			if err != nil {
				failures++
			} else {
				failures = 0
			}
			wait = every << min(failures, 8)
			if wait > maxSyncBackoff || wait <= 0 {
				wait = maxSyncBackoff
			}
			if done != nil {
				done(rep, err)
			}
		}
	}()
}
