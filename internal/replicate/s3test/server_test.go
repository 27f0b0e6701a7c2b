package s3test

import (
	"strings"
	"testing"
)

// Rule: a missing server binary is an error that says how to install it (the tests that need
// the server fail with it rather than skip).
func TestRule_AMissingBinarySaysMakeS3Server(t *testing.T) {
	t.Setenv(BinaryEnv, t.TempDir()+"/no-versitygw")
	_, err := Binary()
	if err == nil || !strings.Contains(err.Error(), "make s3-server") {
		t.Fatalf("Binary() = %v", err)
	}
}

// Rule: Start gives a running server with the bucket made; Stop takes it down.
func TestRule_StartGivesARunningServerWithItsBucket(t *testing.T) {
	s := Start(t)
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	ok, err := c.BucketExists(t.Context(), s.Bucket)
	if err != nil || !ok {
		t.Fatalf("bucket %s: %v %v", s.Bucket, ok, err)
	}
	s.Stop()
	if _, err := c.BucketExists(t.Context(), s.Bucket); err == nil {
		t.Fatal("the server still answers after Stop")
	}
}
