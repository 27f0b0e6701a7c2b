package version

import (
	"runtime/debug"
)

// value is set by the linker (-X kluis/internal/version.value=1.2.3). It is the package's only
// variable and nothing assigns it at run time: -X can only set a package-level string variable,
// which is why this is not a constant.
var value string

// Dev is the version of a build that knows neither its tag nor its commit.
const Dev = "0.0.0-dev"

// String is Kluis's version: the linker-set value, else 0.0.0-dev+<commit> from Go's build
// information, else 0.0.0-dev.
func String() string {
	if value != "" {
		return value
	}
	info, _ := debug.ReadBuildInfo()
	return fromBuildInfo(info)
}

// fromBuildInfo reads the commit that `go build` stamps into binaries built inside a git checkout
// (-buildvcs); test binaries and builds outside git have none.
func fromBuildInfo(info *debug.BuildInfo) string {
	if info == nil {
		return Dev
	}
	var revision string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision == "" {
		return Dev
	}
	out := Dev + "+" + revision[:min(7, len(revision))]
	if modified {
		out += ".dirty"
	}
	return out
}
