package passphrase

import (
	_ "embed"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Problem is a stable, translatable reason a passphrase is weak.
type Problem string

// Problems, as codes the UI translates.
const (
	TooShort         Problem = "too_short"
	Common           Problem = "common"
	ContainsPersonal Problem = "contains_personal"
	Repetitive       Problem = "repetitive"
	Sequence         Problem = "sequence"
)

// MinLength is the shortest passphrase accepted, in characters.
const MinLength = 12

// Result is the verdict on one passphrase.
type Result struct {
	// Score runs from 0 (guessed at once) to 4 (out of reach).
	Score int
	// Acceptable is Score >= 3 with no problems: the vault's policy.
	Acceptable bool
	// Problems are the reasons, in a stable order, without duplicates.
	Problems []Problem
	// Bits is the estimated guessing work, log2.
	Bits float64
}

// Score thresholds in bits of guessing work. Score 3 (acceptable) needs about 2^45 guesses:
// an offline attack on the slow vault key derivation then takes far longer than a laptop's life.
var thresholds = [4]float64{25, 35, 45, 60}

//go:embed common-passwords.txt
var commonPasswordsText string

//go:embed common-words.txt
var commonWordsText string

// lists parses the embedded word lists once; the result is never changed afterwards.
var lists = sync.OnceValue(func() *checker {
	return &checker{passwords: parseList(commonPasswordsText), words: parseList(commonWordsText)}
})

// checker holds the word lists, most common first.
type checker struct {
	passwords map[string]int // rank, 1 = most common
	words     map[string]int
}

func parseList(text string) map[string]int {
	m := map[string]int{}
	rank := 0
	for _, line := range strings.Split(text, "\n") {
		w := strings.TrimSpace(strings.ToLower(line))
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

// Check rates a passphrase. related holds strings the user typed elsewhere in the same form
// (names, e-mail, employer); passphrases built from them are weak.
func Check(passphrase string, related ...string) Result {
	return lists().check(passphrase, related)
}

func (c *checker) check(p string, related []string) Result {
	var problems problemSet
	if utf8.RuneCountInString(p) < MinLength {
		problems.add(TooShort)
	}
	personal := personalParts(related)
	lower := strings.ToLower(p)
	folded := fold(p)

	// An attacker tries the passphrase as typed and with symbol-for-letter swaps undone
	// (p@ssw0rd); the cheaper of the two is what it is worth.
	bits, found := c.estimate(p, lower, personal)
	if b, f := c.estimate(p, folded, personal); b < bits {
		bits, found = b, f
	}
	for _, pr := range found {
		problems.add(pr)
	}
	for _, v := range []string{lower, folded} {
		core := strings.TrimFunc(v, func(r rune) bool { return !unicode.IsLetter(r) })
		if _, ok := c.passwords[v]; ok {
			problems.add(Common)
			bits = math.Min(bits, 10)
		} else if _, ok := c.passwords[core]; ok && core != "" {
			problems.add(Common)
		}
	}

	score := 0
	for score < len(thresholds) && bits >= thresholds[score] {
		score++
	}
	return Result{Score: score, Acceptable: score >= 3 && len(problems) == 0, Problems: problems, Bits: bits}
}

// problemSet keeps problems in the order found, without duplicates.
type problemSet []Problem

func (ps *problemSet) add(p Problem) {
	for _, have := range *ps {
		if have == p {
			return
		}
	}
	*ps = append(*ps, p)
}

// estimate charges each run of norm (a lower-cased or folded form of orig, with the same runes
// count); a passphrase that is one part repeated costs the part once.
func (c *checker) estimate(orig, norm string, personal []string) (float64, problemSet) {
	var found problemSet
	if period := smallestPeriod(norm); period < utf8.RuneCountInString(norm) {
		found.add(Repetitive)
		o, n := []rune(orig), []rune(norm)
		bits := c.runsBits(string(o[:period]), string(n[:period]), personal, &found)
		return bits + math.Log2(float64(len(n)/period)) + 1, found
	}
	return c.runsBits(orig, norm, personal, &found), found
}

func (c *checker) runsBits(orig, norm string, personal []string, found *problemSet) float64 {
	origRunes := []rune(orig)
	normRunes := []rune(norm)
	total := 0.0
	for _, r := range splitRuns(normRunes) {
		segment := string(normRunes[r.start:r.end])
		switch r.class {
		case classLetter:
			total += c.letterBits(segment, string(origRunes[r.start:r.end]), personal, found)
		case classDigit:
			total += digitBits(segment, found)
		case classSpace:
			total += float64(r.end - r.start) // separators add little
		default:
			total += 5 + 3*float64(r.end-r.start-1)
		}
	}
	if hasRepeatRun(normRunes, 3) {
		found.add(Repetitive)
	}
	return total
}

// letterBits charges a run of letters: a common word by its rank, a word from the user's own
// details almost nothing, an uncommon word what a large dictionary costs, plus capitals.
func (c *checker) letterBits(word, orig string, personal []string, found *problemSet) float64 {
	caps := capitalBits(orig)
	for _, part := range personal {
		if strings.Contains(word, part) {
			found.add(ContainsPersonal)
			rest := utf8.RuneCountInString(word) - utf8.RuneCountInString(part)
			return 2 + caps + c.plainLetterBits(strings.Replace(word, part, "", 1), rest)
		}
	}
	if seq := longestSequence([]rune(word)); seq >= 4 {
		found.add(Sequence)
		return 4 + caps + c.plainLetterBits("", utf8.RuneCountInString(word)-seq)
	}
	return caps + c.plainLetterBits(word, utf8.RuneCountInString(word))
}

// plainLetterBits charges letters without personal parts or sequences.
func (c *checker) plainLetterBits(word string, n int) float64 {
	if n <= 0 {
		return 0
	}
	if rank, ok := c.passwords[word]; ok {
		return math.Log2(float64(rank)) + 1
	}
	if rank, ok := c.words[word]; ok {
		return math.Log2(float64(rank)) + 2
	}
	// A common word inside a longer run ("wachtwoordje"): the word's cost plus the rest.
	best := ""
	for w := range c.words {
		if len(w) >= 4 && len(w) > len(best) && strings.Contains(word, w) {
			best = w
		}
	}
	for w := range c.passwords {
		if len(w) >= 4 && len(w) > len(best) && strings.Contains(word, w) {
			best = w
		}
	}
	if best != "" {
		rank := c.words[best]
		if r, ok := c.passwords[best]; ok {
			rank = r
		}
		rest := n - utf8.RuneCountInString(best)
		return math.Min(math.Log2(float64(rank))+2+randomLetterBits(rest), randomLetterBits(n))
	}
	return randomLetterBits(n)
}

// randomLetterBits is what a run of letters outside every list costs: 4.7 bits a letter for
// short runs, but a word-like long run is in a large attacker dictionary (~17 bits) plus a
// little per extra letter.
func randomLetterBits(n int) float64 {
	if n <= 0 {
		return 0
	}
	return math.Min(4.7*float64(n), 17+2.5*math.Max(0, float64(n-8)))
}

func capitalBits(orig string) float64 {
	upper, lower := 0, 0
	first := true
	firstUpper := false
	for _, r := range orig {
		if unicode.IsUpper(r) {
			upper++
			if first {
				firstUpper = true
			}
		} else if unicode.IsLower(r) {
			lower++
		}
		first = false
	}
	switch {
	case upper == 0:
		return 0
	case upper == 1 && firstUpper, lower == 0:
		return 1
	default:
		return math.Min(float64(upper+lower)*0.5, 6)
	}
}

// digitBits charges a run of digits: years and sequences are cheap.
func digitBits(d string, found *problemSet) float64 {
	n := len(d)
	if n >= 3 && longestSequence([]rune(d)) == n {
		found.add(Sequence)
		return math.Log2(float64(20 * n))
	}
	if n >= 3 && strings.Count(d, d[:1]) == n {
		found.add(Repetitive)
		return math.Log2(float64(10 * n))
	}
	if n == 4 && (strings.HasPrefix(d, "19") || strings.HasPrefix(d, "20")) {
		return 7.6 // about 200 plausible years
	}
	if n == 6 || n == 8 {
		// dates such as 010190 or 01011990 are far fewer than all digit strings
		return math.Min(3.32*float64(n), 16)
	}
	return 3.32 * float64(n)
}

// personalParts splits the user's details into lower-cased parts of at least three letters.
func personalParts(related []string) []string {
	var out []string
	for _, s := range related {
		for _, part := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if utf8.RuneCountInString(part) >= 3 {
				out = append(out, part, fold(part))
			}
		}
	}
	return out
}

// fold lower-cases and undoes common letter-for-symbol swaps (p@ssw0rd -> password), so the
// lists catch them. It keeps the rune count, so positions map back to the original. Personal
// details are folded the same way.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '@', '4':
			return 'a'
		case '0':
			return 'o'
		case '3':
			return 'e'
		case '$', '5':
			return 's'
		case '7':
			return 't'
		case '!', '1', '|':
			return 'i'
		}
		return unicode.ToLower(r)
	}, s)
}
