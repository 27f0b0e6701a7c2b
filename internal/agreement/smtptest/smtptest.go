// Package smtptest is a tiny SMTP server on 127.0.0.1 for tests of packages that send mail: it
// speaks just enough of RFC 5321 (EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, QUIT), records
// what it was told, and can refuse a recipient or stay silent. SelfSigned makes a certificate
// for 127.0.0.1 and the pool that trusts it, so STARTTLS runs without touching the system roots.
package smtptest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options shape a server's behaviour.
type Options struct {
	TLS      *tls.Config // nil: STARTTLS not offered
	User     string      // "": AUTH not offered
	Password string
	// RejectRcpt answers RCPT with 550 and the address echoed, as real servers do.
	RejectRcpt bool
	// Silent accepts connections and never answers (for time-outs).
	Silent bool
}

// Server is a running fake SMTP server; Close runs at the test's cleanup.
type Server struct {
	opt Options
	ln  net.Listener
	wg  sync.WaitGroup

	mu          sync.Mutex
	connections int
	authOverTLS []bool   // per AUTH command: was the connection encrypted?
	authPayload []string // decoded AUTH PLAIN responses
	from, to    []string
	messages    [][]byte // LF line ends (textproto.Reader.ReadDotBytes)
}

// Start listens on 127.0.0.1:0 and serves until the test ends.
func Start(tb testing.TB, opt Options) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{opt: opt, ln: ln}
	s.wg.Add(1)
	go s.serve()
	tb.Cleanup(func() {
		_ = ln.Close()
		s.wg.Wait()
	})
	return s
}

// Host is 127.0.0.1; Port the listening port.
func (s *Server) Host() string { return "127.0.0.1" }

// Port is the port the server listens on.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Record is what the server was told so far.
type Record struct {
	Connections int
	AuthOverTLS []bool
	AuthPayload []string
	From, To    []string
	Messages    [][]byte
}

// Record returns a copy of what the server saw.
func (s *Server) Record() Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Record{Connections: s.connections, AuthOverTLS: append([]bool(nil), s.authOverTLS...),
		AuthPayload: append([]string(nil), s.authPayload...), From: append([]string(nil), s.from...),
		To: append([]string(nil), s.to...), Messages: append([][]byte(nil), s.messages...)}
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.connections++
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			if s.opt.Silent {
				_, _ = bufio.NewReader(conn).ReadString('\n') // until the client gives up
				return
			}
			s.session(conn)
		}()
	}
}

func (s *Server) session(conn net.Conn) {
	tp := textproto.NewConn(conn)
	encrypted := false
	reply := func(lines ...string) { _ = tp.PrintfLine("%s", strings.Join(lines, "\r\n")) }
	reply("220 fake.test ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			lines := []string{"250-fake.test"}
			if s.opt.TLS != nil && !encrypted {
				lines = append(lines, "250-STARTTLS")
			}
			if s.opt.User != "" {
				lines = append(lines, "250-AUTH PLAIN")
			}
			reply(append(lines, "250 8BITMIME")...)
		case "STARTTLS":
			if s.opt.TLS == nil || encrypted {
				reply("502 not now")
				continue
			}
			reply("220 go ahead")
			tc := tls.Server(conn, s.opt.TLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, encrypted = tc, true
			tp = textproto.NewConn(conn)
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			payload, _ := base64.StdEncoding.DecodeString(initial)
			s.mu.Lock()
			s.authOverTLS = append(s.authOverTLS, encrypted)
			s.authPayload = append(s.authPayload, string(payload))
			s.mu.Unlock()
			if mech == "PLAIN" && string(payload) == "\x00"+s.opt.User+"\x00"+s.opt.Password {
				reply("235 2.7.0 accepted")
			} else {
				reply("535 5.7.8 credentials of " + s.opt.User + " refused")
			}
		case "MAIL":
			s.mu.Lock()
			s.from = append(s.from, arg)
			s.mu.Unlock()
			reply("250 ok")
		case "RCPT":
			if s.opt.RejectRcpt {
				reply("550 5.1.1 " + strings.TrimPrefix(arg, "TO:") + ": no such user here")
				continue
			}
			s.mu.Lock()
			s.to = append(s.to, arg)
			s.mu.Unlock()
			reply("250 ok")
		case "DATA":
			reply("354 go on")
			b, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.messages = append(s.messages, b)
			s.mu.Unlock()
			reply("250 queued")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("250 ok")
		}
	}
}

// SelfSigned returns a server TLS config with a fresh self-signed certificate for 127.0.0.1
// and localhost, and a pool that trusts it (for the client's RootCAs).
func SelfSigned(tb testing.TB) (*tls.Config, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fake smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}
