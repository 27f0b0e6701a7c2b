package vault

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	vcrypto "kluis/internal/vault/crypto"
)

// Backup files (docs/adr/004-backup.md, docs/format.md "Backup file"). One file holds the
// whole vault at one moment: keyring.json, keyring.log and every key/value of the store (the
// audit log is in the store), as they are on disk (every value is already sealed by the vault).
//
//	magic "KLUISBAK" ‖ version (2, big endian) ‖ header length (4) ‖ header JSON
//	‖ SHA-256 checksum (32) of everything before it, under LabelBackupHeader
//	‖ body: one DARE 2.0 stream (sio) under HKDF(backup key, LabelBackupBody, checksum)
//	‖ trailer: "KLUISEND" ‖ total file length (8)
//
// The header is in clear: the vault id, the date, keyring.json (which the vault folder holds in
// clear too: public keys, sealed keys and e-mail lookup HMACs, no identity data) and the backup
// key sealed under the vault key. An admin's passphrase opens their private keys in that keyring,
// those open the vault key, and the vault key the backup key. The body key is bound to the
// checksum, so a changed header makes the body unreadable. The body (plaintext inside the
// stream): keyring.log length (8) ‖ keyring.log ‖ records [key length (4) ‖ value length (4) ‖
// key ‖ value]... ‖ end marker 0xFFFFFFFF ‖ record count (8).

const (
	backupMagic   = "KLUISBAK"
	backupEnd     = "KLUISEND"
	backupVersion = 1
	backupFormat  = "kluis-backup"
	// maxBackupHeader bounds the clear header (a keyring of thousands of users stays far below).
	maxBackupHeader = 64 << 20
	endOfRecords    = 0xFFFFFFFF
	trailerSize     = len(backupEnd) + 8
)

// backupHeader is the clear header of a backup file.
type backupHeader struct {
	Format        string    `json:"format"`
	Version       int       `json:"version"`
	VaultID       string    `json:"vault_id"`
	BackupID      string    `json:"backup_id"`
	Created       time.Time `json:"created"`
	KeyringSerial uint64    `json:"keyring_serial"`
	// Keyring is keyring.json as it was at the moment of the backup.
	Keyring []byte `json:"keyring"`
	// SealedKey is the backup key sealed under the vault key (AD backupKeyAD).
	SealedKey []byte `json:"sealed_key"`
}

func backupKeyAD(vaultID, backupID string) []byte {
	return fmt.Appendf(nil, "%s/%s/%s", vcrypto.LabelBackupKey, vaultID, backupID)
}

// BackupInfo describes a backup file: what its clear header says, and after Backup how big it is.
type BackupInfo struct {
	VaultID       string
	BackupID      string
	Created       time.Time
	KeyringSerial uint64
	Records       uint64 // store records in the file (0 when only the header was read)
	Bytes         int64  // size of the file
}

// BackupOptions steer Session.Backup.
type BackupOptions struct {
	// Progress (may be nil) gets (bytes of the store read so far, estimated total) now and then.
	Progress func(done, total int64)
}

// countingWriter counts what passes to w.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Backup writes the whole vault, as it is at one moment, to w as a sealed backup file (admins
// only: the backup key is sealed under the vault key). The moment is taken under the vault's
// lock: keyring.json, keyring.log and a read snapshot of the store together, so a keyring
// change, an import or an audit append running meanwhile is either wholly in the file or not at
// all (an import's unfinished journal is undone when the restored vault is first unlocked).
// Readers and writers of the store go on while the file is written; keyring changes and Lock
// wait for it (Lock stops it at the next record with ErrLocked). ctx cancels.
func (s *Session) Backup(ctx context.Context, w io.Writer, opts BackupOptions) (info BackupInfo, err error) {
	if err := s.enter(); err != nil {
		return info, err
	}
	defer s.mu.RUnlock()
	defer guard(&err)
	if err := s.requireAdmin(); err != nil {
		return info, err
	}
	txn, keyringRaw, logRaw, kr, err := s.snapshot()
	if err != nil {
		return info, err
	}
	defer txn.Discard()

	backupKey := vcrypto.RandomKey()
	defer vcrypto.Wipe(backupKey)
	h := backupHeader{Format: backupFormat, Version: backupVersion, VaultID: kr.st.VaultID,
		BackupID: hex.EncodeToString(vcrypto.RandomBytes(16)), Created: s.v.opts.Now().UTC().Truncate(time.Second),
		KeyringSerial: kr.head.Serial, Keyring: keyringRaw}
	h.SealedKey = vcrypto.Seal(s.ks.vault, backupKey, backupKeyAD(h.VaultID, h.BackupID))
	clear, sum, err := encodeBackupHeader(h)
	if err != nil {
		return info, err
	}
	cw := &countingWriter{w: w}
	if _, err := cw.Write(clear); err != nil {
		return info, fmt.Errorf("vault: write backup: %w", err)
	}
	bodyKey := vcrypto.HKDF(backupKey, vcrypto.LabelBackupBody, hex.EncodeToString(sum))
	defer vcrypto.Wipe(bodyKey)
	sw, err := vcrypto.SealStream(cw, bodyKey)
	if err != nil {
		return info, err
	}
	aw := newAsyncWriter(sw)
	records, err := s.writeBody(ctx, txn, aw, logRaw, opts)
	if cerr := aw.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = sw.Close()
	}
	if err == nil {
		var t [trailerSize]byte
		copy(t[:], backupEnd)
		binary.BigEndian.PutUint64(t[len(backupEnd):], uint64(cw.n+int64(trailerSize)))
		_, err = cw.Write(t[:])
	}
	if err != nil {
		if errors.Is(err, ErrLocked) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return info, err
		}
		return info, fmt.Errorf("vault: write backup: %w", err)
	}
	return BackupInfo{VaultID: h.VaultID, BackupID: h.BackupID, Created: h.Created, KeyringSerial: h.KeyringSerial,
		Records: records, Bytes: cw.n}, nil
}

// snapshot takes the moment of a backup under v.mu, which every keyring change holds while it
// writes keyring.json, keyring.log and the store header: the two files and a store read
// transaction from the same instant. The caller holds s.mu and discards the transaction.
func (s *Session) snapshot() (*badger.Txn, []byte, []byte, *keyring, error) {
	v := s.v
	v.mu.Lock()
	defer v.mu.Unlock()
	keyringRaw, err := readKeyringFile(v.dir)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	logRaw, err := os.ReadFile(filepath.Join(v.dir, logFile))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil, nil, fmt.Errorf("vault: read keyring log: %w", err)
	}
	kr, err := parseKeyring(keyringRaw)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return s.db.NewTransaction(false), keyringRaw, logRaw, kr, nil
}

// encodeBackupHeader renders the clear part (magic to checksum) and returns it with the checksum.
func encodeBackupHeader(h backupHeader) ([]byte, []byte, error) {
	hb, err := json.Marshal(h)
	if err != nil {
		return nil, nil, err
	}
	b := make([]byte, 0, len(backupMagic)+6+len(hb)+32)
	b = append(b, backupMagic...)
	b = binary.BigEndian.AppendUint16(b, backupVersion)
	b = binary.BigEndian.AppendUint32(b, uint32(len(hb)))
	b = append(b, hb...)
	sum := domainHash(vcrypto.LabelBackupHeader, b)
	return append(b, sum...), sum, nil
}

// writeBody writes keyring.log and every store record of txn's snapshot (latest versions,
// deleted ones left out) in key order.
func (s *Session) writeBody(ctx context.Context, txn *badger.Txn, w io.Writer, logRaw []byte, opts BackupOptions) (uint64, error) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(logRaw)))
	if _, err := w.Write(n[:]); err != nil {
		return 0, err
	}
	if _, err := w.Write(logRaw); err != nil {
		return 0, err
	}
	lsm, vlog := s.db.Size()
	total := lsm + vlog
	var done int64
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false // values are small and inline: read them in place
	it := txn.NewIterator(o)
	defer it.Close()
	var records uint64
	var hdr [8]byte
	for it.Rewind(); it.Valid(); it.Next() {
		if records%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return records, err
			}
			if s.stopping() {
				return records, ErrLocked
			}
			if opts.Progress != nil {
				total = max(total, done) // Badger's size is an estimate, updated now and then
				opts.Progress(done, total)
			}
		}
		item := it.Item()
		key := item.Key()
		if len(key) > 0 && Kind(key[0]) == kindLocal {
			continue // pages (pages.go): derived from the records, rebuilt after a restore
		}
		err := item.Value(func(val []byte) error {
			binary.BigEndian.PutUint32(hdr[:4], uint32(len(key)))
			binary.BigEndian.PutUint32(hdr[4:], uint32(len(val)))
			if _, err := w.Write(hdr[:]); err != nil {
				return err
			}
			if _, err := w.Write(key); err != nil {
				return err
			}
			_, err := w.Write(val)
			done += int64(8 + len(key) + len(val))
			return err
		})
		if err != nil {
			return records, err
		}
		records++
	}
	binary.BigEndian.PutUint32(hdr[:4], endOfRecords)
	if _, err := w.Write(hdr[:4]); err != nil {
		return records, err
	}
	binary.BigEndian.PutUint64(n[:], records)
	if _, err := w.Write(n[:]); err != nil {
		return records, err
	}
	if opts.Progress != nil {
		opts.Progress(done, done)
	}
	return records, nil
}

// BackupFileName is the name a backup made at t gets when the admin names only a folder:
// kluis-backup-YYYY-MM-DD.kluisbak (local date).
func BackupFileName(t time.Time) string {
	return "kluis-backup-" + t.Local().Format("2006-01-02") + ".kluisbak"
}
