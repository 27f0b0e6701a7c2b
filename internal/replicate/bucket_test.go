package replicate_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kluis/internal/replicate"
	"kluis/internal/replicate/s3test"
)

func openTestBucket(t *testing.T, srv *s3test.Server, prefix string) *replicate.Bucket {
	t.Helper()
	b, err := replicate.OpenBucket(replicate.Config{URL: srv.URL, AccessKey: srv.Access, SecretKey: srv.Secret, Timeout: 5 * time.Second}, prefix)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Rule: a conditional put (If-None-Match: *) is honoured by the real server, so two admins
// cannot both claim one keyring serial.
func TestRule_ConditionalPutIsHonouredByTheServer(t *testing.T) {
	srv := s3test.Start(t)
	b := openTestBucket(t, srv, "v1")
	ctx := context.Background()
	if err := b.PutNew(ctx, "keyring/00000000000000000001", []byte("first")); err != nil {
		t.Fatal(err)
	}
	err := b.PutNew(ctx, "keyring/00000000000000000001", []byte("second"))
	if !errors.Is(err, replicate.ErrObjectExists) {
		t.Fatalf("second conditional put: %v, want ErrObjectExists", err)
	}
	got, err := b.Get(ctx, "keyring/00000000000000000001")
	if err != nil || string(got) != "first" {
		t.Fatalf("get = %q, %v; the first writer must keep the serial", got, err)
	}
	// A plain put replaces (users/, devices/ are rewritten).
	if err := b.Put(ctx, "keyring/00000000000000000001", []byte("third")); err != nil {
		t.Fatal(err)
	}
}

// Rule: List returns the keys below a folder after a given key, in order, within the prefix.
func TestRule_ListAfterAKeyStaysInsideTheVaultPrefix(t *testing.T) {
	srv := s3test.Start(t)
	b := openTestBucket(t, srv, "v1")
	other := openTestBucket(t, srv, "v2")
	ctx := context.Background()
	for _, k := range []string{"changes/p/d/03", "changes/p/d/01", "changes/p/d/02", "keyring/1"} {
		if err := b.Put(ctx, k, []byte(k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := other.Put(ctx, "changes/p/d/04", []byte("x")); err != nil {
		t.Fatal(err)
	}
	keys, err := b.List(ctx, "changes/p/", "changes/p/d/01", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[0].Key != "changes/p/d/02" || keys[1].Key != "changes/p/d/03" || keys[0].ETag == "" {
		t.Fatalf("list = %v", keys)
	}
	if err := b.Put(ctx, "changes/p/e/01", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if dirs, err := b.Folders(ctx, "changes/p/"); err != nil || strings.Join(dirs, ",") != "d,e" {
		t.Fatalf("folders = %v, %v", dirs, err)
	}
	if _, err := b.Get(ctx, "changes/p/d/09"); !errors.Is(err, replicate.ErrObjectMissing) {
		t.Fatalf("missing object: %v", err)
	}
	if err := b.Delete(ctx, "changes/p/d/01"); err != nil {
		t.Fatal(err)
	}
	if keys, _ := b.List(ctx, "changes/", "", 0); len(keys) != 3 {
		t.Fatalf("after delete: %v", keys)
	}
}

// Rule: wrong credentials, a missing bucket, a server that is down and a bad address each get
// their own named error, and no error text holds the secret.
func TestRule_BucketErrorsAreNamedAndNeverHoldTheSecret(t *testing.T) {
	srv := s3test.Start(t)
	ctx := context.Background()
	const secret = "Sup3rSecretCanaryValue"

	wrong, err := replicate.OpenBucket(replicate.Config{URL: srv.URL, AccessKey: srv.Access, SecretKey: secret, Timeout: 5 * time.Second}, "v")
	if err != nil {
		t.Fatal(err)
	}
	err = wrong.Check(ctx)
	if !errors.Is(err, replicate.ErrCredentials) || strings.Contains(err.Error(), secret) {
		t.Fatalf("wrong secret: %v", err)
	}
	if err := wrong.Put(ctx, "x", []byte("x")); !errors.Is(err, replicate.ErrCredentials) {
		t.Fatalf("put with wrong secret: %v", err)
	}

	missing, _ := replicate.OpenBucket(replicate.Config{URL: "http://" + srv.Endpoint + "/no-such-bucket", AccessKey: srv.Access, SecretKey: srv.Secret}, "v")
	if err := missing.Check(ctx); !errors.Is(err, replicate.ErrBucketMissing) {
		t.Fatalf("missing bucket: %v", err)
	}
	if err := missing.Put(ctx, "x", []byte("x")); !errors.Is(err, replicate.ErrBucketMissing) {
		t.Fatalf("put into missing bucket: %v", err)
	}

	for _, u := range []string{"ftp://host/b", "http://host", "http://host/a/b", "http://u:p@host/b", "://"} {
		if _, err := replicate.OpenBucket(replicate.Config{URL: u, AccessKey: "a", SecretKey: "b"}, "v"); !errors.Is(err, replicate.ErrBucketURL) {
			t.Errorf("%q: %v, want ErrBucketURL", u, err)
		}
	}
	if got := (replicate.Config{URL: srv.URL, SecretKey: secret}).String(); strings.Contains(got, secret) {
		t.Fatal("Config.String shows the secret")
	}

	b := openTestBucket(t, srv, "v")
	srv.Stop()
	start := time.Now()
	err = b.Put(ctx, "x", []byte("x"))
	if !errors.Is(err, replicate.ErrServerDown) {
		t.Fatalf("server down: %v", err)
	}
	if time.Since(start) > 20*time.Second {
		t.Fatalf("a down server took %s to report", time.Since(start))
	}
	srv.Restart(t)
	if err := b.Put(ctx, "x", []byte("x")); err != nil {
		t.Fatalf("after restart: %v", err)
	}
	got, err := b.Get(ctx, "x")
	if err != nil || !bytes.Equal(got, []byte("x")) {
		t.Fatalf("get after restart: %q %v", got, err)
	}
}
