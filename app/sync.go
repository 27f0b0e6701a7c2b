package app

import (
	"context"
	"time"

	"kluis/internal/arbosync"
	"kluis/internal/workspace"
)

// syncInterval is how often an unlocked window synchronises.
const syncInterval = 5 * time.Minute

// Sync is the facade of Beheer → Arbodienst (enrolment) and the Synchronisatie page.
type Sync struct {
	s *Session
}

// Helpdesk is the arbo service's support, as it gave it at enrolment.
type Helpdesk struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
	Hours string `json:"hours"`
}

// SyncStatus is what the Synchronisatie page, Actueel and Beheer → Arbodienst show.
type SyncStatus struct {
	Linked      bool     `json:"linked"`
	ServiceName string   `json:"serviceName"`
	URL         string   `json:"url"`
	EmployerID  string   `json:"employerId"`
	Fingerprint string   `json:"fingerprint"` // "AA:BB:…" when TLS is pinned, else ""
	Helpdesk    Helpdesk `json:"helpdesk"`
	LinkedAt    string   `json:"linkedAt"`    // RFC 3339 or ""
	LastAttempt string   `json:"lastAttempt"` // RFC 3339 or ""
	LastSuccess string   `json:"lastSuccess"` // RFC 3339 or ""
	// LastError is a SyncErrors code ("" after a success).
	LastError string `json:"lastError"`
	Pending   int    `json:"pending"`  // messages waiting to be sent (the user's departments)
	Rejected  int    `json:"rejected"` // messages the service refused, in all
	// Stale: linked, and nothing could be sent for 24 hours (Actueel warns).
	Stale bool `json:"stale"`
	// RetrievalsThisMonth: retrievals by the arbo service this month (admins; -1 for others).
	RetrievalsThisMonth int  `json:"retrievalsThisMonth"`
	Running             bool `json:"running"`
}

// SyncReport is what one "Nu synchroniseren" did.
type SyncReport struct {
	Sent       int        `json:"sent"`
	Rejected   int        `json:"rejected"`
	Retrievals int        `json:"retrievals"`
	Ended      int        `json:"ended"`
	Waiting    int        `json:"waiting"`
	Status     SyncStatus `json:"status"`
}

// Status reads the sync status.
func (y *Sync) Status() (_ SyncStatus, err error) {
	defer y.s.recovered("Sync.Status", &err)
	ws, err := y.s.workspace()
	if err != nil {
		return SyncStatus{}, err
	}
	st, err := ws.SyncStatus()
	if err != nil {
		return SyncStatus{}, y.s.fail("sync status", err)
	}
	return y.view(st), nil
}

// Enrol connects the vault with an arbo service (admins): its URL, the one-time code it issued
// and, for https with its own certificate, the certificate's fingerprint.
func (y *Sync) Enrol(url, code, fingerprint string) (_ SyncStatus, err error) {
	defer y.s.recovered("Sync.Enrol", &err)
	ws, err := y.s.workspace()
	if err != nil {
		return SyncStatus{}, err
	}
	y.s.Touch()
	st, err := ws.Enrol(context.Background(), url, code, fingerprint)
	if err != nil {
		return SyncStatus{}, y.s.fail("enrol", err)
	}
	return y.view(st), nil
}

// SyncNow runs one cycle and reports it; progress arrives as EventSyncProgress, and the status
// as EventSyncStatus afterwards.
func (y *Sync) SyncNow() (_ SyncReport, err error) {
	defer y.s.recovered("Sync.SyncNow", &err)
	ws, err := y.s.workspace()
	if err != nil {
		return SyncReport{}, err
	}
	y.s.Touch()
	platform := y.s.platformNow()
	rep, err := ws.SyncNow(context.Background(), func(done, total int) {
		platform.Emit(EventSyncProgress, SyncProgress{Done: done, Total: total})
	})
	st, serr := ws.SyncStatus()
	if serr == nil {
		platform.Emit(EventSyncStatus, y.view(st))
	}
	if err != nil {
		return SyncReport{}, y.s.fail("sync", err)
	}
	return SyncReport{Sent: rep.Sent, Rejected: rep.Rejected, Retrievals: rep.Retrievals, Ended: rep.Ended,
		Waiting: rep.Waiting, Status: y.view(st)}, nil
}

func (y *Sync) view(st workspace.SyncStatus) SyncStatus {
	now := y.s.cfg.Now()
	out := SyncStatus{Linked: st.Linked, ServiceName: st.Service.Name, URL: st.URL, EmployerID: st.EmployerID,
		Fingerprint: st.Fingerprint, Helpdesk: Helpdesk(st.Service.Helpdesk), LastError: syncErrorCode(st),
		Pending: st.Pending, Rejected: st.State.Rejected, RetrievalsThisMonth: -1,
		LinkedAt: rfc3339(st.LinkedAt), LastAttempt: rfc3339(st.State.LastAttempt), LastSuccess: rfc3339(st.State.LastSuccess)}
	if st.Admin {
		out.RetrievalsThisMonth = st.State.Retrievals[now.UTC().Format("2006-01")]
	}
	// Stale: linked and the last success (or, before any, the link) is more than a day ago.
	since := st.State.LastSuccess
	if since.IsZero() {
		since = st.LinkedAt
	}
	out.Stale = st.Linked && now.Sub(since) > 24*time.Hour
	return out
}

// syncErrorCode is the last cycle's error as one of SyncErrors ("not_linked" when no service is
// connected).
func syncErrorCode(st workspace.SyncStatus) string {
	if !st.Linked {
		return arbosync.CodeNotLinked
	}
	return st.State.LastError
}

// SyncErrors are the codes of SyncStatus.LastError (the frontend translates sync.error.<code>).
var SyncErrors = []string{arbosync.CodeNotLinked, arbosync.CodeOffline, arbosync.CodeCertificate, arbosync.CodeRefused,
	arbosync.CodeServiceError, arbosync.CodeAuditWitness, arbosync.CodeFailed}
