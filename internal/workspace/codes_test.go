package workspace_test

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"
	"time"

	"kluis/internal/agreement"
	"kluis/internal/importer"
	"kluis/internal/people"
	"kluis/internal/sharing"
	"kluis/internal/validate"
	"kluis/internal/vault"
	"kluis/internal/workspace"
)

// declaredCodes parses this package for its Code constants, so one declared without an entry
// in the registry is found.
func declaredCodes(t *testing.T) []workspace.Code {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []workspace.Code
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "Code" {
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					out = append(out, workspace.Code(s))
				}
			}
		}
		return true
	})
	return out
}

func TestRule_EveryCodeIsInTheRegistryOnceWithAnEnglishAndADutchMessage(t *testing.T) {
	declared := declaredCodes(t)
	if len(declared) < 30 {
		t.Fatalf("found %d Code constants; the parser misses them", len(declared))
	}
	codes := workspace.Codes()
	for _, c := range declared {
		if !slices.Contains(codes, c) {
			t.Errorf("code %q is declared but has no registry entry", c)
		}
	}
	seen := map[workspace.Code]bool{}
	for _, c := range codes {
		if seen[c] {
			t.Errorf("code %q has two registry entries", c)
		}
		seen[c] = true
		p := workspace.Describe(c)
		if p.Code != c || p.English == "" || p.Dutch == "" || p.English == p.Dutch {
			t.Errorf("code %q: %+v", c, p)
		}
	}
}

func TestRule_ExplainMapsDomainErrorsToTheirCodesAndUnknownOnesToInternal(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		code   workspace.Code
		denied bool
	}{
		{"wrong passphrase, wrapped", fmt.Errorf("unlock: %w", vault.ErrWrongPassphrase), workspace.CodeWrongPassphrase, true},
		{"locked", vault.ErrLocked, workspace.CodeLocked, true},
		{"closed under a use case reads as locked, not cancelled", fmt.Errorf("%w: %w", workspace.ErrClosed, context.Canceled), workspace.CodeLocked, true},
		{"cancelled", context.Canceled, workspace.CodeCancelled, false},
		{"no key for the department", vault.ErrNoAccess, workspace.CodeDenied, true},
		{"revoking an admin", vault.ErrRevokeAdmin, workspace.CodeDenied, true},
		{"employee gone", people.ErrEmployeeNotFound, workspace.CodeNotFound, false},
		{"not shared", sharing.ErrNotShared, workspace.CodeNotShared, false},
		{"unreadable file", importer.ErrBinary, workspace.CodeImportUnreadable, false},
		{"mail needs TLS", agreement.ErrCredentialsNeedTLS, workspace.CodeMailNeedsTLS, false},
		{"several employers", &workspace.EmployerChoiceError{KvKs: []string{"1", "2"}}, workspace.CodeInvalidInput, false},
		{"unknown", errors.New("badger: value log truncated at offset 12"), workspace.CodeInternal, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := workspace.Explain(c.err)
			if p.Code != c.code || p.Denied != c.denied {
				t.Fatalf("%v explained as %+v, want %q denied=%v", c.err, p, c.code, c.denied)
			}
		})
	}
	p := workspace.Explain(fmt.Errorf("form: %w", validate.FieldErrors{"kvk": validate.KvKFormat}))
	if p.Code != workspace.CodeInvalidInput || p.Fields["kvk"] != string(validate.KvKFormat) {
		t.Fatalf("field errors %+v", p)
	}
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	if p := workspace.Explain(&vault.TooManyAttemptsError{RetryAt: at}); p.Code != workspace.CodeTooManyAttempts || !p.RetryAt.Equal(at) {
		t.Fatalf("too many attempts %+v", p)
	}
	if p := workspace.Explain(errors.New("badger: secret detail")); p.English == "" || p.Context != "" {
		t.Fatalf("an unknown error's text leaks into the problem: %+v", p)
	}
}
