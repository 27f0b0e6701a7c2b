// Package syncbench is the synchronisation part of `kluis bench`: the first sync of N anonymised
// employments and 1% shared dossiers to the reference arbo service over loopback, against a plain
// HTTP upload of the same request bodies in the same run, and an incremental sync of one change.
package syncbench
