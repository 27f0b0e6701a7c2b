package cli

import (
	gocontext "context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"kluis/internal/arbo/server"
)

const arboUsage = "kluis arbo-service --listen 127.0.0.1:PORT --data DIR [--enrol-code-file FILE] [--tls-cert FILE --tls-key FILE] [--name NAME]"

// runArboService runs the reference arbo service until SIGINT or SIGTERM.
func runArboService(c *context, args []string) int {
	ctx, stop := signal.NotifyContext(gocontext.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveArbo(ctx, c, args, nil)
}

// serveArbo runs the service until ctx ends; ready (if set) gets the address it listens on.
func serveArbo(ctx gocontext.Context, c *context, args []string, ready func(addr string)) int {
	fs := c.newFlags("arbo-service")
	listen := fs.String("listen", "127.0.0.1:8443", "address to listen on (loopback only without TLS)")
	data := fs.String("data", "", "the service's data folder")
	codeFile := fs.String("enrol-code-file", "", "write a fresh enrolment code to this file (mode 0600)")
	certFile := fs.String("tls-cert", "", "TLS certificate (PEM)")
	keyFile := fs.String("tls-key", "", "TLS private key (PEM)")
	name := fs.String("name", "Arbodienst (referentie)", "the service's name, shown to employers")
	if code, ok := parse(fs, arboUsage, args); !ok {
		return code
	}
	if m := missing(map[string]string{"data": *data, "listen": *listen}); len(m) > 0 {
		return c.usageError("arbo-service", "missing %v", m)
	}
	if (*certFile == "") != (*keyFile == "") {
		return c.usageError("arbo-service", "--tls-cert and --tls-key go together")
	}
	var cert *tls.Certificate
	if *certFile != "" {
		kp, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			fmt.Fprintf(c.env.Stderr, "kluis arbo-service: the TLS certificate: %v\n", err)
			return ExitFailed
		}
		cert = &kp
	} else if !loopback(*listen) {
		return c.usageError("arbo-service", "without TLS the service listens on loopback only (127.0.0.1, ::1 or localhost); give --tls-cert and --tls-key to listen on %s", *listen)
	}
	dir, err := filepath.Abs(*data)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis arbo-service: %v\n", err)
		return ExitFailed
	}
	// The service logs one line per request (ids, counts, codes; never identity values).
	logger := slog.New(slog.NewTextHandler(c.env.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := server.New(server.Config{Dir: dir, ServiceName: *name, Logger: logger, Certificate: cert})
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis arbo-service: %v\n", err)
		return ExitFailed
	}
	defer func() {
		if err := srv.Close(); err != nil {
			fmt.Fprintf(c.env.Stderr, "kluis arbo-service: closing the store: %v\n", err)
		}
	}()
	code, err := srv.NewEnrolCode()
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis arbo-service: %v\n", err)
		return ExitFailed
	}
	if *codeFile != "" {
		if err := writePrivate(*codeFile, []byte(code+"\n")); err != nil {
			fmt.Fprintf(c.env.Stderr, "kluis arbo-service: the enrolment code file: %v\n", err)
			return ExitFailed
		}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(c.env.Stderr, "kluis arbo-service: %v\n", err)
		return ExitFailed
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	scheme := "http"
	if cert != nil {
		scheme = "https"
		hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, hs.TLSConfig)
	}
	addr := ln.Addr().String()
	fmt.Fprintf(c.env.Stdout, "%s listening on %s://%s\n", *name, scheme, addr)
	fmt.Fprintf(c.env.Stdout, "admin token: %s\n", srv.AdminTokenPath())
	if *codeFile != "" {
		fmt.Fprintf(c.env.Stdout, "enrolment code: written to %s\n", *codeFile)
	} else {
		fmt.Fprintf(c.env.Stdout, "enrolment code: %s\n", code)
	}
	if fp := srv.Fingerprint(); fp != "" {
		fmt.Fprintf(c.env.Stdout, "certificate SHA-256: %s\n", fp)
	}
	if ready != nil {
		ready(addr)
	}

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		fmt.Fprintf(c.env.Stderr, "kluis arbo-service: %v\n", err)
		return ExitFailed
	case <-ctx.Done():
	}
	// Requests under way finish (each is one transaction), then the store closes (deferred).
	shutdown, cancel := gocontext.WithTimeout(gocontext.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(c.env.Stderr, "kluis arbo-service: stopping: %v\n", err)
	}
	fmt.Fprintln(c.env.Stdout, "stopped")
	return ExitOK
}

// loopback reports whether a listen address names a loopback host.
func loopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// writePrivate writes a file only its owner can read.
func writePrivate(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil { // an existing file keeps its mode on open
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
