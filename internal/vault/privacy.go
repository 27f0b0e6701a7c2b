package vault

import (
	"crypto/ecdh"
	"crypto/rand"
	"fmt"

	vcrypto "kluis/internal/vault/crypto"
)

// The privacy officer (RolePrivacy, "functionaris gegevensbescherming") reads the audit log and
// checks its chain, and nothing else: the audit reader's private keys of every epoch are wrapped
// to them (wrapAudit), and the storage and directory scopes, which every user holds (employers,
// the department tree, user profiles). No vault, staff or department key, so no skeleton,
// identity, dossier or admin record opens for them. When a privacy officer loses the role or is
// revoked, the audit reader gets a new key pair (a new epoch): sessions from then on wrap their
// audit key to it, so the former officer reads nothing written afterwards; admins and the
// remaining officers get the new key.

// wrapAudit is a wrapped key holding an audit reader's X25519 private key (its epoch in Epoch).
const wrapAudit = "audit"

// wrapAuditReaders wraps every epoch's audit reader private key to u.
func wrapAuditReaders(st *state, u *userEntry, rk rootKeys) error {
	for _, a := range st.AuditKeys {
		priv, err := openSealed(rk.vault, a.Sealed, auditKeyAD(st.VaultID, a.Epoch))
		if err != nil {
			return err
		}
		err = wrapTo(st.VaultID, u, wrappedKey{What: wrapAudit, Epoch: a.Epoch}, priv)
		vcrypto.Wipe(priv)
		if err != nil {
			return err
		}
	}
	return nil
}

// openAuditWraps opens the audit reader keys wrapped to a user who is not an admin (a privacy
// officer) into ks.readers. A wrap naming an epoch the signed state does not list is ignored.
func openAuditWraps(st *state, u *userEntry, ks *keySet, unwrap func(wrappedKey) ([]byte, error)) error {
	for _, w := range u.Wrapped {
		if w.What != wrapAudit {
			continue
		}
		known := false
		for _, a := range st.AuditKeys {
			known = known || a.Epoch == w.Epoch
		}
		if !known {
			continue
		}
		priv, err := unwrap(w)
		if err != nil {
			return err
		}
		k, err := ecdh.X25519().NewPrivateKey(priv)
		vcrypto.Wipe(priv)
		if err != nil {
			return fmt.Errorf("%w: audit key %d wrapped to user %s", ErrKeyringTampered, w.Epoch, u.ID)
		}
		ks.readers[w.Epoch] = k
	}
	return nil
}

// newAuditReader adds an audit reader key pair of a new epoch to st, sealed under the vault key
// (a privacy officer leaves: what is written from now on must be closed to them). The caller
// wraps it to the remaining privacy officers (regrantAll, or grantKeys of each).
func newAuditReader(st *state, rk rootKeys) error {
	epoch := uint32(0)
	for _, a := range st.AuditKeys {
		epoch = max(epoch, a.Epoch)
	}
	epoch++
	reader, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	priv := reader.Bytes()
	st.AuditKeys = append(st.AuditKeys, auditKeyEntry{Epoch: epoch, Public: reader.PublicKey().Bytes(),
		Sealed: vcrypto.Seal(rk.vault, priv, auditKeyAD(st.VaultID, epoch))})
	vcrypto.Wipe(priv)
	for i := range st.Users {
		u := &st.Users[i]
		if u.Role == RolePrivacy && u.Status == StatusActive {
			if err := grantKeys(st, u, rk); err != nil {
				return err
			}
		}
	}
	return nil
}

// requireAuditReader lets through sessions that hold an audit reader key: admins and privacy
// officers.
func (s *Session) requireAuditReader() error {
	if len(s.ks.readers) == 0 {
		return fmt.Errorf("%w: admins and privacy officers only", ErrDenied)
	}
	return nil
}

// ReadsAudit reports whether the session reads the audit log (an admin or a privacy officer).
func (s *Session) ReadsAudit() bool {
	if s.enter() != nil {
		return false
	}
	defer s.mu.RUnlock()
	return len(s.ks.readers) > 0
}
