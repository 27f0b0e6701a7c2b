package logbench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"time"

	"kluis/internal/audit"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// Config sizes the run.
type Config struct {
	Entries  int // audit events; 0: 1,000,000
	Sessions int // sessions that wrote them; 0: 50
	Repeat   int // measurements per figure (the median is reported); 0: 15
	Logger   *slog.Logger
	// VaultOptions are the vault's (tests pass cheap key derivation); zero: 64 MiB Argon2id,
	// the floor, so that the many unlocks stay quick.
	VaultOptions vault.Options
}

// Figure is one measured case.
type Figure struct {
	Name    string
	Median  time.Duration
	Rows    int // rows on the page
	Scanned int // log entries looked at
}

// Result is what Run measured.
type Result struct {
	Entries, Sessions int
	Build             time.Duration
	Baseline          time.Duration // raw read of the newest 50 entries
	Figures           []Figure
}

const (
	users       = 4 // frequent users; a fifth, rare one wrote only the oldest session
	block       = 500
	pageSize    = 50
	rarePersnr  = "009999"
	startOfLogs = "2025-12-01T08:00:00Z"
)

// Run builds the log and measures; it writes a Markdown section to w.
func Run(ctx context.Context, cfg Config, w io.Writer) error {
	r, err := Measure(ctx, cfg)
	if err != nil {
		return err
	}
	return r.Write(w)
}

// Measure does the work of Run and returns the figures.
func Measure(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Entries <= 0 {
		cfg.Entries = 1_000_000
	}
	if cfg.Sessions <= 0 {
		cfg.Sessions = 50
	}
	if cfg.Repeat <= 0 {
		cfg.Repeat = 15
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	res := Result{Entries: cfg.Entries, Sessions: cfg.Sessions}
	tmp, err := os.MkdirTemp("", "kluis-logbench-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmp)
	opts := cfg.VaultOptions
	opts.Logger = cfg.Logger
	if opts.KDF == nil {
		opts = opts.WithKDF(vault.KDFParams{MemoryKiB: 64 * 1024, Time: 3, Threads: 4})
	}
	// The clock: one block of events a minute from a year ago, so the period filter has a year.
	start, _ := time.Parse(time.RFC3339, startOfLogs)
	var minutes atomic.Int64
	now := func() time.Time { return start.Add(time.Duration(minutes.Load()) * time.Minute) }
	opts.Now = now
	dir := filepath.Join(tmp, "vault")
	const pass = "bench passphrase for the audit log"
	v, sess, _, err := vault.Create(dir, vault.NewUser{Email: "admin@bench.invalid", Passphrase: []byte(pass)}, opts)
	if err != nil {
		return res, err
	}
	defer v.Close()
	emails := []string{"admin@bench.invalid"}
	for i := 1; i <= users; i++ { // users[0..3] frequent (the admin is one), users[4] rare
		e := fmt.Sprintf("user%d@bench.invalid", i)
		if _, err := sess.AddUser(vault.NewUser{Email: e, Passphrase: []byte(pass)}, vault.RoleUser); err != nil {
			return res, err
		}
		emails = append(emails, e)
	}
	sess.Lock()
	cfg.Logger.Info("logbench: writing the audit log", "entries", cfg.Entries, "sessions", cfg.Sessions)
	began := time.Now()
	per := cfg.Entries / cfg.Sessions
	var ids [users + 1]vault.UserID
	subjects := make([]vault.ID, 2000)
	for i := range subjects {
		subjects[i] = vault.NewID()
	}
	written := 0
	for sn := 0; sn < cfg.Sessions; sn++ {
		u := 1 + (sn-1)%users // sessions 1.. cycle the frequent users; session 0 is the rare user's
		if sn == 0 {
			u = users
		} else if u == users {
			u = 0
		}
		s, err := v.Unlock(emails[u], []byte(pass))
		if err != nil {
			return res, err
		}
		ids[u] = s.UserID()
		n := per
		if sn == cfg.Sessions-1 {
			n = cfg.Entries - written
		}
		for done := 0; done < n; done += block {
			if err := ctx.Err(); err != nil {
				s.Lock()
				return res, err
			}
			events := make([][]byte, 0, block)
			for k := 0; k < min(block, n-done); k++ {
				events = append(events, event(written+done+k, ids[u], now(), subjects))
			}
			if err := s.AppendAudit(events...); err != nil {
				s.Lock()
				return res, err
			}
			minutes.Add(1)
		}
		written += n
		s.Lock()
	}
	res.Build = time.Since(began)
	s, err := v.Unlock(emails[0], []byte(pass))
	if err != nil {
		return res, err
	}
	ws := workspace.Open(s, workspace.Config{Logger: cfg.Logger, Now: now})
	defer ws.Close()

	median := func(fn func() error) (time.Duration, error) {
		times := make([]time.Duration, 0, cfg.Repeat)
		for range cfg.Repeat {
			t0 := time.Now()
			if err := fn(); err != nil {
				return 0, err
			}
			times = append(times, time.Since(t0))
		}
		slices.Sort(times)
		return times[len(times)/2], nil
	}
	if res.Baseline, err = median(func() error { _, err := s.AuditRawTail(pageSize); return err }); err != nil {
		return res, err
	}
	cases := []struct {
		name string
		q    workspace.LogQuery
	}{
		{"first page, no filter", workspace.LogQuery{}},
		{"first page, a frequent user (a quarter of the entries)", workspace.LogQuery{User: ids[1]}},
		{fmt.Sprintf("first page, a rare user (all %d entries at the oldest end)", per), workspace.LogQuery{User: ids[users]}},
		{"first page, last 7 days", workspace.LogQuery{From: now().AddDate(0, 0, -7)}},
		{"first page, one action (1 in 10)", workspace.LogQuery{Actions: []audit.Action{audit.ActionShare}}},
		{"first step, a rare action (1 in 1,000; ≤ 5,000 entries opened)", workspace.LogQuery{Actions: []audit.Action{audit.ActionRetrieval}}},
		{"first step, one employee (persnr; 1 in 2,000; ≤ 5,000 entries opened)", workspace.LogQuery{Persnr: rarePersnr}},
	}
	for _, c := range cases {
		var page workspace.LogPage
		q := c.q
		q.Limit = pageSize
		d, err := median(func() error {
			var err error
			page, err = ws.LogPage(q)
			return err
		})
		if err != nil {
			return res, err
		}
		res.Figures = append(res.Figures, Figure{Name: c.name, Median: d, Rows: len(page.Rows), Scanned: page.Scanned})
	}
	return res, nil
}

// event is the i-th synthetic event: mostly identity reads and searches about one employee, a
// share every tenth, a retrieval every thousandth.
func event(i int, user vault.UserID, at time.Time, subjects []vault.ID) []byte {
	action := audit.ActionRead
	switch {
	case i%1000 == 999:
		action = audit.ActionRetrieval
	case i%10 == 5:
		action = audit.ActionShare
	case i%3 == 0:
		action = audit.ActionSearch
	}
	k := i % len(subjects)
	persnr := fmt.Sprintf("%06d", 10000+k)
	if k == 0 {
		persnr = rarePersnr
	}
	e := audit.Event{At: at, User: user, Action: action, Subjects: []vault.ID{subjects[k]}, Count: 1,
		Refs: []audit.SubjectRef{{ID: subjects[k], Persnr: persnr, Employer: subjects[0], Department: subjects[1]}}}
	b, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	return b
}

// Write prints the Markdown section.
func (r Result) Write(w io.Writer) error {
	_, err := fmt.Fprintf(w, "\n### Logboek (audit log of %d entries, %d sessions, 5 users; built in %s)\n\n"+
		"| case | median | ratio to the raw read of 50 entries | rows | entries looked at |\n|---|---|---|---|---|\n"+
		"| raw read of the newest 50 entries (baseline) | %s | 1.0 | 50 | 50 |\n",
		r.Entries, r.Sessions, r.Build.Round(time.Second), r.Baseline.Round(time.Microsecond))
	if err != nil {
		return err
	}
	for _, f := range r.Figures {
		if _, err := fmt.Fprintf(w, "| %s | %s | %.1f | %d | %d |\n", f.Name, f.Median.Round(time.Microsecond),
			float64(f.Median)/float64(max(r.Baseline, 1)), f.Rows, f.Scanned); err != nil {
			return err
		}
	}
	return nil
}
