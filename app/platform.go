package app

// Platform is the one seam between the facades and the Wails runtime (tiny-rdm's platform split),
// so facades run in plain Go tests with a fake.
type Platform interface {
	// Emit sends an event to the frontend.
	Emit(event string, payload any)
	// SaveFile asks the user where to save a file; "" means they cancelled.
	SaveFile(title, defaultName, filterName, pattern string) (string, error)
	// OpenFile asks the user for a file to read; "" means they cancelled.
	OpenFile(title, filterName, pattern string) (string, error)
}

// noPlatform is the platform before the window started (and in headless tests).
type noPlatform struct{}

func (noPlatform) Emit(string, any) {}
func (noPlatform) SaveFile(string, string, string, string) (string, error) {
	return "", nil
}
func (noPlatform) OpenFile(string, string, string) (string, error) { return "", nil }
