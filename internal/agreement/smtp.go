package agreement

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"time"
)

// Sentinels of a failed send; a *SendError wraps one of ErrTLS, ErrAuth or ErrSend.
var (
	// ErrNotConfigured: no SMTP server is set up.
	ErrNotConfigured = errors.New("agreement: no SMTP server configured")
	// ErrCredentialsNeedTLS: a user name is set but STARTTLS is off; Kluis never sends a
	// password over an unencrypted connection.
	ErrCredentialsNeedTLS = errors.New("agreement: SMTP credentials are only sent after STARTTLS")
	// ErrTLS: the server does not offer STARTTLS, or its certificate was not accepted.
	ErrTLS = errors.New("agreement: SMTP STARTTLS failed")
	// ErrAuth: the server refused the user name and password.
	ErrAuth = errors.New("agreement: SMTP authentication failed")
	// ErrSend: anything else between connecting and the end of the message.
	ErrSend = errors.New("agreement: sending the mail failed")
)

// SendError says where a send failed. Its text names the step, the SMTP reply code and, for
// network and TLS failures, the cause; never the server's reply text (which may echo an
// address), the password, or the message.
type SendError struct {
	Kind  error  // ErrTLS, ErrAuth or ErrSend
	Step  string // connect, hello, starttls, auth, mail, rcpt, data, quit
	Code  int    // SMTP reply code; 0 when the server did not answer with one
	cause error  // a network, TLS or context error; nil for a server reply
}

func (e *SendError) Error() string {
	msg := fmt.Sprintf("%s at %s", e.Kind, e.Step)
	if e.Code != 0 {
		msg += fmt.Sprintf(" (SMTP %d)", e.Code)
	}
	if e.cause != nil {
		msg += ": " + e.cause.Error()
	}
	return msg
}

// Unwrap gives errors.Is the kind and the cause (context.DeadlineExceeded, for one).
func (e *SendError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.cause}
}

// Default time limits of a send.
const (
	DefaultDialTimeout = 20 * time.Second
	DefaultTimeout     = 20 * time.Second
)

// Mailer sends messages through an SMTP server. The zero value is ready to use: the system's
// certificate roots and the default time limits.
type Mailer struct {
	// RootCAs verifies the server's certificate after STARTTLS; nil means the system's roots.
	// Tests pass their own.
	RootCAs *x509.CertPool
	// DialTimeout limits connecting; Timeout the whole send. Zero means the defaults.
	DialTimeout time.Duration
	Timeout     time.Duration
	// HelloName is the name given in EHLO; "" means "localhost" (net/smtp's default), which
	// tells the server nothing about this PC.
	HelloName string
}

// Send delivers msg from "from" to "to" through the server in m. password is used only when
// settings name a user, and only after STARTTLS (ErrCredentialsNeedTLS otherwise, before any
// connection). The send stops when ctx ends or the time limits pass.
func (mr Mailer) Send(ctx context.Context, m MailSettings, password, from, to string, msg []byte) error {
	if !m.Configured() {
		return ErrNotConfigured
	}
	if m.User != "" && !m.StartTLS {
		return ErrCredentialsNeedTLS
	}
	timeout := mr.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dialTimeout := mr.DialTimeout
	if dialTimeout <= 0 {
		dialTimeout = DefaultDialTimeout
	}
	fail := func(kind error, step string, err error) error {
		se := &SendError{Kind: kind, Step: step}
		var tp *textproto.Error
		switch {
		case errors.As(err, &tp):
			se.Code = tp.Code
		case ctx.Err() != nil:
			se.cause = ctx.Err()
		case errors.Is(err, os.ErrDeadlineExceeded):
			se.cause = context.DeadlineExceeded // the connection's deadline is the context's
		default:
			se.cause = err
		}
		return se
	}
	d := net.Dialer{Timeout: dialTimeout}
	conn, err := d.DialContext(ctx, "tcp", m.Addr())
	if err != nil {
		return fail(ErrSend, "connect", err)
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		if err := conn.SetDeadline(deadline); err != nil {
			return &SendError{Kind: ErrSend, Step: "connect", cause: err}
		}
	}
	// A cancelled context closes the connection, which ends any read or write in progress.
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()

	c, err := smtp.NewClient(conn, m.Host)
	if err != nil {
		return fail(ErrSend, "connect", err)
	}
	defer c.Close()
	hello := mr.HelloName
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fail(ErrSend, "hello", err)
	}
	if m.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return &SendError{Kind: ErrTLS, Step: "starttls", cause: errors.New("the server does not offer STARTTLS")}
		}
		cfg := &tls.Config{ServerName: m.Host, RootCAs: mr.RootCAs, MinVersion: tls.VersionTLS12}
		if err := c.StartTLS(cfg); err != nil {
			return fail(ErrTLS, "starttls", err)
		}
	}
	if m.User != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return &SendError{Kind: ErrAuth, Step: "auth", cause: errors.New("the server does not offer AUTH")}
		}
		if err := c.Auth(smtp.PlainAuth("", m.User, password, m.Host)); err != nil {
			return fail(ErrAuth, "auth", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return fail(ErrSend, "mail", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fail(ErrSend, "rcpt", err)
	}
	w, err := c.Data()
	if err != nil {
		return fail(ErrSend, "data", err)
	}
	if _, err := w.Write(msg); err != nil {
		_ = w.Close()
		return fail(ErrSend, "data", err)
	}
	if err := w.Close(); err != nil {
		return fail(ErrSend, "data", err)
	}
	// The message was accepted at the end of DATA; a failed QUIT does not undo that.
	_ = c.Quit()
	return nil
}
