// Package sharing decides when the arbo service may learn who an employee is (docs/DOMAIN.md,
// "Who may see what"): a share for a care question (ziekmelding, contact met casemanager,
// (open) spreekuur) with a required explanation, its history, its revocation (not after the
// arbo service reported case content), and the absence actions that only a shared employee can
// have (sick report with exactly the fields the employer may record, recovery, change).
//
// An employee's dossier (share, history, absences) is one record sealed under the identity
// scope of the employee's department, so a manager acts only in their own departments and the
// keys say so, not an if. Every action is recorded in the audit log and queued in an outbox
// for the sync package to send. The absence timeline (Wet verbetering poortwachter) gives the
// week number and the next milestone for Actueel.
package sharing
