//go:build unix

package workspace_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"kluis/internal/vault"
	"kluis/internal/vault/vaulttest"
)

// BenchmarkReplicateManagerBytes: the bytes on disk (allocated blocks) of a manager's PC (one
// department of 20) against an HR admin's PC, both joined to the same vault and pulled once.
func BenchmarkReplicateManagerBytes(b *testing.B) {
	srv, a, emp, _ := benchPC(b)
	e, err := a.ws.Directory().EmployeeByPersnr(emp.ID, "000001")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.ws.Session().AddUser(vault.NewUser{Email: managerEmail, Passphrase: []byte(managerPassphrase)}, vault.RoleManager, e.Department); err != nil {
		b.Fatal(err)
	}
	a.cycle(b)
	for range b.N {
		hr := joinPC(b, srv, a, vaulttest.AdminEmail, vaulttest.AdminPassphrase)
		hr.cycle(b)
		mgr := joinPC(b, srv, a, managerEmail, managerPassphrase)
		mgr.cycle(b)
		hr.ws.Close()
		mgr.ws.Close()
		_ = hr.v.Close()
		_ = mgr.v.Close()
		hb, mb := allocated(b, hr.v.Dir()), allocated(b, mgr.v.Dir())
		b.ReportMetric(float64(hb)/1e6, "MB-hr")
		b.ReportMetric(float64(mb)/1e6, "MB-manager")
		b.ReportMetric(float64(mb)/float64(hb), "manager/hr")
	}
}

// allocated sums the allocated blocks of the files below dir (Badger's value log is sparse).
func allocated(tb testing.TB, dir string) int64 {
	tb.Helper()
	var total int64
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			total += st.Blocks * 512
		} else {
			total += fi.Size()
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return total
}
