package people

import (
	"context"

	"kluis/internal/vault"
)

// ensureStaffIndex brings the vault's staff index (docs/adr/008-staff-index.md) up to date before
// a BSN or birth-date lookup when the session holds the staff key: it folds in the changes
// managers queued since (cheap), or builds the index when it is missing or stale (an older vault,
// a rotated staff key); then every lookup of HR and admins costs one scan whatever the number of
// departments. With nothing queued it only reads. A manager's session does nothing here. d.mu is
// held, so no write of this Directory lands meanwhile.
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

// BuildStaffIndex brings the staff index up to date now (in the background after unlock) instead
// of at the first BSN or birth-date search: it folds the managers' queued changes in, or builds.
// It reports how many entries it wrote and whether it built the whole index (false: folded, a
// manager's session, or nothing to do).
func (d *Directory) BuildStaffIndex(ctx context.Context) (entries int, built bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sess.BuildStaffIndex(ctx, staffIndexer())
}
