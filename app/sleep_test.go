package app

import "testing"

func TestRule_GoingToSleepLocksAndWakingDoesNot(t *testing.T) {
	sleeping := make(chan bool)
	locks := 0
	done := make(chan struct{})
	go func() { watchSleep(sleeping, func() { locks++ }); close(done) }()
	sleeping <- false // resume
	sleeping <- true  // about to sleep
	sleeping <- false
	close(sleeping)
	<-done
	if locks != 1 {
		t.Fatalf("locked %d times, want once (only when going to sleep)", locks)
	}
}
