package vault

import (
	"crypto/sha256"
	"strings"

	vcrypto "kluis/internal/vault/crypto"
)

// RecoveryCode unlocks the vault key when every admin passphrase is lost. It is shown once (the
// emergency kit) and never stored. Its form is 36 Crockford base32 characters in nine groups of
// four: 32 carry 160 random bits, the last 4 are a 20-bit check, so a typo is caught at once
// instead of after a slow key derivation.
type RecoveryCode string

// String returns the grouped form.
func (c RecoveryCode) String() string { return string(c) }

const (
	recoveryBytes     = 20 // 160 bits
	recoveryDataChars = 32
	recoveryCheckLen  = 4
	crockford         = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)

func newRecoveryCode() (RecoveryCode, []byte) {
	secret := vcrypto.RandomBytes(recoveryBytes)
	return formatRecoveryCode(secret), secret
}

func formatRecoveryCode(secret []byte) RecoveryCode {
	chars := append(base32Encode(secret), recoveryCheck(secret)...)
	var b strings.Builder
	for i, c := range chars {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return RecoveryCode(b.String())
}

// parseRecoveryCode accepts any case, spaces and dashes, and Crockford's look-alikes (I, L -> 1;
// O -> 0). It returns the 20 secret bytes or ErrRecoveryCodeInvalid.
func parseRecoveryCode(s string) ([]byte, error) {
	var chars []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '\n' || r == '\r':
			continue
		case r == 'I' || r == 'L':
			r = '1'
		case r == 'O':
			r = '0'
		}
		if r > 127 || strings.IndexByte(crockford, byte(r)) < 0 {
			return nil, ErrRecoveryCodeInvalid
		}
		chars = append(chars, byte(r))
	}
	if len(chars) != recoveryDataChars+recoveryCheckLen {
		return nil, ErrRecoveryCodeInvalid
	}
	secret := base32Decode(chars[:recoveryDataChars])
	if string(recoveryCheck(secret)) != string(chars[recoveryDataChars:]) {
		return nil, ErrRecoveryCodeInvalid
	}
	return secret, nil
}

// recoveryCheck is 20 bits of SHA-256(label || secret) as 4 characters.
func recoveryCheck(secret []byte) []byte {
	h := sha256.New()
	h.Write([]byte(vcrypto.LabelRecoveryCheck))
	h.Write(secret)
	sum := h.Sum(nil)
	v := uint32(sum[0])<<12 | uint32(sum[1])<<4 | uint32(sum[2])>>4
	out := make([]byte, recoveryCheckLen)
	for i := recoveryCheckLen - 1; i >= 0; i-- {
		out[i] = crockford[v&31]
		v >>= 5
	}
	return out
}

// base32Encode encodes 20 bytes as 32 characters, most significant bits first.
func base32Encode(b []byte) []byte {
	out := make([]byte, 0, len(b)*8/5)
	var acc uint64
	bits := 0
	for _, x := range b {
		acc = acc<<8 | uint64(x)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out = append(out, crockford[(acc>>bits)&31])
		}
	}
	return out
}

func base32Decode(chars []byte) []byte {
	out := make([]byte, 0, len(chars)*5/8)
	var acc uint64
	bits := 0
	for _, c := range chars {
		acc = acc<<5 | uint64(strings.IndexByte(crockford, c))
		bits += 5
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	return out
}

// recoveryParams are modest: the code has 160 random bits, so the KDF only needs to exist.
func recoveryParams(p KDFParams) KDFParams {
	return KDFParams{MemoryKiB: min(p.MemoryKiB, 64<<10), Time: 1, Threads: p.Threads}
}
