// Package server is the reference arbo service: the other party of the protocol in internal/arbo,
// run by `kluis arbo-service`. It serves many employers over HTTP+JSON, keeps its own Badger
// store, and shows a person what it holds.
//
// # Store
//
// One Badger database in DIR/store, encrypted at rest with Badger's own encryption under the 32
// random bytes in DIR/store.key (mode 0600, made at the first start). That protects a copied
// store without its key file; it does not protect against anyone who can read the data folder
// (the key lies next to the store) or the running process. Keys hold ids, pseudonyms and dates,
// never identity values. Each request's effect, its nonce included, is one Badger transaction,
// so a crash (kill -9) at any moment leaves a batch applied wholly or not at all.
//
// # Requests
//
// Enrolment (POST arbo.PathEnrol) is unsigned: the one-time code (NewEnrolCode) is the proof.
// Every other employer request is signed (arbo.Verify); the service refuses an unknown employer,
// a bad signature, a stale timestamp and a nonce seen before, and any refusal stores nothing. A
// batch is decoded strictly and every message validated before anything is applied; messages
// then apply in order, each id at most once (the outcome is remembered, so a resend gets the same
// answer). Messages the service's rules refuse (identity data without a share) are answered in
// BatchResponse.Rejected and do not block the others.
//
// # Admin side
//
// DIR/admin-token (mode 0600, kept across restarts) is the bearer token of GET
// arbo.PathHoldings, the staff API under arbo.PathStaff (enrolment codes, retrievals, case
// status, legacy records) and the read-only page at / (a login form sets an HttpOnly,
// SameSite=Strict session cookie).
//
// # Logs
//
// One line per request: method, route pattern (never the path as sent), status, the verified
// employer id, message counts and error codes. Never identity values, never bodies.
package server
