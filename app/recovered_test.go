package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/types"
	"log/slog"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"kluis/internal/workspace"
)

// TestRule_EveryBoundMethodThatCanFailAnswersAPanic: Wails never answers a call whose method
// panicked, so the window would wait forever. Every exported method of every bound facade whose
// last result is an error must start with `defer <recv>.s.recovered("<Type>.<Method>", &<err>)`
// (`<recv>.recovered` on Session), which turns the panic into the internal error.
func TestRule_EveryBoundMethodThatCanFailAnswersAPanic(t *testing.T) {
	bound := map[string]bool{}
	errorType := reflect.TypeFor[error]()
	mustHave := map[string]bool{} // Type.Method from the compiled method sets
	for _, b := range (&Facades{}).Bindings() {
		rt := reflect.TypeOf(b)
		if rt.Kind() != reflect.Pointer || rt.Elem().Kind() != reflect.Struct {
			t.Fatalf("binding %v is not a pointer to a struct", rt)
		}
		bound[rt.Elem().Name()] = true
		for i := range rt.NumMethod() {
			m := rt.Method(i)
			if n := m.Type.NumOut(); n > 0 && m.Type.Out(n-1) == errorType {
				mustHave[rt.Elem().Name()+"."+m.Name] = true
			}
		}
	}
	if len(bound) != reflect.TypeFor[Facades]().NumField() {
		t.Fatalf("Bindings lists %d types, Facades has %d fields", len(bound), reflect.TypeFor[Facades]().NumField())
	}

	// Every non-test file, whatever its build tags, so desktop-only methods count too.
	fset, files := goSources(t, ".")
	checked := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || !fd.Name.IsExported() {
				continue
			}
			recvType := fd.Recv.List[0].Type
			if star, ok := recvType.(*ast.StarExpr); ok {
				recvType = star.X
			}
			typeName := types.ExprString(recvType)
			if !bound[typeName] {
				continue
			}
			name := typeName + "." + fd.Name.Name
			res := fd.Type.Results
			if res == nil || types.ExprString(res.List[len(res.List)-1].Type) != "error" {
				continue
			}
			checked[name] = true
			at := fset.Position(fd.Pos())
			last := res.List[len(res.List)-1]
			if len(last.Names) == 0 || last.Names[len(last.Names)-1].Name == "_" {
				t.Errorf("%s (%s): the error result must be named so that a panic can set it", name, at)
				continue
			}
			if len(fd.Recv.List[0].Names) == 0 {
				t.Errorf("%s (%s): the receiver must be named", name, at)
				continue
			}
			recv := fd.Recv.List[0].Names[0].Name
			errName := last.Names[len(last.Names)-1].Name
			helper := recv + ".s.recovered"
			if typeName == "Session" {
				helper = recv + ".recovered"
			}
			want := fmt.Sprintf("defer %s(%q, &%s)", helper, name, errName)
			got := "(nothing)"
			if fd.Body != nil && len(fd.Body.List) > 0 {
				got = "(another statement)"
				if ds, ok := fd.Body.List[0].(*ast.DeferStmt); ok {
					got = "defer " + types.ExprString(ds.Call)
				}
			}
			if got != want {
				t.Errorf("%s (%s): first statement is %s, want %s", name, at, got, want)
			}
		}
	}
	var missing []string
	for name := range mustHave {
		if !checked[name] {
			missing = append(missing, name) // e.g. promoted from an embedded field
		}
	}
	sort.Strings(missing)
	for _, name := range missing {
		t.Errorf("%s is bound and returns an error, but no declaration of it was checked", name)
	}
	if len(checked) < 50 {
		t.Errorf("only %d methods checked: the parse missed the facades", len(checked))
	}
}

// panicking stands for a bound method whose body panics with v; it starts as every bound
// method that can fail does (the rule above).
func (d *Directory) panicking(v any) (_ []EmployerInfo, err error) {
	defer d.s.recovered("Directory.Employers", &err)
	panic(v)
}

// answering is the same method when nothing panics.
func (d *Directory) answering(out error) (_ []EmployerInfo, err error) {
	defer d.s.recovered("Directory.Employers", &err)
	return nil, out
}

// canaryRuntimeError claims to be a runtime error, but is not the runtime's.
type canaryRuntimeError struct{}

func (canaryRuntimeError) RuntimeError() {}
func (canaryRuntimeError) Error() string { return "runtime error: canary-BSN-111222333" }

// TestRecovered_APanicAnswersTheInternalErrorAndLogsNoData: a panicking method answers the
// ordinary internal error and logs an Error line with the method, the panic's type and the stack,
// but never the panic's text (it can quote a BSN), unless the Go runtime wrote it.
func TestRecovered_APanicAnswersTheInternalErrorAndLogsNoData(t *testing.T) {
	const canary = "canary-BSN-111222333"
	cases := []struct {
		name        string
		call        func(f *Facades) error
		valueType   string // the panic value's type, as logged
		runtimeText string // the runtime error's text, logged only for the runtime's own errors
	}{
		{name: "string", valueType: "string", call: func(f *Facades) error {
			_, err := f.Directory.panicking(canary)
			return err
		}},
		{name: "error", valueType: "*fmt.wrapError", call: func(f *Facades) error {
			_, err := f.Directory.panicking(fmt.Errorf("employee %s: %w", canary, errors.ErrUnsupported))
			return err
		}},
		{name: "another type's runtime.Error", valueType: "app.canaryRuntimeError", call: func(f *Facades) error {
			_, err := f.Directory.panicking(canaryRuntimeError{})
			return err
		}},
		{name: "index out of range", valueType: "runtime.boundsError", runtimeText: "index out of range [7] with length 1",
			call: func(f *Facades) (err error) {
				defer f.Session.recovered("Directory.Employers", &err)
				list, i := make([]string, 1), 7
				list[0] = canary
				_ = list[i]
				return nil
			}},
		{name: "nil map", valueType: "runtime.plainError", runtimeText: "assignment to entry in nil map",
			call: func(f *Facades) (err error) {
				defer f.Session.recovered("Directory.Employers", &err)
				var m map[string]int
				m[canary] = 1
				return nil
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			f, _, err := New(Config{VaultDir: filepath.Join(t.TempDir(), "vault"), Logger: logger})
			if err != nil {
				t.Fatal(err)
			}
			got := c.call(f) // returns: the process goes on

			var ae *AppError
			if !errors.As(got, &ae) || ae.Code != workspace.CodeInternal {
				t.Fatalf("err = %#v, want the internal AppError", got)
			}
			if want := codeError(workspace.CodeInternal); !reflect.DeepEqual(ae, want) {
				t.Errorf("err = %#v, want %#v (the ordinary internal error)", ae, want)
			}
			shown, _ := json.Marshal(FormatError(got))
			log := logs.String()
			for _, want := range []string{"level=ERROR", "panic", "method=Directory.Employers",
				"panic=" + c.valueType, "runtime/debug.Stack", "recovered_test.go", c.runtimeText} {
				if !strings.Contains(log, want) {
					t.Errorf("log lacks %q:\n%s", want, log)
				}
			}
			if strings.Contains(log, "(0x") {
				t.Errorf("the stack keeps argument words:\n%s", log)
			}
			if strings.Contains(log, canary) || strings.Contains(string(shown), canary) {
				t.Errorf("the panic's text leaked:\nlog: %s\nanswer: %s", log, shown)
			}
			if c.runtimeText == "" && strings.Contains(log, "runtime_error") {
				t.Errorf("a panic that is not the runtime's logged its text:\n%s", log)
			}
		})
	}
}

func TestRecovered_NoPanicKeepsTheAnswer(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	f, _, err := New(Config{VaultDir: filepath.Join(t.TempDir(), "vault"), Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	locked := codeError(workspace.CodeLocked)
	if _, got := f.Directory.answering(locked); got != locked {
		t.Errorf("err = %v, want the method's own error", got)
	}
	if _, got := f.Directory.answering(nil); got != nil {
		t.Errorf("err = %v, want nil", got)
	}
	if logs.Len() != 0 {
		t.Errorf("logged without a panic:\n%s", logs.String())
	}
}
