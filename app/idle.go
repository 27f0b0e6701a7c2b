package app

import "time"

// idleCheckEvery is how often the idle watcher looks at the clock; locking happens at most this
// much later than the configured idle time.
const idleCheckEvery = 15 * time.Second

// watchIdle locks the vault after the configured time without activity.
func (s *Session) watchIdle(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(idleCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.lockIfIdle()
		}
	}
}

// lockIfIdle locks the vault when it has been idle past its limit.
func (s *Session) lockIfIdle() {
	if s.idleExpired() {
		s.lockWithReason(LockReasonIdle)
	}
}

// idleExpired reports whether an unlocked vault has been idle past its limit.
func (s *Session) idleExpired() bool {
	if !s.unlocked() {
		return false
	}
	idle := s.cfg.Now().Sub(time.Unix(0, s.activity.Load()))
	return idle >= time.Duration(s.idleLimit.Load())
}
