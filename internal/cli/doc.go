// Package cli is the kluis command line: it parses the global options and sub-commands of
// docs/CLI.md, finds the vault folder, reads passphrases safely, and runs each sub-command
// through the same workspace (internal/workspace) the window uses, so wiring, auditing and error
// codes are the window's. It never imports Wails: the window is reached through the OpenWindow
// function main hands in, which is nil in a headless build.
//
// Exit status: 0 done; 1 the work failed; 2 usage error (or not available yet); 3 wrong passphrase,
// locked vault, or no right to do this.
package cli
