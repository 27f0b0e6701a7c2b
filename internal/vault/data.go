package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
	"kluis/internal/vault/internal/store"
)

// The data folder and its neighbours during a rebuild under new keys (rotate.go): the new store
// is written to data.next, then data becomes data.old and data.next becomes data.
const (
	dataNext = "data.next"
	dataOld  = "data.old"
)

// recoverDataDirs puts right a rebuild that a crash interrupted: an unfinished data.next is
// thrown away (the rebuild runs again), and a data.old is either the old store left after a
// completed swap (removed) or the only store when the crash fell between the two renames
// (moved back).
func recoverDataDirs(dir string) error {
	if err := os.RemoveAll(filepath.Join(dir, dataNext)); err != nil {
		return fmt.Errorf("vault: remove an unfinished rebuild: %w", err)
	}
	old := filepath.Join(dir, dataOld)
	if _, err := os.Stat(old); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, dataDir)); err == nil {
		return os.RemoveAll(old)
	}
	if err := os.Rename(old, filepath.Join(dir, dataDir)); err != nil {
		return fmt.Errorf("vault: restore the store after an interrupted rebuild: %w", err)
	}
	return syncDir(dir)
}

// openDataWith opens the store with the storage keys of ks (openData) and says the epoch of the
// key that opened it.
func openDataWith(dir string, ks *keySet, logger *slog.Logger, create bool) (*badger.DB, uint32, error) {
	cur := ks.scopes[storageScope]
	var prevKey []byte
	if p := ks.prev[storageScope]; p != nil {
		prevKey = p.key
	}
	db, usedPrev, err := openData(dir, cur.key, prevKey, logger, create)
	if err != nil {
		return nil, 0, err
	}
	if usedPrev {
		return db, ks.prev[storageScope].epoch, nil
	}
	return db, cur.epoch, nil
}

// openData opens the store with the storage key (or, while a storage rotation is under way and
// the rebuild has not swapped yet, the previous one). Without create, a missing or empty data
// folder is ErrStoreMissing: Badger would silently make an empty one. usedPrev says the
// previous key opened it.
func openData(dir string, key, prevKey []byte, logger *slog.Logger, create bool) (db *badger.DB, usedPrev bool, err error) {
	path := filepath.Join(dir, dataDir)
	if !create {
		if _, err := os.Stat(filepath.Join(path, "MANIFEST")); err != nil {
			return nil, false, fmt.Errorf("%w: %s has no database", ErrStoreMissing, dataDir)
		}
	}
	defer guard(&err)
	db, err = store.Open(store.Options(path, key, logger))
	if err != nil && prevKey != nil && errors.Is(err, badger.ErrEncryptionKeyMismatch) {
		db, err = store.Open(store.Options(path, prevKey, logger))
		usedPrev = err == nil
	}
	switch {
	case errors.Is(err, badger.ErrEncryptionKeyMismatch):
		return nil, false, fmt.Errorf("%w: the keyring's storage key does not open the data: keyring.json is older than the data, or belongs to another vault", ErrRollback)
	case err != nil:
		return nil, false, fmt.Errorf("%w: open storage: %v", ErrStoreDamaged, err)
	}
	return db, usedPrev, nil
}

// ownerOnly makes the vault folder and everything in it readable by its owner only: folders
// 0700, files 0600 (on Windows the user profile's ACL does this job and chmod is a no-op).
func ownerOnly(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // a file Badger removed meanwhile
			}
			return err
		}
		mode := fs.FileMode(0o600)
		if d.IsDir() {
			mode = 0o700
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if info.Mode().Perm() != mode {
			if err := os.Chmod(path, mode); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	})
}

// guard turns a panic raised inside Badger (a damaged table or manifest) into ErrStoreDamaged;
// a panic anywhere else is a bug and goes on.
func guard(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if !panickedInBadger() {
		panic(r)
	}
	*err = fmt.Errorf("%w (a read inside the storage engine failed)", ErrStoreDamaged)
}

// panickedInBadger reports whether the panic being recovered was raised in Badger's or its
// cache's code: the first frame below the runtime's panic machinery is theirs.
func panickedInBadger() bool {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return strings.Contains(f.Function, "github.com/dgraph-io/")
		}
		if !more {
			return false
		}
	}
}

// storeHeader is the store's own record (kind 0x01): which vault it belongs to and the newest
// keyring entry and audit head it has seen, so that an older keyring.json, an emptied data
// folder or a cut audit log is noticed.
type storeHeader struct {
	VaultID       string `json:"vault_id"`
	Format        int    `json:"format"`
	KeyringSerial uint64 `json:"keyring_serial"`
	KeyringHash   []byte `json:"keyring_hash"`
	AuditSeq      uint64 `json:"audit_seq"`
	AuditHash     []byte `json:"audit_hash,omitempty"`
	// Records is 2 once every record value of the store was sealed as version 0x02 when it was
	// written or by the migration's pass (ADR 010); absent before.
	Records int `json:"records,omitempty"`
}

var headerKey = recordKey(kindStoreHeader, ID{})

// readHeader reads the store header (ok false when there is none); the caller holds s.mu.
func (s *Session) readHeader() (h storeHeader, ok bool, err error) {
	err = s.headerValue(func(v []byte) error {
		plain, err := s.open(nil, headerKey, v)
		if err != nil {
			return fmt.Errorf("store header: %w", err)
		}
		defer vcrypto.Wipe(plain)
		if err := json.Unmarshal(plain, &h); err != nil {
			return fmt.Errorf("%w: store header", ErrCorrupt)
		}
		ok = true
		return nil
	})
	return h, ok, err
}

// headerValue calls fn with the store header's value as stored, if there is one.
func (s *Session) headerValue(fn func(v []byte) error) (err error) {
	defer guard(&err)
	return s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(headerKey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(fn)
	})
}

// writeHeader stores h, sealed under the storage scope; the caller holds s.mu.
func (s *Session) writeHeader(h storeHeader) (err error) {
	defer guard(&err)
	h.VaultID, h.Format = s.vaultID, keyringVersion
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	val, err := s.seal(headerKey, storageScope, b)
	if err != nil {
		return err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(headerKey, val) }); err != nil {
		return err
	}
	return s.db.Sync()
}

// checkStore compares the store with the keyring: the store must belong to this vault and must
// not have seen a newer keyring entry (an older keyring.json put back) or another entry of the
// same number (a forged history); a new entry is recorded. create writes the first header.
func (s *Session) checkStore(kr *keyring, create bool) error {
	h, ok, err := s.readHeader()
	if err != nil {
		return err
	}
	switch {
	case !ok && !create:
		return fmt.Errorf("%w: the data holds no records of this vault (deleted or emptied?)", ErrStoreMissing)
	case !ok:
		if !joinPending(s.v.dir) { // a new vault: every value it gets is 0x02; a joined PC's
			h.Records = valueV2 // store fills with values from other PCs, of either version
		}
	case h.VaultID != kr.st.VaultID:
		return fmt.Errorf("%w: the data belongs to another vault", ErrKeyringTampered)
	case h.KeyringSerial > kr.head.Serial:
		return &RollbackError{What: keyringFile, Have: kr.head.Serial, Seen: h.KeyringSerial}
	case h.KeyringSerial == kr.head.Serial && !vcrypto.Equal(h.KeyringHash, kr.headHash):
		return fmt.Errorf("%w: keyring entry %d differs from the one the data has seen", ErrKeyringTampered, h.KeyringSerial)
	case h.KeyringSerial == kr.head.Serial:
		return nil
	}
	h.KeyringSerial, h.KeyringHash = kr.head.Serial, kr.headHash
	return s.writeHeader(h)
}
