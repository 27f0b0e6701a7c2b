// Package crypto holds every cryptographic operation of the vault: the passphrase KDF
// (Argon2id) with its calibration and caps, the AEAD used for small secrets (XChaCha20-Poly1305),
// anonymous key wrapping to a user's X25519 key, HKDF derivation with pooled HMACs, and record
// sealing with minio/sio (DARE 2.0 only). It knows nothing about files, Badger or users.
package crypto
