// Package validate holds the input rules of docs/DOMAIN.md that more than one package applies
// (KvK number, e-mail, required and length limits) and the FieldErrors type that carries a
// form's problems, one stable code per field, to the UI and the CLI. Messages never repeat the
// value that failed, so an error text cannot leak identity data.
package validate
