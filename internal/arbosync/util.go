package arbosync

import (
	"encoding/hex"
	"encoding/json"

	"kluis/internal/sharing"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func decodeHex(s string) ([]byte, error) { return hex.DecodeString(s) }

// fillRecovery sets the first sick day of a recovery message that lacks it (older vaults) from
// the dossier's latest closed spell.
func fillRecovery(m sharing.Message, dossier func() (sharing.Dossier, error)) ([]byte, error) {
	var p sharing.RecoveryMessage
	if err := json.Unmarshal(m.Payload, &p); err != nil {
		return nil, err
	}
	if p.FirstSickDay != "" {
		return m.Payload, nil
	}
	d, err := dossier()
	if err != nil {
		return nil, err
	}
	for i := len(d.Absences) - 1; i >= 0; i-- {
		if d.Absences[i].Recovered == p.Recovered {
			p.FirstSickDay = d.Absences[i].FirstSickDay
			break
		}
	}
	return json.Marshal(p)
}
