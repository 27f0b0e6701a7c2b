package workspace_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"kluis/internal/audit"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// elfproefBSNs are n different BSNs that pass the elfproef.
func elfproefBSNs(n int) []string {
	var out []string
	for v := 10000000; len(out) < n; v++ {
		d := fmt.Sprintf("%08d", v)
		sum := 0
		for i, c := range d {
			sum += (9 - i) * int(c-'0')
		}
		if sum%11 < 10 {
			out = append(out, d+fmt.Sprint(sum%11))
		}
	}
	return out
}

func TestRule_BSNLookupsAreRateLimitedPerSessionAndAudited(t *testing.T) {
	_, sess, _ := vaulttest.New(t)
	var mu sync.Mutex
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ws := workspace.Open(sess, workspace.Config{Now: clock})
	t.Cleanup(ws.Close)
	if _, err := ws.Directory().AddEmployer("Bakkerij De Korenaar BV", "12345678"); err != nil {
		t.Fatal(err)
	}
	bsns := elfproefBSNs(workspace.BSNSearchLimit + 1)
	for _, b := range bsns[:workspace.BSNSearchLimit] {
		if _, err := ws.Search(b, 10); err != nil {
			t.Fatalf("BSN lookup within the limit: %v", err)
		}
	}
	// The same BSN again costs nothing; a name or persnr search is not limited.
	if _, err := ws.Search(bsns[0], 10); err != nil {
		t.Fatalf("the same BSN again: %v", err)
	}
	if _, err := ws.Search("Jansen", 10); err != nil {
		t.Fatal(err)
	}
	_, err := ws.Search(bsns[workspace.BSNSearchLimit], 10)
	var tm *workspace.TooManyBSNSearchesError
	if !errors.Is(err, workspace.ErrTooManyBSNSearches) || !errors.As(err, &tm) || !tm.RetryAt.Equal(now.Add(time.Minute)) {
		t.Fatalf("one BSN too many: %v", err)
	}
	if p := workspace.Explain(err); p.Code != workspace.CodeTooManySearches || p.RetryAt.IsZero() {
		t.Fatalf("explained as %+v", p)
	}
	if _, err := ws.SearchIdentities(bsns[workspace.BSNSearchLimit], 10); !errors.Is(err, workspace.ErrTooManyBSNSearches) {
		t.Fatalf("the command line's search: %v", err)
	}
	// A minute later the window is free again.
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	if _, err := ws.Search(bsns[workspace.BSNSearchLimit], 10); err != nil {
		t.Fatalf("after a minute: %v", err)
	}
	events, err := ws.Audit().List()
	if err != nil {
		t.Fatal(err)
	}
	tried, refused := 0, 0
	for _, e := range events {
		if e.Action == audit.ActionBSNSearch {
			tried++
			if e.Detail == "refused" {
				refused++
			}
		}
	}
	if tried != workspace.BSNSearchLimit+4 || refused != 2 {
		t.Fatalf("audited %d BSN lookups, %d refused", tried, refused)
	}
}
