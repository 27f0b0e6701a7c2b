// Package report draws Kluis's PDF documents with fpdf: the emergency kit that carries the
// vault's recovery code and the processor-agreement record (signatory and history), and the
// reports in one shared look (Document: the Kluis header, "pagina 2 van 5", the generation date
// and user, and a footer that says the document holds personal data): share history, the
// employee's access export, statistics, the processing register and the Logboek extract.
//
// Each document is built in two steps: domain data becomes a plain view-model (strings only,
// Dutch first), and one function draws that model. Documents use fpdf's core fonts with the
// cp1252 code page, so accented Dutch letters print without embedding fonts. Dates and object
// order are fixed per document, so the same input gives the same bytes. Files are written
// atomically with mode 0600, so a failed save never leaves half a PDF. Errors never contain the
// recovery code or any other text the document prints.
package report
