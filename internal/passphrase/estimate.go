package passphrase

import (
	"math"
	"unicode"
)

// estimate charges norm (a lower-cased or leet-folded form of orig, rune for rune) the guesses
// an attacker with a dictionary needs, in bits, and reports the patterns it found. A passphrase
// that is one part repeated costs the part once, plus the count.
func (c *checker) estimate(orig, norm []rune, personal [][]rune) (float64, problemSet) {
	var found problemSet
	if period := smallestPeriod(norm); period < len(norm) {
		found.add(Repetitive)
		bits := c.partsBits(orig[:period], norm[:period], personal, &found)
		return bits + math.Log2(float64(len(norm)/period)) + 1, found
	}
	return c.partsBits(orig, norm, personal, &found), found
}

// partsBits cuts norm into runs (the user's own details, letters, digits, separators, symbols)
// and adds up what each costs.
func (c *checker) partsBits(orig, norm []rune, personal [][]rune, found *problemSet) float64 {
	mine := personalMask(norm, personal)
	total := 0.0
	letters, common := 0, 0
	seen := map[string]int{}
	for _, r := range splitRuns(norm, mine) {
		n := r.end - r.start
		seg := string(norm[r.start:r.end])
		// A run seen before costs a bit. It is a problem when it is long or keeps coming back;
		// a short word such as "de" may well occur twice.
		if seen[seg]++; r.class != classSpace && seen[seg] > 1 {
			if n >= 3 || seen[seg] > 2 {
				found.add(Repetitive)
			}
			total++
			continue
		}
		switch r.class {
		case classPersonal:
			found.add(ContainsPersonal)
			total += 2 // one of a handful of strings the attacker knows
		case classLetter:
			bits, covered := c.letterBits(seg, orig[r.start:r.end], found)
			total += bits
			letters += n
			common += covered
		case classDigit:
			total += c.digitBits(norm[r.start:r.end], found)
		case classSpace:
			total += float64(n) // separators add little
		default:
			total += 5 + 3*float64(n-1)
		}
	}
	if common > 0 && 2*common >= letters {
		found.add(Common)
	}
	if hasRepeatRun(norm, 3) {
		found.add(Repetitive)
	}
	return total
}

// letterBits charges a run of letters and returns how many of its letters a common password
// covers. A keyboard or alphabet walk costs little; otherwise the run is looked up whole in the
// lists, then for the longest list entry inside it.
func (c *checker) letterBits(word string, orig []rune, found *problemSet) (bits float64, common int) {
	caps := capitalBits(orig)
	n := len(orig)
	if seq := c.longestSequence([]rune(word)); seq >= 4 {
		found.add(Sequence)
		return 4 + caps + randomLetterBits(n-seq), 0
	}
	if rank, ok := c.passwords[word]; ok {
		return caps + math.Log2(float64(rank)) + 1, n
	}
	if rank, ok := c.words[word]; ok {
		return caps + math.Log2(float64(rank)) + 2, 0
	}
	best, rank, isPassword := c.longestEntryIn(word)
	if best == 0 {
		return caps + randomLetterBits(n), 0
	}
	if isPassword {
		common = best
	}
	return caps + math.Min(math.Log2(float64(rank))+2+randomLetterBits(n-best), randomLetterBits(n)), common
}

// longestEntryIn finds the longest list entry of at least four letters inside word. At each
// position it looks up the next four letters in the prefix table, and only on a hit tries the
// substrings there, longest first. It returns the entry's length in runes, its rank, and
// whether it is a common password (preferred over a word of the same length).
func (c *checker) longestEntryIn(word string) (runes, rank int, isPassword bool) {
	starts := make([]int, 0, len(word)+1) // byte offset of each rune, and the end
	for i := range word {
		starts = append(starts, i)
	}
	starts = append(starts, len(word))
	for a := 0; a+minEntry < len(starts); a++ {
		longest := c.prefixes[word[starts[a]:starts[a+minEntry]]]
		for b := min(len(starts)-1, a+longest); b-a >= max(minEntry, runes+1); b-- {
			sub := word[starts[a]:starts[b]]
			if r, ok := c.passwords[sub]; ok {
				runes, rank, isPassword = b-a, r, true
				break
			}
			if r, ok := c.words[sub]; ok {
				runes, rank, isPassword = b-a, r, false
				break
			}
		}
	}
	return runes, rank, isPassword
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

// capitalBits is what capitals add: one bit for a capital first letter or all capitals, more
// for capitals elsewhere.
func capitalBits(orig []rune) float64 {
	upper, lower := 0, 0
	for _, r := range orig {
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	switch {
	case upper == 0:
		return 0
	case upper == 1 && unicode.IsUpper(orig[0]), lower == 0:
		return 1
	}
	return math.Min(float64(upper+lower)*0.5, 6)
}

// digitBits charges a run of digits: sequences, repeats, years and dates are cheap.
func (c *checker) digitBits(d []rune, found *problemSet) float64 {
	n := len(d)
	switch {
	case n >= 3 && c.longestSequence(d) == n:
		found.add(Sequence)
		return math.Log2(float64(20 * n))
	case n >= 3 && hasRepeatRun(d, n):
		found.add(Repetitive)
		return math.Log2(float64(10 * n))
	case n == 4 && (d[0] == '1' && d[1] == '9' || d[0] == '2' && d[1] == '0'):
		return 7.6 // about 200 plausible years
	case n == 6 || n == 8:
		return math.Min(3.32*float64(n), 16) // dates such as 010190 or 01011990
	}
	return 3.32 * float64(n)
}
