package replicate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"kluis/internal/vault"
)

// Leases: work that one PC of the vault may do at a time (sending to the arbo service). A lease
// is lease/<name>, signed by the holder's user: device, user, expiry. It is created with
// If-None-Match: * and taken over (expired, released or unreadable) or renewed only with
// If-Match on the ETag just read, so of two PCs racing exactly one wins. A holder that crashes
// without releasing blocks the others until the expiry only.

// leaseDomain is the statement domain of a lease.
const leaseDomain = "kluis.lease.v1"

// DefaultLeaseTTL is how long a lease holds without renewal; a holder renews it every third of it.
const DefaultLeaseTTL = 2 * time.Minute

// ErrLeaseHeld: another PC of the vault holds the lease (LeaseHeldError says which and until when).
var ErrLeaseHeld = errors.New("replicate: another PC is doing this work now")

// ErrLeaseLost: the lease expired and another PC took it over while this PC worked.
var ErrLeaseLost = errors.New("replicate: the lease was taken over by another PC")

// LeaseHeldError names the device holding the lease and its expiry (random id and a time only).
type LeaseHeldError struct {
	Device vault.ID
	Until  time.Time
}

func (e *LeaseHeldError) Error() string {
	return fmt.Sprintf("%v: device %s holds it until %s", ErrLeaseHeld, e.Device, e.Until.UTC().Format(time.RFC3339))
}

// Is makes errors.Is(err, ErrLeaseHeld) hold.
func (e *LeaseHeldError) Is(target error) bool { return target == ErrLeaseHeld }

// Lease is the object lease/<name>.
type Lease struct {
	Vault    string       `json:"vault"`
	Name     string       `json:"name"`
	Device   vault.ID     `json:"device"`
	User     vault.UserID `json:"user"`
	Expires  time.Time    `json:"expires"`
	Released bool         `json:"released,omitempty"`
	Sig      []byte       `json:"sig,omitempty"`
}

// message is the legacy signed message (signed.go).
func (l Lease) message() []byte {
	l.Sig = nil
	b, _ := json.Marshal(l)
	return b
}

func leaseKey(name string) string { return "lease/" + name }

// Held is a lease this PC holds until Release.
type Held struct {
	e    *Engine
	name string
	ttl  time.Duration

	mu   sync.Mutex
	etag string
	lost bool
}

// TakeLease takes lease name for ttl (zero: DefaultLeaseTTL): a LeaseHeldError when another
// PC's valid lease has not expired; this PC's own unexpired lease is taken again.
func (e *Engine) TakeLease(ctx context.Context, name string, ttl time.Duration) (*Held, error) {
	if ttl <= 0 {
		ttl = DefaultLeaseTTL
	}
	key := leaseKey(name)
	for range 3 { // a lost race reads the winner's lease on the next round
		b, etag, err := e.b.GetTagged(ctx, key)
		switch {
		case errors.Is(err, ErrObjectMissing):
			etag = ""
		case err != nil:
			return nil, err
		default:
			if l, ok := e.validLease(name, b); ok && !l.Released && l.Expires.After(e.now()) && l.Device != e.s.DeviceID() {
				return nil, &LeaseHeldError{Device: l.Device, Until: l.Expires}
			}
		}
		h := &Held{e: e, name: name, ttl: ttl}
		err = h.write(ctx, etag, false)
		if errors.Is(err, ErrObjectExists) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return h, nil
	}
	return nil, fmt.Errorf("%w: the lease changed hands repeatedly", ErrLeaseHeld)
}

// validLease parses a lease and checks it is this vault's, named name, and signed by an active
// user; an unreadable or forged lease holds nothing (it may be replaced).
func (e *Engine) validLease(name string, b []byte) (Lease, bool) {
	var l Lease
	if json.Unmarshal(b, &l) != nil || l.Vault != e.vaultID || l.Name != name {
		return Lease{}, false
	}
	return l, verifyObject(b, l.message(), func(msg []byte) bool {
		return e.s.VerifyUserStatement(l.User, leaseDomain, msg, l.Sig)
	})
}

// write replaces the lease read with etag ("" creates it) by this PC's.
func (h *Held) write(ctx context.Context, etag string, released bool) error {
	e := h.e
	l := Lease{Vault: e.vaultID, Name: h.name, Device: e.s.DeviceID(), User: e.s.UserID(),
		Expires: e.now().UTC().Add(h.ttl).Truncate(time.Millisecond), Released: released}
	if released {
		l.Expires = e.now().UTC().Truncate(time.Millisecond)
	}
	sig, err := signObject(l, func(msg []byte) ([]byte, error) { return e.s.SignStatement(leaseDomain, msg) })
	if err != nil {
		return err
	}
	l.Sig = sig
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	var next string
	if etag == "" {
		next, err = e.b.PutCreate(ctx, leaseKey(h.name), b)
	} else {
		next, err = e.b.PutReplace(ctx, leaseKey(h.name), b, etag)
	}
	if err != nil {
		return err
	}
	h.etag = next
	return nil
}

// Renew moves the expiry on; ErrLeaseLost when another PC took the lease over meanwhile.
func (h *Held) Renew(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.lost {
		return ErrLeaseLost
	}
	if err := h.write(ctx, h.etag, false); err != nil {
		if errors.Is(err, ErrObjectExists) {
			h.lost = true
			return ErrLeaseLost
		}
		return err
	}
	return nil
}

// Release marks the lease released (a conditional replace, so a lease another PC took over is
// left alone). Released leases may be taken at once.
func (h *Held) Release(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.lost {
		return nil
	}
	err := h.write(ctx, h.etag, true)
	if errors.Is(err, ErrObjectExists) {
		return nil
	}
	return err
}

// Keep renews the lease every third of its time until ctx ends; when the lease is lost it
// calls lost (which should stop the work) and returns; a renewal that fails for another
// reason counts as lost too. tick gives the renewal timer (tests pass their own).
func (h *Held) Keep(ctx context.Context, tick func(time.Duration) <-chan time.Time, lost func()) {
	if tick == nil {
		tick = time.After
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick(h.ttl / 3):
		}
		if err := h.Renew(ctx); err != nil && ctx.Err() == nil {
			// Lost, or not renewed (server unreachable): the work stops rather than run on
			// past an expiry another PC may act on.
			lost()
			return
		}
	}
}
