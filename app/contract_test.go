package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kluis/internal/importer"
	"kluis/internal/sharing"
	"kluis/internal/workspace"
)

// The contract between Go and the frontend: error codes, event names and the values the
// frontend switches on are written once in Go and once in TypeScript. These tests read both
// sides (Go from its sources, so a new constant is found without being listed here) and fail
// when a value exists on one side only.

const frontendLib = "../frontend/src/lib"

// goStrings returns the string constants declared in the Go package at dir (test files left
// out) whose type is typ ("" for untyped) and whose name starts with prefix.
func goStrings(t *testing.T, dir, typ, prefix string) []string {
	t.Helper()
	_, files := goSources(t, dir)
	var out []string
	for _, f := range files {
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				specType := ""
				if id, ok := vs.Type.(*ast.Ident); ok {
					specType = id.Name
				}
				if specType != typ {
					continue
				}
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, prefix) || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						out = append(out, v)
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s constants %s* in %s: the parser finds nothing to compare", typ, prefix, dir)
	}
	return out
}

// goSources parses the Go files of the package at dir, test files left out and whatever their
// build tags.
func goSources(t *testing.T, dir string) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return fset, files
}

// tsSource reads a file below frontend/src/lib.
func tsSource(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(frontendLib, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var quoted = regexp.MustCompile(`'([^']*)'`)

// tsValues finds the quoted strings of one TypeScript declaration: `type NAME = 'a' | 'b';`,
// `NAME = ['a', 'b']` (an array constant) or `NAME = { k: 'a' }` (an object's values).
func tsValues(t *testing.T, rel, name string) []string {
	t.Helper()
	src := tsSource(t, rel)
	n := regexp.QuoteMeta(name)
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`(?s)\btype ` + n + ` = ([^;]+);`),
		regexp.MustCompile(`(?s)\b` + n + `\b[^=\n]*= \[(.*?)\]`),
		regexp.MustCompile(`(?s)\b` + n + ` = \{(.*?)\}`),
	} {
		if m := re.FindStringSubmatch(src); m != nil {
			var out []string
			for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
				out = append(out, q[1])
			}
			return out
		}
	}
	t.Fatalf("%s: no declaration of %s", rel, name)
	return nil
}

// sameSet fails the test with what each side lacks.
func sameSet(t *testing.T, what string, goSide, tsSide []string, tsWhere string) {
	t.Helper()
	for _, v := range goSide {
		if !slices.Contains(tsSide, v) {
			t.Errorf("%s: Go has %q, %s does not", what, v, tsWhere)
		}
	}
	for _, v := range tsSide {
		if !slices.Contains(goSide, v) {
			t.Errorf("%s: %s has %q, Go does not", what, tsWhere, v)
		}
	}
}

func TestRule_ErrorCodesAreTheSameInGoAndTypeScriptAndEachHasADutchAndEnglishText(t *testing.T) {
	var codes []string
	for _, c := range workspace.Codes() {
		codes = append(codes, string(c))
	}
	sameSet(t, "error codes", codes, tsValues(t, "api/errors.ts", "ERROR_CODES"), "api/errors.ts ERROR_CODES")

	// The catalogues are split per screen area: nl.ts + *.nl.ts, en.ts + *.en.ts.
	for _, lang := range []string{"nl", "en"} {
		all := catalogue(t, lang)
		for _, c := range codes {
			if !strings.Contains(all, "'error."+c+"'") {
				t.Errorf("the %s catalogue has no text for error.%s", lang, c)
			}
		}
	}
}

// catalogue returns the text of every catalogue file of lang (nl.ts + *.nl.ts).
func catalogue(t *testing.T, lang string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(frontendLib, "i18n", "*"+lang+".ts"))
	if err != nil || len(files) < 2 {
		t.Fatalf("%s catalogue files: %v %v", lang, files, err)
	}
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return all.String()
}

func TestRule_SyncErrorCodesAreTheSameInGoAndTypeScriptAndEachHasADutchAndEnglishText(t *testing.T) {
	sameSet(t, "sync error codes", SyncErrors, tsValues(t, "api/sync.ts", "SYNC_ERRORS"), "api/sync.ts SYNC_ERRORS")
	for _, lang := range []string{"nl", "en"} {
		all := catalogue(t, lang)
		for _, c := range SyncErrors {
			if !strings.Contains(all, "'sync.error."+c+"'") {
				t.Errorf("the %s catalogue has no text for sync.error.%s", lang, c)
			}
		}
	}
}

func TestRule_EveryImportProblemCodeHasADutchAndEnglishText(t *testing.T) {
	// Codes of the file's shape (importer), of a file that cannot be read, of the use case
	// (imports) and of the field rules (validate), found in the Go sources.
	codes := goStrings(t, "../internal/importer", "", "Code")
	codes = append(codes, importer.ReadErrorCodes()...)
	codes = append(codes, goStrings(t, "../internal/imports", "", "Code")...)
	fieldCodes := goStrings(t, "../internal/validate", "Code", "")
	for _, lang := range []string{"nl", "en"} {
		all := catalogue(t, lang)
		has := func(key string) bool {
			return strings.Contains(all, "'"+key+"'") || strings.Contains(all, "'"+key+".one'")
		}
		for _, c := range codes {
			if !has("import.problem." + c) {
				t.Errorf("the %s catalogue has no text for import.problem.%s", lang, c)
			}
		}
		for _, c := range fieldCodes {
			if !has("import.problem."+c) && !has("validation."+c) {
				t.Errorf("the %s catalogue has no text for the field code %s", lang, c)
			}
		}
		// The reasons of a quoting error (Params "reason" of syntax) each have their own text;
		// "other" reads as the general quoting error.
		for _, r := range goStrings(t, "../internal/importer", "", "Reason") {
			if !has("import.problem.syntax."+r) && (r != importer.ReasonOther || !has("import.problem.syntax")) {
				t.Errorf("the %s catalogue has no text for import.problem.syntax.%s", lang, r)
			}
		}
	}
}

func TestRule_EventsAndTheirValuesAreTheSameInGoAndTypeScript(t *testing.T) {
	cases := []struct {
		what, prefix, ts string
	}{
		{"event names", "Event", "EVENTS"},
		{"lock reasons", "LockReason", "LockReason"},
		{"import phases", "ImportPhase", "ImportPhase"},
		{"rotation phases", "RotationPhase", "RotationPhase"},
		{"erasure phases", "ErasurePhase", "ErasurePhase"},
		{"backup phases", "BackupPhase", "BackupPhase"},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			sameSet(t, c.what, goStrings(t, ".", "", c.prefix), tsValues(t, "events.ts", c.ts), "events.ts "+c.ts)
		})
	}
	// The guards' lists say the same as the types.
	sameSet(t, "lock reasons", tsValues(t, "events.ts", "LockReason"), tsValues(t, "events.ts", "LOCK_REASONS"), "events.ts LOCK_REASONS")
	sameSet(t, "import phases", tsValues(t, "events.ts", "ImportPhase"), tsValues(t, "events.ts", "IMPORT_PHASES"), "events.ts IMPORT_PHASES")
	sameSet(t, "rotation phases", tsValues(t, "events.ts", "RotationPhase"), tsValues(t, "events.ts", "ROTATION_PHASES"), "events.ts ROTATION_PHASES")
	sameSet(t, "erasure phases", tsValues(t, "events.ts", "ErasurePhase"), tsValues(t, "events.ts", "ERASURE_PHASES"), "events.ts ERASURE_PHASES")
	sameSet(t, "backup phases", tsValues(t, "events.ts", "BackupPhase"), tsValues(t, "events.ts", "BACKUP_PHASES"), "events.ts BACKUP_PHASES")
	// Event names are declared in events.go only: a second file with Event constants drifts.
	if files, _ := filepath.Glob("*.go"); len(files) > 0 {
		for _, f := range files {
			if f == "events.go" || strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if regexp.MustCompile(`(?m)^\s*Event[A-Z]\w* += "`).Match(b) {
				t.Errorf("%s declares an event name; event names live in events.go", f)
			}
		}
	}
}

func TestRule_TheValuesTheFrontendSwitchesOnAreTheSameInGoAndTypeScript(t *testing.T) {
	var milestones []string
	for _, m := range sharing.Milestones {
		milestones = append(milestones, m.Code)
	}
	cases := []struct {
		what   string
		goSide []string
		tsFile string
		tsName string
	}{
		{"vault states", goStrings(t, ".", "", "State"), "api/session.ts", "VaultState"},
		{"roles", goStrings(t, "../internal/vault", "Role", "Role"), "api/session.ts", "Role"},
		{"roles in the user list", goStrings(t, "../internal/vault", "Role", "Role"), "api/admin.ts", "UserRole"},
		{"match kinds", goStrings(t, "../internal/people", "MatchKind", "Match"), "api/people.ts", "MatchKind"},
		{"tree row kinds", goStrings(t, "../internal/people", "", "Row"), "components/tree/types.ts", "TreeRowKind"},
		{"care questions", goStrings(t, "../internal/sharing", "CareQuestion", "Care"), "api/sharing.ts", "CARE_QUESTIONS"},
		{"history kinds", goStrings(t, "../internal/sharing", "", "Event"), "api/sharing.ts", "HISTORY_KINDS"},
		{"reasons a share ended", goStrings(t, "../internal/sharing", "", "Ended"), "api/sharing.ts", "ENDED_REASONS"},
		{"expected durations", sharing.ExpectedDurations, "api/sharing.ts", "EXPECTED_DURATIONS"},
		{"milestones", milestones, "api/sharing.ts", "MILESTONES"},
		{"step statuses", goStrings(t, "../internal/sharing", "StepStatus", "Step"), "api/sharing.ts", "STEP_STATUSES"},
		{"signatory bases", goStrings(t, "../internal/agreement", "Basis", "Basis"), "api/agreement.ts", "Basis"},
		{"confirmation channels", goStrings(t, "../internal/agreement", "Via", "Via"), "api/agreement.ts", "Via"},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			sameSet(t, c.what, c.goSide, tsValues(t, c.tsFile, c.tsName), c.tsFile+" "+c.tsName)
		})
	}
}
