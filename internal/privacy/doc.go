// Package privacy holds what Kluis says about its own processing of personal data, as data in
// Dutch and English: the processing purposes with their legal basis, the categories of data and
// of people, the recipients and the retention periods (docs/DOMAIN.md, "Retention and logging"),
// and the security measures. The employee's access export (GDPR art. 15) and the processing
// register (GDPR art. 30) are made from it, so both say the same.
package privacy
