// Package s3test starts a real S3 server (versitygw, posix backend) on 127.0.0.1 for tests:
// a free port, a temporary data folder, one bucket, stopped at the test's cleanup. Replication
// is tested against a real server, never an in-memory fake. The binary comes from
// `make s3-server` (into $(go env GOPATH)/bin); when it is missing the tests fail and say so.
package s3test
