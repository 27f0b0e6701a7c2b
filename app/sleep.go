package app

// sleepSignals turns "the OS is about to sleep" notifications into vault locks. Each platform
// feeds the channel its own way (Wails' OnSuspend on Windows, logind's PrepareForSleep on Linux);
// watchSleep is the shared, testable part.
func watchSleep(sleeping <-chan bool, lock func()) {
	for goingToSleep := range sleeping {
		if goingToSleep {
			lock()
		}
	}
}
