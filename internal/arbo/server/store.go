package server

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/ristretto/v2/z"

	"kluis/internal/arbo"
)

// Key layout. Every key is a one-letter kind and its parts, joined by a NUL byte; no part may hold
// a NUL (ids are hex, pseudonyms and message ids are checked), so a prefix of parts selects
// exactly their records. Keys hold ids, pseudonyms and dates, never identity values.
const (
	kEmployer  = "e" // e|eid → account
	kCode      = "c" // c|sha256(code) → enrolCode
	kNonce     = "n" // n|eid|nonce → empty, with a TTL
	kMessage   = "m" // m|eid|message id → the outcome ("" accepted, else the rejection code)
	kEmploy    = "d" // d|eid|pseudonym|volgnummer(8 digits) → arbo.Dienstverband
	kShare     = "s" // s|eid|pseudonym → share
	kIdentity  = "w" // w|eid|pseudonym → identity
	kAbsence   = "a" // a|eid|pseudonym|eersteZiektedag → arbo.HeldAbsence
	kCase      = "k" // k|eid|pseudonym → arbo.CaseStatus
	kRetrieval = "r" // r|eid|rid → retrieval
	kRetrIndex = "R" // R|rid → eid
	kRetrDay   = "q" // q|eid|jjjj-mm-dd → count
	kAuditHead = "h" // h|eid → arbo.AuditHead
	kLegacy    = "l" // l|eid|lid → arbo.HeldLegacy
)

func key(kind string, parts ...string) []byte {
	return []byte(kind + "\x00" + strings.Join(parts, "\x00"))
}

// prefix selects every key of kind under parts (a trailing separator, so "ab" does not select "abc").
func prefix(kind string, parts ...string) []byte {
	if len(parts) == 0 {
		return []byte(kind + "\x00")
	}
	return append(key(kind, parts...), 0)
}

// lastPart is the final part of a key.
func lastPart(k []byte) string {
	s := string(k)
	return s[strings.LastIndexByte(s, 0)+1:]
}

// Records stored as JSON.
type account struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	KvK        []string  `json:"kvk"`
	PublicKey  []byte    `json:"publicKey"`
	EnrolledAt time.Time `json:"enrolledAt"`
}

type enrolCode struct {
	CreatedAt time.Time `json:"createdAt"`
	UsedBy    string    `json:"usedBy,omitempty"`
	UsedAt    time.Time `json:"usedAt,omitzero"`
}

type share struct {
	Deling arbo.Deling `json:"deling"`
	At     time.Time   `json:"at"`
}

type identity struct {
	Source    string                 `json:"source"`
	Werknemer arbo.WerknemerGegevens `json:"werknemer"`
	At        time.Time              `json:"at"`
}

type retrieval struct {
	ID            string    `json:"id"`
	EmployerID    string    `json:"employerId"`
	Geboortedatum string    `json:"geboortedatum,omitempty"` // cleared once answered
	Postcode      string    `json:"postcode,omitempty"`
	BSN           string    `json:"bsn,omitempty"`
	RequestedAt   time.Time `json:"requestedAt"`
	Status        string    `json:"status"`
	AnsweredAt    time.Time `json:"answeredAt,omitzero"`
	Pseudonym     string    `json:"pseudonym,omitempty"`
}

// openStore opens (or creates) the Badger database in dir/store under the key in dir/store.key.
func openStore(dir string, logger *slog.Logger) (*badger.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	k, err := secretFile(filepath.Join(dir, "store.key"), func() ([]byte, error) {
		b := make([]byte, 32)
		_, err := rand.Read(b)
		return b, err
	})
	if err != nil {
		return nil, err
	}
	if len(k) != 32 {
		return nil, errors.New("store.key is not 32 bytes")
	}
	opts := badger.DefaultOptions(filepath.Join(dir, "store")).
		WithEncryptionKey(k).
		WithIndexCacheSize(16 << 20). // required with encryption
		WithBlockCacheSize(32 << 20).
		WithNumVersionsToKeep(1).
		WithCompression(options.None).
		WithMemTableSize(128 << 20). // a batch is one transaction: room for MaxBody and more
		WithChecksumVerificationMode(options.OnBlockRead).
		WithMetricsEnabled(false).
		WithLogger(badgerLogger{logger})
	db, err := badger.Open(opts)
	// A process killed while Badger created a memtable file leaves it empty and the next open
	// fails with z.NewFile; that failed attempt initialises the file, so a second one opens it
	// (badger issue #2207; the vault does the same).
	if err != nil && strings.HasSuffix(err.Error(), z.NewFile.Error()) {
		db, err = badger.Open(opts)
	}
	if err != nil {
		return nil, fmt.Errorf("open the store: %w", err)
	}
	return db, nil
}

// secretFile reads path, or creates it with create's bytes (mode 0600, written to a temporary file
// and renamed, so a crash never leaves half a key).
func secretFile(path string, create func() ([]byte, error)) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return b, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	b, err = create()
	if err != nil {
		return nil, err
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return b, os.Rename(tmp, path)
}

// badgerLogger passes Badger's warnings and errors to slog; Badger logs file names, not values.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	b.l.Error("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (b badgerLogger) Warningf(f string, a ...any) {
	b.l.Warn("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}

// getJSON reads key into v; found is false when the key is absent.
func getJSON(txn *badger.Txn, k []byte, v any) (bool, error) {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

func setJSON(txn *badger.Txn, k []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(k, b)
}

func exists(txn *badger.Txn, k []byte) (bool, error) {
	_, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// each calls fn for every key under p with its value (valid only during fn). fn must not write:
// a read-write transaction allows one iterator and its writes are collected first (deletePrefix).
func each(txn *badger.Txn, p []byte, fn func(k, v []byte) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: p, PrefetchValues: false})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		k := item.KeyCopy(nil)
		if err := item.Value(func(v []byte) error { return fn(k, v) }); err != nil {
			return err
		}
	}
	return nil
}

// deletePrefix deletes every key under p.
func deletePrefix(txn *badger.Txn, p []byte) error {
	var keys [][]byte
	if err := each(txn, p, func(k, _ []byte) error { keys = append(keys, k); return nil }); err != nil {
		return err
	}
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
