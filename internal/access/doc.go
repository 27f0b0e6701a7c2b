// Package access owns the vault's users as people: their profiles (name, e-mail, last unlock),
// the first admin's creation together with the vault, and the checks around access requests and
// approvals. The vault package enforces access with keys (requests, grants, roles, revocation
// with key rotation); this package decides who should get which keys. The processor-agreement
// record lives in internal/agreement.
package access
