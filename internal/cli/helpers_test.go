package cli

import "kluis/internal/vault/vaulttest"

// testOptions uses the cheapest key derivation the vault accepts, so tests run in milliseconds;
// production calibrates on the machine.
func testOptions() Options { return Options{Vault: vaulttest.Options()} }
