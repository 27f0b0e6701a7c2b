package workspace

import (
	"errors"
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	"kluis/internal/audit"
	"kluis/internal/people"
)

// BSN lookups are rate-limited per session (DOMAIN.md, "Rate-limit lookups by BSN"): a user who
// tries many different BSNs within a minute is refused until the oldest of them is a minute
// old; looking up the same BSN again costs nothing. Every BSN search is audited
// (audit.ActionBSNSearch, with the employees it found; "refused" when the limit refused it).

// BSNSearchLimit is how many different BSNs one session may look up per BSNSearchWindow.
const (
	BSNSearchLimit  = 20
	BSNSearchWindow = time.Minute
)

// ErrTooManyBSNSearches: the session looked up BSNSearchLimit different BSNs within the window;
// a *TooManyBSNSearchesError says when the next one may be tried.
var ErrTooManyBSNSearches = errors.New("workspace: too many different BSNs looked up in a minute")

// TooManyBSNSearchesError carries when another BSN may be looked up.
type TooManyBSNSearchesError struct{ RetryAt time.Time }

func (e *TooManyBSNSearchesError) Error() string {
	return fmt.Sprintf("%v; try again after %s", ErrTooManyBSNSearches, e.RetryAt.UTC().Format(time.RFC3339))
}

func (e *TooManyBSNSearchesError) Unwrap() error { return ErrTooManyBSNSearches }

// bsnLimiter remembers, per session and in memory only, a keyed hash of each BSN looked up in
// the window and when (never the BSN itself).
type bsnLimiter struct {
	mu   sync.Mutex
	seed maphash.Seed
	seen map[uint64]time.Time
}

func newBSNLimiter() *bsnLimiter {
	return &bsnLimiter{seed: maphash.MakeSeed(), seen: map[uint64]time.Time{}}
}

// allow counts a lookup of bsn at now; it refuses a new BSN when the window is full.
func (l *bsnLimiter) allow(bsn string, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var oldest time.Time
	for k, at := range l.seen {
		if now.Sub(at) >= BSNSearchWindow {
			delete(l.seen, k)
			continue
		}
		if oldest.IsZero() || at.Before(oldest) {
			oldest = at
		}
	}
	key := maphash.String(l.seed, bsn)
	if _, again := l.seen[key]; again {
		l.seen[key] = now
		return nil
	}
	if len(l.seen) >= BSNSearchLimit {
		return &TooManyBSNSearchesError{RetryAt: oldest.Add(BSNSearchWindow)}
	}
	l.seen[key] = now
	return nil
}

// bsnGate runs before a search: a BSN query is counted, and refused (and audited as refused)
// past the limit. It reports whether the query is a BSN lookup.
func (w *Workspace) bsnGate(query string) (bool, error) {
	bsn := people.BSNQuery(query)
	if bsn == "" {
		return false, nil
	}
	if err := w.bsnLimit.allow(bsn, w.now()); err != nil {
		if rerr := w.record(audit.ActionBSNSearch, nil, "refused"); rerr != nil {
			return true, rerr
		}
		return true, err
	}
	return true, nil
}
