package sharing

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"kluis/internal/validate"
)

// The share's explanation and the free texts of a sick report and a revocation say why and what
// is practical, never what is wrong with the employee (docs/DOMAIN.md, "Who may see what").
// medical_terms.txt lists diagnoses, symptoms, body parts, medicines and treatments in Dutch and
// English; a text naming one is refused with validate.MedicalTerms and the words found as
// params, so the person who typed it can rewrite it. The words are never logged and never in an
// error's text.

//go:embed medical_terms.txt
var medicalTermsFile string

// medicalTerms indexes the list by a term's first word; each entry is the term's words and
// the term as the list writes it.
type termEntry struct {
	words []string
	term  string
}

var (
	medicalOnce  sync.Once
	medicalIndex map[string][]termEntry
)

func loadMedicalTerms() map[string][]termEntry {
	medicalOnce.Do(func() {
		medicalIndex = map[string][]termEntry{}
		for line := range strings.Lines(medicalTermsFile) {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			words := medicalWords(line)
			if len(words) == 0 {
				continue
			}
			medicalIndex[words[0]] = append(medicalIndex[words[0]], termEntry{words: words, term: line})
		}
	})
	return medicalIndex
}

var stripMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// medicalWords folds s (lower case, accents removed) and splits it into words of letters and
// digits: "Burn-out, Codeïne" → burn out codeine.
func medicalWords(s string) []string {
	folded, _, err := transform.String(stripMarks, s)
	if err != nil {
		folded = s
	}
	return strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// MedicalTermsIn lists the medical terms a text names, once each, in the order they first
// appear, as the list writes them. A term matches whole words only ("hart" not in "harte").
func MedicalTermsIn(text string) []string {
	index := loadMedicalTerms()
	words := medicalWords(text)
	var found []string
	seen := map[string]bool{}
	for i, w := range words {
		for _, e := range index[w] {
			key := strings.Join(e.words, " ")
			if i+len(e.words) > len(words) || seen[key] {
				continue
			}
			match := true
			for j := 1; j < len(e.words); j++ {
				if words[i+j] != e.words[j] {
					match = false
					break
				}
			}
			if match {
				seen[key] = true
				found = append(found, e.term)
			}
		}
	}
	return found
}

// checkMedical refuses a free text that names medical terms: field gets validate.MedicalTerms
// (unless it already has a problem) and p the words found.
func checkMedical(f validate.FieldErrors, p validate.Params, field, text string) {
	if _, bad := f[field]; bad || text == "" {
		return
	}
	if found := MedicalTermsIn(text); len(found) > 0 {
		f.Add(field, validate.MedicalTerms)
		p.Add(field, found...)
	}
}
