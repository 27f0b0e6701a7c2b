package people

import (
	"encoding/hex"
	"unicode/utf8"

	"kluis/internal/vault"
)

// The import marshals two records a row; encoding/json's reflection was most of that cost. These
// append the same bytes as json.Marshal (a test holds them to it, every field filled), so a
// record written by either compares equal byte for byte (the import's "unchanged" check).

// appendEmployeeJSON appends json.Marshal(e).
func appendEmployeeJSON(b []byte, e *Employee) []byte {
	b = append(b, `{"employer":`...)
	b = appendIDJSON(b, e.Employer)
	b = append(b, `,"persnr":`...)
	b = appendJSONString(b, e.Persnr)
	b = append(b, `,"department":`...)
	b = appendIDJSON(b, e.Department)
	if e.Shared {
		b = append(b, `,"shared":true`...)
	}
	b = append(b, `,"employments":`...)
	if e.Employments == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range e.Employments {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendEmploymentJSON(b, &e.Employments[i])
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendEmploymentJSON(b []byte, j *Employment) []byte {
	b = append(b, `{"department":`...)
	b = appendIDJSON(b, j.Department)
	b = append(b, `,"start":`...)
	b = appendJSONString(b, j.Start)
	b = appendOmitEmpty(b, `,"end":`, j.End)
	b = appendOmitEmpty(b, `,"hours":`, j.Hours)
	b = appendOmitEmpty(b, `,"costCentre":`, j.CostCentre)
	b = appendOmitEmpty(b, `,"jobTitle":`, j.JobTitle)
	b = appendOmitEmpty(b, `,"contract":`, j.Contract)
	b = appendOmitEmpty(b, `,"sector":`, j.Sector)
	b = appendOmitEmpty(b, `,"riskGroup":`, j.RiskGroup)
	b = appendOmitEmpty(b, `,"uwvRef":`, j.UWVRef)
	return append(b, '}')
}

// appendIdentityJSON appends json.Marshal(i).
func appendIdentityJSON(b []byte, i *Identity) []byte {
	b = append(b, '{')
	b = appendOmitEmpty(b, `"initials":`, i.Initials)
	b = appendOmitEmpty(b, `,"firstName":`, i.FirstName)
	b = appendOmitEmpty(b, `,"firstNames":`, i.FirstNames)
	b = appendOmitEmpty(b, `,"prefix":`, i.Prefix)
	b = appendField(b, `,"surname":`, i.Surname)
	b = appendOmitEmpty(b, `,"partnerPrefix":`, i.PartnerPrefix)
	b = appendOmitEmpty(b, `,"partnerSurname":`, i.PartnerSurname)
	b = appendOmitEmpty(b, `,"nameUsage":`, string(i.NameUsage))
	b = appendOmitEmpty(b, `,"gender":`, i.Gender)
	b = appendOmitEmpty(b, `,"bsn":`, i.BSN)
	b = appendOmitEmpty(b, `,"birthDate":`, i.BirthDate)
	a := &i.Address
	b = append(b, `,"address":{`...)
	b = appendOmitEmpty(b, `,"street":`, a.Street)
	b = appendOmitEmpty(b, `,"number":`, a.Number)
	b = appendOmitEmpty(b, `,"addition":`, a.Addition)
	b = appendOmitEmpty(b, `,"postcode":`, a.Postcode)
	b = appendOmitEmpty(b, `,"city":`, a.City)
	b = appendOmitEmpty(b, `,"country":`, a.Country)
	b = append(b, `},"phones":{`...)
	b = appendOmitEmpty(b, `,"mobile":`, i.Phones.Mobile)
	b = appendOmitEmpty(b, `,"work":`, i.Phones.Work)
	b = appendOmitEmpty(b, `,"private":`, i.Phones.Private)
	b = append(b, `},"emails":{`...)
	b = appendOmitEmpty(b, `,"work":`, i.Emails.Work)
	b = appendOmitEmpty(b, `,"private":`, i.Emails.Private)
	return append(b, `}}`...)
}

// appendOmitEmpty is appendField for a field marked omitempty.
func appendOmitEmpty(b []byte, name string, s string) []byte {
	if s == "" {
		return b
	}
	return appendField(b, name, s)
}

// appendField appends name (with its leading comma) and s; right after an opening brace the
// comma is left out.
func appendField(b []byte, name string, s string) []byte {
	if name[0] == ',' && b[len(b)-1] == '{' {
		name = name[1:]
	}
	b = append(b, name...)
	return appendJSONString(b, s)
}

func appendIDJSON(b []byte, id vault.ID) []byte {
	b = append(b, '"')
	b = hex.AppendEncode(b, id[:])
	return append(b, '"')
}

// appendJSONString appends s quoted as encoding/json quotes it: HTML-safe (<, > and & as
// \u003c, \u003e, \u0026), invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
