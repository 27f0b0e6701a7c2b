// Package app holds the facades the Wails window binds: one small struct per screen area whose
// exported methods are exactly what the frontend may call. Facades translate between DTOs and the
// unlocked workspace (internal/workspace), which holds the use cases and their auditing, and map
// errors to the registry's stable codes (FormatError); they hold no business rules. Only this
// package imports Wails, and only in files behind the desktop/dev/bindings build tags, so the
// rest builds and tests without GTK.
package app
