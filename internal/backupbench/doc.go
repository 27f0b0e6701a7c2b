// Package backupbench is the backup part of `kluis bench`: a vault of N imported employees
// (with their audit log) written to a sealed backup file and restored from it (decrypt, load,
// full verify), against copying the same vault folder file by file in the same run. Everything
// it writes lives in a temporary folder that is removed.
package backupbench
