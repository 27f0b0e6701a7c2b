// Package passphrase rates passphrases for the strength meter and the vault's passphrase policy.
//
// The estimate follows zxcvbn's idea in a small, explainable form: split the passphrase into
// runs (letters, digits, separators, symbols), charge each run the guesses an attacker with a
// dictionary would need (few for common passwords and words, years, sequences and repeats; more
// for uncommon words and random characters), and map the total bits to a score from 0 to 4.
// Parts of the user's own name, e-mail and employer are free for an attacker. The passphrase is
// never logged or returned.
package passphrase
