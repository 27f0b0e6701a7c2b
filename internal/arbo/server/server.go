package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"kluis/internal/arbo"
)

// Config configures a Server.
type Config struct {
	Dir             string        // data folder: store, store.key, admin-token
	ServiceName     string        // shown to employers at enrolment and on the page
	Helpdesk        arbo.Helpdesk // sent at enrolment
	DailyRetrievals int           // retrievals per employer per day; 0: arbo.DefaultDailyRetr
	Now             func() time.Time
	Logger          *slog.Logger
	// Certificate is the TLS certificate the service is served with, if any: its fingerprint is
	// shown on the page so a person can compare it with what Kluis pinned.
	Certificate *tls.Certificate
}

// Server is the reference arbo service: an http.Handler over its own store.
type Server struct {
	cfg         Config
	db          *badger.DB
	adminToken  string
	fingerprint string
	page        *template.Template

	// writeMu makes each request's check-and-effect (nonce, code, limit, audit head) one step:
	// Badger's optimistic transactions would otherwise answer a race with a conflict.
	writeMu sync.Mutex

	sessMu   sync.Mutex
	sessions map[string]time.Time // session id → expiry, for the page

	stopGC context.CancelFunc
	gcDone chan struct{}
	closed sync.Once
}

const (
	enrolCodeLife  = 7 * 24 * time.Hour
	retrievalLife  = 7 * 24 * time.Hour // a retrieval not answered by then leaves the feed
	sessionLife    = 8 * time.Hour
	maxSmallBody   = 64 << 10 // enrolment and staff requests
	gcInterval     = 10 * time.Minute
	sessionCookie  = "arbo_session"
	adminTokenFile = "admin-token"
)

// New opens the store in cfg.Dir (creating it, its key and the admin token at the first start).
func New(cfg Config) (*Server, error) {
	if cfg.Dir == "" {
		return nil, errors.New("arbo service: no data folder")
	}
	if cfg.ServiceName == "" {
		cfg.ServiceName = "Arbodienst"
	}
	if cfg.DailyRetrievals <= 0 {
		cfg.DailyRetrievals = arbo.DefaultDailyRetr
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	db, err := openStore(cfg.Dir, cfg.Logger)
	if err != nil {
		return nil, fmt.Errorf("arbo service: %w", err)
	}
	tok, err := secretFile(filepath.Join(cfg.Dir, adminTokenFile), func() ([]byte, error) {
		t, err := randomText(32)
		return []byte(t + "\n"), err
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("arbo service: admin token: %w", err)
	}
	s := &Server{cfg: cfg, db: db, adminToken: strings.TrimSpace(string(tok)),
		sessions: map[string]time.Time{}, gcDone: make(chan struct{}), page: pageTemplate()}
	if s.adminToken == "" {
		_ = db.Close()
		return nil, errors.New("arbo service: the admin-token file is empty")
	}
	if cfg.Certificate != nil && len(cfg.Certificate.Certificate) > 0 {
		s.fingerprint = arbo.CertFingerprint(cfg.Certificate.Certificate[0])
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stopGC = cancel
	go s.runGC(ctx)
	return s, nil
}

// runGC runs Badger's value-log GC until ctx ends (jaeger's pattern); Close waits for it.
func (s *Server) runGC(ctx context.Context) {
	defer close(s.gcDone)
	t := time.NewTicker(gcInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for s.db.RunValueLogGC(0.5) == nil {
			}
		}
	}
}

// Close stops the maintenance and closes the store. Stop serving first.
func (s *Server) Close() error {
	var err error
	s.closed.Do(func() {
		s.stopGC()
		<-s.gcDone
		err = s.db.Close()
	})
	return err
}

// AdminToken is the bearer token of the holdings, the page and the staff API.
func (s *Server) AdminToken() string { return s.adminToken }

// AdminTokenPath is the file the admin token is kept in.
func (s *Server) AdminTokenPath() string { return filepath.Join(s.cfg.Dir, adminTokenFile) }

// Fingerprint is the TLS certificate's fingerprint (arbo.CertFingerprint), empty without TLS.
func (s *Server) Fingerprint() string { return s.fingerprint }

// NewEnrolCode stores and returns a fresh one-time enrolment code (valid for a week).
func (s *Server) NewEnrolCode() (string, error) {
	b := make([]byte, 10) // 80 bits
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	// Crockford's alphabet: no I, L, O or U to misread when typed over.
	raw := base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding).EncodeToString(b)
	code := raw[0:4] + "-" + raw[4:8] + "-" + raw[8:12] + "-" + raw[12:16]
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	err := s.db.Update(func(txn *badger.Txn) error {
		return setJSON(txn, codeKey(code), enrolCode{CreatedAt: s.cfg.Now()})
	})
	if err != nil {
		return "", err
	}
	return code, nil
}

// codeKey keys an enrolment code by its hash, normalised (case, spaces and dashes ignored), so
// the store never holds a usable code.
func codeKey(code string) []byte {
	norm := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToUpper(code))
	sum := sha256.Sum256([]byte("kluis-arbo-enrol-code\x00" + norm))
	return key(kCode, hex.EncodeToString(sum[:]))
}

// randomText is n random bytes, base64url.
func randomText(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// randomID is a 16-byte random id, hex.
func randomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Handler is the service's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+arbo.PathEnrol, s.handleEnrol)
	mux.HandleFunc("POST "+arbo.PathMessages, s.handleMessages)
	mux.HandleFunc("GET "+arbo.PathFeed, s.handleFeed)
	mux.HandleFunc("POST "+arbo.PathRetrievals+"/{id}", s.handleRetrievalAnswer)
	mux.HandleFunc("PUT "+arbo.PathAuditHead, s.handlePutAuditHead)
	mux.HandleFunc("GET "+arbo.PathAuditHead, s.handleGetAuditHead)
	mux.HandleFunc("GET "+arbo.PathAuditHead+"/{device}", s.handleGetAuditHead)
	mux.HandleFunc("POST "+arbo.PathRekey, s.handleRekey)
	mux.HandleFunc("GET "+arbo.PathHoldings, s.admin(s.handleHoldings))
	mux.HandleFunc("POST "+arbo.PathStaffEnrolCodes, s.admin(s.handleStaffEnrolCode))
	mux.HandleFunc("POST "+arbo.PathStaffRetrievals, s.admin(s.handleStaffRetrieval))
	mux.HandleFunc("GET "+arbo.PathStaffRetrievals+"/{id}", s.admin(s.handleStaffRetrievalStatus))
	mux.HandleFunc("PUT "+arbo.PathStaffCases, s.admin(s.handleStaffCase))
	mux.HandleFunc("POST "+arbo.PathStaffLegacy, s.admin(s.handleStaffLegacy))
	mux.HandleFunc("GET /{$}", s.handlePage)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("POST /logout", s.handleLogout)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &arbo.Error{Status: 404, Code: arbo.CodeNotFound, Message: "no such endpoint"})
	})
	return s.logRequests(mux)
}

// reqInfo is what a handler tells the request log: ids, counts and codes, never values.
type reqInfo struct {
	employer string
	code     string
	attrs    []slog.Attr
}

type infoKey struct{}

func info(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(infoKey{}).(*reqInfo); ok {
		return i
	}
	return &reqInfo{}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// logRequests logs one line per request: method, the route (the pattern, not the path as sent,
// which could carry anything), status, the verified employer, counts and codes.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{}
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, ri))
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if i := strings.IndexByte(route, ' '); i >= 0 {
			route = route[i+1:]
		}
		if route == "" || route == "/" {
			route = "(none)"
		}
		method := r.Method
		if len(method) > 10 {
			method = method[:10]
		}
		attrs := []slog.Attr{slog.String("method", method), slog.String("route", route),
			slog.Int("status", sw.status), slog.Duration("took", time.Since(start))}
		if ri.employer != "" {
			attrs = append(attrs, slog.String("employer", ri.employer))
		}
		if ri.code != "" {
			attrs = append(attrs, slog.String("code", ri.code))
		}
		attrs = append(attrs, ri.attrs...)
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.cfg.Logger.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// reply writes v as JSON with status.
func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fail answers an error as arbo.ErrorBody: an *arbo.Error as it is, anything else as 500 (its
// text goes to the log, which carries no values: store errors name files, not data).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var e *arbo.Error
	if !errors.As(err, &e) {
		s.cfg.Logger.Error("internal error", "route", r.Pattern, "err", err.Error())
		e = &arbo.Error{Status: 500, Code: arbo.CodeInternal, Message: "internal error"}
		if errors.Is(err, badger.ErrTxnTooBig) {
			e = &arbo.Error{Status: 413, Code: arbo.CodeTooLarge, Message: "the request's effect is too large for one transaction; send fewer messages"}
		}
	}
	info(r).code = e.Code
	if e.Status == 401 && e.Code == arbo.CodeUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="arbo-service"`)
	}
	reply(w, e.Status, arbo.ErrorBody{Code: e.Code, Message: e.Message})
}

// readBody reads the body up to limit bytes; more is 413 too_large.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, &arbo.Error{Status: 413, Code: arbo.CodeTooLarge, Message: fmt.Sprintf("body over %d bytes", limit)}
	}
	if err != nil {
		return nil, badRequest("body not readable")
	}
	return b, nil
}

// admin wraps a staff handler: the bearer token must match.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !s.tokenOK(tok) {
			s.fail(w, r, &arbo.Error{Status: 401, Code: arbo.CodeUnauthorized, Message: "admin token missing or wrong"})
			return
		}
		h(w, r)
	}
}

func (s *Server) tokenOK(tok string) bool {
	a := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	b := sha256.Sum256([]byte(s.adminToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
