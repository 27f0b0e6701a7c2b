package replicate

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/minio/minio-go/v7"
)

// Conditional writes for objects several PCs contend for (the arbo sync lease): create only
// when absent (If-None-Match: *) or replace only the version read (If-Match: <ETag>). Both
// versitygw (its posix backend checks the precondition under the object's lock) and MinIO
// honour them, and minio-go v7.4.1 sends them (PutObjectOptions.SetMatchETag/Except);
// TestRule_AConditionalReplaceOnAnETagIsHonouredByTheServer checks the server at hand.

// GetTagged reads key with its ETag: ErrObjectMissing when it is not there.
func (b *Bucket) GetTagged(ctx context.Context, key string) ([]byte, string, error) {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	obj, err := b.c.GetObject(ctx, b.bucket, b.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, "", b.explain("get", err)
	}
	defer obj.Close()
	info, err := obj.Stat()
	if err != nil {
		return nil, "", b.explain("get", err)
	}
	data, err := io.ReadAll(io.LimitReader(obj, MaxObject+1))
	if err != nil {
		return nil, "", b.explain("get", err)
	}
	if len(data) > MaxObject {
		return nil, "", ErrObjectTooLarge
	}
	return data, strings.Trim(info.ETag, `"`), nil
}

// PutCreate writes key only when it does not exist yet and returns the new ETag;
// ErrObjectExists when another device was first.
func (b *Bucket) PutCreate(ctx context.Context, key string, data []byte) (string, error) {
	return b.putCond(ctx, key, data, "")
}

// PutReplace replaces key only while it still has etag and returns the new ETag;
// ErrObjectExists when another device replaced it first.
func (b *Bucket) PutReplace(ctx context.Context, key string, data []byte, etag string) (string, error) {
	if etag == "" {
		return "", ErrObjectExists // never an unconditional write by mistake
	}
	return b.putCond(ctx, key, data, etag)
}

func (b *Bucket) putCond(ctx context.Context, key string, data []byte, etag string) (string, error) {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	opts := minio.PutObjectOptions{ContentType: "application/octet-stream", DisableMultipart: true}
	if etag == "" {
		opts.SetMatchETagExcept("*")
	} else {
		opts.SetMatchETag(etag)
	}
	info, err := b.c.PutObject(ctx, b.bucket, b.prefix+key, bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		return "", b.explain("put", err)
	}
	return strings.Trim(info.ETag, `"`), nil
}
