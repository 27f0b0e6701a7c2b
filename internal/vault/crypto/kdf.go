package crypto

import (
	"errors"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/crypto/argon2"
)

// KDFArgon2id is the only KDF id the keyring knows.
const KDFArgon2id = "argon2id"

// KDFParams are Argon2id cost parameters. They are stored next to every passphrase-sealed key,
// so they can differ per user and be raised later.
type KDFParams struct {
	MemoryKiB uint32 `json:"memory_kib"`
	Time      uint32 `json:"time"`
	Threads   uint8  `json:"threads"`
}

func (p KDFParams) String() string {
	return fmt.Sprintf("argon2id m=%dMiB t=%d p=%d", p.MemoryKiB/1024, p.Time, p.Threads)
}

// Limits on parameters. The caps bound the work a crafted keyring can force on an unlock (the
// idea of age's SetMaxWorkFactor). Below MinMemoryKiB a parameter set is malformed. The
// production floor (64 MiB, three passes) is what a passphrase must be protected with;
// only test vaults, which ask for it explicitly, go below it.
const (
	MinMemoryKiB = 1024
	MaxMemoryKiB = 4 << 20 // 4 GiB
	MaxTime      = 64
	MaxThreads   = 16
)

// The floor is the weakest Argon2id cost a real vault accepts for a passphrase: 64 MiB, t = 3
// (OWASP's minimum for Argon2id is 19 MiB, t = 2; we keep a margin because a stolen keyring can
// be attacked offline for as long as the attacker likes).
const (
	FloorMemoryKiB = 64 << 10
	FloorTime      = 3
)

var (
	// ErrWeakParams means parameters below the floor.
	ErrWeakParams = errors.New("kdf parameters below the minimum")
	// ErrTooExpensive means parameters above the caps.
	ErrTooExpensive = errors.New("kdf parameters above the maximum")
)

// Check reports whether p is within the floor and the caps.
func (p KDFParams) Check() error {
	switch {
	case p.MemoryKiB > MaxMemoryKiB || p.Time > MaxTime || p.Threads > MaxThreads:
		return fmt.Errorf("%w (%s)", ErrTooExpensive, p)
	case p.MemoryKiB < MinMemoryKiB || p.Time < 1 || p.Threads < 1 || p.MemoryKiB < 8*uint32(p.Threads):
		return fmt.Errorf("%w (%s)", ErrWeakParams, p)
	}
	return nil
}

// MeetsFloor reports whether p costs at least the floor in memory and passes.
func (p KDFParams) MeetsFloor() bool {
	return p.MemoryKiB >= FloorMemoryKiB && p.Time >= FloorTime
}

// DeriveKey derives a KeySize key from a passphrase. The caller checks p first.
func DeriveKey(passphrase, salt []byte, p KDFParams) []byte {
	return argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, KeySize)
}

// Calibrate picks parameters for this machine: 256 MiB when three passes at that size fit in
// the target (else 64 MiB), min(4, NumCPU) threads, and the time cost that makes one derivation
// take about target (aim for 0.5–1 s), never below the floor's three passes.
// Memory is preferred over passes: it is what makes guessing
// on GPUs expensive. It runs Argon2id a few times.
func Calibrate(target time.Duration) KDFParams {
	p := KDFParams{MemoryKiB: 256 << 10, Time: 1, Threads: uint8(min(4, runtime.NumCPU()))}
	measure(p) // warm-up: the first pass pays for page faults
	// Judge the memory size on three passes: a single pass is dominated by faulting in freshly
	// allocated memory and would push a busy machine down to 64 MiB for no reason.
	p.Time = 3
	d := measure(p)
	if d > target {
		p.MemoryKiB, p.Time = 64<<10, 1
		d = measure(p)
	}
	for range 2 { // estimate from the time per pass, then correct once
		perPass := max(d/time.Duration(p.Time), time.Millisecond)
		p.Time = uint32(min(max((target+perPass/2)/perPass, FloorTime), MaxTime))
		d = measure(p)
		if d > target*2/3 && d < target*4/3 {
			break
		}
	}
	return p
}

func measure(p KDFParams) time.Duration {
	start := time.Now()
	DeriveKey([]byte("calibration"), make([]byte, 16), p)
	return time.Since(start)
}
