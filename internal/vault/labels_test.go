package vault

import (
	"encoding/hex"
	"testing"
)

// TestRule_LabelsAndContextsAreFrozen pins every label-built context of the format for fixed
// inputs: changing one would make existing vaults unreadable, so it must show up here first.
func TestRule_LabelsAndContextsAreFrozen(t *testing.T) {
	const vid = "00112233445566778899aabbccddeeff"
	user := UserID{0xaa, 0xbb}
	admin := UserID{0xcc}
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	cases := map[string]struct{ got, want string }{
		"scope":             {string(scopeAD(vid, 0x01020304, scopeDepartment, 7)), "kluis/v1/scope/" + vid + "/scope-01020304/department/7"},
		"staff scope":       {string(staffScopeAD(vid, 2, scopeDirectory, 1)), "kluis/v2/staff-scope/" + vid + "/scope-00000002/directory/1"},
		"staff":             {string(staffAD(vid, 3)), "kluis/v2/staff/" + vid + "/3"},
		"audit key":         {string(auditKeyAD(vid, 4)), "kluis/v2/audit-key/" + vid + "/4"},
		"private":           {string(privateAD(vid, user)), "kluis/v1/private/" + vid + "/aabb0000000000000000000000000000"},
		"recovery":          {string(recoveryAD(vid)), "kluis/v1/recovery/" + vid},
		"wrap vault":        {wrapContext(vid, wrappedKey{What: wrapVault}), vid + "/vault"},
		"wrap staff":        {wrapContext(vid, wrappedKey{What: wrapStaff}), vid + "/staff"},
		"wrap scope":        {wrapContext(vid, wrappedKey{What: wrapScope, Scope: 9, Epoch: 2}), vid + "/scope/scope-00000009/2"},
		"request details":   {detailContext(vid, user, admin), "kluis/v1/request-details|" + vid + "|aabb0000000000000000000000000000|cc000000000000000000000000000000"},
		"request rejection": {rejectionContext(vid, user), "kluis/v1/request-rejection|" + vid + "|aabb0000000000000000000000000000"},
		"pending recovery":  {pendingRecoveryContext(vid, admin), "kluis/v1/pending-recovery|" + vid + "|cc000000000000000000000000000000"},
		"audit session":     {auditSessionContext(vid, 5, 1), "kluis/v2/audit-session|" + vid + "|5|1"},
		"personal":          {personalContext(vid, user, "recent"), vid + "|aabb0000000000000000000000000000|recent"},
		"request signature": {string(requestSigned([]byte("{}"))), "kluis/v1/request\x00{}"},
		"revoked lookup":    {hex.EncodeToString(revokedLookup(user)), "46525032726b2b35547f64fea59c4220268447c1ee80991c954b75aa84569045"},
		// Checked against Python's hashlib/hmac: SHA-256 and HKDF-SHA256 as RFC 5869 defines them.
		"state hash":        {hex.EncodeToString(stateHash([]byte("{}"))), "1fe5c4f17f762a428dc80e79296279aeddbd5fc9df40fb1aae9a6e9007995ba1"},
		"vault signer seed": {hex.EncodeToString(vaultSignerSeed(key, vid)), "495617a563febb706115f4179d472408a5e94d9bcab7ebf95d6f4860ad405680"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if c.got != c.want {
				t.Fatalf("got  %q\nwant %q", c.got, c.want)
			}
		})
	}
}
