// Package people owns employers, their org trees, employees and employments, with the validation
// rules of docs/DOMAIN.md. It stores everything through the vault's record API: the anonymised
// skeleton under the directory scope, identity data under each department's identity scope.
//
// So far it holds employers; departments, employees, search and import follow.
package people
