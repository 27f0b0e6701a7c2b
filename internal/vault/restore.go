package vault

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"

	vcrypto "kluis/internal/vault/crypto"
	"kluis/internal/vault/internal/store"
)

// Errors of reading and restoring a backup file. Their texts name no identity data.
var (
	// ErrBackupCorrupt: the file is not a Kluis backup, or a byte of it was changed.
	ErrBackupCorrupt = errors.New("vault: the backup file is damaged or not a Kluis backup")
	// ErrBackupTruncated: the file ends early (an interrupted copy or a full disk).
	ErrBackupTruncated = errors.New("vault: the backup file is incomplete")
	// ErrBackupOtherVault: the backup is of another vault than the one in the target folder.
	ErrBackupOtherVault = errors.New("vault: the backup belongs to another vault")
	// ErrBackupTargetNotEmpty: the target folder holds files, or this vault without the
	// confirmation to replace it.
	ErrBackupTargetNotEmpty = errors.New("vault: the folder to restore into is not empty")
)

// RestoreStage names the part of a restore that Progress reports on.
type RestoreStage string

const (
	RestoreReading   RestoreStage = "reading"   // decrypting the file into a new folder
	RestoreVerifying RestoreStage = "verifying" // the full verify of the restored vault
)

// RestoreOptions steer Restore.
type RestoreOptions struct {
	// Email and Passphrase of an administrator as the backup knows them; an empty Email means
	// the backup's only admin (ErrWrongPassphrase when it has several).
	Email      string
	Passphrase []byte
	// Replace allows replacing a vault that is already in the target folder; only one of the
	// same vault id is ever replaced (ErrBackupOtherVault otherwise).
	Replace bool
	// Indexer makes the verify check every blind-index entry too (as kluis verify does).
	Indexer *Indexer
	// Vault are the options the restored vault is opened with (KDF floor, logger, clock).
	Vault Options
	// Progress (may be nil) gets (stage, done, total) now and then.
	Progress func(stage RestoreStage, done, total int64)
	// AfterVerify (may be nil) runs with the restored vault unlocked for the admin, after the
	// verify passed and before it moves into place (the workspace audits the restore there). An
	// error stops the restore; nothing is replaced.
	AfterVerify func(s *Session, r RestoreResult) error
}

// RestoreResult says what Restore did.
type RestoreResult struct {
	Backup BackupInfo
	// Replaced: an existing vault (of the same id) was replaced; ReplacedSerial was its keyring
	// entry (a lower Backup.KeyringSerial means the keyring went back to an older state).
	Replaced       bool
	ReplacedSerial uint64
	Verify         VerifyReport
	Recovered      []Recovered // an import running during the backup, undone at the first unlock
}

// parsedBackup is a backup file whose clear part checked out.
type parsedBackup struct {
	h        backupHeader
	kr       *keyring
	sum      []byte
	bodyFrom int64 // offset of the sealed body
	bodySize int64
	size     int64
}

// ReadBackupInfo reads and checks the clear part of a backup file (magic, version, checksum,
// the length the trailer records) without any key: what the restore screen shows before it asks
// for a passphrase.
func ReadBackupInfo(path string) (BackupInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("vault: open backup: %w", err)
	}
	defer f.Close()
	p, err := parseBackup(f)
	if err != nil {
		return BackupInfo{}, err
	}
	return p.info(), nil
}

func (p *parsedBackup) info() BackupInfo {
	return BackupInfo{VaultID: p.h.VaultID, BackupID: p.h.BackupID, Created: p.h.Created,
		KeyringSerial: p.h.KeyringSerial, Bytes: p.size}
}

func parseBackup(f *os.File) (*parsedBackup, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("vault: open backup: %w", err)
	}
	size := st.Size()
	r := bufio.NewReader(io.NewSectionReader(f, 0, size))
	pre := make([]byte, len(backupMagic)+6)
	if _, err := io.ReadFull(r, pre); err != nil {
		if size > 0 && size < int64(len(pre)) && string(pre[:min(int(size), len(backupMagic))]) == backupMagic[:min(int(size), len(backupMagic))] {
			return nil, fmt.Errorf("%w: it ends within its first bytes", ErrBackupTruncated)
		}
		return nil, fmt.Errorf("%w: not a Kluis backup file", ErrBackupCorrupt)
	}
	if string(pre[:len(backupMagic)]) != backupMagic {
		return nil, fmt.Errorf("%w: not a Kluis backup file", ErrBackupCorrupt)
	}
	if v := binary.BigEndian.Uint16(pre[len(backupMagic):]); v != backupVersion {
		return nil, fmt.Errorf("%w: backup format %d is not one this Kluis reads (%d)", ErrBackupCorrupt, v, backupVersion)
	}
	hlen := int64(binary.BigEndian.Uint32(pre[len(backupMagic)+2:]))
	if hlen > maxBackupHeader {
		return nil, fmt.Errorf("%w: the header length is impossible", ErrBackupCorrupt)
	}
	clearLen := int64(len(pre)) + hlen + 32
	if size < clearLen+int64(trailerSize) {
		return nil, fmt.Errorf("%w: it ends within its header", ErrBackupTruncated)
	}
	rest := make([]byte, hlen+32)
	if _, err := io.ReadFull(r, rest); err != nil {
		return nil, fmt.Errorf("%w: it ends within its header", ErrBackupTruncated)
	}
	want := domainHash(vcrypto.LabelBackupHeader, pre, rest[:hlen])
	if !vcrypto.Equal(want, rest[hlen:]) {
		return nil, fmt.Errorf("%w: the header's checksum does not match", ErrBackupCorrupt)
	}
	// The trailer records the file's length: a copy cut short is told apart from a changed byte.
	var t [trailerSize]byte
	if _, err := f.ReadAt(t[:], size-int64(trailerSize)); err != nil {
		return nil, fmt.Errorf("vault: read backup: %w", err)
	}
	if string(t[:len(backupEnd)]) != backupEnd {
		return nil, fmt.Errorf("%w: its end is missing", ErrBackupTruncated)
	}
	if n := int64(binary.BigEndian.Uint64(t[len(backupEnd):])); n != size {
		if n > size {
			return nil, fmt.Errorf("%w: it has %d of its %d bytes", ErrBackupTruncated, size, n)
		}
		return nil, fmt.Errorf("%w: its length does not match its end", ErrBackupCorrupt)
	}
	p := &parsedBackup{sum: rest[hlen:], bodyFrom: clearLen, bodySize: size - clearLen - int64(trailerSize), size: size}
	if err := strictJSON(rest[:hlen], &p.h); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrBackupCorrupt, err)
	}
	if p.h.Format != backupFormat || p.h.Version != backupVersion {
		return nil, fmt.Errorf("%w: header of another format", ErrBackupCorrupt)
	}
	kr, err := parseKeyring(p.h.Keyring)
	if err != nil || kr.st.VaultID != p.h.VaultID || kr.head.Serial != p.h.KeyringSerial {
		return nil, fmt.Errorf("%w: the keyring in the backup does not match its header", ErrBackupCorrupt)
	}
	p.kr = kr
	return p, nil
}

// Restore puts the vault in the backup file at path into dir, which must be absent or empty,
// or (with opts.Replace) hold a vault of the same id. It is verified completely before anything
// is replaced: the file is decrypted into a new folder next to dir, that vault is unlocked for
// the admin and checked as kluis verify checks it (keyring history, store, every record, the
// indexes and the audit log), and only then moved into place with renames, so that a failure at
// any step leaves dir as it was. The admin's e-mail and passphrase are those the backup knows.
func Restore(ctx context.Context, path, dir string, opts RestoreOptions) (res RestoreResult, err error) {
	f, err := os.Open(path)
	if err != nil {
		return res, fmt.Errorf("vault: open backup: %w", err)
	}
	defer f.Close()
	p, err := parseBackup(f)
	if err != nil {
		return res, err
	}
	res.Backup = p.info()
	replaced, err := checkRestoreTarget(dir, p.h.VaultID, opts.Replace)
	if err != nil {
		return res, err
	}
	res.Replaced, res.ReplacedSerial = replaced != nil, ptrSerial(replaced)
	bodyKey, storageKey, err := p.openKeys(opts.Email, opts.Passphrase)
	if err != nil {
		return res, err
	}
	defer vcrypto.Wipe(bodyKey)
	defer vcrypto.Wipe(storageKey)

	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return res, fmt.Errorf("vault: restore: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".kluis-restore-*")
	if err != nil {
		return res, fmt.Errorf("vault: restore: %w", err)
	}
	defer func() {
		if tmp != "" {
			_ = os.RemoveAll(tmp)
		}
	}()
	logger := opts.Vault.withDefaults().Logger
	progress := func(stage RestoreStage, done, total int64) {
		if opts.Progress != nil {
			opts.Progress(stage, done, total)
		}
	}
	body := io.NewSectionReader(f, p.bodyFrom, p.bodySize)
	if res.Backup.Records, err = unpackBody(ctx, body, p.bodySize, bodyKey, storageKey, tmp, p.h.Keyring, logger, progress); err != nil {
		return res, err
	}
	if err := verifyRestored(ctx, tmp, opts, &res, progress); err != nil {
		return res, err
	}
	if err := moveIntoPlace(tmp, dir, replaced != nil); err != nil {
		return res, err
	}
	tmp = ""
	return res, nil
}

func ptrSerial(kr *keyring) uint64 {
	if kr == nil {
		return 0
	}
	return kr.head.Serial
}

// checkRestoreTarget returns the keyring of the vault dir holds (nil: none; the folder is absent
// or empty), refusing a folder with other files, a vault of another id, or this vault without
// replace.
func checkRestoreTarget(dir, vaultID string, replace bool) (*keyring, error) {
	ok, err := Exists(dir)
	if err != nil {
		return nil, err
	}
	if !ok {
		if err := checkEmptyOrAbsent(dir); err != nil {
			return nil, fmt.Errorf("%w: it holds other files; choose an empty folder", ErrBackupTargetNotEmpty)
		}
		return nil, nil
	}
	data, err := readKeyringFile(dir)
	if err != nil {
		return nil, err
	}
	kr, err := parseKeyring(data)
	if errors.Is(err, errFormat1) {
		return nil, ErrUpgradeRequired
	}
	if err != nil {
		return nil, err
	}
	if kr.st.VaultID != vaultID {
		return nil, fmt.Errorf("%w: the folder holds vault %s, the backup is of vault %s", ErrBackupOtherVault, kr.st.VaultID, vaultID)
	}
	if !replace {
		return nil, fmt.Errorf("%w: it holds this vault; replacing it needs confirmation", ErrBackupTargetNotEmpty)
	}
	return kr, nil
}

// openKeys opens the backup's keys with an admin's passphrase: their private keys (sealed in the
// backup's keyring), the vault key wrapped to them, the backup key under it, and the storage
// key the new store is encrypted with. An unknown e-mail costs the same key derivation.
func (p *parsedBackup) openKeys(email string, passphrase []byte) (bodyKey, storageKey []byte, err error) {
	st := p.kr.st
	var u *userEntry
	if email == "" {
		u = onlyAdmin(st)
	} else {
		u = st.userByLookup(emailLookup(st.LookupSalt, email))
	}
	var local *localUser
	if u != nil {
		local = p.kr.local.user(u.ID)
	}
	if local == nil || len(p.kr.local.Users) == 0 {
		if len(p.kr.local.Users) > 0 {
			params := p.kr.local.Users[0].KDF.Params
			vcrypto.Wipe(vcrypto.DeriveKey(passphrase, vcrypto.RandomBytes(kdfSaltSize), params))
		}
		return nil, nil, ErrWrongPassphrase
	}
	passKey := vcrypto.DeriveKey(passphrase, local.KDF.Salt, local.KDF.Params)
	keys, _, err := openLocal(st.VaultID, local, u, passKey)
	vcrypto.Wipe(passKey)
	if err != nil {
		return nil, nil, err
	}
	defer keys.wipe()
	if u.Role != RoleAdmin || u.Status != StatusActive {
		return nil, nil, fmt.Errorf("%w: restoring a backup needs an administrator of the vault", ErrDenied)
	}
	w := u.wrapped(wrapVault, 0)
	if w == nil {
		return nil, nil, fmt.Errorf("%w: the administrator holds no vault key", ErrBackupCorrupt)
	}
	vaultKey, err := vcrypto.Unwrap(keys.x, wrapContext(st.VaultID, *w), w.Box)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the vault key does not open", ErrBackupCorrupt)
	}
	defer vcrypto.Wipe(vaultKey)
	backupKey, err := vcrypto.Open(vaultKey, p.h.SealedKey, backupKeyAD(p.h.VaultID, p.h.BackupID))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the backup key does not open", ErrBackupCorrupt)
	}
	defer vcrypto.Wipe(backupKey)
	e := st.scope(storageScope)
	if e == nil {
		return nil, nil, fmt.Errorf("%w: the keyring has no storage key", ErrBackupCorrupt)
	}
	storageKey, err = vcrypto.Open(vaultKey, e.Sealed, scopeAD(st.VaultID, e.ID, e.Kind, e.Epoch))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the storage key does not open", ErrBackupCorrupt)
	}
	return vcrypto.HKDF(backupKey, vcrypto.LabelBackupBody, hex.EncodeToString(p.sum)), storageKey, nil
}

// onlyAdmin is the state's only active admin (nil when there are more or none), for a command
// line that names no user.
func onlyAdmin(st *state) *userEntry {
	var admin *userEntry
	for i := range st.Users {
		if u := &st.Users[i]; u.Role == RoleAdmin && u.Status == StatusActive {
			if admin != nil {
				return nil
			}
			admin = u
		}
	}
	return admin
}

// bodyError names a failure while reading the sealed body.
func bodyError(err error) error {
	switch {
	case errors.Is(err, vcrypto.ErrStreamTruncated):
		return fmt.Errorf("%w: the sealed data ends early", ErrBackupTruncated)
	case errors.Is(err, vcrypto.ErrUnauthenticated), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("%w: the sealed data does not check out", ErrBackupCorrupt)
	}
	return err
}

// progressReader reports the bytes read from r.
type progressReader struct {
	r     io.Reader
	done  int64
	total int64
	every int64
	next  int64
	fn    func(done, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if p.done >= p.next {
		p.fn(p.done, p.total)
		p.next = p.done + p.every
	}
	return n, err
}

// unpackBody decrypts the body into dir: keyring.json (from the header), keyring.log, and a new
// store under the storage key filled with the records in their order (Badger's stream writer
// builds its tables directly). It returns the number of records.
func unpackBody(ctx context.Context, body io.Reader, size int64, bodyKey, storageKey []byte, dir string, keyringRaw []byte,
	logger *slog.Logger, progress func(RestoreStage, int64, int64)) (records uint64, err error) {
	defer guard(&err)
	pr := &progressReader{r: body, total: size, every: 4 << 20, fn: func(d, t int64) { progress(RestoreReading, d, t) }}
	sr, err := vcrypto.OpenStream(pr, bodyKey)
	if err != nil {
		return 0, err
	}
	r := bufio.NewReaderSize(sr, 1<<20)
	if err := writeAtomic(dir, keyringFile, keyringRaw); err != nil {
		return 0, fmt.Errorf("vault: restore: %w", err)
	}
	var n8 [8]byte
	if _, err := io.ReadFull(r, n8[:]); err != nil {
		return 0, bodyError(err)
	}
	logLen := binary.BigEndian.Uint64(n8[:])
	if logLen > 1<<32 {
		return 0, fmt.Errorf("%w: impossible keyring log length", ErrBackupCorrupt)
	}
	logRaw := make([]byte, logLen)
	if _, err := io.ReadFull(r, logRaw); err != nil {
		return 0, bodyError(err)
	}
	if len(logRaw) > 0 {
		if err := writeAtomic(dir, logFile, logRaw); err != nil {
			return 0, fmt.Errorf("vault: restore: %w", err)
		}
	}
	db, err := store.Open(store.Options(filepath.Join(dir, dataDir), storageKey, logger))
	if err != nil {
		return 0, fmt.Errorf("vault: restore: create storage: %w", err)
	}
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("vault: restore: close storage: %w", cerr)
		}
	}()
	sw := db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		return 0, fmt.Errorf("vault: restore: %w", err)
	}
	records, err = loadRecords(ctx, r, sw)
	if err != nil {
		sw.Cancel()
		return records, err
	}
	// The stream must end right after the records, with its final package.
	if _, err := r.ReadByte(); err != io.EOF {
		if err == nil {
			return records, fmt.Errorf("%w: data after the end of the records", ErrBackupCorrupt)
		}
		return records, bodyError(err)
	}
	if err := sw.Flush(); err != nil {
		return records, fmt.Errorf("vault: restore: write storage: %w", err)
	}
	progress(RestoreReading, size, size)
	return records, nil
}

// loadRecords reads records up to the end marker and hands them to the stream writer in
// batches; keys must come in strictly increasing order, as Backup writes them.
func loadRecords(ctx context.Context, r io.Reader, sw *badger.StreamWriter) (uint64, error) {
	var (
		records uint64
		hdr     [8]byte
		prev    []byte
	)
	buf := z.NewBuffer(8<<20, "kluis.restore")
	defer func() { _ = buf.Release() }()
	flush := func() error {
		if buf.LenNoPadding() == 0 {
			return nil
		}
		if err := sw.Write(buf); err != nil {
			return fmt.Errorf("vault: restore: write storage: %w", err)
		}
		_ = buf.Release()
		buf = z.NewBuffer(8<<20, "kluis.restore")
		return nil
	}
	for {
		if _, err := io.ReadFull(r, hdr[:4]); err != nil {
			return records, bodyError(err)
		}
		klen := binary.BigEndian.Uint32(hdr[:4])
		if klen == endOfRecords {
			break
		}
		if _, err := io.ReadFull(r, hdr[4:]); err != nil {
			return records, bodyError(err)
		}
		vlen := binary.BigEndian.Uint32(hdr[4:])
		if klen == 0 || klen > 1<<16 || vlen > 1<<30 {
			return records, fmt.Errorf("%w: impossible record length", ErrBackupCorrupt)
		}
		kv := make([]byte, int(klen)+int(vlen))
		if _, err := io.ReadFull(r, kv); err != nil {
			return records, bodyError(err)
		}
		key := kv[:klen]
		if prev != nil && string(key) <= string(prev) {
			return records, fmt.Errorf("%w: records out of order", ErrBackupCorrupt)
		}
		prev = key
		value := kv[klen:]
		if bytes.Equal(key, deviceKey) {
			var err error
			if value, err = restoredDevice(value); err != nil {
				return records, err
			}
		}
		badger.KVToBuffer(&pb.KV{Key: key, Value: value, Version: 1}, buf)
		records++
		if records%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return records, err
			}
		}
		if buf.LenNoPadding() >= 4<<20 {
			if err := flush(); err != nil {
				return records, err
			}
		}
	}
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return records, bodyError(err)
	}
	if n := binary.BigEndian.Uint64(hdr[:]); n != records {
		return records, fmt.Errorf("%w: %d records, the end marker says %d", ErrBackupCorrupt, records, n)
	}
	return records, flush()
}

// verifyRestored opens the restored folder, unlocks it for the admin, puts right an import the
// backup caught halfway, verifies it completely and runs opts.AfterVerify.
func verifyRestored(ctx context.Context, dir string, opts RestoreOptions, res *RestoreResult, progress func(RestoreStage, int64, int64)) error {
	v, err := Open(dir, opts.Vault)
	if err != nil {
		return restoredError(err)
	}
	defer v.Close()
	var s *Session
	if opts.Email == "" {
		s, err = v.UnlockOnlyAdmin(opts.Passphrase)
	} else {
		s, err = v.Unlock(opts.Email, opts.Passphrase)
	}
	if err != nil {
		return restoredError(err)
	}
	defer s.Lock()
	res.Recovered = s.Recovered()
	rep, err := s.Verify(ctx, VerifyOptions{Indexer: opts.Indexer, Progress: func(done, total int) {
		progress(RestoreVerifying, int64(done), int64(total))
	}})
	res.Verify = rep
	if err != nil {
		return restoredError(err)
	}
	if !rep.OK() {
		return fmt.Errorf("%w: the restored vault does not verify (%s)", ErrBackupCorrupt, verifySummary(rep))
	}
	if opts.AfterVerify != nil {
		return opts.AfterVerify(s, *res)
	}
	return nil
}

// restoredError says that the restored copy, not the vault on this PC, is at fault.
func restoredError(err error) error {
	switch {
	case errors.Is(err, ErrWrongPassphrase), errors.Is(err, ErrDenied), errors.Is(err, ErrRevoked),
		errors.Is(err, context.Canceled), errors.Is(err, ErrBackupCorrupt), errors.Is(err, ErrBackupTruncated):
		return err
	}
	return fmt.Errorf("%w: the restored vault does not open (%v)", ErrBackupCorrupt, err)
}

// verifySummary names what failed, by part and count (never record contents).
func verifySummary(r VerifyReport) string {
	var parts []string
	if !r.KeyringOK {
		parts = append(parts, "keyring: "+r.KeyringProblem)
	}
	if !r.StoreOK {
		parts = append(parts, "store: "+r.StoreProblem)
	}
	if len(r.Failures) > 0 {
		parts = append(parts, fmt.Sprintf("%d damaged records", len(r.Failures)))
	}
	if r.IndexProblemCount > 0 {
		parts = append(parts, fmt.Sprintf("%d search index problems", r.IndexProblemCount))
	}
	if len(r.Audit.Problems) > 0 {
		parts = append(parts, fmt.Sprintf("audit log: %d problems", len(r.Audit.Problems)))
	}
	b, _ := json.Marshal(parts)
	return string(b)
}

// moveIntoPlace puts the verified folder tmp at dir. An existing vault there is first renamed
// aside (after a check of its process lock: a running Kluis holding it gives ErrInUse), and
// renamed back if the second rename fails; it is removed only once the new one is in place.
func moveIntoPlace(tmp, dir string, replace bool) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if !replace {
		// Absent or empty (checked before); an empty folder makes way.
		if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%w: %v", ErrBackupTargetNotEmpty, err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("vault: restore: move into place: %w", err)
		}
		return syncDir(parent)
	}
	// A running Kluis holding the vault gives ErrInUse here. The lock is released before the
	// renames: Windows does not rename a folder with an open file in it.
	lock, err := takeLock(dir)
	if err != nil {
		return err
	}
	if err := releaseLock(lock); err != nil {
		return err
	}
	aside, err := os.MkdirTemp(parent, ".kluis-replaced-*")
	if err != nil {
		return fmt.Errorf("vault: restore: %w", err)
	}
	_ = os.Remove(aside) // only the unique name is wanted
	if err := os.Rename(dir, aside); err != nil {
		return fmt.Errorf("vault: restore: move the old vault aside: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if berr := os.Rename(aside, dir); berr != nil {
			return fmt.Errorf("vault: restore: move into place: %w; the previous vault is in %s", err, aside)
		}
		return fmt.Errorf("vault: restore: move into place: %w", err)
	}
	if err := syncDir(parent); err != nil {
		return err
	}
	return os.RemoveAll(aside)
}
