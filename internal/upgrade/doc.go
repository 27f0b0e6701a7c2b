// Package upgrade moves vaults of an older format to the current one. The vault upgrades itself
// at the first admin unlock (docs/adr/003-signed-keyring.md, "Migration"), but it knows no
// record kind of the packages above it; Format1 tells it where each record of format 1 belongs
// in format 2 and which index entries it carries there. The window and the command line pass
// it in vault.Options, so either can open an old vault.
package upgrade
