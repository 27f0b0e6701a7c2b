// Package logbench is the Logboek part of `kluis bench`: an audit log of N entries (default
// 1,000,000) written by several users over many sessions, and the time to the Logboek's first
// page without a filter and with each kind of filter, against the in-run baseline of reading
// the newest 50 entries raw (nothing opened).
package logbench
