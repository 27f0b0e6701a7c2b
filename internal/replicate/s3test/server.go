package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"go/build"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// BinaryEnv names a versitygw binary to use instead of the one on PATH or in GOPATH/bin.
const BinaryEnv = "KLUIS_VERSITYGW"

// Server is one running versitygw with one bucket.
type Server struct {
	URL            string // http://127.0.0.1:PORT/BUCKET, as kluis replicate --bucket-url takes it
	Endpoint       string // 127.0.0.1:PORT
	Bucket         string
	Access, Secret string
	// DataDir holds the objects as files (DataDir/BUCKET/...); MetaDir the sidecar metadata.
	DataDir, MetaDir string

	bin string
	cmd *exec.Cmd
	log string
}

// Binary finds versitygw: $KLUIS_VERSITYGW, then PATH, then GOPATH/bin (where make s3-server
// installs it).
func Binary() (string, error) {
	if p := os.Getenv(BinaryEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s names %s, which is missing: run `make s3-server` or unset it", BinaryEnv, p)
		}
		return p, nil
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		gopath = build.Default.GOPATH
	}
	p := filepath.Join(filepath.SplitList(gopath)[0], "bin", "versitygw")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return "", errors.New("the S3 test server versitygw is not installed: run `make s3-server` (it installs versitygw v1.8.0 into $(go env GOPATH)/bin)")
}

// Start runs a server for the test and stops it at cleanup. A missing binary fails the test:
// CI must run these tests, never skip them.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	s := &Server{
		Bucket:  "kluis-test",
		Access:  "kluistest" + randHex(4),
		Secret:  randHex(20),
		DataDir: filepath.Join(root, "data"),
		MetaDir: filepath.Join(root, "meta"),
		bin:     bin,
		log:     filepath.Join(root, "server.log"),
	}
	for _, d := range []string{s.DataDir, s.MetaDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	s.Endpoint = "127.0.0.1:" + strconv.Itoa(port)
	s.URL = "http://" + s.Endpoint + "/" + s.Bucket
	t.Cleanup(s.Stop)
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.MakeBucket(ctx, s.Bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("s3test: make bucket: %v", err)
	}
	return s
}

// Client is a minio client for the server (for tests that look at or tamper with objects).
func (s *Server) Client() (*minio.Client, error) {
	return minio.New(s.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(s.Access, s.Secret, ""), Secure: false, MaxRetries: 1})
}

func (s *Server) start() error {
	logf, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(s.bin, "--access", s.Access, "--secret", s.Secret, "--port", s.Endpoint, "--quiet",
		"posix", "--sidecar", s.MetaDir, s.DataDir)
	cmd.Stdout, cmd.Stderr = logf, logf
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("s3test: start %s: %w", s.bin, err)
	}
	s.cmd = cmd
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			s.cmd = nil
			out, _ := os.ReadFile(s.log)
			return fmt.Errorf("s3test: versitygw exited at start (%v): %s", err, out)
		default:
		}
		if conn, err := net.DialTimeout("tcp", s.Endpoint, 200*time.Millisecond); err == nil {
			conn.Close()
			go func() { <-exited }() // reaped by Stop's kill; keep the channel drained
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.Stop()
	return errors.New("s3test: versitygw did not listen within 20s")
}

// Stop ends the server (the data stays until the test's temp dir goes); a stopped server is
// "down" for the client.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	kill(s.cmd)
	// Wait until the port is free again, so Restart can take it.
	for i := 0; i < 100; i++ {
		conn, err := net.DialTimeout("tcp", s.Endpoint, 100*time.Millisecond)
		if err != nil {
			break
		}
		conn.Close()
		time.Sleep(20 * time.Millisecond)
	}
	s.cmd = nil
}

// Restart starts a stopped server again on the same port and data.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
