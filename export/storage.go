package export

import "siap/questionnaires"

// exportFormat is how the answers of one kind of storage are written.
type exportFormat struct {
	numeric bool   // numbers in every package: Stata, SPSS, R and the workbook
	labels  bool   // choice codes, given value labels unless the export writes labels
	dummies bool   // a 0/1 column per choice follows the answer's own column
	spss    string // the column's SPSS format
}

// exportFormats say how each storage of questionnaires is exported;
// TestEveryTypeIsExported fails on a type whose storage is missing.
var exportFormats = map[questionnaires.Storage]exportFormat{
	questionnaires.StoredText:    {spss: "A2000"},
	questionnaires.StoredShort:   {spss: "A255"},
	questionnaires.StoredWhole:   {numeric: true, spss: "F12.0"},
	questionnaires.StoredNumber:  {numeric: true, spss: "F12.3"},
	questionnaires.StoredDate:    {spss: "A255"},
	questionnaires.StoredTime:    {spss: "A255"},
	questionnaires.StoredChoice:  {labels: true, spss: "A255"},
	questionnaires.StoredChoices: {dummies: true, spss: "A255"},
}

// formatOf is how a node's answers are exported.
func formatOf(n *questionnaires.Node) exportFormat { return exportFormats[n.Type.Storage()] }
