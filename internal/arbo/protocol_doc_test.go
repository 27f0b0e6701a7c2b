package arbo

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// docs/protocol.yaml is the same contract as this package: every struct (as a schema), every JSON
// field name (as a property), every path and every error code of the package's sources must
// appear in it, so neither can change alone. The check reads the YAML line by line (no YAML
// dependency).
func TestRule_TheOpenAPIDocumentNamesEveryTypeFieldPathAndCode(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "protocol.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	keys := map[string]bool{} // every "name:" key in the document, at any indentation
	for _, line := range strings.Split(doc, "\n") {
		if k, _, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && !strings.HasPrefix(strings.TrimSpace(line), "#") {
			keys[k] = true
		}
	}

	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var structs, fields, paths, codes int
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.TypeSpec:
				st, ok := x.Type.(*ast.StructType)
				if !ok || !x.Name.IsExported() || x.Name.Name == "Error" { // Error is Go-only, never JSON
					return true
				}
				structs++
				if !strings.Contains(doc, "\n    "+x.Name.Name+":\n") {
					t.Errorf("%s: no schema %s", name, x.Name.Name)
				}
				for _, fld := range st.Fields.List {
					if fld.Tag == nil {
						continue
					}
					tag, _ := strconv.Unquote(fld.Tag.Value)
					json, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
					if json == "" || json == "-" {
						continue
					}
					fields++
					if !keys[json] {
						t.Errorf("%s: field %s.%s (%q) is not in docs/protocol.yaml", name, x.Name.Name, fld.Names[0].Name, json)
					}
				}
			case *ast.ValueSpec:
				for i, id := range x.Names {
					if i >= len(x.Values) {
						break
					}
					lit, ok := x.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					v, _ := strconv.Unquote(lit.Value)
					switch {
					case strings.HasPrefix(id.Name, "Path"):
						paths++
						if !strings.Contains(doc, "\n  "+v+":") && !strings.Contains(doc, "\n  "+v+"/") {
							t.Errorf("%s: path %s (%s) is not in docs/protocol.yaml", name, id.Name, v)
						}
					case strings.HasPrefix(id.Name, "Code"), strings.HasPrefix(id.Name, "Header"):
						codes++
						if !strings.Contains(doc, v) {
							t.Errorf("%s: %s (%s) is not in docs/protocol.yaml", name, id.Name, v)
						}
					}
				}
			}
			return true
		})
	}
	// Guard the guard: a parse that found nothing would pass vacuously.
	if structs < 25 || fields < 100 || paths < 10 || codes < 15 {
		t.Fatalf("found only %d structs, %d fields, %d paths, %d codes/headers", structs, fields, paths, codes)
	}
}
