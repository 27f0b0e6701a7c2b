package report

import "kluis/internal/version"

// creator is every PDF's Creator metadata: "Kluis 1.2.3", so a document tells which build made it.
func creator() string { return "Kluis " + version.String() }
