// Package crashwatch keeps a report of a crash of the window process that names no person.
//
// A Go program that panics outside a recover (on any goroutine, Badger's included) or hits a
// fatal runtime error prints the panic and every goroutine's stack to standard error and ends.
// The window has no standard error a user sees (on Windows none at all), so the window only
// vanished. Start runs a second process of the same binary (`kluis crash-watch`) that reads
// what the runtime writes on a crash (runtime/debug.SetCrashOutput, through a pipe) and, if
// anything arrives, writes a report into the log folder and a line into the log. The report
// is Sanitize's: the runtime's own words (a runtime error, a fatal error, a signal) and the
// stacks' functions and source lines, without the panic's text (a panic value's text can
// quote a name or a BSN) and without the functions' argument words. A window that ends
// normally closes the pipe with nothing in it, and the watcher ends too.
package crashwatch
