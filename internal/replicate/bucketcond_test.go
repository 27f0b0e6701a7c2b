package replicate_test

import (
	"context"
	"errors"
	"testing"

	"kluis/internal/replicate"
	"kluis/internal/replicate/s3test"
)

// Rule: the server honours a conditional replace on an ETag (If-Match): of two PCs that read
// the same lease, only the first replace wins; the second gets ErrObjectExists. And a create
// (If-None-Match: *) over an existing lease fails. The arbo sync lease relies on both.
func TestRule_AConditionalReplaceOnAnETagIsHonouredByTheServer(t *testing.T) {
	srv := s3test.Start(t)
	b := openTestBucket(t, srv, "v1")
	ctx := context.Background()
	tag, err := b.PutCreate(ctx, "lease/arbo", []byte("first"))
	if err != nil || tag == "" {
		t.Fatalf("create: %q %v", tag, err)
	}
	if _, err := b.PutCreate(ctx, "lease/arbo", []byte("again")); !errors.Is(err, replicate.ErrObjectExists) {
		t.Fatalf("a second create: %v, want ErrObjectExists", err)
	}
	got, read, err := b.GetTagged(ctx, "lease/arbo")
	if err != nil || string(got) != "first" || read != tag {
		t.Fatalf("get = %q %q %v, want the first and its ETag %q", got, read, err, tag)
	}
	next, err := b.PutReplace(ctx, "lease/arbo", []byte("second"), read)
	if err != nil || next == "" || next == read {
		t.Fatalf("replace on the read ETag: %q %v", next, err)
	}
	if _, err := b.PutReplace(ctx, "lease/arbo", []byte("third"), read); !errors.Is(err, replicate.ErrObjectExists) {
		t.Fatalf("a replace on a stale ETag: %v, want ErrObjectExists", err)
	}
	if got, _, _ := b.GetTagged(ctx, "lease/arbo"); string(got) != "second" {
		t.Fatalf("the lease holds %q, want the first replace's", got)
	}
	if _, err := b.PutReplace(ctx, "lease/none", []byte("x"), read); !errors.Is(err, replicate.ErrObjectExists) && !errors.Is(err, replicate.ErrObjectMissing) {
		t.Fatalf("a replace of a missing object: %v", err)
	}
}
