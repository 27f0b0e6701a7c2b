package app

import (
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"

	"kluis/internal/crashwatch"
	"kluis/internal/workspace"
)

// recovered answers a panic in a bound method with the ordinary internal error. Wails'
// dispatcher recovers such a panic itself but never answers the call, so the window would wait
// forever. Every bound method that returns an error starts with
//
//	defer x.s.recovered("Type.Method", &err)
//
// (TestRule_EveryBoundMethodThatCanFailAnswersAPanic checks this). The log line names the method,
// the panic value's type and the stack (crashwatch.Sanitize: functions and source lines, no
// argument words), never the method's arguments nor the panic's text, which
// can quote a name or a BSN; only a panic of the Go runtime itself (an index out of range, a nil
// pointer) has its text logged, as the runtime writes it without user data.
func (s *Session) recovered(method string, err *error) {
	v := recover() // must be called here, directly by the deferred function
	if v == nil {
		return
	}
	*err = codeError(workspace.CodeInternal)
	attrs := []any{"method", method, "panic", fmt.Sprintf("%T", v)}
	if re, ok := v.(runtime.Error); ok && fromRuntime(v) {
		attrs = append(attrs, "runtime_error", re.Error())
	}
	attrs = append(attrs, "stack", crashwatch.Sanitize(debug.Stack())) // functions and lines, no argument words
	s.cfg.Logger.Error("window call panicked", attrs...)
}

// fromRuntime says whether v's type is declared in package runtime: any type can implement
// runtime.Error, but only the runtime's own errors are known to carry no user data.
func fromRuntime(v any) bool {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == "runtime"
}
