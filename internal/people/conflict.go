package people

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"kluis/internal/vault"
)

// Identity conflicts (docs/adr/012-conflicts.md): when two PCs edit the same employee's identity
// without seeing each other's edit, replication applies the later one and the vault keeps the
// other as a KindConflict record, sealed under the identity's scope. An HR user picks the
// version to keep; the resolution writes it with a new clock and deletes the record, and both
// changes replicate, so the conflict goes away on every PC.

// KindConflict is the losing version of a concurrent identity edit (vault.Conflict, sealed under
// the scope of the identity it belongs to; record id derived from the identity and the losing
// version's clock, the same on every PC).
const KindConflict vault.Kind = 0x26

// ErrConflictNotFound: no conflict with that id (resolved meanwhile, here or on another PC).
var ErrConflictNotFound = errors.New("people: conflict not found")

// ConflictPolicy is what a session gives the vault (vault.Session.KeepConflicts): concurrent
// edits of identities are both kept.
func ConflictPolicy() vault.ConflictPolicy {
	return vault.ConflictPolicy{Kinds: []vault.Kind{KindIdentity}, Into: KindConflict}
}

// IdentityConflict is one conflict this session can read: the version kept aside and the
// identity as it is stored now, with when and where each was made.
type IdentityConflict struct {
	ID          vault.ID // the conflict record
	Employee    vault.ID
	Kept        *Identity // the version that lost to the concurrent edit
	Current     *Identity // the stored identity (nil: the employee's identity is gone)
	KeptAt      time.Time
	CurrentAt   time.Time // when the version that won was made (the stored one may be newer)
	KeptHere    bool      // the kept version was made on this PC
	CurrentHere bool      // the version that won was made on this PC
}

// ConflictIDs are the employees with a conflict this session can read, each once.
func (d *Directory) ConflictIDs() (map[vault.ID]bool, error) {
	out := map[vault.ID]bool{}
	err := d.eachConflict(func(_ *vault.Tx, _ vault.ID, c vault.Conflict) error {
		out[c.ID] = true
		return nil
	})
	return out, err
}

// eachConflict opens every conflict record of identities this session can read (fn reads more
// through tx, never through a second View: the session's lock is not re-entrant).
func (d *Directory) eachConflict(fn func(tx *vault.Tx, id vault.ID, c vault.Conflict) error) error {
	return d.sess.View(func(tx *vault.Tx) error {
		return tx.Iterate(KindConflict, func(id vault.ID, r vault.Sealed) error {
			plain, err := r.Open()
			if errors.Is(err, vault.ErrNoAccess) {
				return nil
			}
			if err != nil {
				return err
			}
			defer clear(plain)
			c, err := vault.ParseConflict(plain)
			if err != nil || c.Kind != KindIdentity {
				return err
			}
			return fn(tx, id, c)
		})
	})
}

// Conflicts lists the identity conflicts this session can read, oldest first.
func (d *Directory) Conflicts() ([]IdentityConflict, error) {
	here := d.sess.DeviceID()
	var out []IdentityConflict
	err := d.eachConflict(func(tx *vault.Tx, id vault.ID, c vault.Conflict) error {
		kept, err := decodeIdentity(c.Kept)
		if err != nil {
			return err
		}
		ic := IdentityConflict{ID: id, Employee: c.ID, Kept: kept, KeptAt: vault.ClockTime(c.KeptClock),
			CurrentAt: vault.ClockTime(c.CurrentClock), KeptHere: c.KeptDevice == here, CurrentHere: c.CurrentDevice == here}
		ic.Current, err = d.readIdentity(tx, c.ID)
		out = append(out, ic)
		return err
	})
	sort.Slice(out, func(i, j int) bool { return out[i].KeptAt.Before(out[j].KeptAt) })
	return out, err
}

func decodeIdentity(b []byte) (*Identity, error) {
	var ident Identity
	if err := json.Unmarshal(b, &ident); err != nil {
		return nil, fmt.Errorf("%w: conflict record", vault.ErrCorrupt)
	}
	return &ident, nil
}

// ResolveConflict ends a conflict: keepKept writes the kept version as the identity, otherwise
// the stored identity is written again; either way with a new clock (so the choice replicates
// and wins) and with the blind-index entries of the version not chosen removed; the conflict
// record is deleted. The session must hold the employee's department scope (vault.ErrNoAccess).
// It returns the employee's id. A conflict of an employee that is gone is only deleted.
func (d *Directory) ResolveConflict(id vault.ID, keepKept bool) (vault.ID, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.load(); err != nil {
		return vault.ID{}, err
	}
	var c vault.Conflict
	err := d.sess.View(func(tx *vault.Tx) error {
		plain, err := tx.Get(KindConflict, id)
		if errors.Is(err, vault.ErrNotFound) {
			return ErrConflictNotFound
		}
		if err != nil {
			return err
		}
		defer clear(plain)
		c, err = vault.ParseConflict(plain)
		if err == nil && c.Kind != KindIdentity {
			err = ErrConflictNotFound
		}
		return err
	})
	if err != nil {
		return vault.ID{}, err
	}
	kept, err := decodeIdentity(c.Kept)
	if err != nil {
		return vault.ID{}, err
	}
	e, err := d.emp(c.ID)
	if errors.Is(err, ErrEmployeeNotFound) { // erased meanwhile: nothing to choose
		return c.ID, d.sess.Update(func(tx *vault.Tx) error { return tx.Delete(KindConflict, id) })
	}
	if err != nil {
		return vault.ID{}, err
	}
	if !d.sess.HasDepartment(e.Department) {
		return vault.ID{}, fmt.Errorf("people: resolve conflict: %w", vault.ErrNoAccess)
	}
	scope, err := d.scopeOf(e.Department)
	if err != nil {
		return vault.ID{}, err
	}
	var chosen *Identity
	err = d.sess.Update(func(tx *vault.Tx) error {
		current, err := d.readIdentity(tx, c.ID)
		if err != nil {
			return err
		}
		chosen = current
		if keepKept || current == nil {
			chosen = kept
		}
		if err := vault.PutJSON(tx, KindIdentity, c.ID, scope, chosen); err != nil {
			return err
		}
		return tx.Delete(KindConflict, id)
	})
	if err != nil {
		return vault.ID{}, err
	}
	done := d.touch([]vault.ID{c.ID})
	d.names.put(c.ID, chosen)
	done(map[vault.ID]*Identity{c.ID: chosen})
	return c.ID, nil
}
