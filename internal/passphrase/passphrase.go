package passphrase

import (
	_ "embed"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Problem is a stable, translatable reason a passphrase is weak.
type Problem string

// Problems, as codes the UI translates.
const (
	TooShort         Problem = "too_short"         // fewer than MinLength characters
	Common           Problem = "common"            // mostly a common password
	ContainsPersonal Problem = "contains_personal" // holds a part of the user's own details
	Repetitive       Problem = "repetitive"        // a part repeated, or one character many times
	Sequence         Problem = "sequence"          // abcd, 4567, qwerty and the like
)

// MinLength is the shortest passphrase accepted, in characters.
const MinLength = 12

// Result is the verdict on one passphrase. It never holds the passphrase or a part of it.
type Result struct {
	// Score runs from 0 (guessed at once) to 4 (out of reach). It is one verdict with
	// Acceptable: a passphrase with a problem scores at most 2, so the meter never calls a
	// passphrase strong that the policy refuses.
	Score int
	// Acceptable is Score >= 3 (hence no problems): the vault's policy.
	Acceptable bool
	// Problems are the reasons, in the order of the constants above, each once.
	Problems []Problem
}

// Check rates a passphrase. related holds what the user typed elsewhere in the same form
// (names, e-mail address, employer name); a passphrase built from those is weak. Check is safe
// for concurrent use and fast enough to run on every keystroke.
func Check(passphrase string, related ...string) Result {
	r, _ := lists().check(passphrase, related)
	return r
}

// score maps guessing work in bits to 0..4. Score 3 (acceptable) needs about 2^45 guesses: an
// offline attack on the slow vault key derivation then takes far longer than a laptop's life.
func score(bits float64) int {
	switch {
	case bits < 25:
		return 0
	case bits < 35:
		return 1
	case bits < 45:
		return 2
	case bits < 60:
		return 3
	}
	return 4
}

//go:embed common-passwords.txt
var commonPasswordsText string

//go:embed common-words.txt
var commonWordsText string

// lists builds the checker once, on first use; it is never changed afterwards.
var lists = sync.OnceValue(func() *checker {
	c := &checker{
		passwords: parseList(commonPasswordsText),
		words:     parseList(commonWordsText),
		sequences: sequencePairs(),
	}
	c.prefixes = map[string]int{}
	for _, m := range []map[string]int{c.passwords, c.words} {
		for w := range m {
			if rs := []rune(w); len(rs) >= minEntry {
				prefix := string(rs[:minEntry])
				c.prefixes[prefix] = max(c.prefixes[prefix], len(rs))
			}
		}
	}
	return c
})

// minEntry is the shortest list entry looked for inside a longer run of letters.
const minEntry = 4

// checker holds the word lists and sequence table. It is read-only once built.
type checker struct {
	passwords map[string]int // rank, 1 = most common
	words     map[string]int
	prefixes  map[string]int     // first minEntry runes of an entry -> longest such entry, in runes
	sequences map[[2]rune]uint32 // see sequencePairs
}

func parseList(text string) map[string]int {
	m := map[string]int{}
	rank := 0
	for line := range strings.Lines(text) {
		w := strings.ToLower(strings.TrimSpace(line))
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		rank++
		if _, dup := m[w]; !dup {
			m[w] = rank
		}
	}
	return m
}

// maxRefusedScore is the highest score of a passphrase with a problem: below the policy's 3.
const maxRefusedScore = 2

// check rates p and also returns the estimated guessing work in bits, for tests.
func (c *checker) check(p string, related []string) (Result, float64) {
	var problems problemSet
	orig := []rune(p)
	if len(orig) < MinLength {
		problems.add(TooShort)
	}
	personal := personalParts(related)

	// An attacker tries the passphrase as typed and with symbol-for-letter swaps undone
	// (p@ssw0rd); the cheaper of the two is what it is worth, and what either reveals counts.
	bits := math.Inf(1)
	for _, norm := range [][]rune{lowerRunes(orig), foldLeet(orig)} {
		b, found := c.estimate(orig, norm, personal)
		bits = math.Min(bits, b)
		problems |= found
		whole := string(norm)
		core := strings.TrimFunc(whole, func(r rune) bool { return !unicode.IsLetter(r) })
		if _, ok := c.passwords[whole]; ok {
			problems.add(Common)
			bits = math.Min(bits, 10)
		} else if _, ok := c.passwords[core]; ok {
			problems.add(Common)
		}
	}
	if len(orig) == 0 {
		bits = 0
	}
	s := score(bits)
	list := problems.list()
	if len(list) > 0 {
		s = min(s, maxRefusedScore)
	}
	return Result{Score: s, Acceptable: s >= 3, Problems: list}, bits
}

// problemSet is a set of problems, one bit each in the order of allProblems.
type problemSet uint8

func allProblems() []Problem {
	return []Problem{TooShort, Common, ContainsPersonal, Repetitive, Sequence}
}

func (ps *problemSet) add(p Problem) {
	if i := slices.Index(allProblems(), p); i >= 0 {
		*ps |= 1 << i
	}
}

func (ps problemSet) list() []Problem {
	var out []Problem
	for i, p := range allProblems() {
		if ps&(1<<i) != 0 {
			out = append(out, p)
		}
	}
	return out
}
