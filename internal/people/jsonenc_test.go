package people

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"kluis/internal/vault"
)

// fillStrings sets every string field under v (structs, slices of structs) from next, and
// every bool to a coin toss (ids are set by the caller): a field added to the records later is
// filled too, so the encoders must know it or the test fails.
func fillStrings(v reflect.Value, next func() string, coin func() bool) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(next())
	case reflect.Bool:
		v.SetBool(coin())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillStrings(v.Field(i), next, coin)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			fillStrings(v.Index(i), next, coin)
		}
	}
}

func TestRule_RecordsMarshalledWithoutReflectionAreTheBytesOfEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	// Text an import may carry: plain, empty (omitted), accents, quotes and backslashes, HTML
	// characters, control characters, invalid UTF-8, U+2028/2029, emoji.
	pieces := []string{"", "", "Jansen", "de Vries", "Ærø-Ünal", `"q"`, `a\b`, "<b>&amp;</b>", "\t\n\r\b\f\x00\x1f\x7f",
		"\xff\xfe", "a\u2028b\u2029c", "😀", "1234 AB", "2024-01-31", "x"}
	next := func() string {
		n := rng.IntN(3)
		s := ""
		for range n {
			s += pieces[rng.IntN(len(pieces))]
		}
		return s + "z"[:rng.IntN(2)]
	}
	nonEmpty := func() string {
		if s := next(); s != "" {
			return s
		}
		return "y"
	}
	coin := func() bool { return rng.IntN(2) == 0 }
	for round := range 2000 {
		var e Employee
		e.Employments = make([]Employment, rng.IntN(3))
		if round%7 == 0 {
			e.Employments = nil
		}
		fillStrings(reflect.ValueOf(&e).Elem(), nonEmpty, coin)
		// Omitted fields: clear some strings again.
		fillStrings(reflect.ValueOf(&e).Elem(), func() string {
			if rng.IntN(3) == 0 {
				return ""
			}
			return nonEmpty()
		}, coin)
		e.Employer, e.Department = vault.NewID(), vault.NewID()
		for i := range e.Employments {
			e.Employments[i].Department = vault.NewID()
		}
		want, err := json.Marshal(&e)
		ok(t, err)
		if got := appendEmployeeJSON(nil, &e); !bytes.Equal(got, want) {
			t.Fatalf("employee, round %d:\n got %s\nwant %s", round, got, want)
		}
		var id Identity
		fillStrings(reflect.ValueOf(&id).Elem(), func() string {
			if rng.IntN(3) == 0 {
				return ""
			}
			return nonEmpty()
		}, coin)
		want, err = json.Marshal(&id)
		ok(t, err)
		if got := appendIdentityJSON([]byte("prefix kept"), &id); !bytes.Equal(got, append([]byte("prefix kept"), want...)) {
			t.Fatalf("identity, round %d:\n got %s\nwant %s", round, got, want)
		}
	}
	// The empty records.
	var id Identity
	want, _ := json.Marshal(&id)
	if got := appendIdentityJSON(nil, &id); !bytes.Equal(got, want) {
		t.Fatalf("empty identity: got %s, want %s", got, want)
	}
}
