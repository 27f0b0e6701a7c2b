package vault

import "sync"

// readerLock is the session's read-write lock. Unlike sync.RWMutex, a reader waits only while a
// writer holds the lock, not while one is waiting for it: session methods run inside another
// call's transaction callback (saving a profile signs it with the session's key, checking one
// reads the keyring), so the read side is taken twice by one goroutine, and with sync.RWMutex a
// Lock or keyring change waiting in between deadlocks both. The price is that a writer can wait
// for a stream of readers; every read here is short, and Lock sets closing first so long ones
// stop at their next chunk.
type readerLock struct {
	mu      sync.Mutex
	cond    *sync.Cond
	readers int
	writer  bool
}

// wait blocks on the condition; l.mu is held.
func (l *readerLock) wait() {
	if l.cond == nil {
		l.cond = sync.NewCond(&l.mu)
	}
	l.cond.Wait()
}

func (l *readerLock) wake() {
	if l.cond != nil {
		l.cond.Broadcast()
	}
}

func (l *readerLock) RLock() {
	l.mu.Lock()
	for l.writer {
		l.wait()
	}
	l.readers++
	l.mu.Unlock()
}

func (l *readerLock) TryRLock() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.writer {
		return false
	}
	l.readers++
	return true
}

func (l *readerLock) RUnlock() {
	l.mu.Lock()
	if l.readers--; l.readers == 0 {
		l.wake()
	}
	l.mu.Unlock()
}

func (l *readerLock) Lock() {
	l.mu.Lock()
	for l.writer || l.readers > 0 {
		l.wait()
	}
	l.writer = true
	l.mu.Unlock()
}

func (l *readerLock) TryLock() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.writer || l.readers > 0 {
		return false
	}
	l.writer = true
	return true
}

func (l *readerLock) Unlock() {
	l.mu.Lock()
	l.writer = false
	l.wake()
	l.mu.Unlock()
}
