package replicate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Errors of the bucket, in plain words (internal/workspace/codes.go maps them for both
// languages). Their texts never hold a credential or an object's content.
var (
	ErrBucketURL       = errors.New("replicate: the bucket address is not valid (expected https://host[:port]/bucket)")
	ErrServerDown      = errors.New("replicate: the storage server cannot be reached")
	ErrCredentials     = errors.New("replicate: the storage server refused the access key or secret")
	ErrBucketMissing   = errors.New("replicate: the bucket does not exist on the storage server")
	ErrObjectExists    = errors.New("replicate: the object already exists")
	ErrObjectMissing   = errors.New("replicate: the object does not exist")
	ErrObjectTooLarge  = errors.New("replicate: an object in the bucket is larger than Kluis ever writes")
	ErrServerResponded = errors.New("replicate: the storage server answered with an error")
)

// MaxObject caps what Get reads: Kluis never writes larger objects, and a bucket holder must
// not be able to make a PC read without end.
const MaxObject = 64 << 20

// DefaultTimeout limits every single call to the server.
const DefaultTimeout = 30 * time.Second

// Config says where the bucket is and how to sign in. The secret is never logged or printed.
type Config struct {
	// URL is http(s)://host[:port]/bucket (http only makes sense on one machine or in tests).
	URL                  string
	AccessKey, SecretKey string
	// Timeout of each call (zero: DefaultTimeout).
	Timeout time.Duration
	// Region (empty: us-east-1, what versitygw and MinIO answer to by default).
	Region string
}

// String shows the address only, so a Config in a log or error never reveals the secret.
func (c Config) String() string { return c.URL }

// Bucket is the bucket of one vault: every key is below the vault's prefix (its id in hex).
type Bucket struct {
	c       *minio.Client
	bucket  string
	prefix  string
	timeout time.Duration
}

// OpenBucket checks the address and prepares a client; it does not contact the server.
func OpenBucket(cfg Config, prefix string) (*Bucket, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, ErrBucketURL
	}
	bucket := strings.Trim(u.Path, "/")
	if bucket == "" || strings.Contains(bucket, "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, ErrBucketURL
	}
	if cfg.AccessKey == "" || cfg.SecretKey == "" {
		return nil, ErrCredentials
	}
	region := cfg.Region
	if region == "" {
		region = "us-east-1"
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	c, err := minio.New(u.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       u.Scheme == "https",
		Region:       region,
		BucketLookup: minio.BucketLookupPath,
		// One retry: a PC that cannot reach the server says so quickly; the next cycle retries.
		MaxRetries: 1,
	})
	if err != nil {
		return nil, ErrBucketURL
	}
	return &Bucket{c: c, bucket: bucket, prefix: strings.Trim(prefix, "/") + "/", timeout: timeout}, nil
}

func (b *Bucket) ctx(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, b.timeout)
}

// Check signs in and looks at the bucket: a named error when the server is down, the
// credentials are wrong or the bucket is missing.
func (b *Bucket) Check(ctx context.Context) error {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	ok, err := b.c.BucketExists(ctx, b.bucket)
	if err != nil {
		return b.explain("check", err)
	}
	if !ok {
		return ErrBucketMissing
	}
	return nil
}

// Put writes key (below the prefix), replacing what was there.
func (b *Bucket) Put(ctx context.Context, key string, data []byte) error {
	return b.put(ctx, key, data, false)
}

// PutNew writes key only when it does not exist yet (If-None-Match: *): ErrObjectExists when
// another device was first.
func (b *Bucket) PutNew(ctx context.Context, key string, data []byte) error {
	return b.put(ctx, key, data, true)
}

func (b *Bucket) put(ctx context.Context, key string, data []byte, onlyNew bool) error {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	opts := minio.PutObjectOptions{ContentType: "application/octet-stream", DisableMultipart: true}
	if onlyNew {
		opts.SetMatchETagExcept("*")
	}
	_, err := b.c.PutObject(ctx, b.bucket, b.prefix+key, bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		return b.explain("put", err)
	}
	return nil
}

// Get reads key: ErrObjectMissing when it is not there.
func (b *Bucket) Get(ctx context.Context, key string) ([]byte, error) {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	obj, err := b.c.GetObject(ctx, b.bucket, b.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, b.explain("get", err)
	}
	defer obj.Close()
	data, err := io.ReadAll(io.LimitReader(obj, MaxObject+1))
	if err != nil {
		return nil, b.explain("get", err)
	}
	if len(data) > MaxObject {
		return nil, ErrObjectTooLarge
	}
	return data, nil
}

// Object is one entry of a listing: its key (relative to the prefix) and ETag.
type Object struct {
	Key  string
	ETag string
	Size int64
}

// List returns the objects below dir (relative to the prefix, e.g. "keyring/") whose keys sort
// after after (a full key or ""), in key order, at most limit (0: all).
func (b *Bucket) List(ctx context.Context, dir, after string, limit int) ([]Object, error) {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	opts := minio.ListObjectsOptions{Prefix: b.prefix + dir, Recursive: true}
	if after != "" {
		opts.StartAfter = b.prefix + after
	}
	var out []Object
	for info := range b.c.ListObjects(ctx, b.bucket, opts) {
		if info.Err != nil {
			return nil, b.explain("list", info.Err)
		}
		out = append(out, Object{Key: strings.TrimPrefix(info.Key, b.prefix), ETag: info.ETag, Size: info.Size})
		if limit > 0 && len(out) == limit {
			cancel() // stops the listing goroutine
			break
		}
	}
	return out, nil
}

// Folders returns the names of the folders directly below dir ("changes/<partition>/" gives
// the device ids that wrote to the partition).
func (b *Bucket) Folders(ctx context.Context, dir string) ([]string, error) {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	var out []string
	for info := range b.c.ListObjects(ctx, b.bucket, minio.ListObjectsOptions{Prefix: b.prefix + dir}) {
		if info.Err != nil {
			return nil, b.explain("list", info.Err)
		}
		if name, ok := strings.CutSuffix(strings.TrimPrefix(info.Key, b.prefix+dir), "/"); ok && name != "" {
			out = append(out, name)
		}
	}
	return out, nil
}

// Delete removes key (no error when it is already gone).
func (b *Bucket) Delete(ctx context.Context, key string) error {
	ctx, cancel := b.ctx(ctx)
	defer cancel()
	if err := b.c.RemoveObject(ctx, b.bucket, b.prefix+key, minio.RemoveObjectOptions{}); err != nil {
		return b.explain("delete", err)
	}
	return nil
}

// explain turns a client error into one of the named errors; the text says what was done and
// the server's code, never a key, a secret or a body.
func (b *Bucket) explain(op string, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	resp := minio.ToErrorResponse(err)
	switch resp.Code {
	case "NoSuchKey":
		return ErrObjectMissing
	case "NoSuchBucket":
		return ErrBucketMissing
	case "PreconditionFailed", "ConditionalRequestConflict":
		return ErrObjectExists
	case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurity", "AccountProblem":
		return ErrCredentials
	}
	switch resp.StatusCode {
	case http.StatusNotFound:
		return ErrObjectMissing
	case http.StatusPreconditionFailed, http.StatusConflict:
		if op == "put" {
			return ErrObjectExists
		}
	case http.StatusUnauthorized, http.StatusForbidden:
		return ErrCredentials
	}
	if resp.Code != "" || resp.StatusCode != 0 {
		return fmt.Errorf("%w (%s: %s %d)", ErrServerResponded, op, safeCode(resp.Code), resp.StatusCode)
	}
	// No S3 answer at all: refused connection, DNS, TLS, or the time limit.
	return fmt.Errorf("%w (%s)", ErrServerDown, op)
}

// safeCode keeps an S3 error code printable and short (it comes from the server).
func safeCode(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
