package vault

import (
	"runtime"
	"sync"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"
)

// recordPipe runs copyRecord for the records of a rebuild that need their key work (open, seal
// again, index entries) on one worker per core, while the scan goes on reading the store and
// Badger's WriteBatch (safe for concurrent use) writes: the re-seal of a revocation uses both
// cores instead of one. Records arrive in batches of copies; the order in which workers finish
// does not matter, since every record and index entry has its own key.
type recordPipe struct {
	s        *Session
	wb       *badger.WriteBatch
	pending  map[ScopeID]epochs
	ix       *Indexer
	jobs     chan []recordJob
	batch    []recordJob
	done     sync.WaitGroup
	failed   atomic.Bool
	mu       sync.Mutex
	err      error
	resealed atomic.Int64
}

type recordJob struct{ key, value []byte }

const recordPipeBatch = 256

func newRecordPipe(s *Session, wb *badger.WriteBatch, pending map[ScopeID]epochs, ix *Indexer) *recordPipe {
	workers := max(1, runtime.GOMAXPROCS(0))
	p := &recordPipe{s: s, wb: wb, pending: pending, ix: ix, jobs: make(chan []recordJob, 2*workers)}
	for range workers {
		p.done.Add(1)
		go p.work()
	}
	return p
}

func (p *recordPipe) work() {
	defer p.done.Done()
	for batch := range p.jobs {
		if p.failed.Load() {
			continue // drain: the rebuild is stopping
		}
		if err := p.copyBatch(batch); err != nil {
			p.fail(err)
		}
	}
}

// copyBatch copies one batch; a panic inside Badger becomes ErrStoreDamaged as in the scan.
func (p *recordPipe) copyBatch(batch []recordJob) (err error) {
	defer guard(&err)
	for _, j := range batch {
		n, err := p.s.copyRecord(p.wb, j.key, j.value, p.pending, p.ix)
		if err != nil {
			return err
		}
		p.resealed.Add(int64(n))
	}
	return nil
}

func (p *recordPipe) fail(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.mu.Unlock()
	p.failed.Store(true)
}

// add queues a record (key and value are the caller's copies, kept by the WriteBatch) and
// returns a worker's error once one failed, so the scan stops.
func (p *recordPipe) add(key, value []byte) error {
	p.batch = append(p.batch, recordJob{key, value})
	if len(p.batch) == recordPipeBatch {
		p.jobs <- p.batch
		p.batch = make([]recordJob, 0, recordPipeBatch)
	}
	if p.failed.Load() {
		return p.close()
	}
	return nil
}

// close hands over what is left, waits for the workers and returns the first error. Calling it
// again only returns that error.
func (p *recordPipe) close() error {
	if p.jobs != nil {
		if len(p.batch) > 0 && !p.failed.Load() {
			p.jobs <- p.batch
		}
		close(p.jobs)
		p.jobs = nil
		p.done.Wait()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}
