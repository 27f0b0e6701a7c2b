// Package replicate carries a vault's sealed changes between the PCs of one employer through an
// S3-compatible bucket (docs/adr/009-replication.md). The bucket only ever sees what
// internal/vault hands out: signed change sets of sealed records, keyring.log entries, the
// passphrase-sealed local parts of users and signed device announcements. Object names are
// random ids, serials and sequence numbers; never a persnr, a name or a department.
//
// Layout below <vault id hex>/: keyring/<serial, 20 digits>, users/<user id hex>,
// devices/<device id hex>, changes/<partition hex>/<device id hex>/<seq, 20 digits>,
// snapshots/<partition hex>/<clock, 16 hex>-<device id hex> (snapshot.go, compact.go; ADR 011).
//
// Bucket is the client (minio-go, a time limit on every call, errors in plain words); Engine
// runs one replication cycle; the cursors of what was pulled live in DIR/replica.json.
package replicate
