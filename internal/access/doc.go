// Package access owns the vault's users as people: their profiles (name, e-mail), roles, the
// first admin's creation together with the vault, and later authorisation requests, approvals,
// revocation and the processor-agreement record. The vault package enforces access with keys;
// this package decides who should get which keys.
package access
