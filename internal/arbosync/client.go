package arbosync

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kluis/internal/arbo"
)

// Signer signs a request's signing string with the employer's key (vault.ServiceKeys).
type Signer interface {
	Sign(msg []byte) []byte
}

// Client talks to one arbo service as one employer.
type Client struct {
	base     *url.URL
	employer string
	signer   Signer
	http     *http.Client
	now      func() time.Time
}

// Errors of the client; the sync reports them in plain words.
var (
	// ErrOffline: the service could not be reached (connection refused, DNS, timeout).
	ErrOffline = errors.New("arbosync: the arbo service cannot be reached")
	// ErrCertificate: the service's TLS certificate is not the one pinned at enrolment.
	ErrCertificate = errors.New("arbosync: the arbo service's certificate is not the one pinned at enrolment")
	// ErrURL: the service URL is not http(s)://host[:port].
	ErrURL = errors.New("arbosync: the arbo service URL is not valid")
)

// parseURL accepts http and https URLs without query or fragment.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(raw), "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, ErrURL
	}
	return u, nil
}

// httpClient makes the transport: with pin set, only a certificate with that SHA-256 is
// accepted (the service may use a self-signed one); seen, when not nil, receives the leaf's
// fingerprint of every handshake (enrolment pins the first).
func httpClient(pin []byte, seen func([]byte), timeout time.Duration) *http.Client {
	tr := &http.Transport{
		Proxy:                 nil, // a proxy must not see or bend the employer's traffic
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		TLSClientConfig: &tls.Config{
			MinVersion:         tls.VersionTLS12,
			InsecureSkipVerify: true, // replaced by the pin check below, which always runs
			VerifyConnection: func(cs tls.ConnectionState) error {
				if len(cs.PeerCertificates) == 0 {
					return ErrCertificate
				}
				sum := sha256.Sum256(cs.PeerCertificates[0].Raw)
				if seen != nil {
					seen(sum[:])
				}
				if pin == nil {
					// Enrolment without a pin yet: the system's roots decide, unless the admin
					// accepts the fingerprint (Enrol with acceptFingerprint).
					return nil
				}
				if subtle.ConstantTimeCompare(sum[:], pin) != 1 {
					return ErrCertificate
				}
				return nil
			},
		},
	}
	return &http.Client{Transport: tr, Timeout: timeout}
}

// Fingerprint formats a certificate hash the way the service prints it (arbo.CertFingerprint:
// lowercase hex), so a person can compare the two.
func Fingerprint(sum []byte) string { return hex.EncodeToString(sum) }

// Enrolment is what an enrolment yields.
type Enrolment struct {
	arbo.EnrolResponse
	URL        string
	CertSHA256 []byte // nil for http
}

// Enrol registers the employer's public key with a one-time code. Over https the certificate
// seen is pinned from here on; it must either chain to the system's roots or have the
// fingerprint the admin was given with the code (expectFingerprint, "AA:BB:…" or hex; empty to
// rely on the system's roots).
func Enrol(ctx context.Context, rawURL string, req arbo.EnrolRequest, expectFingerprint string) (Enrolment, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return Enrolment{}, err
	}
	var seen []byte
	var hc *http.Client
	if u.Scheme == "https" && expectFingerprint != "" {
		pin, err := parseFingerprint(expectFingerprint)
		if err != nil {
			return Enrolment{}, err
		}
		hc = httpClient(pin, func(s []byte) { seen = s }, 30*time.Second)
	} else {
		hc = httpClient(nil, func(s []byte) { seen = s }, 30*time.Second)
		if u.Scheme == "https" {
			// No fingerprint given: the certificate must chain to the system's roots.
			hc.Transport.(*http.Transport).TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12,
				VerifyConnection: func(cs tls.ConnectionState) error {
					if len(cs.PeerCertificates) > 0 {
						sum := sha256.Sum256(cs.PeerCertificates[0].Raw)
						seen = sum[:]
					}
					return nil
				}}
		}
	}
	body, err := json.Marshal(req)
	if err != nil {
		return Enrolment{}, err
	}
	c := &Client{base: u, http: hc, now: time.Now}
	var out arbo.EnrolResponse
	if err := c.do(ctx, http.MethodPost, arbo.PathEnrol, body, false, &out); err != nil {
		return Enrolment{}, err
	}
	if out.EmployerID == "" {
		return Enrolment{}, &arbo.Error{Status: 502, Code: arbo.CodeInternal, Message: "the service issued no employer id"}
	}
	e := Enrolment{EnrolResponse: out, URL: u.String()}
	if u.Scheme == "https" {
		e.CertSHA256 = seen
	}
	return e, nil
}

func parseFingerprint(s string) ([]byte, error) {
	h := strings.NewReplacer(":", "", " ", "").Replace(strings.TrimSpace(s))
	b := make([]byte, 32)
	if len(h) != 64 {
		return nil, ErrCertificate
	}
	for i := range b {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return nil, ErrCertificate
		}
		b[i] = byte(v)
	}
	return b, nil
}

// NewClient is the client of an enrolled employer: every request signed, the certificate pinned.
func NewClient(rawURL, employer string, pin []byte, signer Signer, timeout time.Duration) (*Client, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme == "https" && len(pin) != sha256.Size {
		return nil, ErrCertificate
	}
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	return &Client{base: u, employer: employer, signer: signer, http: httpClient(pin, nil, timeout), now: time.Now}, nil
}

// Close releases idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// Send posts one batch.
func (c *Client) Send(ctx context.Context, b arbo.Batch) (arbo.BatchResponse, error) {
	body, err := json.Marshal(b)
	if err != nil {
		return arbo.BatchResponse{}, err
	}
	var out arbo.BatchResponse
	err = c.do(ctx, http.MethodPost, arbo.PathMessages, body, true, &out)
	return out, err
}

// Feed reads case status and retrieval requests.
func (c *Client) Feed(ctx context.Context) (arbo.Feed, error) {
	var out arbo.Feed
	err := c.do(ctx, http.MethodGet, arbo.PathFeed, nil, true, &out)
	return out, err
}

// Answer answers one retrieval request.
func (c *Client) Answer(ctx context.Context, id string, a arbo.RetrievalAnswer) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, arbo.PathRetrievals+"/"+url.PathEscape(id), body, true, nil)
}

// Rekey registers a new signing key, signed with the current one.
func (c *Client) Rekey(ctx context.Context, pub []byte) error {
	body, err := json.Marshal(arbo.RekeyRequest{PublicKey: base64.StdEncoding.EncodeToString(pub)})
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, arbo.PathRekey, body, true, nil)
}

// PutAuditHead hands the service the newest head of the audit log.
func (c *Client) PutAuditHead(ctx context.Context, h arbo.AuditHead) error {
	body, err := json.Marshal(h)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPut, arbo.PathAuditHead, body, true, nil)
}

// AuditHead reads the head the service holds for device ("" for a vault on one PC;
// arbo.CodeNotFound when none).
func (c *Client) AuditHead(ctx context.Context, device string) (arbo.AuditHead, error) {
	var out arbo.AuditHead
	path := arbo.PathAuditHead
	if device != "" {
		path += "/" + device
	}
	err := c.do(ctx, http.MethodGet, path, nil, true, &out)
	return out, err
}

func (c *Client) do(ctx context.Context, method, path string, body []byte, signed bool, out any) error {
	u := *c.base
	u.Path = strings.TrimRight(c.base.Path, "/") + path
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if signed {
		var nonce [16]byte
		if _, err := rand.Read(nonce[:]); err != nil {
			return err
		}
		ts := strconv.FormatInt(c.now().Unix(), 10)
		n := base64.RawURLEncoding.EncodeToString(nonce[:])
		sig := c.signer.Sign(arbo.SigningString(method, req.URL.RequestURI(), body, ts, n, c.employer))
		req.Header.Set(arbo.HeaderEmployer, c.employer)
		req.Header.Set(arbo.HeaderTimestamp, ts)
		req.Header.Set(arbo.HeaderNonce, n)
		req.Header.Set(arbo.HeaderSignature, base64.StdEncoding.EncodeToString(sig))
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if errors.Is(err, ErrCertificate) || isCertError(err) {
			return ErrCertificate
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w (%s)", ErrOffline, transportReason(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, arbo.MaxBody+1))
	if err != nil {
		return fmt.Errorf("%w (the answer broke off)", ErrOffline)
	}
	if resp.StatusCode >= 300 {
		var eb arbo.ErrorBody
		_ = json.Unmarshal(data, &eb)
		if eb.Code == "" {
			eb.Code = arbo.CodeInternal
			if resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode == http.StatusBadGateway {
				eb.Code = arbo.CodeUnavailable
			}
		}
		return &arbo.Error{Status: resp.StatusCode, Code: eb.Code, Message: eb.Message}
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%w (the answer is not the protocol's JSON)", ErrOffline)
	}
	return nil
}

func isCertError(err error) bool {
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	var ce x509.CertificateInvalidError
	return errors.As(err, &ue) || errors.As(err, &he) || errors.As(err, &ce)
}

// transportReason names a transport failure without echoing addresses or bodies.
func transportReason(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case strings.Contains(err.Error(), "connection refused"):
		return "connection refused"
	case strings.Contains(err.Error(), "EOF"), strings.Contains(err.Error(), "connection reset"):
		return "connection dropped"
	}
	return "network error"
}
