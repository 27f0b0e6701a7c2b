package vault

import (
	vcrypto "kluis/internal/vault/crypto"
)

// Record values of version 0x01, the format before ADR 010, read forever and no longer written:
//
//	0x01 || scope id (4) || epoch (4) || salt (16) || sio DARE 2.0
//
// under a per-record key, HKDF-SHA256 of the scope key with info = "kluis/v1/record" || the 25
// header bytes || the Badger key. The migration (recordupgrade.go) re-seals them as 0x02.
const (
	saltSize     = 16
	headerSizeV1 = 1 + 4 + 4 + saltSize
)

// openV1 decrypts a version 0x01 value whose header parseHeader accepted.
func openV1(dst []byte, k *scopeKeys, badgerKey, value []byte) ([]byte, error) {
	var key [vcrypto.KeySize]byte
	k.record.Key(&key, value[:headerSizeV1], badgerKey)
	out, err := vcrypto.OpenRecord(dst, &key, value[headerSizeV1:])
	vcrypto.Wipe(key[:])
	return out, err
}
