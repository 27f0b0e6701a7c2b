package vault

import (
	"runtime"
	"sync"

	vcrypto "kluis/internal/vault/crypto"
)

// Sealing pipeline (docs/ARCHITECTURE.md, "Measured limits"). A large write (an import) seals
// each record on one of a few worker goroutines while the caller goes on preparing rows and a
// chunk already sealed is committed to Badger: sealing uses both cores and overlaps the write.
// Results land in a slot per record, so the order in which workers finish does not matter; the
// jobs channel is bounded, so a caller faster than the workers waits instead of queueing
// plaintext without limit.

// sealSlot receives one record's sealed value from a worker.
type sealSlot struct{ value []byte }

// sealGroup is the seals of one chunk: Flush waits for all of them before it commits.
type sealGroup struct {
	wg  sync.WaitGroup
	mu  sync.Mutex
	err error
}

func (g *sealGroup) fail(err error) {
	g.mu.Lock()
	if g.err == nil {
		g.err = err
	}
	g.mu.Unlock()
}

// wait blocks until every seal of the chunk is done and returns the first error.
func (g *sealGroup) wait() error {
	g.wg.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

type sealJob struct {
	group *sealGroup
	slot  *sealSlot
	key   []byte
	scope ScopeID
	plain []byte // the pipeline's own copy, wiped once sealed
}

// sealPool is a set of sealing workers for one session; the caller holds s's read lock from
// newSealPool until close returns.
type sealPool struct {
	s    *Session
	jobs chan sealJob
	done sync.WaitGroup
}

// newSealPool starts one worker per core (at least two, so sealing overlaps the caller even on
// one core).
func newSealPool(s *Session) *sealPool {
	workers := max(2, runtime.GOMAXPROCS(0))
	p := &sealPool{s: s, jobs: make(chan sealJob, 64*workers)}
	for range workers {
		p.done.Add(1)
		go p.work()
	}
	return p
}

func (p *sealPool) work() {
	defer p.done.Done()
	for j := range p.jobs {
		val, err := p.s.seal(j.key, j.scope, j.plain)
		vcrypto.Wipe(j.plain)
		if err != nil {
			j.group.fail(err)
		} else {
			j.slot.value = val
		}
		j.group.wg.Done()
	}
}

// submit queues plaintext (copied) to be sealed under scope as key into slot, counted in g.
func (p *sealPool) submit(g *sealGroup, slot *sealSlot, key []byte, scope ScopeID, plaintext []byte) {
	g.wg.Add(1)
	p.jobs <- sealJob{group: g, slot: slot, key: key, scope: scope, plain: append([]byte(nil), plaintext...)}
}

// close stops the workers once the queued jobs are sealed.
func (p *sealPool) close() {
	close(p.jobs)
	p.done.Wait()
}
