package passphrase

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// acceptable names the cases that must pass the policy.
const acceptable Problem = "acceptable"

// The cases are grouped by the rule they exercise; each group's subtests are named.
func TestCheckRules(t *testing.T) {
	cases := []struct {
		rule    Problem // the problem that must be reported, or acceptable
		name    string
		pass    string
		related []string
	}{
		{acceptable, "four random words", "paard batterij nietje correct", nil},
		{acceptable, "four other words", "lantaarn vlieger pindakaas mossel", nil},
		{acceptable, "random characters", "Xk9#mQ2$vL7p", nil},
		{acceptable, "related details that do not occur", "paard batterij nietje correct",
			[]string{"Petra de Beheerder", "petra@korenaar.example", "Bakkerij De Korenaar BV"}},
		{acceptable, "two-letter related parts are ignored", "paard batterij nietje correct", []string{"Jo de Ba"}},

		{TooShort, "four letters", "kort", nil},
		{TooShort, "eleven random characters", "Xk9#mQ2$vL7", nil},
		{TooShort, "empty", "", nil},

		{Common, "welcome and a year", "Welkom2024!", nil},
		{Common, "password and a year", "Wachtwoord2024!!", nil},
		{Common, "leetspeak password", "P@ssw0rd12345", nil},
		{Common, "leetspeak welcome and a year", "W3lk0m2024!!xx", nil},
		{Common, "common password inside a longer word", "Mijnwachtwoord1!", nil},
		{Common, "month and a year", "Januari2024!!", nil},
		{Common, "famous passphrase", "correct horse battery staple", nil},
		{Common, "the app's own name", "Kluis2026!Kluis", nil},

		{ContainsPersonal, "surname and digits", "Jansen1234567", []string{"Jansen"}},
		{ContainsPersonal, "other case", "JANSEN-tulpen-fiets", []string{"jansen"}},
		{ContainsPersonal, "employer name inside", "bakkerijkorenaar2026", []string{"Bakkerij De Korenaar BV"}},
		{ContainsPersonal, "e-mail local part", "petra.vanderberg!!", []string{"petra.vanderberg@korenaar.example"}},
		{ContainsPersonal, "e-mail domain", "korenaar lantaarn vlieger", []string{"petra@korenaar.example"}},
		{ContainsPersonal, "digits from the e-mail", "vlieger1985lantaarn", []string{"petra1985@korenaar.example"}},
		{ContainsPersonal, "leetspeak name", "P3tr@ lantaarn vlieger", []string{"Petra"}},

		{Repetitive, "season and year twice", "Zomer2025Zomer2025", nil},
		{Repetitive, "season and year twice plus a symbol", "Zomer2025Zomer2025!", nil},
		{Repetitive, "one character", "aaaaaaaaaaaaaaaa", nil},
		{Repetitive, "a word and many exclamation marks", "Fietsbel!!!!!!!!", nil},
		{Repetitive, "one digit", "vlieger 77777777", nil},

		{Sequence, "digits", "1234567890123", nil},
		{Sequence, "digits backwards", "lantaarn 98765", nil},
		{Sequence, "keyboard row", "qwertyuiopasdf", nil},
		{Sequence, "azerty row", "Azertyuiop2024!", nil},
		{Sequence, "alphabet", "abcdefghijklmnop", nil},
	}
	for _, c := range cases {
		t.Run(string(c.rule)+"/"+c.name, func(t *testing.T) {
			r, bits := lists().check(c.pass, c.related)
			if c.rule == acceptable {
				if !r.Acceptable {
					t.Fatalf("refused: score %d, %.1f bits, problems %v", r.Score, bits, r.Problems)
				}
				return
			}
			if r.Acceptable {
				t.Fatalf("accepted: score %d, %.1f bits", r.Score, bits)
			}
			if !slices.Contains(r.Problems, c.rule) {
				t.Fatalf("problems %v lack %q (score %d, %.1f bits)", r.Problems, c.rule, r.Score, bits)
			}
		})
	}
}

func TestAcceptableMeansScoreThreeAndNoProblems(t *testing.T) {
	for _, p := range []string{"kort", "paard batterij nietje correct", "Welkom2024!", "Xk9#mQ2$vL7p", "fiets molen tulp kaas"} {
		t.Run(p, func(t *testing.T) {
			r := Check(p)
			if r.Acceptable != (r.Score >= 3 && len(r.Problems) == 0) {
				t.Fatalf("%+v", r)
			}
		})
	}
}

func TestCommonWordsAloneScoreLow(t *testing.T) {
	if r := Check("fiets molen tulp kaas"); r.Acceptable {
		t.Fatalf("four very common short words accepted: %+v", r)
	}
}

func TestScoreGrowsWithLengthOfARandomPassphrase(t *testing.T) {
	prev := -1
	for _, p := range []string{"xq", "xq7#", "xq7#Lm2", "xq7#Lm2$Rt9", "xq7#Lm2$Rt9&Vb4!"} {
		s := Check(p).Score
		if s < prev {
			t.Fatalf("%q scored %d, below the shorter one's %d", p, s, prev)
		}
		prev = s
	}
	if prev != 4 {
		t.Fatalf("a 16-character random passphrase scored %d", prev)
	}
}

func TestProblemsAreListedOnceInOrder(t *testing.T) {
	r := Check("Jansen1234567jansen", "Jansen")
	if len(r.Problems) < 3 {
		t.Fatalf("expected several problems, got %v", r.Problems)
	}
	order := allProblems()
	if !slices.IsSortedFunc(r.Problems, func(a, b Problem) int { return slices.Index(order, a) - slices.Index(order, b) }) {
		t.Fatalf("problems out of order: %v", r.Problems)
	}
	if len(slices.Compact(slices.Clone(r.Problems))) != len(r.Problems) {
		t.Fatalf("a problem is listed twice: %v", r.Problems)
	}
}

func TestLeetFoldingKeepsYearsAndLength(t *testing.T) {
	cases := map[string]string{
		"P@ssw0rd12345": "password12345",
		"W3lk0m2024!":   "welkom2024!",
		"l33t":          "leet",
		"Welkom2024!":   "welkom2024!",
		"h3ll0 1990":    "hello 1990",
		"P3tr@ vlieger": "petra vlieger",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			if got := string(foldLeet([]rune(in))); got != want {
				t.Fatalf("got %q, want %q", got, want)
			}
		})
	}
}

func TestPersonalParts(t *testing.T) {
	got := personalParts([]string{"Petra van der Berg", "petra1985@korenaar.example", "Bakkerij De Korenaar BV"})
	var names []string
	for _, p := range got {
		names = append(names, string(p))
	}
	want := []string{"petra", "berg", "petra", "1985", "korenaar", "example", "bakkerij", "korenaar"}
	if !slices.Equal(names, want) {
		t.Fatalf("got %q, want %q", names, want)
	}
}

func TestWordListsAreLoaded(t *testing.T) {
	l := lists()
	if len(l.passwords) < 500 || len(l.words) < 1000 {
		t.Fatalf("lists too small: %d passwords, %d words", len(l.passwords), len(l.words))
	}
	if l.passwords["123456"] != 1 {
		t.Fatal("ranks must start at the most common entry")
	}
	for _, w := range []string{"wachtwoord", "welkom", "qwerty", "123456", "kluis", "zomer", "herfst", "januari", "december"} {
		if _, ok := l.passwords[w]; !ok {
			t.Errorf("common passwords lack %q", w)
		}
	}
	for _, w := range []string{"sanne", "daan", "jansen", "fiets", "molen", "summer"} {
		if _, ok := l.words[w]; !ok {
			t.Errorf("common words lack %q", w)
		}
	}
}

// Check runs on every keystroke (debounced); it must stay far below a millisecond. The bound
// is loose so that a busy machine or the race detector does not make it flaky.
func TestCheckIsFastOnLongInput(t *testing.T) {
	p := benchPassphrase()
	lists() // build the lists outside the measurement
	const rounds = 200
	start := time.Now()
	for range rounds {
		Check(p, "Petra de Beheerder", "petra@korenaar.example", "Bakkerij De Korenaar BV")
	}
	if per := time.Since(start) / rounds; per > time.Millisecond {
		t.Fatalf("Check took %v for 64 characters", per)
	}
}

func TestFuzzSeedsArePresent(t *testing.T) {
	seeds, err := os.ReadDir(filepath.Join("testdata", "fuzz", "FuzzCheck"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("fuzz seeds missing: %d, %v", len(seeds), err)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("paard batterij nietje correct", "Petra")
	f.Fuzz(func(t *testing.T, p, related string) {
		r := Check(p, related)
		if r.Score < 0 || r.Score > 4 {
			t.Fatalf("score %d out of range", r.Score)
		}
		if r.Acceptable != (r.Score >= 3 && len(r.Problems) == 0) {
			t.Fatalf("acceptable %v with score %d and problems %v", r.Acceptable, r.Score, r.Problems)
		}
		for _, pr := range r.Problems {
			if !slices.Contains(allProblems(), pr) {
				t.Fatalf("unknown problem %q", pr)
			}
		}
	})
}

func benchPassphrase() string {
	p := strings.Repeat("Molen tulp fiets! ", 4)[:64]
	return p
}

func BenchmarkCheck64(b *testing.B) {
	p := benchPassphrase()
	for b.Loop() {
		Check(p, "Petra de Beheerder", "petra@korenaar.example", "Bakkerij De Korenaar BV")
	}
}

// A 64-character passphrase without repeats or separators: the dictionary scan's worst case.
func BenchmarkCheck64Unbroken(b *testing.B) {
	p := "zonnebloemlantaarnpindakaasvliegermosselbatterijnietjekroketfiets"[:64]
	for b.Loop() {
		Check(p, "Petra de Beheerder", "petra@korenaar.example", "Bakkerij De Korenaar BV")
	}
}

// Issue 17: the meter and the policy give one verdict. A passphrase the policy refuses (here as
// a common passphrase) is never rated strong, and every strong rating is acceptable.
func TestRule_TheMeterAndThePolicyGiveOneVerdict(t *testing.T) {
	r := Check("kaasschaaf vlinder drempel oktober")
	if r.Acceptable || r.Score > 2 || len(r.Problems) == 0 {
		t.Fatalf("a refused passphrase rated %+v", r)
	}
	for _, p := range []string{"kaasschaaf vlinder drempel oktober", "Welkom2024!", "zeilboot regenjas tulp lantaarn",
		"paarse olifant danst op dinsdag", "korenaar bakkerij utrecht", "aaaaaaaaaaaaaaaa", "p@ssw0rd p@ssw0rd"} {
		r := Check(p, "Bakkerij De Korenaar")
		if (r.Score >= 3) != r.Acceptable || (r.Acceptable && len(r.Problems) > 0) {
			t.Errorf("two verdicts: %+v", r)
		}
	}
}
