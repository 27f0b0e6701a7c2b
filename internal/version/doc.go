// Package version is Kluis's version number: the one place `kluis --version`, the About card and
// the PDFs' Creator read it from.
//
// Release builds set it from the git tags at link time (build/version.sh computes it; the Makefile
// and build/windows/build.sh pass it as -ldflags "-X kluis/internal/version.value=..."), so the
// binary carries the version it was built as, with no file to read at run time. A build without
// that flag (go run, go build by hand, tests) falls back to the commit Go stamped into the binary,
// or to 0.0.0-dev.
package version
