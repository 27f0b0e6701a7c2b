package passphrase

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPolicyAcceptsFourUncommonWordsAndRefusesPredictableOnes(t *testing.T) {
	cases := []struct {
		name       string
		pass       string
		related    []string
		acceptable bool
		problem    Problem // one problem that must be reported, if any
	}{
		{"four words with spaces", "paard batterij nietje correct", nil, true, ""},
		{"four words, other set", "lantaarn vlieger pindakaas mossel", nil, true, ""},
		{"random characters", "Xk9#mQ2$vL7p", nil, true, ""},
		{"welcome plus year", "Welkom2024!", nil, false, Common},
		{"season and year repeated", "Zomer2025Zomer2025", nil, false, Repetitive},
		{"own surname and digit sequence", "Jansen1234567", []string{"Jansen"}, false, ContainsPersonal},
		{"digit sequence", "1234567890123", nil, false, Sequence},
		{"keyboard row", "qwertyuiopasdf", nil, false, Sequence},
		{"short", "kort", nil, false, TooShort},
		{"leet password", "P@ssw0rd12345", nil, false, Common},
		{"employer name inside", "bakkerijkorenaar2026", []string{"Bakkerij De Korenaar BV"}, false, ContainsPersonal},
		{"e-mail local part inside", "petra.vanderberg!!", []string{"petra@korenaar.example"}, false, ContainsPersonal},
		{"one character repeated", "aaaaaaaaaaaaaaaa", nil, false, Repetitive},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Check(c.pass, c.related...)
			if r.Acceptable != c.acceptable {
				t.Fatalf("acceptable = %v, want %v (score %d, %.1f bits, problems %v)", r.Acceptable, c.acceptable, r.Score, r.Bits, r.Problems)
			}
			if c.problem != "" && !slices.Contains(r.Problems, c.problem) {
				t.Fatalf("problems %v lack %q", r.Problems, c.problem)
			}
		})
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

func TestProblemsAreListedOnce(t *testing.T) {
	r := Check("abcabcabcabc")
	seen := map[Problem]bool{}
	for _, p := range r.Problems {
		if seen[p] {
			t.Fatalf("problem %q listed twice: %v", p, r.Problems)
		}
		seen[p] = true
	}
}

func TestWordListsAreLoaded(t *testing.T) {
	l := lists()
	if len(l.passwords) < 150 || len(l.words) < 250 {
		t.Fatalf("lists too small: %d passwords, %d words", len(l.passwords), len(l.words))
	}
	if l.passwords["123456"] != 1 {
		t.Fatal("ranks must start at the most common entry")
	}
}

func TestFuzzSeedsArePresent(t *testing.T) {
	seeds, err := os.ReadDir(filepath.Join("testdata", "fuzz", "FuzzCheck"))
	if err != nil || len(seeds) < 5 {
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
		if r.Acceptable && (r.Score < 3 || len(r.Problems) > 0) {
			t.Fatalf("acceptable with score %d and problems %v", r.Score, r.Problems)
		}
		for _, pr := range r.Problems {
			if strings.Contains(string(pr), p) && p != "" && len(p) > 3 {
				t.Fatalf("problem text contains the passphrase")
			}
		}
	})
}

func BenchmarkCheck64(b *testing.B) {
	p := strings.Repeat("Molen tulp fiets! ", 4)[:64]
	for b.Loop() {
		Check(p, "Petra de Beheerder", "petra@korenaar.example", "Bakkerij De Korenaar BV")
	}
}
