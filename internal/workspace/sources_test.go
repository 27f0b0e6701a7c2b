package workspace_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Tests that read the repository's own sources: rules that hold across packages, where a new
// declaration elsewhere must not be able to slip past.

// repoRoot is the folder holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// goFile is one parsed Go source of the module.
type goFile struct {
	rel  string // slash path from the repository root
	test bool
	ast  *ast.File
	fset *token.FileSet
}

// goFiles parses every Go file of the module (not the frontend, not testdata).
func goFiles(t *testing.T) []goFile {
	t.Helper()
	root := repoRoot(t)
	var out []goFile
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "frontend", "testdata", "build":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		out = append(out, goFile{rel: filepath.ToSlash(rel), test: strings.HasSuffix(path, "_test.go"), ast: f, fset: fset})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// kindDecl is a record kind declared in the sources.
type kindDecl struct {
	name  string
	value int64
	where string
}

// isKindType reports whether e names vault.Kind (or Kind inside package vault).
func isKindType(e ast.Expr, inVault bool) bool {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "vault" && x.Sel.Name == "Kind"
	case *ast.Ident:
		return inVault && x.Name == "Kind"
	}
	return false
}

// literal is the value of an integer or rune literal.
func literal(e ast.Expr) (int64, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok {
		return 0, false
	}
	switch lit.Kind {
	case token.INT:
		v, err := strconv.ParseInt(lit.Value, 0, 64)
		return v, err == nil
	case token.CHAR:
		r, _, _, err := strconv.UnquoteChar(lit.Value[1:len(lit.Value)-1], '\'')
		return int64(r), err == nil
	}
	return 0, false
}

// kindDecls finds every `X vault.Kind = 0x..` and `X = vault.Kind(0x..)` declaration. The vault
// package's own non-test declarations are its reservations, not kinds, and are left out.
func kindDecls(t *testing.T) []kindDecl {
	t.Helper()
	var out []kindDecl
	for _, f := range goFiles(t) {
		inVault := f.ast.Name.Name == "vault"
		if inVault && !f.test {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range spec.Names {
				if i >= len(spec.Values) {
					break
				}
				val := spec.Values[i]
				typed := spec.Type != nil && isKindType(spec.Type, inVault)
				if call, ok := val.(*ast.CallExpr); ok && len(call.Args) == 1 && isKindType(call.Fun, inVault) {
					val, typed = call.Args[0], true
				}
				if !typed {
					continue
				}
				v, ok := literal(val)
				if !ok {
					t.Errorf("%s: kind %s is not a literal; declare kinds as `vault.Kind = 0x..`", f.rel, name.Name)
					continue
				}
				out = append(out, kindDecl{name: name.Name, value: v, where: f.rel + ":" + strconv.Itoa(f.fset.Position(name.Pos()).Line)})
			}
			return true
		})
	}
	return out
}

// TestRule_RecordKindsAreUniqueAcrossPackagesAndListedInTheKeyLayout parses the sources, so a
// new kind in any package (tests and benchmarks included) is checked without being listed here.
func TestRule_RecordKindsAreUniqueAcrossPackagesAndListedInTheKeyLayout(t *testing.T) {
	decls := kindDecls(t)
	// The seeds must be found, or the parser silently checks nothing.
	names := map[string]bool{}
	for _, d := range decls {
		names[d.name] = true
	}
	for _, want := range []string{"KindEmployer", "KindIdentity", "KindProfile", "KindEventV1", "KindAgreement", "KindDossier", "KindOutbox", "kindRaw", "kindIdentity", "kindTest"} {
		if !names[want] {
			t.Errorf("kind %s not found in the sources; the parser misses a declaration form", want)
		}
	}
	adr, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "adr", "001-key-layout.md"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[int64]bool{}
	row := regexp.MustCompile("(?m)^\\| ([^|]*) \\|")
	hex := regexp.MustCompile("`0x([0-9a-fA-F]{2})`")
	for _, m := range row.FindAllStringSubmatch(string(adr), -1) {
		for _, h := range hex.FindAllStringSubmatch(m[1], -1) {
			v, _ := strconv.ParseInt(h[1], 16, 64)
			listed[v] = true
		}
	}
	seen := map[int64]kindDecl{}
	for _, d := range decls {
		switch {
		case d.value < 0x10 || d.value > 0xff:
			t.Errorf("%s: %s = 0x%02x is outside 0x10–0xff (0x00–0x0f belong to the vault)", d.where, d.name, d.value)
		case d.value == 'i':
			t.Errorf("%s: %s = 0x69 is the blind-index prefix", d.where, d.name)
		}
		if other, dup := seen[d.value]; dup {
			t.Errorf("kind 0x%02x is declared twice: %s (%s) and %s (%s)", d.value, other.name, other.where, d.name, d.where)
		}
		seen[d.value] = d
		if !listed[d.value] {
			t.Errorf("%s: %s = 0x%02x is missing from docs/adr/001-key-layout.md", d.where, d.name, d.value)
		}
	}
}

// TestRule_OnlyTheWorkspaceBuildsADirectory: people.NewDirectory needs its followers registered
// (the sharing dossier moves with the employee); the workspace does that once, so every other
// caller goes through workspace.Open.
func TestRule_OnlyTheWorkspaceBuildsADirectory(t *testing.T) {
	for _, f := range goFiles(t) {
		if f.test || strings.HasPrefix(f.rel, "internal/people/") || strings.HasPrefix(f.rel, "internal/workspace/") {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if ok && sel.Sel.Name == "NewDirectory" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "people" {
					t.Errorf("%s:%d calls people.NewDirectory; open a workspace instead", f.rel, f.fset.Position(sel.Pos()).Line)
				}
			}
			return true
		})
	}
}
