package replicate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// A PC learns that another has pushed without running a whole cycle: after a cycle that pushed
// something, the engine rewrites its marker pushed/<device hex> (no content of interest: a
// counter), and Probe lists pushed/ (one request) into a fingerprint. The background loop runs
// a cycle when the fingerprint changes, so a change reaches the other PCs within seconds while
// a quiet vault costs one listing per probe. A cycle that pushed nothing writes no marker, so
// two PCs never wake each other in turn.

func pushedKey(device string) string { return "pushed/" + device }

// markPushed rewrites this device's marker after a cycle that pushed sets, keyring entries or
// users.
func (e *Engine) markPushed(ctx context.Context, rep *Report) error {
	if rep.SetsPushed+rep.KeyringPushed+rep.KeyringRebased == 0 {
		return nil
	}
	return e.b.Put(ctx, pushedKey(e.s.DeviceID().String()), []byte(strconv.FormatInt(e.now().UnixNano(), 10)))
}

// Probe is a fingerprint of the bucket's push markers (keys and ETags under pushed/): it
// changes when any PC has pushed since.
func Probe(ctx context.Context, b *Bucket) (string, error) {
	objs, err := b.List(ctx, "pushed/", "", 0)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, o := range objs {
		h.Write([]byte(o.Key))
		h.Write([]byte{0})
		h.Write([]byte(o.ETag))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
