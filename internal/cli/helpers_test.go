package cli

import "kluis/internal/vault"

// testOptions uses the cheapest key derivation the vault accepts, so tests run in milliseconds;
// production calibrates on the machine.
func testOptions() Options {
	return Options{Vault: vault.Options{}.WithKDF(vault.KDFParams{MemoryKiB: 1024, Time: 1, Threads: 1})}
}
