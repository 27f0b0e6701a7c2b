package passphrase

import "unicode"

type runClass int

const (
	classLetter runClass = iota
	classDigit
	classSpace
	classSymbol
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

// splitRuns cuts a passphrase into maximal runs of one class.
func splitRuns(rs []rune) []run {
	var out []run
	for i := 0; i < len(rs); {
		c := classify(rs[i])
		j := i + 1
		for j < len(rs) && classify(rs[j]) == c {
			j++
		}
		out = append(out, run{class: c, start: i, end: j})
		i = j
	}
	return out
}

// smallestPeriod returns the shortest p such that s is s[:p] repeated (len(s) when none).
func smallestPeriod(s string) int {
	rs := []rune(s)
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
			if count >= min {
				return true
			}
		} else {
			count = 1
		}
	}
	return false
}

// keyboardRows are sequences people type as "random": keyboard rows (QWERTY and AZERTY) and the
// alphabet and digits; each is also tried backwards.
var keyboardRows = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn",
	"abcdefghijklmnopqrstuvwxyz", "01234567890"}

// longestSequence returns the length of the longest run of rs that follows a keyboard row or the
// alphabet, forwards or backwards (0 or 1 when there is none).
func longestSequence(rs []rune) int {
	best := 0
	for _, row := range keyboardRows {
		for _, seq := range []string{row, reverse(row)} {
			srs := []rune(seq)
			pos := map[rune]int{}
			for i, r := range srs {
				pos[r] = i
			}
			length := 0
			for i := range rs {
				p, ok := pos[rs[i]]
				switch {
				case !ok:
					length = 0
				case i > 0 && length > 0 && p > 0 && srs[p-1] == rs[i-1]:
					length++
				default:
					length = 1
				}
				if length > best {
					best = length
				}
			}
		}
	}
	return best
}

func reverse(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}
