package passphrase

import (
	"slices"
	"unicode"
)

type runClass int

const (
	classLetter runClass = iota
	classDigit
	classSpace
	classSymbol
	classPersonal // a part of the user's own details, whatever its characters
)

type run struct {
	class      runClass
	start, end int // rune offsets, end exclusive
}

func classify(r rune) runClass {
	switch {
	case unicode.IsLetter(r):
		return classLetter
	case unicode.IsDigit(r):
		return classDigit
	case unicode.IsSpace(r) || r == '-' || r == '_' || r == '.':
		return classSpace
	}
	return classSymbol
}

// splitRuns cuts rs into maximal runs of one class; runes marked in mine are personal.
func splitRuns(rs []rune, mine []bool) []run {
	class := func(i int) runClass {
		if mine[i] {
			return classPersonal
		}
		return classify(rs[i])
	}
	var out []run
	for i := 0; i < len(rs); {
		c := class(i)
		j := i + 1
		for j < len(rs) && class(j) == c {
			j++
		}
		out = append(out, run{class: c, start: i, end: j})
		i = j
	}
	return out
}

// smallestPeriod returns the shortest p such that rs is rs[:p] repeated (len(rs) when none).
func smallestPeriod(rs []rune) int {
	n := len(rs)
	for p := 1; p <= n/2; p++ {
		if n%p != 0 {
			continue
		}
		ok := true
		for i := p; i < n && ok; i++ {
			ok = rs[i] == rs[i-p]
		}
		if ok {
			return p
		}
	}
	return n
}

// hasRepeatRun reports a character repeated min or more times in a row.
func hasRepeatRun(rs []rune, min int) bool {
	count := 1
	for i := 1; i < len(rs); i++ {
		if rs[i] == rs[i-1] {
			count++
		} else {
			count = 1
		}
		if count >= min {
			return true
		}
	}
	return min <= 1 && len(rs) > 0
}

// sequenceRows are what people type as "random": keyboard rows (QWERTY and AZERTY), the
// alphabet and the digits. Each is also walked backwards.
func sequenceRows() []string {
	return []string{"qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn",
		"abcdefghijklmnopqrstuvwxyz", "01234567890"}
}

// sequencePairs maps two neighbouring characters to the walks they belong to: bit 2i is row i
// forwards, bit 2i+1 backwards.
func sequencePairs() map[[2]rune]uint32 {
	pairs := map[[2]rune]uint32{}
	for i, row := range sequenceRows() {
		rs := []rune(row)
		for k := 0; k+1 < len(rs); k++ {
			pairs[[2]rune{rs[k], rs[k+1]}] |= 1 << (2 * i)
			pairs[[2]rune{rs[k+1], rs[k]}] |= 1 << (2*i + 1)
		}
	}
	return pairs
}

// longestSequence returns the length of the longest stretch of rs that follows one row in one
// direction (1 for a lone character, 0 for none).
func (c *checker) longestSequence(rs []rune) int {
	best := min(len(rs), 1)
	length, walks := 1, uint32(0)
	for i := 1; i < len(rs); i++ {
		m := c.sequences[[2]rune{rs[i-1], rs[i]}]
		switch {
		case walks&m != 0:
			walks &= m
			length++
		case m != 0:
			walks, length = m, 2
		default:
			walks, length = 0, 1
		}
		best = max(best, length)
	}
	return best
}

func lowerRunes(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = unicode.ToLower(r)
	}
	return out
}

// leet is the letter a symbol or digit stands for in leetspeak, or 0.
func leet(r rune) rune {
	switch r {
	case '@', '4':
		return 'a'
	case '8':
		return 'b'
	case '3':
		return 'e'
	case '6', '9':
		return 'g'
	case '!', '1', '|':
		return 'i'
	case '0':
		return 'o'
	case '$', '5':
		return 's'
	case '7', '+':
		return 't'
	}
	return 0
}

// foldLeet lower-cases rs and undoes leetspeak inside words (p@ssw0rd -> password, W3lk0m ->
// welkom): a stretch of at most three leet characters is folded when it touches a letter and
// its other side is a letter too, a separator or an end of the passphrase. Digit runs such as
// the year in W3lk0m2024 stay digits. The result has as many runes as rs.
func foldLeet(rs []rune) []rune {
	out := lowerRunes(rs)
	isLetter := func(i int) bool { return i >= 0 && i < len(rs) && unicode.IsLetter(rs[i]) }
	isEdge := func(i int) bool { return i < 0 || i >= len(rs) || classify(rs[i]) == classSpace }
	for i := 0; i < len(rs); {
		if leet(rs[i]) == 0 {
			i++
			continue
		}
		j := i
		for j < len(rs) && leet(rs[j]) != 0 {
			j++
		}
		before, after := isLetter(i-1), isLetter(j)
		if j-i <= 3 && (before || after) && (before || isEdge(i-1)) && (after || isEdge(j)) {
			for k := i; k < j; k++ {
				out[k] = leet(rs[k])
			}
		}
		i = j
	}
	return out
}

// personalParts splits the user's details into lower-cased runs of letters or of digits of at
// least three characters (petra1985@korenaar.example -> petra, 1985, korenaar, example), leaving
// out name particles and e-mail noise that every passphrase may contain.
func personalParts(related []string) [][]rune {
	var out [][]rune
	for _, s := range related {
		rs := lowerRunes([]rune(s))
		for i := 0; i < len(rs); {
			c := classify(rs[i])
			j := i + 1
			for j < len(rs) && classify(rs[j]) == c {
				j++
			}
			if part := rs[i:j]; (c == classLetter || c == classDigit) && len(part) >= 3 && !ignoredPart(string(part)) {
				out = append(out, part)
			}
			i = j
		}
	}
	return out
}

func ignoredPart(p string) bool {
	switch p {
	case "van", "der", "den", "ter", "ten", "het", "the", "and", "com", "net", "org", "www":
		return true
	}
	return false
}

// personalMask marks every rune of norm that lies in an occurrence of a personal part.
func personalMask(norm []rune, parts [][]rune) []bool {
	mine := make([]bool, len(norm))
	for _, part := range parts {
		for i := 0; i+len(part) <= len(norm); i++ {
			if slices.Equal(norm[i:i+len(part)], part) {
				for k := i; k < i+len(part); k++ {
					mine[k] = true
				}
			}
		}
	}
	return mine
}
