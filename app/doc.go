// Package app holds the facades the Wails window binds: one small struct per screen area whose
// exported methods are exactly what the frontend may call. Facades translate between DTOs and the
// domain packages and map domain errors to stable codes (FormatError); they hold no business
// rules. Only this package imports Wails, and only in files behind the desktop/dev/bindings build
// tags, so the rest builds and tests without GTK.
package app
