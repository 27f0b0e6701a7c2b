package workspace_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"kluis/internal/imports"
	"kluis/internal/people"
	"kluis/internal/peoplebench"
	"kluis/internal/replicate/s3test"
	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
	"kluis/internal/workspace"
)

// Replication figures for docs/BENCHMARKS.md (never asserted): go test ./internal/workspace/
// -run '^$' -bench Replicat -benchtime 20x (KLUIS_BENCH_EMPLOYEES sets the join's vault size).

// BenchmarkReplicateOneChangeToASecondPC: one employee changed on PC A, visible on PC B after
// A's cycle and B's cycle (loopback versitygw). The in-run baseline is a plain put and get of
// an object of the same size through the same client.
func BenchmarkReplicateOneChangeToASecondPC(b *testing.B) {
	srv := s3test.Start(b)
	a, emp := firstPC(b, srv)
	if _, err := a.ws.Import(context.Background(), bytes.NewReader(peoplebench.CSV(200, 10)), imports.Request{Name: "loon.csv", Employer: emp.ID}, nil); err != nil {
		b.Fatal(err)
	}
	a.cycle(b)
	pcB := joinPC(b, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	pcB.cycle(b)
	b.Run("change visible on PC B", func(b *testing.B) {
		var push, pull time.Duration
		for i := range b.N {
			csv := fmt.Sprintf("persnr;bsn;roepnaam;achternaam;geboortedatum;straat;huisnummer;postcode;woonplaats;afdeling;datum_in_dienst\n"+
				"%06d;%s;Anna;Gewijzigd%d;01-01-1960;Dorpsstraat;1;1000 AB;Utrecht;Regio 00/Afdeling 00;01-05-2020\n", 1, peoplebenchBSN(0), i)
			if _, err := a.ws.Import(context.Background(), bytes.NewReader([]byte(csv)), imports.Request{Name: "een.csv", Employer: emp.ID}, nil); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			a.cycle(b)
			mid := time.Now()
			pcB.cycle(b)
			push, pull = push+mid.Sub(start), pull+time.Since(mid)
		}
		b.ReportMetric(float64(push.Microseconds())/float64(b.N)/1000, "ms-push/op")
		b.ReportMetric(float64(pull.Microseconds())/float64(b.N)/1000, "ms-pull/op")
	})
	b.Run("baseline put and get of 4 KiB", func(b *testing.B) { putGetBaseline(b, srv, b.N) })
}

// putGetBaseline puts and gets n objects of 4 KiB through a plain client of srv: the in-run
// baseline of the replication benchmarks.
func putGetBaseline(b *testing.B, srv *s3test.Server, n int) {
	c, err := srv.Client()
	if err != nil {
		b.Fatal(err)
	}
	data := bytes.Repeat([]byte{7}, 4096)
	for i := range n {
		key := "baseline/" + strconv.Itoa(i)
		if _, err := c.PutObject(context.Background(), srv.Bucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err != nil {
			b.Fatal(err)
		}
		o, err := c.GetObject(context.Background(), srv.Bucket, key, minio.GetObjectOptions{})
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, o)
		o.Close()
	}
}

// BenchmarkReplicateJoinVersusDownload: a new PC joins a vault of N employees and pulls every
// partition (join, open, unlock, one cycle), against a plain download of every object of the
// vault's prefix through the same client (the same bytes, nothing verified or applied).
func BenchmarkReplicateJoinVersusDownload(b *testing.B) { joinBench(b, false) }

// BenchmarkReplicateJoinFromSnapshots: the same, after PC A made a snapshot of every partition
// (A alone: its change sets are compacted, so the bucket holds snapshots, the keyring and users).
func BenchmarkReplicateJoinFromSnapshots(b *testing.B) { joinBench(b, true) }

// benchPC is PC A of the replication benchmarks: a vault with KLUIS_BENCH_EMPLOYEES employees
// (default 2,000) in 20 departments, imported, on a fresh server.
func benchPC(b *testing.B) (srv *s3test.Server, a *pc, emp people.Employer, n int) {
	b.Helper()
	n = 2000
	if s := os.Getenv("KLUIS_BENCH_EMPLOYEES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	srv = s3test.Start(b)
	a, emp = firstPC(b, srv)
	if _, err := a.ws.Import(context.Background(), bytes.NewReader(peoplebench.CSV(n, 20)), imports.Request{Name: "loon.csv", Employer: emp.ID}, nil); err != nil {
		b.Fatal(err)
	}
	return srv, a, emp, n
}

func joinBench(b *testing.B, snapshots bool) {
	srv, a, _, n := benchPC(b)
	a.cycle(b)
	if snapshots {
		a.cycleWith(b, forceSnapshots)
	}
	var total int64
	b.Run(fmt.Sprintf("download %d employees (baseline)", n), func(b *testing.B) {
		c, err := srv.Client()
		if err != nil {
			b.Fatal(err)
		}
		for range b.N {
			total = 0
			for o := range c.ListObjects(context.Background(), srv.Bucket, minio.ListObjectsOptions{Prefix: a.target.VaultID + "/", Recursive: true}) {
				obj, err := c.GetObject(context.Background(), srv.Bucket, o.Key, minio.GetObjectOptions{})
				if err != nil {
					b.Fatal(err)
				}
				m, _ := io.Copy(io.Discard, obj)
				obj.Close()
				total += m
			}
		}
		b.ReportMetric(float64(total)/1e6, "MB")
	})
	b.Run(fmt.Sprintf("join %d employees", n), func(b *testing.B) {
		var tJoin, tUnlock, tCycle time.Duration
		for range b.N {
			code, err := a.ws.InviteDevice()
			if err != nil {
				b.Fatal(err)
			}
			dir := filepath.Join(b.TempDir(), "vault")
			t0 := time.Now()
			if _, err := workspace.Join(context.Background(), dir, code, bucketConfig(srv), nil); err != nil {
				b.Fatal(err)
			}
			v, err := vault.Open(dir, vaulttest.Options())
			if err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			p := unlockPC(b, srv, v, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
			t2 := time.Now()
			rep := p.cycle(b)
			tJoin, tUnlock, tCycle = tJoin+t1.Sub(t0), tUnlock+t2.Sub(t1), tCycle+time.Since(t2)
			p.ws.Close()
			_ = v.Close()
			if rep.Applied == 0 && rep.SnapshotsBulk == 0 {
				b.Fatalf("the join applied nothing: %+v", rep)
			}
		}
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(b.N) / 1000 }
		b.ReportMetric(ms(tJoin), "ms-join/op")
		b.ReportMetric(ms(tUnlock), "ms-unlock/op")
		b.ReportMetric(ms(tCycle), "ms-pull/op")
	})
}

// BenchmarkReplicateTakeUpARevocation: an admin on PC A revokes a manager of one department of N
// employees (the storage, directory and department scopes rotate, A rebuilds its store and
// re-seals); PC B's next cycle takes it up: it seals its own records of the dropped epochs
// again, encrypts its store anew under the new storage key and pulls A's re-sealed records.
// The in-run baseline is A's revocation itself (rotation, rebuild and re-seal of the same store).
func BenchmarkReplicateTakeUpARevocation(b *testing.B) {
	srv, a, emp, n := benchPC(b)
	a.cycle(b)
	pcB := joinPC(b, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
	pcB.cycle(b)
	e, err := persnrOn(b, a, emp, "000001")
	if err != nil {
		b.Fatal(err)
	}
	b.Run(fmt.Sprintf("take up a revocation, %d employees", n), func(b *testing.B) {
		var revoke, takeUp time.Duration
		for i := range b.N {
			m, err := a.ws.Session().AddUser(vault.NewUser{Email: fmt.Sprintf("m%d@example.test", i), Passphrase: []byte("passphrase of a manager")}, vault.RoleManager, e.Department)
			if err != nil {
				b.Fatal(err)
			}
			a.cycle(b)
			pcB.cycle(b)
			start := time.Now()
			if err := a.ws.RevokeUser(context.Background(), m, "left", nil); err != nil {
				b.Fatal(err)
			}
			revoke += time.Since(start)
			a.cycle(b)
			start = time.Now()
			pcB.cycle(b)
			takeUp += time.Since(start)
		}
		b.ReportMetric(float64(revoke.Milliseconds())/float64(b.N), "ms-revoke-on-A/op")
		b.ReportMetric(float64(takeUp.Milliseconds())/float64(b.N), "ms-take-up-on-B/op")
		b.ReportMetric(revoke.Seconds()/takeUp.Seconds(), "ratio")
	})
}
