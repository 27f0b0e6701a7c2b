package workspace

import (
	"context"
	"errors"
	"fmt"
	"kluis/internal/arbosync"
	"log/slog"
	"sync"
	"time"

	"kluis/internal/access"
	"kluis/internal/audit"
	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/vault"
)

// Config tunes a workspace; the zero value is fine.
type Config struct {
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Logger receives failures that do not stop a use case, such as an audit write after a
	// signed keyring change (nil discards).
	Logger *slog.Logger
	// LeaseTTL is how long the arbo sync lease holds without renewal (zero: the default);
	// LeaseTick times its renewals (nil: time.After). Tests set them (synclease.go).
	LeaseTTL  time.Duration
	LeaseTick func(time.Duration) <-chan time.Time
}

// ErrClosed is returned by a use case that Close cut short; it is a vault.ErrLocked.
var ErrClosed = fmt.Errorf("workspace: closed: %w", vault.ErrLocked)

// Workspace is one unlocked session's services and use cases. It is safe for concurrent use.
type Workspace struct {
	sess   *vault.Session
	dir    *people.Directory
	log    *audit.Log
	share  *sharing.Service
	sync   *arbosync.Engine
	now    func() time.Time
	logger *slog.Logger
	// bsnLimit counts this session's BSN lookups (bsnlimit.go).
	bsnLimit *bsnLimiter

	// ctx is cancelled when Close starts, so long use cases stop at their next check.
	ctx     context.Context
	cancel  context.CancelFunc
	gate    *gate
	close   sync.Once
	preload sync.WaitGroup
	// repl runs one replication cycle at a time and wakes the background loop (replicaloop.go).
	repl replLoop
	// leaseTTL and leaseTick: the arbo sync lease's (synclease.go).
	leaseTTL  time.Duration
	leaseTick func(time.Duration) <-chan time.Time
}

// Open builds the workspace of an unlocked session. It reads nothing yet; it writes the failed
// unlocks the vault kept since the last session into the audit log.
func Open(sess *vault.Session, cfg Config) *Workspace {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	dir := people.NewDirectory(sess, cfg.Now)
	// Concurrent identity edits from another PC are both kept, for a person to choose (conflicts.go).
	if err := sess.KeepConflicts(people.ConflictPolicy()); err != nil {
		cfg.Logger.Error("setting the conflict policy failed", "err", err)
	}
	// Registered here, once: an employee who moves, by hand or by import, takes their dossier.
	dir.MoveWithEmployee(sharing.KindDossier, arbosync.KindLedger)
	log := audit.New(sess, cfg.Now)
	log.Describe(describeSubjects(sess)) // events name their employees by persnr and department (logbook.go)
	// Failed unlocks happened before anyone held a key; the vault kept them for this moment.
	if err := log.RecordFailedUnlocks(); err != nil {
		cfg.Logger.Error("recording failed unlocks in the audit log failed", "err", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	share := sharing.New(sess, dir, log, cfg.Now)
	return &Workspace{sess: sess, dir: dir, log: log, share: share,
		sync: arbosync.New(sess, dir, share, log, cfg.Logger, cfg.Now),
		now:  cfg.Now, logger: cfg.Logger, ctx: ctx, cancel: cancel, gate: newGate(), bsnLimit: newBSNLimiter(),
		repl: replLoop{kick: make(chan struct{}, 1)}, leaseTTL: cfg.LeaseTTL, leaseTick: cfg.LeaseTick}
}

// Session is the unlocked vault session (keyring administration, settings, verification).
func (w *Workspace) Session() *vault.Session { return w.sess }

// Directory is the session's one people directory; reads of identity data through it are not
// audited, so show identity data through Employee or Search instead.
func (w *Workspace) Directory() *people.Directory { return w.dir }

// Audit is the session's audit log.
func (w *Workspace) Audit() *audit.Log { return w.log }

// Preload loads the default tree view and then builds the name index in the background, so the
// first screen and the first search answer at once; around it, the upkeep of an older vault
// (Upkeep: the signing first, the retired indexes once the search is ready). Call it once, right
// after Open; Close waits for it.
func (w *Workspace) Preload() {
	w.preload.Add(1)
	go func() {
		defer w.preload.Done()
		// The tree first (what HR opens first), then the names for search.
		if err := w.dir.Warm(); err != nil {
			w.logUnlessClosed("loading the employees failed", err)
		}
		if err := w.signOlderData(); err != nil {
			w.logUnlessClosed("signing an older vault's tree or profiles failed", err)
		}
		if w.ctx.Err() != nil {
			return
		}
		if err := w.dir.BuildNameIndex(); err != nil {
			w.logUnlessClosed("building the name index failed", err)
			return
		}
		if n := w.dir.NameIndexSize(); n > 0 {
			if err := w.log.RecordCount(audit.ActionNameIndexBuilt, n); err != nil {
				w.logUnlessClosed("auditing the name index failed", err)
			}
		}
		if w.ctx.Err() != nil {
			return
		}
		if err := w.retireIndexes(); err != nil {
			w.logUnlessClosed("removing retired indexes failed", err)
		}
	}()
}

// Upkeep does, once, what an older vault still lacks: an admin signs the department tree and
// the users' profiles of before signing (signTreeOnce, access.SignLegacyProfiles), and what an
// older Kluis's indexes left is removed (vault.Session.RetireStaffIndex, DropIndexFields). Each
// step costs a check once done. The window runs it in Preload; the CLI before every command, so
// that a vault only ever used from scripts is completed by an admin's first command, as the
// format upgrade is.
func (w *Workspace) Upkeep() error {
	return errors.Join(w.signOlderData(), w.retireIndexes())
}

func (w *Workspace) signOlderData() error {
	err := w.signTreeOnce()
	// Profiles from before profiles were signed: an admin signs those that are their users' own.
	_, perr := access.SignLegacyProfiles(w.sess)
	return errors.Join(err, perr)
}

// retireIndexes removes what an older Kluis's indexes left (ADR 014): the staff index, and the
// BSN and birth-date entries format 3 no longer writes.
func (w *Workspace) retireIndexes() error {
	_, _, err := w.sess.RetireStaffIndex()
	_, derr := w.sess.DropIndexFields(people.RetiredIndexFields...)
	return errors.Join(err, derr)
}

// logUnlessClosed logs a background failure, except the ErrLocked of a workspace closing.
func (w *Workspace) logUnlessClosed(msg string, err error) {
	if !errors.Is(err, vault.ErrLocked) {
		w.logger.Error(msg, "err", err)
	}
}

// Close ends the workspace (see the package doc for the order and why). Later use cases return
// vault.ErrLocked. Calls after the first wait for it to finish and return.
func (w *Workspace) Close() {
	w.close.Do(func() {
		drained := w.gate.close()
		w.cancel()
		<-drained
		// Every use case has ended: the skeletons in memory are the records, so the next unlock
		// reads the tree from pages (people/skelpage.go).
		if err := w.dir.SavePages(); err != nil {
			w.logUnlessClosed("saving the tree pages failed", err)
		}
		w.dir.Wipe()
		w.sync.Wipe()
		w.sess.Lock()
		w.dir.Wipe()
		w.preload.Wait()
	})
}

// bind returns a context that ends with ctx or with Close, whichever comes first.
func (w *Workspace) bind(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(w.ctx, cancel)
	return ctx, func() {
		stop()
		cancel()
	}
}

// closedErr marks err as caused by Close when the workspace closed while it ran, so callers
// see ErrLocked rather than "cancelled".
func (w *Workspace) closedErr(err error) error {
	if err != nil && w.ctx.Err() != nil && !errors.Is(err, vault.ErrLocked) {
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return err
}

// record writes an audit event whose failure must stop the use case (identity shown, import).
func (w *Workspace) record(action audit.Action, subjects []vault.ID, detail string) error {
	if err := w.log.Record(action, subjects, detail); err != nil {
		return w.closedErr(err)
	}
	return nil
}

// note writes an audit event about a change that is already made and signed (keyring
// administration); a failure is logged, not returned.
func (w *Workspace) note(action audit.Action, subjects []vault.ID, detail string) {
	if err := w.log.Record(action, subjects, detail); err != nil {
		w.logger.Error("auditing a change failed", "action", string(action), "err", err)
	}
}
