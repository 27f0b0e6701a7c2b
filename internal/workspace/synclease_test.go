package workspace_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kluis/internal/arbo"
	"kluis/internal/replicate"
	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// offsetClock is the wall clock moved on by a test (the arbo service allows five minutes of
// skew, so a PC two minutes ahead still signs in).
type offsetClock struct{ off atomic.Int64 }

func (c *offsetClock) now() time.Time           { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *offsetClock) add(d time.Duration)      { c.off.Add(int64(d)) }
func (c *offsetClock) config() workspace.Config { return workspace.Config{Now: c.now} }

// receipts counts, per message id, how often the arbo service received it.
type receipts struct {
	mu sync.Mutex
	n  map[string]int
}

func (r *receipts) count(req *http.Request) {
	if req.URL.Path != arbo.PathMessages {
		return
	}
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	var b arbo.Batch
	if json.Unmarshal(body, &b) != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range b.Messages {
		r.n[m.ID]++
	}
}

func (r *receipts) check(t *testing.T) int {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, n := range r.n {
		if n != 1 {
			t.Fatalf("message %s reached the service %d times", id, n)
		}
	}
	return len(r.n)
}

// leasePCs is a vault enrolled with the reference arbo service and replicating through srv, and
// a second PC joined by the same admin with its own clock.
func leasePCs(t *testing.T) (a, b *pc, svc *service, clk *offsetClock) {
	t.Helper()
	srv := s3test.Start(t)
	a, emp := firstPC(t, srv)
	importCanaries(t, a, emp, 12)
	svc = newService(t, nil)
	code, err := svc.srv.NewEnrolCode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ws.Enrol(context.Background(), svc.ts.URL, code, ""); err != nil {
		t.Fatal(err)
	}
	storeSettings(t, srv, a)
	e, err := persnrOn(t, a, emp, "000003")
	if err != nil {
		t.Fatal(err)
	}
	share(t, a.ws, e.ID, "")
	a.cycle(t)

	clk = &offsetClock{}
	inv, err := a.ws.InviteDevice()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "vault")
	if _, err := workspace.Join(context.Background(), dir, inv, bucketConfig(srv), nil); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(dir, vaulttest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close() })
	sess, err := v.Unlock(vaulttest.AdminEmail, []byte(vaulttest.AdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	b = &pc{v: v, ws: workspace.Open(sess, clk.config()), target: workspace.ReplicaTarget{Dir: dir, VaultID: v.ID(), Bucket: bucketConfig(srv)}}
	t.Cleanup(b.ws.Close)
	b.cycle(t)
	if st, err := b.ws.SyncStatus(); err != nil || !st.Linked {
		t.Fatalf("the second PC is not linked with the service: %+v %v", st, err)
	}
	return a, b, svc, clk
}

// Rule: with replication configured, two PCs syncing at once do not both send: while one holds
// the arbo lease, the other's sync sends nothing and names the PC that holds it and until when;
// after the release the other syncs and sends nothing twice (it first pulls what the holder
// sent). The reference service received every message exactly once.
func TestRule_TwoPCsSyncingAtOnceSendEachMessageOnce(t *testing.T) {
	a, b, svc, _ := leasePCs(t)
	rc := &receipts{n: map[string]int{}}
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	svc.setFault(func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
		rc.count(r)
		if r.URL.Path == arbo.PathMessages {
			once.Do(func() { close(entered); <-release })
		}
		return false
	})
	done := make(chan error, 1)
	go func() { _, err := a.ws.SyncNow(context.Background(), nil); done <- err }()
	<-entered // a holds the lease and is sending

	rep, err := b.ws.SyncNow(context.Background(), nil)
	var held *replicate.LeaseHeldError
	if !errors.As(err, &held) || held.Device != a.ws.Session().DeviceID() || rep.Sent != 0 {
		t.Fatalf("the second PC's sync during the first's: %v, sent %d", err, rep.Sent)
	}
	p := workspace.Explain(err)
	if p.Code != workspace.CodeSyncLeaseHeld || p.Params["device"][0] != replicate.DeviceLabel(held.Device) || len(p.Params["until"]) != 1 {
		t.Fatalf("the lease error: %+v", p)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the first PC's sync: %v", err)
	}
	sent := rc.check(t)
	if sent == 0 {
		t.Fatal("the first PC sent nothing")
	}
	rep, err = b.ws.SyncNow(context.Background(), nil)
	// Each PC keeps its own audit chain and the service witnesses one head per device, so the
	// second PC's sync succeeds to the end (its witness step is not a regression of the first's).
	if err != nil {
		t.Fatalf("the second PC's sync after the release: %v", err)
	}
	if rep.Sent != 0 {
		t.Fatalf("the second PC sent %d messages the first had sent", rep.Sent)
	}
	if rc.check(t) != sent {
		t.Fatal("the second sync sent new messages")
	}
}

// Rule: a holder that crashed (took the lease and never released it) blocks the others only
// until the lease expires; then another PC takes the expired lease over and sends.
func TestRule_ACrashedLeaseHolderBlocksOnlyUntilExpiry(t *testing.T) {
	a, b, svc, clk := leasePCs(t)
	rc := &receipts{n: map[string]int{}}
	svc.setFault(func(w http.ResponseWriter, r *http.Request, next http.Handler) bool { rc.count(r); return false })
	bk, err := replicate.OpenBucket(a.target.Bucket, a.v.ID())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replicate.New(bk, a.ws.Session(), a.target.Dir, a.v.ID(), nil).TakeLease(context.Background(), "arbo", 0); err != nil {
		t.Fatal(err)
	}
	// a "crashes": no release.
	_, err = b.ws.SyncNow(context.Background(), nil)
	if !errors.Is(err, replicate.ErrLeaseHeld) {
		t.Fatalf("a sync during a crashed holder's lease: %v", err)
	}
	if rc.check(t) != 0 {
		t.Fatal("a message was sent while another PC held the lease")
	}
	clk.add(replicate.DefaultLeaseTTL + time.Second)
	rep, err := b.ws.SyncNow(context.Background(), nil)
	if err != nil {
		t.Fatalf("a sync after the crashed holder's lease expired: %v", err)
	}
	if rep.Sent == 0 || rc.check(t) != rep.Sent {
		t.Fatalf("the sync after the takeover sent %d", rep.Sent)
	}
}

// Rule: a holder renews its lease; when its lease expired and another PC took it over, the
// renewal says the lease was lost and Keep stops the work (the sync is cancelled), and the
// release then leaves the other PC's lease alone.
func TestRule_ALostLeaseStopsTheHoldersWork(t *testing.T) {
	srv := s3test.Start(t)
	a, _ := firstPC(t, srv)
	a.cycle(t)
	b := joinPC(t, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	b.cycle(t)
	ctx := context.Background()
	engine := func(p *pc, now func() time.Time) *replicate.Engine {
		bk, err := replicate.OpenBucket(p.target.Bucket, p.v.ID())
		if err != nil {
			t.Fatal(err)
		}
		return replicate.New(bk, p.ws.Session(), p.target.Dir, p.v.ID(), now)
	}
	held, err := engine(a, nil).TakeLease(ctx, "arbo", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := held.Renew(ctx); err != nil {
		t.Fatalf("renewing a held lease: %v", err)
	}
	if _, err := engine(b, nil).TakeLease(ctx, "arbo", 0); !errors.Is(err, replicate.ErrLeaseHeld) {
		t.Fatalf("another PC took a renewed lease: %v", err)
	}
	later := func() time.Time { return time.Now().Add(replicate.DefaultLeaseTTL + time.Second) }
	if _, err := engine(b, later).TakeLease(ctx, "arbo", 0); err != nil {
		t.Fatalf("taking over the expired lease: %v", err)
	}
	tick := make(chan time.Time, 1)
	lost := make(chan struct{})
	go held.Keep(ctx, func(time.Duration) <-chan time.Time { return tick }, func() { close(lost) })
	tick <- time.Now()
	select {
	case <-lost:
	case <-time.After(10 * time.Second):
		t.Fatal("Keep did not stop the work after the lease was taken over")
	}
	if err := held.Renew(ctx); !errors.Is(err, replicate.ErrLeaseLost) {
		t.Fatalf("renewing a lost lease: %v", err)
	}
	if err := held.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := engine(a, nil).TakeLease(ctx, "arbo", 0); !errors.Is(err, replicate.ErrLeaseHeld) {
		t.Fatalf("the lost holder's release freed the other PC's lease: %v", err)
	}
}
