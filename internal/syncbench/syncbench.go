package syncbench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"time"

	"kluis/internal/arbo/server"
	"kluis/internal/imports"
	"kluis/internal/peoplebench"
	"kluis/internal/sharing"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Config sizes the run.
type Config struct {
	Employees int
	Shared    int // 0: 1% of Employees
	Logger    *slog.Logger
	// VaultOptions are the vault's (tests pass cheap key derivation); zero: the defaults.
	VaultOptions vault.Options
}

// Result is what Run measured.
type Result struct {
	Employees, Shared  int
	FirstSync          time.Duration
	Messages           int
	Bytes              int64
	PlainUpload        time.Duration // the same bodies POSTed to a handler that only reads them
	Incremental        []time.Duration
	IncrementalSent    int
	SecondSyncNoChange time.Duration
}

// Run builds a vault, enrols it with an in-process reference service and measures.
func Run(ctx context.Context, cfg Config, w io.Writer) error {
	r, err := Measure(ctx, cfg)
	if err != nil {
		return err
	}
	return r.Write(w)
}

// Measure does the work of Run and returns the figures.
func Measure(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Shared == 0 {
		cfg.Shared = max(1, cfg.Employees/100)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	res := Result{Employees: cfg.Employees, Shared: cfg.Shared}
	tmp, err := os.MkdirTemp("", "kluis-syncbench-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmp)
	opts := cfg.VaultOptions
	opts.Logger = cfg.Logger
	v, sess, _, err := vault.Create(tmp+"/vault", vault.NewUser{Email: "bench@example.invalid", Passphrase: []byte("bench passphrase for the sync")}, opts)
	if err != nil {
		return res, err
	}
	defer v.Close()
	ws := workspace.Open(sess, workspace.Config{Logger: cfg.Logger})
	defer ws.Close()
	emp, err := ws.Directory().AddEmployer("Bench BV", "12345678")
	if err != nil {
		return res, err
	}
	cfg.Logger.Info("syncbench: importing", "employees", cfg.Employees)
	if _, err := ws.Import(ctx, bytes.NewReader(peoplebench.CSV(cfg.Employees, 50)), imports.Request{Name: "bench.csv", Employer: emp.ID}, nil); err != nil {
		return res, err
	}
	step := max(1, cfg.Employees/cfg.Shared)
	for i := 0; i < cfg.Shared; i++ {
		e, err := ws.Directory().EmployeeByPersnr(emp.ID, fmt.Sprintf("%06d", i*step+1))
		if err != nil {
			return res, err
		}
		if err := ws.Share(e.ID, sharing.ShareInput{CareQuestion: sharing.CareConsultation, Explanation: "Bench"}); err != nil {
			return res, err
		}
	}

	srv, err := server.New(server.Config{Dir: tmp + "/service", ServiceName: "Bench", Logger: cfg.Logger})
	if err != nil {
		return res, err
	}
	defer srv.Close()
	var mu sync.Mutex
	var bodies [][]byte
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			bodies = append(bodies, b)
			mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		h.ServeHTTP(w, r)
	}))
	defer ts.Close()
	code, err := srv.NewEnrolCode()
	if err != nil {
		return res, err
	}
	if _, err := ws.Enrol(ctx, ts.URL, code, ""); err != nil {
		return res, err
	}
	mu.Lock()
	bodies = nil
	mu.Unlock()

	cfg.Logger.Info("syncbench: first sync")
	start := time.Now()
	rep, err := ws.SyncNow(ctx, nil)
	res.FirstSync = time.Since(start)
	if err != nil {
		return res, err
	}
	res.Messages = rep.Sent
	mu.Lock()
	sent := bodies
	bodies = nil
	mu.Unlock()
	for _, b := range sent {
		res.Bytes += int64(len(b))
	}
	if res.PlainUpload, err = plainUpload(sent); err != nil {
		return res, err
	}

	start = time.Now()
	if _, err := ws.SyncNow(ctx, nil); err != nil {
		return res, err
	}
	res.SecondSyncNoChange = time.Since(start)

	// One change at a time: an employment ends, then the next cycle sends it.
	for i := range 5 {
		e, err := ws.Directory().EmployeeByPersnr(emp.ID, fmt.Sprintf("%06d", cfg.Employees-i))
		if err != nil {
			return res, err
		}
		if _, err := ws.EndEmployment(e.ID, "31-12-2026"); err != nil {
			return res, err
		}
		start = time.Now()
		rep, err := ws.SyncNow(ctx, nil)
		if err != nil {
			return res, err
		}
		res.Incremental = append(res.Incremental, time.Since(start))
		res.IncrementalSent += rep.Sent
	}
	return res, nil
}

// plainUpload POSTs the same bodies over loopback to a handler that reads and discards them.
func plainUpload(bodies [][]byte) (time.Duration, error) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer ts.Close()
	client := &http.Client{}
	start := time.Now()
	for _, b := range bodies {
		resp, err := client.Post(ts.URL, "application/json", bytes.NewReader(b))
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return time.Since(start), nil
}

// Write prints the figures as Markdown.
func (r Result) Write(w io.Writer) error {
	median := func(ds []time.Duration) time.Duration {
		s := append([]time.Duration(nil), ds...)
		for i := range s {
			for j := i + 1; j < len(s); j++ {
				if s[j] < s[i] {
					s[i], s[j] = s[j], s[i]
				}
			}
		}
		if len(s) == 0 {
			return 0
		}
		return s[len(s)/2]
	}
	ratio := 0.0
	if r.FirstSync > 0 {
		ratio = float64(r.PlainUpload) / float64(r.FirstSync)
	}
	_, err := fmt.Fprintf(w, `
### Synchronisation with the arbo service (reference service in-process, loopback)

| measure | value |
|---|---|
| first sync: %d employments + %d shared dossiers | %s (%d messages, %.1f MB, %.0f messages/s) |
| plain HTTP upload of the same bodies (in-run baseline) | %s |
| first sync vs plain upload (goal ≥ 50%%) | %.0f%% |
| second sync, nothing changed | %s |
| incremental sync of one change (median of %d; goal < 200 ms) | %s (%d messages in all) |
`, r.Employees, r.Shared, r.FirstSync.Round(time.Millisecond), r.Messages, float64(r.Bytes)/1e6,
		float64(r.Messages)/r.FirstSync.Seconds(), r.PlainUpload.Round(time.Millisecond), 100*ratio,
		r.SecondSyncNoChange.Round(time.Millisecond), len(r.Incremental), median(r.Incremental).Round(time.Millisecond), r.IncrementalSent)
	return err
}
