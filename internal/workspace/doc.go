// Package workspace is what an unlock yields: the vault session with the people directory (its
// followers registered once), the audit log and the sharing service, and the use cases that
// need more than one of them, each with its auditing inside. The window (app/) and the command
// line (internal/cli) both call it, so an import, a search or a revocation is wired and audited
// once.
//
// # Why "workspace"
//
// The package is neither a domain (people, sharing, audit own their rules) nor a session (the
// vault owns keys and locking): it is the set of services one user works with between unlock
// and lock. It composes the domain packages and re-implements none of their rules.
//
// # Lifetime
//
// Open after vault.Unlock; Close when the user locks, the PC sleeps or the program ends. Close
// refuses new use cases and cancels the running ones (an import undoes what it wrote, a key
// rotation stops between chunks and resumes at the next admin unlock); it waits until each use
// case that writes has also written its audit event, so no change is left unaudited; then it
// wipes the directory (which waits for the directory call in progress), locks the vault session
// (which waits for running transactions) and wipes once more for anything loaded in between. It
// holds no lock while it waits, so it is safe while a use case runs, from any goroutine, any
// number of times. Progress callbacks run inside the directory's and the vault's locks: they
// must not block on anything that Close's caller holds (the window's session mutex included).
//
// # Errors
//
// Explain maps any error a use case returns to one of the stable codes of codes.go, with an
// English and a Dutch message and whether it means "no right" (the CLI's exit status 3). The
// window's AppError and the CLI's messages both come from it; the frontend's list of codes is
// checked against it by a test in app/.
//
// Errors and log lines carry ids and counts, never identity data.
package workspace
