package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"

	"kluis/internal/audit"
	"kluis/internal/crashwatch"
	"kluis/internal/support"
	"kluis/internal/vault"
	"kluis/internal/version"
)

// Support: the helpdesk every user can reach from the Support page, and the support block
// ("Kopieer gegevens voor support", `kluis support-info`).

// Where a helpdesk came from.
const (
	HelpdeskNone    = "none"    // neither the service nor an admin gave one
	HelpdeskService = "service" // the arbo service gave it at enrolment
	HelpdeskOwn     = "own"     // an admin recorded it (it wins over the service's)
)

// HelpdeskState is the helpdesk the Support page shows, where it came from, and the service's
// own, so an admin correcting it sees both.
type HelpdeskState struct {
	Helpdesk    support.Helpdesk
	Source      string // HelpdeskNone, HelpdeskService or HelpdeskOwn
	Service     support.Helpdesk
	ServiceName string
	Linked      bool
	CanEdit     bool // the session is an admin's
}

// Helpdesk reads the helpdesk: the one an admin recorded, else the one the arbo service gave.
func (w *Workspace) Helpdesk() (HelpdeskState, error) {
	var st HelpdeskState
	if link, ok := w.sess.ServiceLink(); ok {
		var svc ServiceDetails
		if err := json.Unmarshal(link.Details, &svc); err != nil {
			w.logger.Warn("support: the service's details do not read", "err", err)
		}
		st.Linked, st.ServiceName, st.Service = true, svc.Name, support.Helpdesk(svc.Helpdesk)
	}
	st.CanEdit = w.sess.Role() == vault.RoleAdmin
	var own support.Helpdesk
	var ok bool
	err := w.sess.View(func(tx *vault.Tx) (err error) {
		own, ok, err = support.LoadHelpdesk(tx)
		return err
	})
	switch {
	case err != nil:
		return HelpdeskState{}, err
	case ok:
		st.Helpdesk, st.Source = own, HelpdeskOwn
	case !st.Service.Empty():
		st.Helpdesk, st.Source = st.Service, HelpdeskService
	default:
		st.Source = HelpdeskNone
	}
	return st, nil
}

// SaveHelpdesk records the helpdesk (admins only), for a vault without a service or whose
// service gave none or a wrong one; an empty form removes it, so the service's shows again. A
// change is audited; an unchanged helpdesk adds nothing.
func (w *Workspace) SaveHelpdesk(in support.HelpdeskInput) (HelpdeskState, error) {
	if w.sess.Role() != vault.RoleAdmin {
		return HelpdeskState{}, fmt.Errorf("%w: admins only", vault.ErrDenied)
	}
	h, err := support.CheckHelpdesk(in)
	if err != nil {
		return HelpdeskState{}, err
	}
	err = w.guard(func() error {
		changed := false
		err := w.sess.Update(func(tx *vault.Tx) error {
			old, ok, err := support.LoadHelpdesk(tx)
			if err != nil || (ok && old == h) || (!ok && h.Empty()) {
				return err
			}
			changed = true
			return support.StoreHelpdesk(tx, w.sess.DirectoryScope(), h)
		})
		if err != nil || !changed {
			return err
		}
		detail := "set"
		if h.Empty() {
			detail = "removed"
		}
		return w.record(audit.ActionHelpdeskUpdate, nil, detail)
	})
	if err != nil {
		return HelpdeskState{}, err
	}
	return w.Helpdesk()
}

// SupportEnv is what the support block needs from outside the vault: where it lies and where the
// log goes (the window's and the CLI's differ).
type SupportEnv struct {
	VaultDir string
	LogPath  string
}

// SupportInfo builds the support block. Every user may make one; counts the session may not see
// are -1. It reads no identity data, so it is not audited.
func (w *Workspace) SupportInfo(env SupportEnv) (support.Info, error) {
	in := support.Info{Version: version.String(), OS: runtime.GOOS, Arch: runtime.GOARCH,
		VaultFormat: vault.FormatVersion, VaultDir: env.VaultDir, LogPath: env.LogPath,
		Role: string(w.sess.Role()), Users: -1, Requests: -1, GeneratedAt: w.now().UTC()}
	if env.LogPath != "" { // the window's crash reports lie next to its log
		if path, at := crashwatch.Latest(filepath.Dir(env.LogPath)); path != "" {
			in.LastCrash, in.CrashReport = at, filepath.Base(path)
		}
	}
	err := func() error {
		var err error
		if in.VaultBytes, err = support.FolderSize(env.VaultDir); err != nil {
			w.logger.Warn("support info: vault size unknown", "err", err)
		}
		emps, _, err := w.dir.SyncEmployees()
		if err != nil {
			return err
		}
		in.Employees = len(emps)
		for _, e := range emps {
			if e.Shared {
				in.Shares++
			}
		}
		depts, err := w.dir.DepartmentsByID()
		if err != nil {
			return err
		}
		in.Departments = len(depts)
		if w.sess.Role() == vault.RoleAdmin {
			users, err := w.sess.Users()
			if err != nil {
				return err
			}
			reqs, err := w.sess.Requests()
			if err != nil {
				return err
			}
			in.Users, in.Requests = len(users), len(reqs)
		}
		st, err := w.SyncStatus()
		if err != nil && !errors.Is(err, vault.ErrDenied) {
			return err
		}
		in.SyncLinked, in.LastAttempt, in.LastSuccess = st.Linked, st.State.LastAttempt, st.State.LastSuccess
		in.SyncError, in.SyncPending, in.SyncRejected = st.State.LastError, st.Pending, st.State.Rejected
		if !st.Linked {
			in.SyncError = "not_linked"
		}
		return nil
	}()
	return in, err
}
