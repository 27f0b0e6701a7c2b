// Package atomicfile writes a file so that a reader never sees half of it: the content goes to a
// temporary file in the same folder (mode 0600), is synced and closed, and only then renamed over
// the target. On any failure the temporary file is removed and the target is left as it was.
// Documents, exports, backups and command-line session files all go through it.
package atomicfile
