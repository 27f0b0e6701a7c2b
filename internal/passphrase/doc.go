// Package passphrase rates passphrases for the strength meter and the vault's passphrase policy.
//
// The estimate follows zxcvbn's idea in a small, explainable form. The passphrase is tried as
// typed and with leetspeak undone (p@ssw0rd, W3lk0m), then cut into runs: parts of the user's
// own details, letters, digits, separators and symbols. Each run is charged the guesses an
// attacker with a dictionary would need: little for the user's own name, e-mail or employer,
// for common passwords and words (embedded lists, ranked), for years, dates, keyboard and
// alphabet walks and repeats; more for uncommon words and random characters. The total, in
// bits, maps to a score from 0 to 4, and every pattern found becomes a Problem the UI explains.
//
// The policy is Score >= 3, at least MinLength characters and no problems: four random words
// pass, a word plus a year does not. The package keeps no state beyond the word lists, which
// are read-only after first use. It never logs, stores or returns the passphrase.
package passphrase
