package people

import (
	"context"

	"kluis/internal/vault"
)

// ensureStaffIndex builds the vault's staff index (docs/adr/008-staff-index.md) before a BSN or
// birth-date lookup when the session holds the staff key and the index is missing or stale (an
// older vault, a rotated staff key, a manager's write since): once, then every lookup of HR and
// admins costs one scan whatever the number of departments. A manager's session does nothing
// here. d.mu is held, so no write of this Directory lands during the build.
func (d *Directory) ensureStaffIndex() error {
	_, _, err := d.sess.BuildStaffIndex(context.Background(), staffIndexer())
	return err
}

// staffIndexer is Indexer for the identities only: a skeleton's one entry (persnr) lives under
// the directory scope, which the staff index does not mirror, so a build need not open them.
func staffIndexer() *vault.Indexer {
	ix := Indexer()
	ix.Kinds = []vault.Kind{KindIdentity}
	return ix
}

// BuildStaffIndex builds the staff index now (for example in the background after unlock)
// instead of at the first BSN or birth-date search. It reports how many entries it wrote and
// whether it built (false: a manager's session, or the index was current).
func (d *Directory) BuildStaffIndex(ctx context.Context) (entries int, built bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sess.BuildStaffIndex(ctx, staffIndexer())
}
