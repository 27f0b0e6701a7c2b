package workspace

import (
	"context"
	"errors"
	"fmt"
	"time"

	"kluis/internal/arbosync"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/vault"
)

// Retention and erasure (DOMAIN.md "Retention and logging", docs/adr/005-erasure.md): admins
// list the employees whose last employment ended more than two years ago and erase them.

// ErrErasureRemnants: the check after an erasure and compaction still found a version of an
// erased record in the store. It should never happen; it means the promise was not kept.
var ErrErasureRemnants = errors.New("workspace: erased records left traces in the store")

// RetentionEntry is one employee past the retention period, as the Bewaartermijn list shows
// them: persnr, department and end date (no identity data), and why they cannot be erased yet
// ("" when they can: people.RefusedShared, RefusedAbsence or RefusedCase).
type RetentionEntry struct {
	people.Retention
	Blocked string
}

// RetentionList lists the employees past the retention period, the longest ago first (admins
// only: erasure is theirs). Reading it opens no identity data.
func (w *Workspace) RetentionList() ([]RetentionEntry, error) {
	if w.sess.Role() != vault.RoleAdmin {
		return nil, fmt.Errorf("workspace: retention list: %w", vault.ErrDenied)
	}
	due, err := w.dir.PastRetention()
	if err != nil {
		return nil, err
	}
	out := make([]RetentionEntry, len(due))
	today := w.now()
	err = w.sess.View(func(tx *vault.Tx) error {
		for i, r := range due {
			out[i].Retention = r
			reason, err := sharing.ErasureBlock(tx, r.Employee, today)
			if err != nil {
				return err
			}
			out[i].Blocked = reason
		}
		return nil
	})
	return out, err
}

// ErasePhase names the step an erasure is in, for its progress.
type ErasePhase string

// Phases of an erasure.
const (
	PhaseErase   ErasePhase = "erase"   // deleting, chunk by chunk
	PhaseNotify  ErasePhase = "notify"  // telling the arbo service
	PhaseCompact ErasePhase = "compact" // rebuilding the store without the old versions
	PhaseCheck   ErasePhase = "check"   // looking for remnants
)

// EraseProgress reports a running erasure.
type EraseProgress func(phase ErasePhase, done, total int)

// EraseReport is what an erasure did.
type EraseReport struct {
	Erased int
	// Notices were queued for the arbo service; NoticesWaiting of them (all notices of the
	// vault) still wait after this erasure's sync attempt (offline, or not linked: 0 queued).
	Notices        int
	NoticesWaiting int
	NotifyError    string // the sync's error code when telling the service failed ("" otherwise)
	Compacted      bool
	Took           time.Duration
}

// EraseEmployees erases employees past the retention period (admins only): it refuses the whole
// request when any of them may not be erased (people.NotErasableError), then erases in chunks
// (each one transaction, its audit event written just before), queues a notice for the arbo
// service per employee when the vault is linked and tries to deliver them at once, compacts the
// store so no earlier version of an erased record remains, and checks that none does.
// Cancelling ctx stops between chunks: the chunks done stay erased (the report says how many),
// and the next erasure compacts them away too. progress may be nil.
func (w *Workspace) EraseEmployees(ctx context.Context, ids []vault.ID, progress EraseProgress) (rep EraseReport, err error) {
	if w.sess.Role() != vault.RoleAdmin {
		return rep, fmt.Errorf("workspace: erase: %w", vault.ErrDenied)
	}
	if progress == nil {
		progress = func(ErasePhase, int, int) {}
	}
	start := time.Now()
	err = w.guard(func() error {
		ctx, cancel := w.bind(ctx)
		defer cancel()
		var pseudonyms map[vault.ID]string
		done, err := w.dir.EraseEmployees(ctx, ids, people.EraseOptions{
			Check: func(tx *vault.Tx, id vault.ID) (string, error) { return sharing.ErasureBlock(tx, id, w.now()) },
			Before: func(chunk []people.Erased) error {
				var err error
				if pseudonyms, err = w.sync.ErasureNotices(chunk); err != nil {
					return err
				}
				subjects := make([]vault.ID, len(chunk))
				for i, x := range chunk {
					subjects[i] = x.Employee
				}
				return w.record(audit.ActionErase, subjects, "retention")
			},
			With: func(tx *vault.Tx, chunk []people.Erased) error {
				return w.sync.QueueErasure(tx, chunk, pseudonyms)
			},
			Progress: func(done, total int) { progress(PhaseErase, done, total) },
		})
		rep.Erased = len(done)
		if pseudonyms != nil {
			rep.Notices = len(done)
		}
		if err != nil {
			return w.closedErr(err)
		}
		if len(done) == 0 {
			return nil
		}
		// The caches of the sync engine still name the erased employees' ledger entries.
		w.sync.Wipe()
		if rep.Notices > 0 {
			progress(PhaseNotify, 0, rep.Notices)
			nctx, ncancel := context.WithTimeout(ctx, 30*time.Second)
			_, serr := w.sync.Run(nctx, nil)
			ncancel()
			if serr != nil {
				rep.NotifyError = arbosync.ErrorCode(serr)
				w.logger.Warn("erasure: telling the arbo service failed; the notices wait for the next sync", "code", rep.NotifyError)
			}
			if rep.NoticesWaiting, err = w.sync.ErasuresWaiting(); err != nil {
				return w.closedErr(err)
			}
			progress(PhaseNotify, rep.Notices-rep.NoticesWaiting, rep.Notices)
		}
		if err := w.compact(ctx, progress); err != nil {
			return w.closedErr(err)
		}
		rep.Compacted = true
		return w.closedErr(w.checkErased(ctx, done, progress))
	})
	rep.Took = time.Since(start)
	return rep, err
}

// compact rebuilds the store without old versions.
func (w *Workspace) compact(ctx context.Context, progress EraseProgress) error {
	return w.sess.Compact(ctx, vault.CompactOptions{Progress: func(done, total int) { progress(PhaseCompact, done, total) }})
}

// erasedKinds are the records keyed by an employee's id that erasure deletes.
var erasedKinds = []vault.Kind{people.KindEmployee, people.KindIdentity, sharing.KindDossier, arbosync.KindLedger}

// checkErased looks for any version of the erased employees' records or of index entries
// pointing at them: after compaction there must be none.
func (w *Workspace) checkErased(ctx context.Context, done []people.Erased, progress EraseProgress) error {
	progress(PhaseCheck, 0, 1)
	q := vault.RemnantQuery{Records: make([]vault.RecordRef, 0, len(done)*len(erasedKinds))}
	for _, x := range done {
		for _, k := range erasedKinds {
			q.Records = append(q.Records, vault.RecordRef{Kind: k, ID: x.Employee})
		}
	}
	left, err := w.sess.Remnants(ctx, q)
	if err != nil {
		return err
	}
	if len(left) > 0 {
		w.logger.Error("erasure: records left after compaction", "versions", len(left))
		return fmt.Errorf("%w: %d versions", ErrErasureRemnants, len(left))
	}
	progress(PhaseCheck, 1, 1)
	return nil
}

// ErasedCount is how many erased employees the vault keeps employment facts of.
func (w *Workspace) ErasedCount() (int, error) { return w.dir.ErasedCount() }

// ErasuresWaiting counts the erasure notices not yet accepted by the arbo service (admins).
func (w *Workspace) ErasuresWaiting() (int, error) { return w.sync.ErasuresWaiting() }
