// Package report draws Kluis's PDF documents with fpdf: first the emergency kit that carries the
// vault's recovery code, later share histories, employee exports and statistics. Each document is
// a plain view-model drawn by one function; dates and object order are fixed per document so
// output is reproducible, and files are written atomically so a failure never leaves half a PDF.
package report
